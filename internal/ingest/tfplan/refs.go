package tfplan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
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
	out, _ := r.targetsWide(y, types)
	return out
}

// targetsWide is targets, also telling whether the expression may select fewer than the
// objects returned (see plan.wide and plan.computed): then they are the candidates, a
// superset of the value.
func (r *resource) targetsWide(y val, types []string) ([]string, bool) {
	r.p.wide, r.p.computed = false, false
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
		found := r.p.resolve(r.module, ref)
		if ref == "each.value" || strings.HasPrefix(ref, "each.value.") || strings.HasPrefix(ref, "each.value[") {
			found = r.eachValue()
		}
		for _, t := range found {
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
	return out, r.p.wide || r.p.computed
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
//
// A list known only after apply is read from the references of its expression, and the
// plan gives nothing else: slice(module.vpc.private_subnets, 0, 2),
// element(aws_subnet.private[*].id, 0) and module.vpc.private_subnets all refer to every
// instance. Such a reference is read as all of them (a splat, a for expression or a
// module output is, most often); where the expression evidently selects (it also depends
// on a number variable, a local, count.index) an ingest finding says the list is read
// as its candidates. Where that cannot stand (the environment's two subnets), see
// refsWide.
func (r *resource) refs(x val, key string, types ...string) []string {
	out, wide := r.refsWide(x, key, types...)
	if wide && r.p.computed {
		r.p.candidates(r, key, out)
	}
	return out
}

// refsWide is refs without the finding, also telling whether the IDs are candidates (a
// superset of the value) rather than the value.
func (r *resource) refsWide(x val, key string, types ...string) ([]string, bool) {
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
		return out, false
	}
	for _, e := range es {
		if s, ok := e.v.Str(); ok && !e.unknown() {
			add(r.p.literalID(s, types))
		}
	}
	ids, wide := r.targetsWide(y, types)
	for _, id := range ids {
		add(id)
	}
	return out, wide
}

// RuleCandidates is the rule ID of the ingest finding for a list the plan gives only by
// the references of an expression that selects among them.
const RuleCandidates = "TFPLAN/list-from-expression"

// candidates records that list attribute key of r is read as all the objects its
// expression refers to, though the expression may select fewer.
func (p *plan) candidates(r *resource, key string, ids []string) {
	k := r.addr + "." + key + "#candidates"
	if p.unknownSet[k] || len(ids) == 0 {
		return
	}
	p.unknownSet[k] = true
	p.a.IngestFindings = append(p.a.IngestFindings, model.Finding{
		Rule:     RuleCandidates,
		Severity: model.SeverityInfo,
		Resource: r.addr,
		Source:   r.src,
		Message: fmt.Sprintf("%s.%s is known only after apply and computed by an expression (slice, element, a for with a condition, ...) the plan gives only by what it refers to; it is read as all %d of them (%s), so a check can miss one it leaves out",
			r.addr, key, len(ids), textsafe.Excerpt(strings.Join(ids, ", "))),
		Fix: "check the applied network with 'mwaanet check --live', or name the objects directly (aws_route_table.private[\"a\"].id)",
	})
}

// eachValue resolves each.value of a resource with for_each over other resources
// (for_each = aws_subnet.public; subnet_id = each.value.id): the instance of the
// for_each collection with the same key as r.
func (r *resource) eachValue() []target {
	cr := r.p.configRes[configPath(r.module)+"|"+r.typ+"."+r.name]
	fe := val{e: cr.Get("for_each_expression")}
	if r.index == "" {
		return nil
	}
	var out []target
	for _, ref := range fe.refs() {
		for _, t := range r.p.resolve(r.module, ref) {
			if t.res != nil && t.res.index == r.index {
				out = append(out, t)
			}
		}
	}
	return out
}
