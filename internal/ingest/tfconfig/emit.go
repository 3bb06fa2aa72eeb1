package tfconfig

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
)

// planKeys are the attribute and block names the plan reader looks at. A plan has a value
// for every attribute of the provider's schema (null when unset); this reader knows no
// schema, so each of these that a block does not set is given as null, which the plan
// reader reads as the provider's default. TestPlanKeysCover keeps the list complete.
var planKeys = []string{
	"id", "arn", "access_group_id", "action", "airflow_configuration_options", "airflow_version", "alarm_actions",
	"alarm_description", "alarm_name", "allocation_id", "apply_server_side_encryption_by_default",
	"assume_role_policy", "authentication_options", "authorize_all_groups", "availability_zone",
	"availability_zone_id", "bucket", "bucket_key_enabled", "carrier_gateway_id", "cidr_block", "cidr_blocks",
	"cidr_ipv4", "cidr_ipv6", "client_cidr_block", "client_vpn_endpoint_id", "cloud_watch_log_group_arn",
	"comparison_operator", "connection_log_options", "connectivity_type", "core_network_arn",
	"dag_processing_logs", "dag_s3_path", "database_vpc_endpoint_service", "default_network_acl_id",
	"default_route_table_id", "description", "destination_cidr_block", "destination_ipv6_cidr_block",
	"destination_prefix_list_id", "dimensions", "dns_servers", "egress", "egress_only_gateway_id",
	"enable_dns_hostnames", "enable_dns_support", "enable_key_rotation", "enabled", "endpoint_management",
	"environment_class", "evaluation_periods", "execution_role_arn", "from_port", "gateway_id", "icmp_code",
	"icmp_type", "ignore_public_acls", "block_public_acls", "block_public_policy", "restrict_public_buckets",
	"ingress", "inline_policy", "instance", "instance_id", "internet_gateway_id", "ip_protocol",
	"ipv6_cidr_block", "ipv6_cidr_blocks", "is_enabled", "kms_key", "kms_key_id", "kms_master_key_id",
	"local_gateway_id", "log_level", "logging_configuration", "managed_policy_arns", "map_public_ip_on_launch",
	"max_webservers", "max_workers", "metric_name", "min_webservers", "min_workers", "multi_region", "name",
	"namespace", "nat_gateway_id", "network_acl_id", "network_configuration", "network_interface",
	"network_interface_id", "owner_id", "path", "period", "plugins_s3_path", "policy", "policy_arn",
	"prefix_list_id", "prefix_list_ids", "private_dns_enabled", "private_ip", "protocol", "public_ip",
	"referenced_security_group_id", "requirements_s3_path", "retention_in_days", "role",
	"root_certificate_chain_arn", "route", "route_table_id", "route_table_ids", "rule", "rule_action",
	"rule_no", "rule_number", "schedulers", "scheduler_logs", "security_group_id", "security_group_ids",
	"security_groups", "self", "server_certificate_arn", "server_side_encryption_configuration",
	"service_name", "source_bucket_arn", "source_security_group_id", "split_tunnel", "sse_algorithm",
	"startup_script_s3_path", "statistic", "status", "subnet_id", "subnet_ids", "tags", "target_key_id",
	"target_network_cidr", "target_vpc_subnet_id", "task_logs", "threshold", "to_port", "transit_gateway_id",
	"transport_protocol", "treat_missing_data", "type", "versioning", "versioning_configuration",
	"vpc_endpoint_id", "vpc_endpoint_type", "vpc_id", "vpc_peering_connection_id", "vpn_port",
	"webserver_access_mode", "webserver_logs", "webserver_url", "webserver_vpc_endpoint_service",
	"weekly_maintenance_window_start", "worker_logs",
	// ELBv2 (the plan reader's elb.go).
	"load_balancer_type", "subnet_mapping", "target_type", "health_check", "certificate_arn", "default_action",
	"forward", "target_group", "target_id",
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
// marker (nil when wholly known). A symbolic ID becomes the resource's address; a string
// derived from one is unknown.
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
			return nil, trueNode
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
