package cfn

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// mapper turns evaluated resources into model objects.
type mapper struct {
	r   *reader
	res []Resource // resources evaluated, then given all at once (tests); Read uses waiting
	a   *model.Architecture

	vpcs    map[string]*model.VPC
	subnets map[string]*model.Subnet
	rts     map[string]*model.RouteTable
	acls    map[string]*model.NetworkACL
	sgs     map[string]*model.SecurityGroup
	igws    map[string]*model.InternetGateway
	vpns    map[string]*model.ClientVPN
	buckets map[string]*model.Bucket
	keys    map[string]*model.Key
	roles   map[string]*model.Role
	vgws    map[string]*model.VPNGateway
	eips    map[string]*model.ElasticIP
	tgws    map[string]bool
	topics  map[string]*model.Topic
	enis    map[string]*model.NetworkInterface

	// inlineEgress marks security groups that declare SecurityGroupEgress themselves (AWS
	// then drops the default allow-all egress rule).
	inlineEgress map[string]bool
	// defaultSGs are VPC IDs whose default security group a template refers to.
	defaultSGs map[string]bool
	depth      int
	elb        *elbState // map_elb.go
	// waiting holds the resources of the second pass when they came through evaluated
	// (m.res holds them otherwise).
	waiting []waiting
	fz      freezer
}

// newMapper returns a mapper to which reader.resources gives each resource as it is
// evaluated (mapper.evaluated); mapper.run then does the rest.
func newMapper(r *reader) *mapper {
	m := &mapper{r: r,
		a:    &model.Architecture{Region: r.region(), Partition: model.PartitionOf(r.region()), AccountID: r.opts.AccountID},
		vpcs: map[string]*model.VPC{}, subnets: map[string]*model.Subnet{}, rts: map[string]*model.RouteTable{},
		acls: map[string]*model.NetworkACL{}, sgs: map[string]*model.SecurityGroup{}, igws: map[string]*model.InternetGateway{},
		vpns: map[string]*model.ClientVPN{}, buckets: map[string]*model.Bucket{}, keys: map[string]*model.Key{},
		roles: map[string]*model.Role{}, vgws: map[string]*model.VPNGateway{}, eips: map[string]*model.ElasticIP{},
		tgws: map[string]bool{}, topics: map[string]*model.Topic{}, enis: map[string]*model.NetworkInterface{}, inlineEgress: map[string]bool{}, defaultSGs: map[string]bool{}}
	return m
}

// evaluated takes a resource (rs, of template t and index entry r) as soon as it is
// evaluated, in file and document order. One of the first pass (or of a type not
// modelled) is mapped at once, in the order run would map it, and only what a later
// resource's mapping reads of it through target is kept (targetInfo): the evaluated
// properties of every resource at once are many times the template's size. One of the
// second pass waits for run in m.waiting, its properties frozen (frozen.go).
func (m *mapper) evaluated(t *template, r *resource, rs *Resource) {
	m.index(rs)
	if !m.first(rs) {
		m.waiting = append(m.waiting, waiting{t: t, r: r, props: m.fz.freeze(rs.Properties), condUnknown: rs.CondUnknown})
	}
}

// waiting is a resource of the second pass until run maps it: its properties frozen, the
// rest of its Resource found again from its template and index entry (a Resource is 264
// bytes, this 48).
type waiting struct {
	t           *template
	r           *resource
	props       []byte
	condUnknown bool
}

// resource gives the Resource back, as reader.resources made it.
func (m *mapper) resource(w *waiting) Resource {
	rs := Resource{ID: m.r.modelID(w.t, w.r.id), LogicalID: w.r.id, Type: w.r.typName(), Source: w.r.pos(w.t).source(),
		Properties: m.fz.thaw(w.props), Condition: w.r.condition(), CondUnknown: w.condUnknown, file: w.t.file}
	rs.Source.ID = w.r.id
	return rs
}

// vpcID returns the VpcId property of a resource found by target, as
// Properties.Get("VpcId") does.
func (m *mapper) vpcID(t *resource) (Value, bool) {
	vpc := t.vpc()
	if vpc == nil {
		return Value{}, false
	}
	return m.fz.thaw(vpc), true
}

// index makes a created resource known to target.
func (m *mapper) index(rs *Resource) {
	_, r := m.r.resource(rs.file, rs.LogicalID)
	r.known = true
	var vpc []byte
	if v, ok := rs.Properties.Get("VpcId"); ok {
		vpc = m.fz.freezeScratch(v)
	}
	r.setFrozen(vpc, r.kept())
}

// first maps a resource of the first pass, or notes a type not modelled; false for one of
// the second pass.
func (m *mapper) first(rs *Resource) bool {
	if secondPass[rs.Type] != nil {
		return false
	}
	if f := firstPass[rs.Type]; f != nil {
		f(m, rs)
	} else {
		m.a.IngestFindings = append(m.a.IngestFindings, finding(model.SeverityInfo, RuleUnsupportedType, src(rs), rs.LogicalID,
			"%s: resource type %s is not modelled by mwaanet and is ignored", rs.LogicalID, rs.Type))
	}
	return true
}

func (m *mapper) warn(p Pos, resource, format string, args ...any) {
	m.a.IngestFindings = append(m.a.IngestFindings, finding(model.SeverityWarning, RuleBadProperty, p, resource, format, args...))
}

// target returns the index entry of a reference's resource, if it is created: the mapping
// of another resource reads its type (typ) and VpcId (mapper.vpcID).
func (m *mapper) target(ref *ResourceRef) *resource {
	if ref == nil {
		return nil
	}
	t, r := m.r.resource(ref.File, ref.LogicalID)
	if r == nil {
		return nil
	}
	if !r.turn && !r.peeked {
		m.peek(t, r)
	}
	if !r.known {
		return nil // not created (or not evaluable: its evaluation fails the read)
	}
	return r
}

// peek finds, for a resource whose turn to be evaluated has not come yet, what target
// gives of it, as its evaluation will: nothing when it is not created or cannot be
// evaluated (its evaluation then fails the read).
func (m *mapper) peek(t *template, rs *resource) {
	rs.peeked = true
	if t.parseResource(rs) != nil {
		return
	}
	ev := m.r.evals[t]
	if rs.condition() != "" {
		if c, err := ev.condition(rs.condition(), rs.condPos().source(), 0); err != nil || c.known && !c.value {
			return
		}
	}
	var vpc []byte
	if _, n := lookup(rs.props(), "VpcId"); n != nil {
		v, err := ev.eval(n, 1) // at the depth of a property in the resource's evaluation
		if err != nil {
			return
		}
		if v.Kind != KindNoValue && v.Kind != KindNull {
			vpc = m.fz.freezeScratch(v)
		}
	}
	rs.setFrozen(vpc, rs.kept())
	rs.known = true
}

// modelID returns the model ID of a referenced resource.
func (m *mapper) modelID(ref *ResourceRef) string {
	if ref == nil {
		return ""
	}
	for t, ids := range m.r.ids {
		if t.file == ref.File {
			if id, ok := ids[ref.LogicalID]; ok {
				return id
			}
		}
	}
	return ref.LogicalID
}

// id returns the object ID a property names: the model ID of a referenced resource (Ref,
// or GetAtt of an ID-like attribute), a literal AWS ID, or "" when not known statically.
func (m *mapper) id(v Value) string {
	switch v.Kind {
	case KindScalar:
		return v.Str
	case KindRef:
		tid := m.modelID(v.Ref)
		switch v.Ref.Attr {
		case "DefaultNetworkAcl":
			return tid + ".DefaultNetworkAcl"
		case "DefaultSecurityGroup":
			m.defaultSGs[tid] = true
			return tid + ".DefaultSecurityGroup"
		case "VpcId":
			// The VPC of a subnet or security group: follow its VpcId property.
			if t := m.target(v.Ref); t != nil && m.depth < 20 {
				if vv, ok := m.vpcID(t); ok {
					m.depth++
					defer func() { m.depth-- }()
					return m.id(vv)
				}
			}
			return ""
		}
		return tid
	}
	return ""
}

// ids maps a list property to IDs; entries not known statically are "" (so that counts stay
// right). A list that is itself unknown gives nil.
func (m *mapper) ids(v Value) []string {
	items, ok := v.List()
	if !ok {
		if v.Kind == KindScalar || v.Kind == KindRef {
			return []string{m.id(v)}
		}
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, m.id(it))
	}
	return out
}

// idList is ids for a list property that matters to the checks: when the list itself is
// not known statically, it says so in a warning finding, since the model can only show an
// empty list.
func (m *mapper) idList(v Value, rs *Resource, key string) []string {
	if _, ok := v.List(); !ok && v.Kind != KindScalar && v.Kind != KindRef {
		m.warn(at(rs, v), rs.LogicalID, "%s: %s is not known statically (%s); checks that need it cannot decide", rs.LogicalID, key, why(v))
	}
	return m.ids(v)
}

// why says why a value is not known.
func why(v Value) string {
	if v.Reason != "" {
		return v.Reason
	}
	return v.Excerpt()
}

// literal returns a known scalar property's text, and "" when absent or not known
// statically: for enumerations (modes, classes, levels), where a symbolic form would read
// as a wrong value.
func (m *mapper) literal(props Value, key string) string {
	v, ok := props.Get(key)
	if !ok {
		return ""
	}
	s, _ := v.String()
	return s
}

// sym returns the symbolic string form of a value (model package doc): literal text with
// "${" escaped, "${ID}" / "${ID.Attr}" for resources, "${AWS::AccountId}" and the like for
// symbols. A value that is not known statically and has no symbolic form gives "".
func (m *mapper) sym(v Value) string {
	switch v.Kind {
	case KindScalar:
		return strings.ReplaceAll(v.Str, "${", "${!")
	case KindRef:
		id := m.modelID(v.Ref)
		if v.Ref.Attr != "" {
			return model.Att(id, v.Ref.Attr)
		}
		return model.Ref(id)
	case KindSymbol:
		return v.Str
	case KindConcat:
		var b strings.Builder
		for _, p := range v.Items {
			s := m.sym(p)
			if s == "" && p.Kind != KindScalar {
				return ""
			}
			b.WriteString(s)
		}
		return b.String()
	}
	return ""
}

// text returns a plain string property: known text as is, symbolic forms for references,
// "" when unknown or absent.
func (m *mapper) text(props Value, key string) string {
	v, ok := props.Get(key)
	if !ok {
		return ""
	}
	if v.Kind == KindScalar {
		return v.Str
	}
	return m.sym(v)
}

// syms maps a string-or-list property to symbolic strings.
func (m *mapper) syms(v Value) []string {
	if items, ok := v.List(); ok {
		out := make([]string, 0, len(items))
		for _, it := range items {
			out = append(out, m.sym(it))
		}
		return out
	}
	if v.Kind == KindNull || v.Kind == KindNoValue {
		return nil
	}
	return []string{m.sym(v)}
}

// tri reads a boolean property: absent gives def, unknown gives model.Unknown.
func (m *mapper) tri(props Value, key string, def model.Tri, who string) model.Tri {
	v, ok := props.Get(key)
	if !ok {
		return def
	}
	if b, ok := v.Bool(); ok {
		return model.TriOf(b)
	}
	if v.Kind == KindScalar {
		m.warn(v.Pos(), who, "%s: %s: expected true or false, got %q", who, key, v.Str)
	}
	return model.Unknown
}

// integer reads an integer property: absent gives def, unknown -1.
func (m *mapper) integer(props Value, key string, def int, who string) int {
	v, ok := props.Get(key)
	if !ok {
		return def
	}
	if n, ok := v.Int(); ok {
		return n
	}
	if v.Kind == KindScalar {
		m.warn(v.Pos(), who, "%s: %s: expected an integer, got %q", who, key, v.Str)
	}
	return -1
}

// prefix reads a CIDR property; zero when absent, unknown or invalid (invalid is reported).
func (m *mapper) prefix(props Value, key, who string) netip.Prefix {
	v, ok := props.Get(key)
	if !ok {
		return netip.Prefix{}
	}
	return m.prefixOf(v, key, who)
}

func (m *mapper) prefixOf(v Value, key, who string) netip.Prefix {
	s, ok := v.String()
	if !ok {
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		m.warn(v.Pos(), who, "%s: %s: expected an address block in CIDR notation, got %q", who, key, s)
		return netip.Prefix{}
	}
	if p.Masked() != p {
		m.warn(v.Pos(), who, "%s: %s: %s has host bits set (CloudFormation rejects it; the network is %s)", who, key, p, p.Masked())
		return p.Masked()
	}
	return p
}

// tags reads a Tags list ([{Key, Value}]) or map; symbolic values are kept symbolic.
func (m *mapper) tags(props Value, key string) map[string]string {
	v, ok := props.Get(key)
	if !ok {
		return nil
	}
	out := map[string]string{}
	if items, ok := v.List(); ok {
		for _, it := range items {
			k, ok1 := it.Get("Key")
			val, _ := it.Get("Value")
			if ks, ok := k.String(); ok1 && ok {
				out[ks] = m.sym(val)
				if val.Kind == KindScalar {
					out[ks] = val.Str
				}
			}
		}
	} else if v.Kind == KindMap {
		for _, f := range v.Fields {
			out[f.Key] = m.sym(f.Value)
			if f.Value.Kind == KindScalar {
				out[f.Key] = f.Value.Str
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func src(rs *Resource) model.Source { return rs.Source }

// at returns the source of a value inside a resource, naming the resource.
func at(rs *Resource, v Value) model.Source {
	s := v.Pos()
	if s.Line == 0 {
		return rs.Source
	}
	s.ID = rs.LogicalID
	return s
}

func sortedStrings(xs []string) []string {
	sort.Strings(xs)
	return xs
}
