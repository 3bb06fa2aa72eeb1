package cfn

import (
	"fmt"
	"math/big"
	"net/netip"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
)

// The intrinsic functions that compute values: Fn::Sub, Fn::Join, Fn::Select, Fn::Split,
// Fn::If, Fn::FindInMap, Fn::Cidr.

func (ev *evaluator) sub(arg *yaml.Node, p Pos, depth int) (Value, error) {
	var tmpl *yaml.Node
	vars := map[string]Value{}
	switch {
	case arg.Kind == yaml.ScalarNode && !isTagged(arg):
		tmpl = arg
	case arg.Kind == yaml.SequenceNode && len(arg.Content) == 2:
		tmpl = arg.Content[0]
		m := arg.Content[1]
		if m.Kind != yaml.MappingNode || isTagged(m) {
			return Value{}, errAt(ev.pos(m), "Fn::Sub: expected a mapping of variable names to values")
		}
		for _, e := range entries(m) {
			v, err := ev.eval(e.v, depth)
			if err != nil {
				return Value{}, err
			}
			vars[e.key] = v
		}
	default:
		return Value{}, errAt(p, "Fn::Sub: expected a string, or [string, {variable: value}]")
	}
	if tmpl.Kind != yaml.ScalarNode || isTagged(tmpl) {
		return Value{}, errAt(ev.pos(tmpl), "Fn::Sub: expected a literal string template")
	}
	s := tmpl.Value
	var parts []Value
	size := len(s)
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			parts = append(parts, str(s, p))
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			parts = append(parts, str(s, p))
			break
		}
		parts = append(parts, str(s[:i], p))
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			parts = append(parts, str("${"+name[1:]+"}", p))
			continue
		}
		name = strings.TrimSpace(name)
		v, err := ev.subVar(name, vars, p)
		if err != nil {
			return Value{}, err
		}
		if v.Kind == KindList || v.Kind == KindMap {
			v = unknown(p, "Fn::Sub variable %s is a list, not a string", name)
		}
		parts = append(parts, v)
		if size += valueLen(v); size > maxValueLen {
			return Value{}, tooLong(p)
		}
	}
	return limited(concat(parts, p))
}

func (ev *evaluator) subVar(name string, vars map[string]Value, p Pos) (Value, error) {
	if v, ok := vars[name]; ok {
		return v, nil
	}
	if v, ok, err := ev.pseudo(name, p); ok || err != nil {
		return v, err
	}
	if _, ok := ev.t.params[name]; ok {
		return ev.param(name)
	}
	if r := ev.t.resources.get(name); r != nil {
		return ev.resourceRef(r, "", p)
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		if r := ev.t.resources.get(name[:i]); r != nil && i < len(name)-1 {
			return ev.resourceRef(r, name[i+1:], p)
		}
	}
	return Value{}, errAt(p, "Fn::Sub variable ${%s}: expected a parameter, pseudo parameter, resource, Resource.Attribute or a variable of the Sub mapping", name)
}

func (ev *evaluator) join(arg *yaml.Node, p Pos, depth int) (Value, error) {
	a, err := seqArgs(ev, "Fn::Join", arg, p, 2, 2, "[delimiter, [values]]")
	if err != nil {
		return Value{}, err
	}
	dv, err := ev.eval(a[0], depth)
	if err != nil {
		return Value{}, err
	}
	delim, ok := dv.String()
	if !ok {
		if dv.Kind != KindNull {
			return Value{}, errAt(ev.pos(a[0]), "Fn::Join: expected a literal delimiter")
		}
	}
	lv, err := ev.eval(a[1], depth)
	if err != nil {
		return Value{}, err
	}
	items, ok := lv.List()
	if !ok {
		if lv.Kind == KindUnknown {
			return unknown(p, "Fn::Join of a list that is not known statically: %s", lv.Reason), nil
		}
		return Value{}, errAt(ev.pos(a[1]), "Fn::Join: expected a list of values")
	}
	parts := make([]Value, 0, 2*len(items))
	size := 0
	for i, it := range items {
		if i > 0 {
			parts = append(parts, str(delim, p))
		}
		if it.Kind == KindList || it.Kind == KindMap || it.Kind == KindNull {
			return Value{}, errAt(it.Pos(), "Fn::Join: expected a string value in the list")
		}
		parts = append(parts, it)
		if size += valueLen(it) + len(delim); size > maxValueLen {
			return Value{}, tooLong(p)
		}
	}
	return limited(concat(parts, p))
}

func (ev *evaluator) selectFn(arg *yaml.Node, p Pos, depth int) (Value, error) {
	a, err := seqArgs(ev, "Fn::Select", arg, p, 2, 2, "[index, list]")
	if err != nil {
		return Value{}, err
	}
	iv, err := ev.eval(a[0], depth)
	if err != nil {
		return Value{}, err
	}
	lv, err := ev.eval(a[1], depth)
	if err != nil {
		return Value{}, err
	}
	idx, ok := iv.Int()
	if !ok {
		if iv.Kind == KindScalar {
			return Value{}, errAt(ev.pos(a[0]), "Fn::Select: expected an integer index, got %q", iv.Str)
		}
		return unknown(p, "Fn::Select with an index that is not known statically"), nil
	}
	if idx < 0 {
		return Value{}, errAt(ev.pos(a[0]), "Fn::Select: expected a non-negative index, got %d", idx)
	}
	if az := lv.azRegion(); az != "" {
		return Value{Kind: KindSymbol, at: atOf(p), Str: AZSymbol(az, ev.r.region(), idx),
			Reason: "Availability Zone names are known only at deploy time"}, nil
	}
	items, ok := lv.List()
	if !ok {
		if lv.Kind == KindUnknown {
			return unknown(p, "Fn::Select from a list that is not known statically: %s", lv.Reason), nil
		}
		return Value{}, errAt(ev.pos(a[1]), "Fn::Select: expected a list")
	}
	if idx >= len(items) {
		return Value{}, errAt(ev.pos(a[0]), "Fn::Select: index %d is out of range for a list of %d", idx, len(items))
	}
	v := items[idx]
	return v, nil
}

// AZSymbol is the symbol of the index-th Availability Zone of region, the value of
// !Select [index, !GetAZs region]: AWS lists a Region's zones in a stable order per account,
// so two different indices are two different zones, but their names are not known
// statically. For the stack's own Region it is "${AWS::Region}#index", as the model's
// Subnet.AZ documents; for another Region "eu-west-1#index".
func AZSymbol(region, stackRegion string, index int) string {
	if region == stackRegion {
		region = model.PseudoRegion
	}
	return fmt.Sprintf("%s#%d", region, index)
}

func (ev *evaluator) split(arg *yaml.Node, p Pos, depth int) (Value, error) {
	a, err := seqArgs(ev, "Fn::Split", arg, p, 2, 2, "[delimiter, string]")
	if err != nil {
		return Value{}, err
	}
	dv, err := ev.eval(a[0], depth)
	if err != nil {
		return Value{}, err
	}
	delim, ok := dv.String()
	if !ok || delim == "" {
		return Value{}, errAt(ev.pos(a[0]), "Fn::Split: expected a literal, non-empty delimiter")
	}
	sv, err := ev.eval(a[1], depth)
	if err != nil {
		return Value{}, err
	}
	s, ok := sv.String()
	if !ok {
		if sv.Kind == KindList || sv.Kind == KindMap {
			return Value{}, errAt(ev.pos(a[1]), "Fn::Split: expected a string")
		}
		if sv.Kind == KindConcat && strings.Trim(delim, ",;| ") == "" {
			// "${SubnetA},${SubnetB}" (a joined list, often through an export): resource
			// IDs, ARNs and pseudo parameters never contain these delimiters, so only the
			// literal parts are split.
			return splitConcat(sv, delim, p), nil
		}
		return unknown(p, "Fn::Split of a string that is not known statically (%s)", sv.Excerpt()), nil
	}
	if strings.Count(s, delim) >= maxListLen {
		return Value{}, errAt(p, "Fn::Split into more than %d items: expected a list of a CloudFormation template", maxListLen)
	}
	l := Value{Kind: KindList, at: atOf(p)}
	for _, part := range strings.Split(s, delim) {
		l.Items = append(l.Items, str(part, p))
	}
	return l, nil
}

// splitConcat splits a concatenation on a delimiter found only in its literal parts.
func splitConcat(v Value, delim string, p Pos) Value {
	l := Value{Kind: KindList, at: atOf(p)}
	var cur []Value
	flush := func() {
		l.Items = append(l.Items, concat(cur, p))
		cur = nil
	}
	for _, part := range v.Items {
		if part.Kind != KindScalar {
			cur = append(cur, part)
			continue
		}
		pieces := strings.Split(part.Str, delim)
		for i, piece := range pieces {
			if i > 0 {
				flush()
			}
			cur = append(cur, str(piece, p))
		}
	}
	flush()
	return l
}

func (ev *evaluator) ifFn(arg *yaml.Node, p Pos, depth int) (Value, error) {
	a, err := seqArgs(ev, "Fn::If", arg, p, 3, 3, "[condition name, value if true, value if false]")
	if err != nil {
		return Value{}, err
	}
	if a[0].Kind != yaml.ScalarNode || isTagged(a[0]) {
		return Value{}, errAt(ev.pos(a[0]), "Fn::If: expected the name of a condition")
	}
	c, err := ev.condition(a[0].Value, ev.pos(a[0]), depth)
	if err != nil {
		return Value{}, err
	}
	if !c.known {
		return unknown(p, "Fn::If on condition %s, which is not known statically: %s", a[0].Value, c.reason), nil
	}
	if c.value {
		return ev.eval(a[1], depth)
	}
	return ev.eval(a[2], depth)
}

func (ev *evaluator) findInMap(arg *yaml.Node, p Pos, depth int) (Value, error) {
	a, err := seqArgs(ev, "Fn::FindInMap", arg, p, 3, 4, "[MapName, TopLevelKey, SecondLevelKey]")
	if err != nil {
		return Value{}, err
	}
	var keys [3]string
	for i := range 3 {
		v, err := ev.eval(a[i], depth)
		if err != nil {
			return Value{}, err
		}
		s, ok := v.String()
		if !ok {
			return unknown(p, "Fn::FindInMap with a key that is not known statically (%s)", v.Excerpt()), nil
		}
		keys[i] = s
	}
	def := func(what string) (Value, error) {
		if len(a) == 4 { // AWS::LanguageExtensions: {DefaultValue: x}
			if _, dv := lookup(a[3], "DefaultValue"); dv != nil {
				return ev.eval(dv, depth)
			}
		}
		return Value{}, errAt(p, "Fn::FindInMap: %s", what)
	}
	m, ok := ev.t.mappings[keys[0]]
	if !ok {
		return Value{}, errAt(p, "Fn::FindInMap: expected a mapping named %q in Mappings", keys[0])
	}
	_, top := lookup(m, keys[1])
	if top == nil {
		return def(fmt.Sprintf("mapping %s has no key %q", keys[0], keys[1]))
	}
	_, v := lookup(top, keys[2])
	if v == nil {
		return def(fmt.Sprintf("mapping %s.%s has no key %q", keys[0], keys[1], keys[2]))
	}
	if bad := firstIntrinsic(v, 0); bad != nil {
		return Value{}, errAt(ev.pos(bad), "Mappings %s: expected literal values (CloudFormation allows no parameters, pseudo parameters or intrinsic functions in Mappings)", keys[0])
	}
	return ev.eval(v, depth)
}

func (ev *evaluator) cidr(arg *yaml.Node, p Pos, depth int) (Value, error) {
	a, err := seqArgs(ev, "Fn::Cidr", arg, p, 3, 3, "[ipBlock, count, cidrBits]")
	if err != nil {
		return Value{}, err
	}
	var vs [3]Value
	for i := range 3 {
		if vs[i], err = ev.eval(a[i], depth); err != nil {
			return Value{}, err
		}
	}
	block, ok := vs[0].String()
	if !ok {
		return unknown(p, "Fn::Cidr of an address block that is not known statically (%s)", vs[0].Excerpt()), nil
	}
	count, ok1 := vs[1].Int()
	bits, ok2 := vs[2].Int()
	if !ok1 || !ok2 {
		if vs[1].Kind == KindScalar && vs[2].Kind == KindScalar {
			return Value{}, errAt(p, "Fn::Cidr: expected integer count and cidrBits")
		}
		return unknown(p, "Fn::Cidr with a count or size that is not known statically"), nil
	}
	prefix, err := netip.ParsePrefix(block)
	if err != nil {
		return Value{}, errAt(ev.pos(a[0]), "Fn::Cidr: expected an address block in CIDR notation, got %q", block)
	}
	prefix = prefix.Masked()
	addrBits := prefix.Addr().BitLen()
	newLen := addrBits - bits
	if count < 1 || count > 256 || bits < 1 || newLen < prefix.Bits() {
		return Value{}, errAt(p, "Fn::Cidr: expected 1 to 256 blocks of cidrBits host bits that fit in %s", prefix)
	}
	if newLen-prefix.Bits() < 30 && count > 1<<(newLen-prefix.Bits()) {
		return Value{}, errAt(p, "Fn::Cidr: %s holds only %d blocks of /%d, %d asked", prefix, 1<<(newLen-prefix.Bits()), newLen, count)
	}
	base := new(big.Int).SetBytes(prefix.Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	l := Value{Kind: KindList, at: atOf(p)}
	for i := range count {
		n := new(big.Int).Add(base, new(big.Int).Mul(step, big.NewInt(int64(i))))
		b := n.FillBytes(make([]byte, addrBits/8))
		addr, _ := netip.AddrFromSlice(b)
		l.Items = append(l.Items, str(netip.PrefixFrom(addr, newLen).String(), p))
	}
	return l, nil
}

// maxValueLen bounds the strings Fn::Sub and Fn::Join build (CloudFormation itself limits a
// template to 1 MB), so that templates doubling a string through references cannot
// exhaust memory.
const maxValueLen = 1 << 20

// valueLen is the length of the text a value contributes to a string.
func valueLen(v Value) int {
	n := len(v.Str)
	for _, it := range v.Items {
		n += len(it.Str)
	}
	return n
}

// maxListLen bounds the lists Fn::Split builds.
const maxListLen = 1 << 16

func limited(v Value) (Value, error) {
	if valueLen(v) > maxValueLen {
		return Value{}, tooLong(v.Pos())
	}
	return v, nil
}

func tooLong(p Pos) error {
	return errAt(p, "a value longer than %d bytes: expected the strings of a CloudFormation template (at most 1 MB)", maxValueLen)
}

// concat builds a string from parts, collapsing to a scalar when every part is known.
// Consecutive known parts are joined with one strings.Builder (appending each to the
// previous string copied it again: quadratic in the number of parts).
func concat(parts []Value, p Pos) Value {
	var (
		merged []Value
		run    strings.Builder
		first  Value // the first scalar of the run being built
		inRun  bool
	)
	flush := func() {
		if inRun {
			first.Str, first.Tag = run.String(), "!!str"
			merged = append(merged, first)
			run.Reset()
			inRun = false
		}
	}
	add := func(v Value) {
		if v.Kind != KindScalar {
			flush()
			merged = append(merged, v)
			return
		}
		if v.Str == "" {
			return
		}
		if !inRun {
			first, inRun = v, true
		}
		run.WriteString(v.Str)
	}
	for _, pt := range parts {
		if pt.Kind == KindConcat {
			for _, q := range pt.Items {
				add(q)
			}
		} else {
			add(pt)
		}
	}
	flush()
	allKnown := true
	for _, m := range merged {
		if m.Kind != KindScalar {
			allKnown = false
		}
	}
	if allKnown {
		if len(merged) == 0 {
			return str("", p)
		}
		s := merged[0]
		s.at, s.Tag = atOf(p), "!!str"
		return s
	}
	if len(merged) == 1 { // a lone reference, symbol or unknown is that value itself
		u := merged[0]
		u.at = atOf(p)
		return u
	}
	return Value{Kind: KindConcat, at: atOf(p), Items: merged}
}

// firstIntrinsic returns the first intrinsic function call inside n, if any.
func firstIntrinsic(n *yaml.Node, depth int) *yaml.Node {
	if isTagged(n) || depth > maxDepth {
		return n
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		if k := n.Content[0].Value; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return n
		}
	}
	for _, c := range n.Content {
		if bad := firstIntrinsic(c, depth+1); bad != nil {
			return bad
		}
	}
	return nil
}
