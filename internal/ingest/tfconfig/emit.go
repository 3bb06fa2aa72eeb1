package tfconfig

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
)

// planKeys are the attribute and block names whose absence the plan reader reads
// differently from null: a plan has a value for every attribute of the provider's schema
// (null when unset), and the plan reader takes null as the provider's default (a boolean
// or number: tri, integer), but an absent value as known only after apply. This reader
// knows no schema, so each of these that a block does not set is given as null. (For the
// attributes read as strings, lists, maps and references, null and absent read the
// same, and are not listed.) TestPlanKeysCover keeps the list complete.
var planKeys = []string{
	"apply_server_side_encryption_by_default", "assume_role_policy", "authorize_all_groups", "bucket_key_enabled",
	"connection_log_options", "connectivity_type", "egress", "enable_dns_hostnames", "enable_dns_support",
	"enable_key_rotation", "enabled", "evaluation_periods", "forward", "from_port", "health_check", "icmp_code",
	"icmp_type", "internal", "is_enabled", "load_balancer_type", "logging_configuration", "map_public_ip_on_launch",
	"max_webservers", "max_workers", "min_webservers", "min_workers", "multi_region", "network_configuration",
	"period", "policy", "port", "private_dns_enabled", "retention_in_days", "route", "rule", "schedulers",
	"security_group_ids", "self", "server_side_encryption_configuration", "service_name", "split_tunnel",
	"subnet_ids", "target_type", "to_port", "versioning", "versioning_configuration", "vpc_endpoint_type",
	"vpn_port",
}

var planKeySet = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range planKeys {
		m[k] = true
	}
	return m
}()

// emitResource gives a resource instance to the plan reader in the plan's shapes.
func (ev *evaluator) emitResource(in *instance, r *resourceDecl, addr string, tb *tbody) tfplan.Resource {
	v, u, e := emitBody(tb)
	return tfplan.Resource{
		Address: addr, Module: in.addr, Type: r.typ, Name: r.name,
		Values: v, Unknown: u, Expressions: e,
		Source: model.Source{File: r.decl.Filename, Line: r.decl.Start.Line, Column: r.decl.Start.Column, ID: addr},
	}
}

var nullNode = &jsonpos.Node{Kind: jsonpos.Null}

// emitBody returns the values, after_unknown markers and configuration expressions of a
// body.
func emitBody(tb *tbody) (v, u, e *jsonpos.Node) {
	v = &jsonpos.Node{Kind: jsonpos.Object, Line: tb.rng.Start.Line, Column: tb.rng.Start.Column,
		Members: make([]jsonpos.Member, 0, len(tb.attrs)+len(tb.blocks)+len(planKeys))}
	e = &jsonpos.Node{Kind: jsonpos.Object, Members: make([]jsonpos.Member, 0, len(tb.attrs)+len(tb.blocks))}
	var um []jsonpos.Member
	set := make(map[string]bool, len(tb.attrs)+len(tb.blocks))
	for _, a := range tb.attrs {
		set[a.name] = true
		av, au := emitValue(a.val, a.rng)
		if av == nil && refAttr(a.name) && (a.val.Type() == cty.String || a.val.Type() == cty.DynamicPseudoType) {
			// An ARN or key known only later: a reference to something outside the input
			// ("${var.execution_role_arn}"), so that checks say "not verifiable" where
			// an absent value would read as "not set".
			ref := "unknown"
			if len(a.refs) > 0 {
				ref = a.refs[0]
			}
			av, au = &jsonpos.Node{Kind: jsonpos.String, Text: "${" + ref + "}", Line: a.rng.Start.Line, Column: a.rng.Start.Column}, nil
		}
		if av != nil {
			v.Members = append(v.Members, jsonpos.Member{Key: a.name, Line: a.rng.Start.Line, Col: a.rng.Start.Column, Value: av})
		}
		if au != nil {
			um = append(um, jsonpos.Member{Key: a.name, Value: au})
		}
		ex := &jsonpos.Node{Kind: jsonpos.Object}
		if len(a.refs) > 0 {
			refs := &jsonpos.Node{Kind: jsonpos.Array}
			for _, s := range a.refs {
				refs.Elems = append(refs.Elems, &jsonpos.Node{Kind: jsonpos.String, Text: s})
			}
			ex.Members = []jsonpos.Member{{Key: "references", Value: refs}}
		}
		e.Members = append(e.Members, jsonpos.Member{Key: a.name, Value: ex})
	}
	type group struct {
		v, u, e *jsonpos.Node
		anyU    bool
	}
	groups := map[string]*group{}
	var order []string
	for _, b := range tb.blocks {
		g := groups[b.typ]
		if g == nil {
			g = &group{v: &jsonpos.Node{Kind: jsonpos.Array, Line: b.body.rng.Start.Line, Column: b.body.rng.Start.Column},
				u: &jsonpos.Node{Kind: jsonpos.Array}, e: &jsonpos.Node{Kind: jsonpos.Array}}
			groups[b.typ] = g
			order = append(order, b.typ)
		}
		bv, bu, be := emitBody(b.body)
		g.v.Elems = append(g.v.Elems, bv)
		if bu == nil {
			bu = &jsonpos.Node{Kind: jsonpos.Object}
		} else {
			g.anyU = true
		}
		g.u.Elems = append(g.u.Elems, bu)
		g.e.Elems = append(g.e.Elems, be)
	}
	for _, t := range order {
		g := groups[t]
		set[t] = true
		v.Members = append(v.Members, jsonpos.Member{Key: t, Line: g.v.Line, Col: g.v.Column, Value: g.v})
		e.Members = append(e.Members, jsonpos.Member{Key: t, Value: g.e})
		if g.anyU {
			um = append(um, jsonpos.Member{Key: t, Value: g.u})
		}
	}
	for t, rng := range tb.unknownBlocks {
		if set[t] {
			continue
		}
		set[t] = true
		um = append(um, jsonpos.Member{Key: t, Value: &jsonpos.Node{Kind: jsonpos.Bool, True: true}})
		e.Members = append(e.Members, jsonpos.Member{Key: t, Value: &jsonpos.Node{Kind: jsonpos.Object, Line: rng.Start.Line, Column: rng.Start.Column}})
	}
	for _, k := range planKeys {
		if !set[k] {
			v.Members = append(v.Members, jsonpos.Member{Key: k, Value: nullNode})
		}
	}
	if len(um) > 0 {
		u = &jsonpos.Node{Kind: jsonpos.Object, Members: um}
	}
	return v, u, e
}

var trueNode = &jsonpos.Node{Kind: jsonpos.Bool, True: true}

// emitValue converts a value to its plan JSON (nil when unknown) and after_unknown
// marker (nil when wholly known). A symbolic ID or ARN becomes the resource's address; a
// string made from one holds it as the model's symbol ("${aws_s3_bucket.b.Arn}/*"), or is
// unknown when a function took one apart.
func emitValue(val cty.Value, rng hcl.Range) (v, u *jsonpos.Node) {
	val, _ = val.UnmarkDeep()
	line, col := rng.Start.Line, rng.Start.Column
	if !val.IsKnown() {
		return nil, trueNode
	}
	if val.IsNull() {
		return &jsonpos.Node{Kind: jsonpos.Null, Line: line, Column: col}, nil
	}
	ty := val.Type()
	switch {
	case ty == cty.String:
		s := val.AsString()
		if addr, ok := symbolAddr(s); ok {
			return &jsonpos.Node{Kind: jsonpos.String, Text: addr, Line: line, Column: col}, nil
		}
		if isSymbolic(s) {
			t, ok := symbolText(s)
			if !ok {
				return nil, trueNode
			}
			s = t
		}
		return &jsonpos.Node{Kind: jsonpos.String, Text: s, Line: line, Column: col}, nil
	case ty == cty.Number:
		return &jsonpos.Node{Kind: jsonpos.Number, Text: numberText(val), Line: line, Column: col}, nil
	case ty == cty.Bool:
		return &jsonpos.Node{Kind: jsonpos.Bool, True: val.True(), Line: line, Column: col}, nil
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		arr := &jsonpos.Node{Kind: jsonpos.Array, Line: line, Column: col}
		var marks []*jsonpos.Node
		any := false
		for it := val.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			ev2, eu := emitValue(ev, rng)
			if ev2 == nil {
				ev2 = &jsonpos.Node{Kind: jsonpos.Null, Line: line, Column: col}
			}
			arr.Elems = append(arr.Elems, ev2)
			if eu == nil {
				eu = &jsonpos.Node{Kind: jsonpos.Bool}
			} else {
				any = true
			}
			marks = append(marks, eu)
		}
		if any {
			return arr, &jsonpos.Node{Kind: jsonpos.Array, Elems: marks}
		}
		return arr, nil
	case ty.IsMapType() || ty.IsObjectType():
		obj := &jsonpos.Node{Kind: jsonpos.Object, Line: line, Column: col}
		var um []jsonpos.Member
		for it := val.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			key := k.AsString()
			ev2, eu := emitValue(ev, rng)
			if ev2 != nil {
				obj.Members = append(obj.Members, jsonpos.Member{Key: key, Line: line, Col: col, Value: ev2})
			}
			if eu != nil {
				um = append(um, jsonpos.Member{Key: key, Value: eu})
			}
		}
		if len(um) > 0 {
			return obj, &jsonpos.Node{Kind: jsonpos.Object, Members: um}
		}
		return obj, nil
	}
	return nil, trueNode
}

func numberText(v cty.Value) string {
	bf := v.AsBigFloat()
	if bf.IsInt() {
		return bf.Text('f', 0)
	}
	return strings.TrimRight(strings.TrimRight(bf.Text('f', 10), "0"), ".")
}

// refAttr reports whether an attribute names another object by ARN or key ID
// (execution_role_arn, source_bucket_arn, kms_key, policy_arn, ...).
func refAttr(name string) bool {
	return strings.HasSuffix(name, "_arn") || name == "kms_key" || name == "kms_key_id" || name == "kms_master_key_id"
}
