package tfschema

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FromPackage reads the schemas of the provider and of the named resource and
// data-source types from an installed @cdktf/provider-aws package directory
// (node_modules/@cdktf/provider-aws). Only the named types are read, which
// keeps it fast: the package holds over two thousand of them.
func FromPackage(pkgDir string, resources, dataSources []string) (*Schema, error) {
	var meta struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		CDKTF   struct {
			Provider struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"provider"`
		} `json:"cdktf"`
	}
	b, err := os.ReadFile(filepath.Join(pkgDir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("reading provider package: %w", err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(pkgDir, "package.json"), err)
	}
	s := &Schema{
		Source: fmt.Sprintf("%s@%s (%s %s)", meta.Name, meta.Version,
			meta.CDKTF.Provider.Name, meta.CDKTF.Provider.Version),
		Resources:   map[string]*Block{},
		DataSources: map[string]*Block{},
	}
	load := func(dir, want string) (*Block, error) {
		path := filepath.Join(pkgDir, "lib", dir, "index.js")
		ts, err := typeScriptOf(filepath.Join(pkgDir, "lib", dir))
		if err != nil {
			return nil, fmt.Errorf("schema of %s: %w", want, err)
		}
		name, blk, err := FromTypeScript(ts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if name != want {
			return nil, fmt.Errorf("%s: declares %q, want %q", path, name, want)
		}
		return blk, nil
	}
	if s.Provider, err = load("provider", "aws"); err != nil {
		return nil, err
	}
	for _, r := range resources {
		if s.Resources[r], err = load(ResourceDir(r), r); err != nil {
			return nil, err
		}
	}
	for _, d := range dataSources {
		if s.DataSources[d], err = load(DataSourceDir(d), d); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ResourceDir is the directory under lib/ that holds a resource type
// (aws_vpc_endpoint -> vpc-endpoint).
func ResourceDir(typeName string) string {
	return strings.ReplaceAll(strings.TrimPrefix(typeName, "aws_"), "_", "-")
}

// DataSourceDir is the directory under lib/ that holds a data-source type
// (aws_region -> data-aws-region).
func DataSourceDir(typeName string) string {
	return "data-" + strings.ReplaceAll(typeName, "_", "-")
}

// typeScriptOf returns the TypeScript source of a resource directory: index.js and,
// for the largest resources, the struct files it imports (index-structs/*.js).
func typeScriptOf(dir string) (string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".js") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Slice(files, func(i, j int) bool {
		// index.js of the resource first, then the rest in name order.
		top := filepath.Join(dir, "index.js")
		if (files[i] == top) != (files[j] == top) {
			return files[i] == top
		}
		return files[i] < files[j]
	})
	var b strings.Builder
	for _, f := range files {
		js, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		ts, err := sourceFromJS(js)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f, err)
		}
		b.WriteString(ts)
		b.WriteString("\n")
	}
	return b.String(), nil
}

const sourceMapPrefix = "//# sourceMappingURL=data:application/json;base64,"

// sourceFromJS returns the TypeScript source embedded in a compiled file's
// inline source map.
func sourceFromJS(js []byte) (string, error) {
	i := bytes.LastIndex(js, []byte(sourceMapPrefix))
	if i < 0 {
		return "", fmt.Errorf("no inline source map")
	}
	enc := bytes.TrimSpace(js[i+len(sourceMapPrefix):])
	raw, err := base64.StdEncoding.DecodeString(string(enc))
	if err != nil {
		return "", fmt.Errorf("decoding source map: %w", err)
	}
	var sm struct {
		SourcesContent []string `json:"sourcesContent"`
	}
	if err := json.Unmarshal(raw, &sm); err != nil {
		return "", fmt.Errorf("decoding source map: %w", err)
	}
	if len(sm.SourcesContent) != 1 {
		return "", fmt.Errorf("source map holds %d sources, want 1", len(sm.SourcesContent))
	}
	return sm.SourcesContent[0], nil
}

// tableEntry is one row of a synthesizeHclAttributes / xxxToHclTerraform table.
type tableEntry struct {
	value   string // the value expression, which names the struct converter
	isBlock bool
	kind    string // simple, list, set, map, struct
	storage string // string, stringList, stringMap, XxxList, ...
}

// member is one commented getter of a generated class.
type member struct {
	name                         string
	computed, optional, required bool
	newClass                     string // class constructed for the field, if any
	newArg                       string // its third argument (true for sets), if any
	ret                          string // the getter's return expression
	decl                         string // the declared TypeScript type of the private field
}

type source struct {
	classes   map[string][]string
	functions map[string][]string
}

var (
	declRe     = regexp.MustCompile(`^export (class|function) (\w+)`)
	commentRe  = regexp.MustCompile(`^\s+// (\w+) - computed: (true|false), optional: (true|false), required: (true|false)$`)
	newRe      = regexp.MustCompile(`^\s+private _\w+ = new ([\w.]+)\(this, "(\w+)"(?:, (true|false))?\);`)
	declTypeRe = regexp.MustCompile(`^\s+private _\w+\?: (.+?);\s*$`)
	returnRe   = regexp.MustCompile(`^\s+return (.+);$`)
	entryRe    = regexp.MustCompile(`^\s+(\w+): \{$`)
	fieldRe    = regexp.MustCompile(`^\s+(value|isBlock|type|storageClassType): (.+?),?$`)
	typeNameRe = regexp.MustCompile(`public static readonly tfResourceType = "(\w+)";`)
	structFnRe = regexp.MustCompile(`\b([a-z]\w*)ToHclTerraform\b`)
)

func parseSource(ts string) *source {
	s := &source{classes: map[string][]string{}, functions: map[string][]string{}}
	lines := strings.Split(ts, "\n")
	for i := 0; i < len(lines); i++ {
		m := declRe.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j] != "}" {
			j++
		}
		if m[1] == "class" {
			s.classes[m[2]] = lines[i:j]
		} else {
			s.functions[m[2]] = lines[i:j]
		}
		i = j
	}
	return s
}

// FromTypeScript reads one generated resource, data-source or provider file
// and returns its Terraform type name (aws_vpc, or aws for the provider) and
// schema.
func FromTypeScript(ts string) (string, *Block, error) {
	src := parseSource(ts)
	var top string
	var typeName string
	for name, body := range src.classes {
		for _, l := range body {
			if m := typeNameRe.FindStringSubmatch(l); m != nil {
				if top != "" {
					return "", nil, fmt.Errorf("two top-level classes: %s and %s", top, name)
				}
				top, typeName = name, m[1]
			}
		}
	}
	if top == "" {
		return "", nil, fmt.Errorf("no class declares tfResourceType")
	}
	body := src.classes[top]
	var synth []string
	for i, l := range body {
		if strings.Contains(l, "protected synthesizeHclAttributes()") {
			synth = body[i:]
			break
		}
	}
	if synth == nil {
		return "", nil, fmt.Errorf("class %s has no synthesizeHclAttributes", top)
	}
	table, err := parseTable(synth)
	if err != nil {
		return "", nil, fmt.Errorf("class %s: %w", top, err)
	}
	blk, err := src.block(top, body, table, 0)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", typeName, err)
	}
	return typeName, blk, nil
}

func parseTable(lines []string) (map[string]*tableEntry, error) {
	t := map[string]*tableEntry{}
	for i := 0; i < len(lines); i++ {
		m := entryRe.FindStringSubmatch(lines[i])
		if m == nil || m[1] == "attrs" {
			continue
		}
		e := &tableEntry{}
		seen := 0
		for j := i + 1; j < len(lines) && j <= i+4; j++ {
			f := fieldRe.FindStringSubmatch(lines[j])
			if f == nil {
				break
			}
			seen++
			switch f[1] {
			case "value":
				e.value = f[2]
			case "isBlock":
				e.isBlock = f[2] == "true"
			case "type":
				e.kind = strings.Trim(f[2], `"`)
			case "storageClassType":
				e.storage = strings.Trim(f[2], `"`)
			}
		}
		if seen != 4 {
			continue // not a table row (an object literal of some other shape)
		}
		t[m[1]] = e
		i += 4
	}
	return t, nil
}

func parseMembers(body []string) []*member {
	var out []*member
	var cur *member
	for _, l := range body {
		if m := commentRe.FindStringSubmatch(l); m != nil {
			cur = &member{name: m[1], computed: m[2] == "true", optional: m[3] == "true", required: m[4] == "true"}
			out = append(out, cur)
			continue
		}
		if cur == nil {
			continue
		}
		if m := newRe.FindStringSubmatch(l); m != nil && m[2] == cur.name {
			cur.newClass, cur.newArg = m[1], m[3]
		} else if m := declTypeRe.FindStringSubmatch(l); m != nil && cur.decl == "" {
			cur.decl = m[1]
		} else if m := returnRe.FindStringSubmatch(l); m != nil && cur.ret == "" {
			cur.ret = m[1]
		}
	}
	return out
}

// structOf names the struct whose converter a table value calls
// (vpcEndpointDnsOptionsToHclTerraform -> VpcEndpointDnsOptions).
func structOf(value string) string {
	for _, m := range structFnRe.FindAllStringSubmatchIndex(value, -1) {
		if strings.HasSuffix(value[:m[0]], "cdktf.") {
			continue
		}
		name := value[m[2]:m[3]]
		r, n := utf8.DecodeRuneInString(name)
		return string(unicode.ToUpper(r)) + name[n:]
	}
	return ""
}

// structBlock reads a struct (nested block or object) from its converter
// table and, when the package has one, its OutputReference class.
func (s *source) structBlock(name string, depth int) (*Block, error) {
	fn := strings.ToLower(name[:1]) + name[1:] + "ToHclTerraform"
	fbody, ok := s.functions[fn]
	if !ok {
		return nil, fmt.Errorf("no converter %s", fn)
	}
	table, err := parseTable(fbody)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fn, err)
	}
	return s.block(name, s.classes[name+"OutputReference"], table, depth+1)
}

func (s *source) block(name string, body []string, table map[string]*tableEntry, depth int) (*Block, error) {
	if depth > 12 {
		return nil, fmt.Errorf("%s: nesting deeper than 12", name)
	}
	blk := &Block{Attributes: map[string]*Attribute{}, Blocks: map[string]*NestedBlock{}}
	members := map[string]*member{}
	for _, m := range parseMembers(body) {
		members[m.name] = m
	}
	// Structs without a class (the provider's) have no comments: their
	// table rows are plain optional arguments.
	for n := range table {
		if _, ok := members[n]; !ok {
			members[n] = &member{name: n, optional: true}
		}
	}
	for n, m := range members {
		e := table[n]
		if e != nil && e.isBlock {
			nb, err := s.nestedBlock(n, m, e, depth)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", name, n, err)
			}
			blk.Blocks[n] = nb
			continue
		}
		var t *Type
		var err error
		if e != nil {
			t, err = s.entryType(e, depth)
		} else {
			t, err = s.memberType(m, depth)
		}
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", name, n, err)
		}
		a := &Attribute{Type: t, Required: m.required, Optional: m.optional, Computed: m.computed}
		if !a.Required && !a.Optional && !a.Computed {
			return nil, fmt.Errorf("%s.%s: neither required, optional nor computed", name, n)
		}
		blk.Attributes[n] = a
	}
	return blk, nil
}

func (s *source) nestedBlock(n string, m *member, e *tableEntry, depth int) (*NestedBlock, error) {
	st := structOf(e.value)
	if st == "" {
		return nil, fmt.Errorf("block value %q names no struct converter", e.value)
	}
	inner, err := s.structBlock(st, depth)
	if err != nil {
		return nil, err
	}
	nb := &NestedBlock{Block: inner}
	switch e.kind {
	case "list":
		nb.Nesting = "list"
		if !strings.Contains(e.value, "listMapperHcl") {
			nb.MaxItems = 1
		}
	case "set":
		nb.Nesting = "set"
	case "struct":
		nb.Nesting = "single"
	case "map":
		nb.Nesting = "map"
	default:
		return nil, fmt.Errorf("block of type %q", e.kind)
	}
	if m.required {
		nb.MinItems = 1
	}
	return nb, nil
}

var primitive = map[string]string{"string": "string", "number": "number", "boolean": "bool"}

func (s *source) entryType(e *tableEntry, depth int) (*Type, error) {
	if p, ok := primitive[e.storage]; ok && e.kind == "simple" {
		return &Type{Kind: p}, nil
	}
	for suffix, coll := range map[string]string{"List": "", "Map": "map"} {
		base, ok := strings.CutSuffix(e.storage, suffix)
		if p, isPrim := primitive[base]; ok && isPrim {
			kind := e.kind
			if coll == "map" {
				kind = "map"
			}
			if kind != "list" && kind != "set" && kind != "map" {
				return nil, fmt.Errorf("collection %s of kind %q", e.storage, e.kind)
			}
			return &Type{Kind: kind, Elem: &Type{Kind: p}}, nil
		}
	}
	if st := structOf(e.value); st != "" {
		inner, err := s.structBlock(st, depth)
		if err != nil {
			return nil, err
		}
		obj := inner.objectType()
		switch e.kind {
		case "list", "set":
			return &Type{Kind: e.kind, Elem: obj}, nil
		case "struct":
			return obj, nil
		case "map":
			return &Type{Kind: "map", Elem: obj}, nil
		}
	}
	// Rare shapes (list of lists, "any" maps) are typed dynamic: names
	// and required-ness are still checked, only the value type is not.
	return &Type{Kind: "dynamic"}, nil
}

var getterKinds = map[string]*Type{
	"getStringAttribute":     {Kind: "string"},
	"getNumberAttribute":     {Kind: "number"},
	"getBooleanAttribute":    {Kind: "bool"},
	"getListAttribute":       {Kind: "list", Elem: &Type{Kind: "string"}},
	"getNumberListAttribute": {Kind: "list", Elem: &Type{Kind: "number"}},
	"getStringMapAttribute":  {Kind: "map", Elem: &Type{Kind: "string"}},
	"getNumberMapAttribute":  {Kind: "map", Elem: &Type{Kind: "number"}},
	"getBooleanMapAttribute": {Kind: "map", Elem: &Type{Kind: "bool"}},
}

var getterRe = regexp.MustCompile(`this\.(get\w+Attribute)\('`)

// memberType types an attribute that has no table row: a computed-only one.
func (s *source) memberType(m *member, depth int) (*Type, error) {
	switch {
	case m.newClass == "cdktf.StringMap":
		return &Type{Kind: "map", Elem: &Type{Kind: "string"}}, nil
	case m.newClass == "cdktf.NumberMap":
		return &Type{Kind: "map", Elem: &Type{Kind: "number"}}, nil
	case m.newClass == "cdktf.BooleanMap":
		return &Type{Kind: "map", Elem: &Type{Kind: "bool"}}, nil
	case strings.HasSuffix(m.newClass, "List") && m.newArg != "":
		st := strings.TrimSuffix(m.newClass, "List")
		cls, ok := s.classes[st+"OutputReference"]
		if !ok {
			return nil, fmt.Errorf("no class %sOutputReference", st)
		}
		inner, err := s.block(st, cls, nil, depth+1)
		if err != nil {
			return nil, err
		}
		kind := "list"
		if m.newArg == "true" {
			kind = "set"
		}
		return &Type{Kind: kind, Elem: inner.objectType()}, nil
	case m.newClass != "":
		return &Type{Kind: "dynamic"}, nil
	}
	if g := getterRe.FindStringSubmatch(m.ret); g != nil {
		t, ok := getterKinds[g[1]]
		if !ok {
			return &Type{Kind: "dynamic"}, nil
		}
		cp := *t
		if strings.HasPrefix(m.ret, "cdktf.Fn.tolist(") && cp.Kind == "list" {
			cp.Kind = "set"
		}
		return &cp, nil
	}
	switch m.decl { // provider fields: write-only, typed by their declaration
	case "string":
		return &Type{Kind: "string"}, nil
	case "number":
		return &Type{Kind: "number"}, nil
	case "boolean | cdktf.IResolvable":
		return &Type{Kind: "bool"}, nil
	case "string[]":
		return &Type{Kind: "list", Elem: &Type{Kind: "string"}}, nil
	case "{ [key: string]: string }":
		return &Type{Kind: "map", Elem: &Type{Kind: "string"}}, nil
	}
	return &Type{Kind: "dynamic"}, nil
}

// objectType is the type of a nested object whose attributes are this
// block's attributes and whose nested blocks are lists or sets of objects.
func (b *Block) objectType() *Type {
	t := &Type{Kind: "object", Attrs: map[string]*Type{}}
	for n, a := range b.Attributes {
		t.Attrs[n] = a.Type
	}
	for n, nb := range b.Blocks {
		o := nb.Block.objectType()
		switch nb.Nesting {
		case "single":
			t.Attrs[n] = o
		default:
			t.Attrs[n] = &Type{Kind: nb.Nesting, Elem: o}
		}
	}
	return t
}
