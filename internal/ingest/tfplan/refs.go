package tfplan

import (
	"sort"
	"strings"
)

func sortStrings(s []string) { sort.Strings(s) }

// ofType reports whether the model ID id is the address of a resource of one of types
// (any type when none are given), or a literal (not a resource of the plan).
func (p *plan) ofType(id string, types []string) bool {
	r := p.byAddr[id]
	if r == nil || len(types) == 0 {
		return true
	}
	for _, t := range types {
		if r.typ == t {
			return true
		}
	}
	return false
}

// literalID maps a known value to the address of the planned resource with that ID, or
// keeps it.
func (p *plan) literalID(s string, types []string) string {
	if a := p.byID[s]; a != "" && p.ofType(a, types) {
		return a
	}
	return s
}

// targets returns the model IDs the expression of y refers to, keeping only resources of
// the given types. A reference to a whole resource (aws_subnet.a) is skipped when the
// same expression also names one of its instances (aws_subnet.a[0].id).
func (r *resource) targets(y val, types []string) []string {
	refs := y.refs()
	keyed := map[string]bool{}
	for _, ref := range refs {
		if b, key := refBase(ref); key {
			keyed[b] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, ref := range refs {
		if b, key := refBase(ref); !key && keyed[b] {
			continue
		}
		for _, t := range r.p.resolve(r.module, ref) {
			id := t.literal
			if t.res != nil {
				id = t.res.addr
			} else if id != "" {
				id = r.p.literalID(id, types)
			}
			if id == "" || seen[id] || !r.p.ofType(id, types) {
				continue
			}
			if t.res == nil && r.p.byAddr[id] == nil && !looksLikeID(id) {
				continue // a literal that is not an AWS ID or ARN (a name, a CIDR)
			}
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// looksLikeID reports whether s may be an AWS resource ID or ARN ("subnet-0abc",
// "arn:aws:...").
func looksLikeID(s string) bool {
	if strings.HasPrefix(s, "arn:") {
		return true
	}
	i := strings.IndexByte(s, '-')
	return i > 0 && !strings.ContainsAny(s, " /")
}

// refBase returns the resource part of a reference ("aws_subnet.a" for
// "aws_subnet.a[0].id") and whether it names an instance key.
func refBase(ref string) (string, bool) {
	steps := parseRef(ref)
	if len(steps) < 2 {
		return ref, false
	}
	return steps[0].name + "." + steps[1].name, steps[1].key != ""
}

// ref returns the model ID that attribute key names: the literal value when known
// (mapped to a planned resource's address when one has that ID), else the resource its
// configuration refers to. Among several instances, the one with the same instance key
// as r is chosen; "" when it cannot be told.
func (r *resource) ref(x val, key string, types ...string) string {
	y := x.get(key)
	if !y.unknown() {
		s := r.str(x, key)
		if s == "" {
			return ""
		}
		return r.p.literalID(s, types)
	}
	cands := r.targets(y, types)
	if len(cands) == 1 {
		return cands[0]
	}
	for _, c := range cands {
		if t := r.p.byAddr[c]; t != nil && r.index != "" && t.index == r.index {
			return c
		}
	}
	if len(cands) == 0 && key == "vpc_id" && refersToLocal(y) {
		// Locals are not in the plan (terraform-aws-modules/vpc writes vpc_id =
		// local.vpc_id): a module with a single VPC means that one.
		if vpcs := r.p.inModule(r.module, "aws_vpc"); len(vpcs) == 1 {
			return vpcs[0]
		}
	}
	return ""
}

func refersToLocal(y val) bool {
	for _, ref := range y.refs() {
		if strings.HasPrefix(ref, "local.") {
			return true
		}
	}
	return false
}

// inModule returns the addresses of the resources of type typ in module instance module.
func (p *plan) inModule(module, typ string) []string {
	var out []string
	for _, r := range p.res {
		if r.module == module && r.typ == typ {
			out = append(out, r.addr)
		}
	}
	return out
}

// refs returns the model IDs of a list attribute (subnet_ids, security_group_ids).
func (r *resource) refs(x val, key string, types ...string) []string {
	y := x.get(key)
	es := y.elems()
	allKnown := !y.unknown()
	for _, e := range es {
		if e.unknown() {
			allKnown = false
		}
	}
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if allKnown {
		for _, e := range es {
			if s, ok := e.v.Str(); ok {
				add(r.p.literalID(s, types))
			}
		}
		return out
	}
	for _, e := range es {
		if s, ok := e.v.Str(); ok && !e.unknown() {
			add(r.p.literalID(s, types))
		}
	}
	for _, id := range r.targets(y, types) {
		add(id)
	}
	return out
}
