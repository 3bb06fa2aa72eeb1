package cfn

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"strings"
	"unique"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Rule IDs of the findings the reader adds to Architecture.IngestFindings. They cite the
// pseudo requirement "INPUT": they are about the template, not the network.
const (
	// RuleDuplicateLogicalID: a logical ID (resource, parameter, condition, mapping, output)
	// is defined twice in one section. The last definition is kept, as CloudFormation does.
	RuleDuplicateLogicalID = "INPUT/cfn-duplicate-logical-id"
	// RuleDuplicateKey: any other mapping key defined twice. The last one is kept.
	RuleDuplicateKey = "INPUT/cfn-duplicate-key"
	// RuleDuplicateSame: a key or logical ID defined twice with the same value (a warning:
	// CloudFormation deploys it and both definitions mean the same).
	RuleDuplicateSame = "INPUT/cfn-duplicate-same-value"
	// RuleUnsupportedType: a resource type mwaanet does not model; it is ignored.
	RuleUnsupportedType = "INPUT/cfn-unsupported-resource-type"
	// RuleNotExpanded: a Transform or Fn::ForEach loop the reader does not expand.
	RuleNotExpanded = "INPUT/cfn-not-expanded"
	// RuleUnknownCondition: a resource's Condition cannot be evaluated statically; the
	// resource is kept as if created.
	RuleUnknownCondition = "INPUT/cfn-unknown-condition"
	// RuleParamNotAllowed: a parameter's value is not one of its AllowedValues
	// (CloudFormation rejects the stack).
	RuleParamNotAllowed = "INPUT/cfn-param-not-allowed"
	// RuleUnusedParam: a --param names a parameter no template declares.
	RuleUnusedParam = "INPUT/cfn-unused-param"
	// RuleDuplicateExport: two templates export the same name.
	RuleDuplicateExport = "INPUT/cfn-duplicate-export"
	// RuleBadProperty: a property has a shape or value the reader cannot use.
	RuleBadProperty = "INPUT/cfn-bad-property"
	// RuleBadNumber: a port, ICMP type or code or ACL rule number that EC2 rejects (out of
	// its range, or a reversed port range). The rule or entry is not modelled.
	RuleBadNumber = "INPUT/cfn-number-out-of-range"
	// RuleOutsideTemplate: a resource modifies an object the templates do not define (a
	// route in an existing route table); the change is not modelled.
	RuleOutsideTemplate = "INPUT/cfn-outside-template"
)

// InputRequirement is the Requirement of every ingest finding.
const InputRequirement = "INPUT"

func finding(sev model.Severity, rule string, p Pos, resource, format string, args ...any) model.Finding {
	return model.Finding{Rule: rule, Requirement: InputRequirement, Severity: sev, Resource: resource,
		Source: p, Message: sprintf(format, args...)}
}

// resource is a template's index entry for one logical ID, kept for the whole read: a
// large template has one per resource, so it is kept small (64 bytes; it was 160): the
// position's file is the template's, the type an interned handle, the YAML nodes and the
// condition in a side record (parsed) that only a resource with a Condition keeps once
// evaluated, the frozen values one string, and the text of a cut template's resource an
// index into template.spans.
type resource struct {
	id  string
	typ unique.Handle[string] // zero until parsed
	// parsed holds the resource's nodes and condition; nil until parsed, and once
	// released without a condition.
	parsed *parsedResource
	// frozen holds, frozen (frozen.go), the VpcId value (uvarint length, then its bytes)
	// then the kept properties (setVPC, setKept).
	frozen string
	// line and col are the position of the logical ID key in the template's file.
	line, col int32
	// span is 1 + the index in template.spans of the text of a resource of a cut template
	// (split.go) not parsed yet: until template.parseResource, only id is set; 0 once
	// parsed (or never cut).
	span int32
	// turn is set when the resource's turn to be evaluated has come (reader.resources).
	turn bool
	// known says the VpcId is set: what the mapping of another resource reads of this one
	// besides its type (mapper.target), set when it is evaluated and created
	// (mapper.index) or by mapper.peek before its turn; peeked that peek tried.
	known, peeked bool
	// released says the resource had properties, released (props gives releasedProps).
	released bool
}

// parsedResource is what parsing finds of a resource besides its type and position.
type parsedResource struct {
	props  *yaml.Node // may be nil
	cond   string
	condAt textPos
}

// typName returns the resource's type, "" before it is parsed.
func (r *resource) typName() string {
	if r.typ == (unique.Handle[string]{}) {
		return ""
	}
	return r.typ.Value()
}

// props returns the resource's Properties mapping: nil without one (or before it is
// parsed), releasedProps once released.
func (r *resource) props() *yaml.Node {
	if r.released {
		return releasedProps
	}
	if r.parsed == nil {
		return nil
	}
	return r.parsed.props
}

// condition returns the name of the resource's Condition, "" without one.
func (r *resource) condition() string {
	if r.parsed == nil {
		return ""
	}
	return r.parsed.cond
}

// condPos returns the position of the resource's Condition.
func (r *resource) condPos() textPos {
	if r.parsed == nil {
		return textPos{}
	}
	return r.parsed.condAt
}

// vpc returns the frozen VpcId value, nil when absent (AWS::NoValue or null).
func (r *resource) vpc() []byte {
	b := frozenBytes(r.frozen)
	if b == nil {
		return nil
	}
	n, w := binary.Uvarint(b)
	if n == 0 {
		return nil
	}
	return b[w : w+int(n)]
}

// kept returns the frozen kept properties (evaluator.keepProperties), nil when none.
func (r *resource) kept() []byte {
	b := frozenBytes(r.frozen)
	if b == nil {
		return nil
	}
	n, w := binary.Uvarint(b)
	if k := b[w+int(n):]; len(k) > 0 {
		return k
	}
	return nil
}

// setFrozen sets the frozen VpcId value and kept properties.
func (r *resource) setFrozen(vpc, kept []byte) {
	if len(vpc) == 0 && len(kept) == 0 {
		r.frozen = ""
		return
	}
	b := make([]byte, 0, binary.MaxVarintLen64+len(vpc)+len(kept))
	b = binary.AppendUvarint(b, uint64(len(vpc)))
	b = append(append(b, vpc...), kept...)
	r.frozen = string(b)
}

// pos returns the position of the resource's logical ID key in t, its template.
func (r *resource) pos(t *template) textPos {
	return atOf(Pos{File: t.file, Line: int(r.line), Column: int(r.col)})
}

type output struct {
	name        string
	pos         Pos
	value       *yaml.Node
	exportName  *yaml.Node
	condition   string
	condPos     Pos
	description string
	// Set by reader.resources: the evaluated value and export name, and whether the
	// output's condition is false.
	val, exportVal Value
	skip           bool
}

type template struct {
	file       string
	root       *yaml.Node
	params     map[string]*yaml.Node
	conditions map[string]*yaml.Node
	mappings   map[string]*yaml.Node
	resources  *resourceIndex
	order      []string // resource logical IDs in document order (last definition's place)
	outputs    []*output
	// regionHint is Metadata.mwaanet.Region: the Region the template was synthesized for
	// (mwaanet synth writes it), used when no Region is given.
	regionHint string
	// data and column are set when the Resources section is cut into one piece of text per
	// resource (split.go): the file's text and the column of the logical IDs.
	data   []byte
	spans  []span
	column int
	// parsed counts the resources parsed from their pieces, evaluated those whose turn to
	// be evaluated came; mostParsed is the most ever parsed ahead of their turn (tests).
	parsed, evaluated, mostParsed int
}

type entry struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

func nodePos(file string, n *yaml.Node) Pos { return Pos{File: file, Line: n.Line, Column: n.Column} }

// entries returns a mapping's entries; duplicate keys are all returned, in order.
func entries(n *yaml.Node) []entry {
	es := make([]entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		es = append(es, entry{key: n.Content[i].Value, k: n.Content[i], v: n.Content[i+1]})
	}
	return es
}

// lookup returns the last value of key in mapping n (the last definition wins).
func lookup(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := len(n.Content) - 2; i >= 0; i -= 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// checkTree rejects what CloudFormation does not accept in any template (aliases, merge keys,
// non-scalar keys) and reports duplicate keys anywhere. Duplicates directly under a section
// are logical IDs and reported as such.
func checkTree(file string, n *yaml.Node, depth int, section bool, diags *[]model.Finding) error {
	if depth > maxDepth {
		return errAt(nodePos(file, n), "nesting deeper than %d levels", maxDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return errAt(nodePos(file, n), "YAML alias *%s: aliases are not allowed in CloudFormation templates; expected the value written out", n.Value)
	case yaml.MappingNode:
		seen := make(map[string]int, len(n.Content)/2) // key -> index of its last definition so far
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return errAt(nodePos(file, k), "expected a string mapping key")
			}
			if k.Tag == "!!merge" {
				return errAt(nodePos(file, k), "YAML merge key <<: CloudFormation does not support it; expected the keys written out")
			}
			if fi, dup := seen[k.Value]; dup {
				first := n.Content[fi]
				*diags = append(*diags, duplicateKey(file, k, first, sameNode(n.Content[fi+1], v, 0), section))
			}
			seen[k.Value] = i
			isSection := depth == 0 && (k.Value == "Resources" || k.Value == "Parameters" || k.Value == "Conditions" || k.Value == "Mappings" || k.Value == "Outputs")
			if err := checkTree(file, v, depth+1, isSection, diags); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if err := checkTree(file, c, depth+1, false, diags); err != nil {
				return err
			}
		}
	}
	return nil
}

// duplicateKey is the finding for key k defined again after first. Two definitions with the
// same value are a warning (CloudFormation deploys the template, and either definition
// gives the same result; YAML forbids it all the same); different values are an error, as
// CloudFormation silently uses the last one.
func duplicateKey(file string, k, first *yaml.Node, same, section bool) model.Finding {
	var d model.Finding
	switch {
	case same && section:
		d = finding(model.SeverityWarning, RuleDuplicateSame, nodePos(file, k), k.Value,
			"logical ID %q is defined twice with the same definition (lines %d and %d); CloudFormation deploys it, but YAML forbids duplicate keys: remove one", k.Value, first.Line, k.Line)
	case same:
		d = finding(model.SeverityWarning, RuleDuplicateSame, nodePos(file, k), k.Value,
			"key %q is defined twice with the same value (lines %d and %d); CloudFormation accepts it, but YAML forbids duplicate keys: remove one", k.Value, first.Line, k.Line)
	case section:
		d = finding(model.SeverityError, RuleDuplicateLogicalID, nodePos(file, k), k.Value,
			"logical ID %q is defined twice (lines %d and %d); CloudFormation uses the last definition, so the one at line %d is silently ignored", k.Value, first.Line, k.Line, first.Line)
	default:
		d = finding(model.SeverityError, RuleDuplicateKey, nodePos(file, k), k.Value,
			"key %q is defined twice (lines %d and %d); YAML forbids duplicate keys and the last definition is used", k.Value, first.Line, k.Line)
	}
	d.Related = []model.Source{nodePos(file, first)}
	return d
}

// sameNode reports whether two YAML values are the same data: the same kinds, tags
// (so 443 and "443" differ) and scalar values, the same keys and items in the same order.
// How they are written (quotes, flow or block style, comments, positions) does not count.
func sameNode(a, b *yaml.Node, depth int) bool {
	if depth > maxDepth || a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i], depth+1) {
			return false
		}
	}
	return true
}

func sectionMap(file string, root *yaml.Node, name string) (map[string]*yaml.Node, *yaml.Node, error) {
	k, v := lookup(root, name)
	if v == nil {
		return map[string]*yaml.Node{}, nil, nil
	}
	if v.Kind != yaml.MappingNode {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return map[string]*yaml.Node{}, k, nil
		}
		return nil, nil, errAt(nodePos(file, v), "section %s: expected a mapping", name)
	}
	m := make(map[string]*yaml.Node, len(v.Content)/2)
	for _, e := range entries(v) {
		m[e.key] = e.v
	}
	return m, v, nil
}

// resourceIndex holds a template's index entries and finds them by logical ID: the
// entries one after the other in one slice, found through an open-addressing table of
// their places (4 bytes a slot, at most two thirds full): a Go map from logical ID to
// entry took about 30 bytes more per resource, for the whole read.
type resourceIndex struct {
	list  []resource
	slots []int32 // 1 + the entry's index in list; 0 for an empty slot
	seed  maphash.Seed
}

// newResourceIndex makes an index for up to n entries; the entries never move (the
// pointers get and put return stay valid) while there are at most n.
func newResourceIndex(n int) *resourceIndex {
	size := 8
	for size < n+n/2 {
		size *= 2
	}
	return &resourceIndex{list: make([]resource, 0, n), slots: make([]int32, size), seed: maphash.MakeSeed()}
}

// slot returns the slot of id: the one holding its entry, or the empty one where it goes.
func (x *resourceIndex) slot(id string) int {
	mask := len(x.slots) - 1
	i := int(maphash.String(x.seed, id)) & mask
	for x.slots[i] != 0 && x.list[x.slots[i]-1].id != id {
		i = (i + 1) & mask
	}
	return i
}

// get returns the entry of id, nil when there is none.
func (x *resourceIndex) get(id string) *resource {
	if x == nil {
		return nil
	}
	if s := x.slots[x.slot(id)]; s != 0 {
		return &x.list[s-1]
	}
	return nil
}

// put sets the entry of r.id to r, replacing an earlier one, and returns it.
func (x *resourceIndex) put(r resource) *resource {
	i := x.slot(r.id)
	if s := x.slots[i]; s != 0 {
		x.list[s-1] = r
		return &x.list[s-1]
	}
	if 3*(len(x.list)+1) > 2*len(x.slots) {
		x.grow()
		i = x.slot(r.id)
	}
	x.list = append(x.list, r)
	x.slots[i] = int32(len(x.list))
	return &x.list[len(x.list)-1]
}

func (x *resourceIndex) grow() {
	x.slots = make([]int32, 2*len(x.slots))
	for k := range x.list {
		x.slots[x.slot(x.list[k].id)] = int32(k + 1)
	}
}

// len returns the number of entries.
func (x *resourceIndex) len() int { return len(x.list) }

// newTemplate reads a template's sections.
// With split non-nil, a YAML template whose Resources section can be cut into one piece of
// text per resource (split.go) has its resources parsed one at a time, on first use, and
// *split is set.
func newTemplate(f File, diags *[]model.Finding, split *bool) (*template, error) {
	var (
		root *yaml.Node
		cut  *splitDoc
		err  error
	)
	if split != nil {
		cut = splitYAML(bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf")))
	}
	if cut != nil {
		*split = true
		root = cut.root
	} else if root, err = parseDocument(f.Name, f.Data); err != nil {
		return nil, err
	}
	if err := checkTree(f.Name, root, 0, false, diags); err != nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, errAt(nodePos(f.Name, root), "expected a CloudFormation template (a mapping with a Resources section)")
	}
	t := &template{file: f.Name, root: root}
	var paramSection *yaml.Node
	if t.params, paramSection, err = sectionMap(f.Name, root, "Parameters"); err != nil {
		return nil, err
	}
	if paramSection != nil && paramSection.Kind == yaml.MappingNode {
		// In document order, so that of several bad parameters the same one is named on
		// every run (a map's order is random).
		for _, e := range entries(paramSection) {
			if p := t.params[e.key]; p == e.v && p.Kind != yaml.MappingNode {
				return nil, errAt(nodePos(f.Name, p), "parameter %s: expected a mapping with Type (and Default)", e.key)
			}
		}
	}
	if t.conditions, _, err = sectionMap(f.Name, root, "Conditions"); err != nil {
		return nil, err
	}
	if t.mappings, _, err = sectionMap(f.Name, root, "Mappings"); err != nil {
		return nil, err
	}
	if _, md := lookup(root, "Metadata"); md != nil && md.Kind == yaml.MappingNode {
		if _, mw := lookup(md, "mwaanet"); mw != nil && mw.Kind == yaml.MappingNode {
			if _, rg := lookup(mw, "Region"); rg != nil && rg.Kind == yaml.ScalarNode && !isTagged(rg) {
				t.regionHint = rg.Value
			}
		}
	}
	rk, rs := lookup(root, "Resources")
	if rs == nil {
		return nil, errAt(nodePos(f.Name, root), "the template has no Resources section: expected a mapping of logical IDs to resources")
	}
	if cut != nil {
		// The resources are known by logical ID only, each parsed on first use.
		t.data, t.spans, t.column = bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf")), cut.spans, cut.column
		t.resources = newResourceIndex(len(cut.ids))
		for i, id := range cut.ids {
			t.resources.put(resource{id: id, span: int32(i + 1)})
		}
		t.order = cut.ids
	} else if err := t.wholeResources(rk, rs, diags); err != nil {
		return nil, err
	}
	if _, tr := lookup(root, "Transform"); tr != nil {
		var names []string
		if tr.Kind == yaml.ScalarNode {
			names = []string{tr.Value}
		}
		for _, c := range tr.Content {
			names = append(names, c.Value)
		}
		for _, n := range names {
			if n != "AWS::LanguageExtensions" {
				*diags = append(*diags, finding(model.SeverityWarning, RuleNotExpanded, nodePos(f.Name, tr), n,
					"Transform %s is not applied by mwaanet; resources it would add or change are not checked", n))
			}
		}
	}
	_, os := lookup(root, "Outputs")
	if os != nil && os.Kind == yaml.MappingNode {
		seen := map[string]int{}
		for _, e := range entries(os) {
			if e.v.Kind != yaml.MappingNode {
				return nil, errAt(nodePos(f.Name, e.v), "output %s: expected a mapping with Value", e.key)
			}
			o := &output{name: e.key, pos: nodePos(f.Name, e.k)}
			_, o.value = lookup(e.v, "Value")
			if o.value == nil {
				return nil, errAt(nodePos(f.Name, e.k), "output %s: expected a Value", e.key)
			}
			if _, cn := lookup(e.v, "Condition"); cn != nil {
				if _, ok := t.conditions[cn.Value]; !ok || cn.Kind != yaml.ScalarNode {
					return nil, errAt(nodePos(f.Name, cn), "output %s: Condition: expected the name of a condition defined in Conditions", e.key)
				}
				o.condition, o.condPos = cn.Value, nodePos(f.Name, cn)
			}
			if _, dn := lookup(e.v, "Description"); dn != nil && dn.Kind == yaml.ScalarNode {
				o.description = dn.Value
			}
			if _, ex := lookup(e.v, "Export"); ex != nil {
				if _, o.exportName = lookup(ex, "Name"); o.exportName == nil {
					return nil, errAt(nodePos(f.Name, ex), "output %s: Export: expected a mapping with Name", e.key)
				}
			}
			if i, dup := seen[e.key]; dup {
				t.outputs[i] = o
				continue
			}
			seen[e.key] = len(t.outputs)
			t.outputs = append(t.outputs, o)
		}
	} else if os != nil && !(os.Kind == yaml.ScalarNode && os.Tag == "!!null") {
		return nil, errAt(nodePos(f.Name, os), "section Outputs: expected a mapping")
	}
	return t, nil
}

// wholeResources reads the resources of a template parsed as a whole document.
func (t *template) wholeResources(rk, rs *yaml.Node, diags *[]model.Finding) error {
	if rs.Kind != yaml.MappingNode || len(rs.Content) == 0 {
		return errAt(nodePos(t.file, rk), "Resources: expected a mapping with at least one resource")
	}
	t.resources = newResourceIndex(len(rs.Content) / 2)
	for _, e := range entries(rs) {
		if strings.HasPrefix(e.key, "Fn::ForEach::") {
			*diags = append(*diags, finding(model.SeverityWarning, RuleNotExpanded, nodePos(t.file, e.k), e.key,
				"%s (AWS::LanguageExtensions) is not expanded by mwaanet; the resources it would create are not checked", e.key))
			continue
		}
		r, err := newResource(t, e)
		if err != nil {
			return err
		}
		t.resources.put(*r)
	}
	if t.resources.len() == 0 {
		return errAt(nodePos(t.file, rk), "Resources: expected at least one resource that is not a Fn::ForEach loop")
	}
	// Document order, each logical ID at the place of its last (kept) definition.
	es := entries(rs)
	last := make(map[string]int, len(es))
	for i, e := range es {
		last[e.key] = i
	}
	for i, e := range es {
		if t.resources.get(e.key) != nil && last[e.key] == i {
			t.order = append(t.order, e.key)
		}
	}
	// From here on a resource's nodes are reached only through its resource (and
	// definitions overridden by a duplicate not at all), so that release can free them
	// once the resource is evaluated: nothing reads the Resources section again.
	rs.Content = nil
	return nil
}

// newResource checks one resource definition of the Resources section.
func newResource(t *template, e entry) (*resource, error) {
	if e.v.Kind != yaml.MappingNode {
		return nil, errAt(nodePos(t.file, e.v), "resource %s: expected a mapping with Type and Properties", e.key)
	}
	_, tn := lookup(e.v, "Type")
	if tn == nil {
		return nil, errAt(nodePos(t.file, e.k), "resource %s: expected a Type", e.key)
	}
	if tn.Kind != yaml.ScalarNode || tn.Value == "" || isTagged(tn) {
		return nil, errAt(nodePos(t.file, tn), "resource %s: Type: expected a resource type name such as AWS::EC2::VPC", e.key)
	}
	// The type is interned: a large template names a few types many times.
	r := &resource{id: e.key, typ: unique.Make(tn.Value), line: int32(e.k.Line), col: int32(e.k.Column)}
	var pr parsedResource
	if _, pn := lookup(e.v, "Properties"); pn != nil {
		switch {
		case pn.Kind == yaml.MappingNode:
			pr.props = pn
		case pn.Kind == yaml.ScalarNode && pn.Tag == "!!null":
		default:
			return nil, errAt(nodePos(t.file, pn), "resource %s: Properties: expected a mapping", e.key)
		}
	}
	if _, cn := lookup(e.v, "Condition"); cn != nil {
		if cn.Kind != yaml.ScalarNode || isTagged(cn) {
			return nil, errAt(nodePos(t.file, cn), "resource %s: Condition: expected the name of a condition", e.key)
		}
		if _, ok := t.conditions[cn.Value]; !ok {
			return nil, errAt(nodePos(t.file, cn), "resource %s: Condition %q is not defined in Conditions", e.key, cn.Value)
		}
		pr.cond, pr.condAt = cn.Value, atOf(nodePos(t.file, cn))
	}
	if pr != (parsedResource{}) {
		r.parsed = &pr
	}
	return r, nil
}

// release drops a resource's YAML nodes once its properties are evaluated (or it is not
// created). What a later !GetAtt can still read of it, the properties attrFromProperty
// resolves, is kept as values (evaluator.keepProperties); a resource whose Condition is
// false is never read again (resourceRef answers before looking at its properties). The
// node tree is most of the memory a large template takes; without this it stays alive,
// beside the evaluated values, for the whole read.
func (r *resource) release() {
	if r.parsed == nil {
		return
	}
	if r.parsed.props != nil {
		r.released = true
	}
	if r.parsed.cond == "" {
		r.parsed = nil
	} else {
		r.parsed.props = nil
	}
}

// releasedProps stands for the properties of a released resource of which nothing can be
// read any more: an empty mapping, shared and never changed.
var releasedProps = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}

// isTagged reports whether a node carries an intrinsic short-form tag such as !Ref.
func isTagged(n *yaml.Node) bool {
	return len(n.Tag) > 1 && n.Tag[0] == '!' && n.Tag[1] != '!'
}
