package cfnspec

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// EnvSpecPath names the environment variable that, when set, gives the path
// of db.json.gz and takes precedence over the node_modules search in Locate.
const EnvSpecPath = "MWAANET_CFN_SPEC"

// specRelPath is where npm installs the specification below a project root.
var specRelPath = filepath.Join("node_modules", "@aws-cdk", "aws-service-spec", "db.json.gz")

// Kind is the shape of a value the specification expects.
type Kind int

// The kinds of value the specification knows. Integer covers the classic
// specification's Integer and Long, Number covers Double.
const (
	KindString Kind = iota
	KindInteger
	KindNumber
	KindBoolean
	KindJSON
	KindTimestamp
	KindTag    // {"Key": string, "Value": string}
	KindList   // Elem holds the element type
	KindMap    // string keys; Elem holds the value type
	KindStruct // a named type definition; Def holds its properties
	KindUnion  // any of Alts
)

var kindNames = [...]string{"string", "integer", "number", "boolean", "JSON object", "timestamp", "tag", "list", "map", "object", "union"}

// String returns the kind as it reads in messages ("string", "list", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Type is the expected type of a property or attribute value.
type Type struct {
	Kind Kind
	Elem *Type    // KindList, KindMap
	Def  *TypeDef // KindStruct
	Alts []*Type  // KindUnion
	// Enum lists the allowed values, if the specification gives them
	// (numbers are formatted with strconv, so 7 reads "7").
	Enum []string
}

// String describes the type for messages, e.g. "list of string".
func (t *Type) String() string {
	switch t.Kind {
	case KindList:
		return "list of " + t.Elem.String()
	case KindMap:
		return "map of " + t.Elem.String()
	case KindStruct:
		return "object " + t.Def.Name
	case KindUnion:
		s := ""
		for i, a := range t.Alts {
			if i > 0 {
				s += " or "
			}
			s += a.String()
		}
		return s
	}
	return t.Kind.String()
}

// Property is one property of a resource type or type definition.
type Property struct {
	Name     string
	Type     *Type
	Required bool
	// Previous holds types the property had in earlier versions of the
	// specification; CloudFormation still accepts values of those types.
	Previous []*Type
}

// TypeDef is a named nested type (a "property type" in the classic
// specification), such as AWS::MWAA::Environment's NetworkConfiguration.
type TypeDef struct {
	Name       string
	Properties map[string]*Property
}

// ResourceType is one CloudFormation resource type, e.g. AWS::EC2::VPC.
type ResourceType struct {
	Name       string // AWS::EC2::VPC
	Properties map[string]*Property
	// Attributes holds what Fn::GetAtt can return, keyed by attribute
	// name (which may contain dots, e.g. "LoggingConfiguration.TaskLogs.CloudWatchLogGroupArn").
	Attributes map[string]*Type
	// Transform names the transform the type needs, if any
	// ("AWS::Serverless-2016-10-31" for AWS::Serverless::*).
	Transform string
}

// Spec is a loaded CloudFormation resource specification. It is immutable
// after Load and safe for concurrent use.
type Spec struct {
	resources map[string]*ResourceType
	names     []string // sorted resource type names, for suggestions
}

// Resource returns the resource type with the given name.
func (s *Spec) Resource(name string) (*ResourceType, bool) {
	r, ok := s.resources[name]
	return r, ok
}

// ResourceTypes returns the names of all resource types, sorted.
func (s *Spec) ResourceTypes() []string {
	return append([]string(nil), s.names...)
}

// Locate finds db.json.gz: the path in $MWAANET_CFN_SPEC if set (it must
// exist), otherwise node_modules/@aws-cdk/aws-service-spec/db.json.gz in the
// working directory or the nearest parent that has it.
func Locate() (string, error) {
	if p := os.Getenv(EnvSpecPath); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvSpecPath, p, err)
		}
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("locating the CloudFormation specification: %w", err)
	}
	return locateFrom(wd)
}

func locateFrom(dir string) (string, error) {
	start := dir
	for {
		p := filepath.Join(dir, specRelPath)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("CloudFormation specification not found: no %s in %s or its parents, and %s is not set (install it with: npm install @aws-cdk/aws-service-spec)", specRelPath, start, EnvSpecPath)
		}
		dir = parent
	}
}

// Load reads a db.json.gz from @aws-cdk/aws-service-spec.
func Load(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading CloudFormation specification: %w", err)
	}
	defer f.Close()
	s, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("reading CloudFormation specification %s: %w", path, err)
	}
	return s, nil
}

// Read decodes a gzip-compressed db.json from r.
func Read(r io.Reader) (*Spec, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	// Decompress and decode concurrently: each takes a good part of the
	// load time.
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, zr)
		pw.CloseWithError(err)
	}()
	defer pr.Close() // stops the copy if decoding fails early
	var db rawDB
	if err := json.NewDecoder(pr).Decode(&db); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	return build(&db)
}

// The on-disk format is a graph database dump: {"schema": {<collection>:
// {"type": "entities", "entities": [...]}, <relation>: {"type": "rel", ...}}}.
// Entities carry "$id"; a property type {"type": "ref", "reference":
// {"$ref": id}} points at a typeDefinition entity by id. Only the resource
// and typeDefinition collections matter here.
type rawDB struct {
	Schema struct {
		Resource struct {
			Entities []rawResource `json:"entities"`
		} `json:"resource"`
		TypeDefinition struct {
			Entities []rawTypeDef `json:"entities"`
		} `json:"typeDefinition"`
	} `json:"schema"`
}

type rawResource struct {
	ID                      string                  `json:"$id"`
	CloudFormationType      string                  `json:"cloudFormationType"`
	CloudFormationTransform string                  `json:"cloudFormationTransform"`
	Properties              map[string]rawProperty  `json:"properties"`
	Attributes              map[string]rawAttribute `json:"attributes"`
}

type rawTypeDef struct {
	ID         string                 `json:"$id"`
	Name       string                 `json:"name"`
	Properties map[string]rawProperty `json:"properties"`
}

type rawProperty struct {
	Type          rawType   `json:"type"`
	Required      bool      `json:"required"`
	PreviousTypes []rawType `json:"previousTypes"`
}

type rawAttribute struct {
	Type rawType `json:"type"`
}

type rawType struct {
	Type      string    `json:"type"`
	Element   *rawType  `json:"element"`
	Types     []rawType `json:"types"`
	Reference *struct {
		Ref string `json:"$ref"`
	} `json:"reference"`
	AllowedValues []json.RawMessage `json:"allowedValues"`
}

type builder struct {
	raw  map[string]*rawTypeDef
	defs map[string]*TypeDef
	prim map[Kind]*Type
}

func build(db *rawDB) (*Spec, error) {
	b := &builder{
		raw:  make(map[string]*rawTypeDef, len(db.Schema.TypeDefinition.Entities)),
		defs: make(map[string]*TypeDef, len(db.Schema.TypeDefinition.Entities)),
		prim: map[Kind]*Type{},
	}
	for i := range db.Schema.TypeDefinition.Entities {
		td := &db.Schema.TypeDefinition.Entities[i]
		b.raw[td.ID] = td
	}
	s := &Spec{resources: make(map[string]*ResourceType, len(db.Schema.Resource.Entities))}
	for i := range db.Schema.Resource.Entities {
		rr := &db.Schema.Resource.Entities[i]
		if rr.CloudFormationType == "" {
			return nil, fmt.Errorf("resource entity %s has no cloudFormationType", rr.ID)
		}
		rt := &ResourceType{
			Name:       rr.CloudFormationType,
			Transform:  rr.CloudFormationTransform,
			Attributes: make(map[string]*Type, len(rr.Attributes)),
		}
		var err error
		if rt.Properties, err = b.properties(rr.Properties); err != nil {
			return nil, fmt.Errorf("%s: %w", rt.Name, err)
		}
		for name, a := range rr.Attributes {
			if rt.Attributes[name], err = b.typ(&a.Type); err != nil {
				return nil, fmt.Errorf("%s attribute %s: %w", rt.Name, name, err)
			}
		}
		s.resources[rt.Name] = rt
		s.names = append(s.names, rt.Name)
	}
	if len(s.resources) == 0 {
		return nil, errors.New("no resource types found")
	}
	sort.Strings(s.names)
	return s, nil
}

func (b *builder) properties(raw map[string]rawProperty) (map[string]*Property, error) {
	props := make(map[string]*Property, len(raw))
	for name, rp := range raw {
		t, err := b.typ(&rp.Type)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", name, err)
		}
		p := &Property{Name: name, Type: t, Required: rp.Required}
		for i := range rp.PreviousTypes {
			pt, err := b.typ(&rp.PreviousTypes[i])
			if err != nil {
				return nil, fmt.Errorf("property %s: %w", name, err)
			}
			p.Previous = append(p.Previous, pt)
		}
		props[name] = p
	}
	return props, nil
}

func (b *builder) def(id string) (*TypeDef, error) {
	if d, ok := b.defs[id]; ok {
		return d, nil
	}
	raw, ok := b.raw[id]
	if !ok {
		return nil, fmt.Errorf("reference to unknown type definition %q", id)
	}
	// Register before filling in: type definitions may be recursive.
	d := &TypeDef{Name: raw.Name}
	b.defs[id] = d
	props, err := b.properties(raw.Properties)
	if err != nil {
		return nil, fmt.Errorf("type %s: %w", raw.Name, err)
	}
	d.Properties = props
	return d, nil
}

func (b *builder) typ(rt *rawType) (*Type, error) {
	var k Kind
	switch rt.Type {
	case "string":
		k = KindString
	case "integer":
		k = KindInteger
	case "number":
		k = KindNumber
	case "boolean":
		k = KindBoolean
	case "json":
		k = KindJSON
	case "date-time":
		k = KindTimestamp
	case "tag":
		k = KindTag
	case "array", "map":
		if rt.Element == nil {
			return nil, fmt.Errorf("%s type without element", rt.Type)
		}
		e, err := b.typ(rt.Element)
		if err != nil {
			return nil, err
		}
		k = KindList
		if rt.Type == "map" {
			k = KindMap
		}
		return &Type{Kind: k, Elem: e}, nil
	case "ref":
		if rt.Reference == nil {
			return nil, errors.New("ref type without reference")
		}
		d, err := b.def(rt.Reference.Ref)
		if err != nil {
			return nil, err
		}
		return &Type{Kind: KindStruct, Def: d}, nil
	case "union":
		t := &Type{Kind: KindUnion}
		for i := range rt.Types {
			a, err := b.typ(&rt.Types[i])
			if err != nil {
				return nil, err
			}
			t.Alts = append(t.Alts, a)
		}
		if len(t.Alts) == 0 {
			return nil, errors.New("union type without members")
		}
		return t, nil
	default:
		return nil, fmt.Errorf("unknown type %q", rt.Type)
	}
	if len(rt.AllowedValues) == 0 {
		// Share one value per primitive kind: most properties are plain.
		if t, ok := b.prim[k]; ok {
			return t, nil
		}
		t := &Type{Kind: k}
		b.prim[k] = t
		return t, nil
	}
	t := &Type{Kind: k, Enum: make([]string, 0, len(rt.AllowedValues))}
	for _, v := range rt.AllowedValues {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			s = string(v) // a number: keep its JSON spelling
		}
		t.Enum = append(t.Enum, s)
	}
	return t, nil
}
