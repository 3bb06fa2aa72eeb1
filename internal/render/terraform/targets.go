package terraform

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

// declareTargets gives every model object its Terraform address, and every existing AWS
// object the variable that holds its ID.
func (r *renderer) declareTargets() {
	a := r.a
	res := func(kind, id, typ, name string) {
		r.refs[id] = &target{kind: kind, addr: trav(typ, name)}
	}
	newVPCs := 0
	for _, v := range a.VPCs {
		if !IsExisting(v.ID) {
			newVPCs++
		}
	}
	for _, v := range a.VPCs {
		switch {
		case IsExisting(v.ID):
			r.existing(v.ID)
		case newVPCs == 1:
			res("vpc", v.ID, "aws_vpc", "main")
		default:
			res("vpc", v.ID, "aws_vpc", snake(v.ID))
		}
	}
	for _, s := range a.Subnets {
		if IsExisting(s.ID) {
			r.existing(s.ID)
		} else {
			res("subnet", s.ID, "aws_subnet", snake(s.ID))
		}
	}
	for _, x := range a.RouteTables {
		if x.Main {
			// The VPC's main route table exists with the VPC: refer to it, never create it.
			if v := r.refs[x.VPC]; v != nil && !v.existing {
				r.refs[x.ID] = &target{kind: "routetable", addr: attr(v.addr, "main_route_table_id"), existing: true}
				continue
			}
		}
		res("routetable", x.ID, "aws_route_table", snake(x.ID))
	}
	for _, x := range a.NetworkACLs {
		if x.Default {
			// The VPC's default ACL exists with the VPC: refer to it, never create it.
			if v := r.refs[x.VPC]; v != nil {
				r.refs[x.ID] = &target{kind: "networkacl", addr: attr(v.addr, "default_network_acl_id"), existing: true}
			}
			continue
		}
		res("networkacl", x.ID, "aws_network_acl", snake(x.ID))
	}
	for _, x := range a.SecurityGroups {
		res("securitygroup", x.ID, "aws_security_group", snake(x.ID))
	}
	r.nameRules()
	for _, x := range a.InternetGateways {
		res("igw", x.ID, "aws_internet_gateway", snake(x.ID))
	}
	for _, x := range a.ElasticIPs {
		res("eip", x.ID, "aws_eip", snake(x.ID))
	}
	for _, x := range a.NATGateways {
		res("nat", x.ID, "aws_nat_gateway", snake(x.ID))
	}
	for _, x := range a.PrefixLists {
		r.refs[x.ID] = &target{kind: "prefixlist", addr: trav("data", "aws_prefix_list", snake(x.ID))}
	}
	grouped := r.interfaceGroup()
	for _, x := range a.Endpoints {
		if svc, ok := grouped.members[x.ID]; ok {
			r.refs[x.ID] = &target{kind: "endpoint", addr: index(trav("aws_vpc_endpoint", "interface"), cty.StringVal(svc))}
			continue
		}
		res("endpoint", x.ID, "aws_vpc_endpoint", snake(x.ID))
	}
	for _, x := range a.ClientVPNs {
		res("clientvpn", x.ID, "aws_ec2_client_vpn_endpoint", snake(x.ID))
	}
	for _, x := range a.Environments {
		res("environment", x.ID, "aws_mwaa_environment", snake(x.ID))
	}
	for _, x := range a.Buckets {
		res("bucket", x.ID, "aws_s3_bucket", snake(x.ID))
	}
	for _, x := range a.Keys {
		res("key", x.ID, "aws_kms_key", snake(x.ID))
	}
	for _, x := range a.Roles {
		res("role", x.ID, "aws_iam_role", snake(x.ID))
	}
	for _, x := range a.ManagedPolicies {
		if x.Inline {
			res("inlinepolicy", x.ID, "aws_iam_role_policy", snake(x.ID))
		} else {
			res("policy", x.ID, "aws_iam_policy", snake(x.ID))
		}
	}
	for _, x := range a.LogGroups {
		res("loggroup", x.ID, "aws_cloudwatch_log_group", snake(x.ID))
	}
	for _, x := range a.Alarms {
		res("alarm", x.ID, "aws_cloudwatch_metric_alarm", snake(x.ID))
	}
	for _, x := range a.Topics {
		res("topic", x.ID, "aws_sns_topic", snake(x.ID))
	}
}

// ruleKey identifies a security-group rule: group, direction (0 ingress, 1 egress), index.
func ruleKey(sg string, dir, i int) string { return fmt.Sprintf("%s/%d/%d", sg, dir, i) }

var ruleTypes = [2]string{"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"}

// nameRules names each security-group rule's resource: its own ID (Source.ID, the
// logical ID of a standalone rule) in snake_case, which other objects may refer to, or
// <group>_<direction>_<n>.
func (r *renderer) nameRules() {
	used := map[string]bool{}
	for _, sg := range r.a.SecurityGroups {
		for dir, rules := range [][]model.SGRule{sg.Ingress, sg.Egress} {
			for i, rule := range rules {
				name := snake(rule.Source.ID)
				if rule.Source.ID == "" || used[ruleTypes[dir]+"."+name] || r.refs[rule.Source.ID] != nil {
					name = fmt.Sprintf("%s_%s_%d", snake(sg.ID), []string{"ingress", "egress"}[dir], i+1)
				} else {
					r.refs[rule.Source.ID] = &target{kind: "sgrule", addr: trav(ruleTypes[dir], name)}
				}
				used[ruleTypes[dir]+"."+name] = true
				r.ruleNames[ruleKey(sg.ID, dir, i)] = name
			}
		}
	}
}

// existingVars names the variable of each kind of existing AWS ID, and whether it is a
// list.
var existingVars = map[string]struct {
	name, what string
	list       bool
}{
	"vpc":    {"existing_vpc_id", "ID of the existing VPC the environment goes into", false},
	"subnet": {"existing_subnet_ids", "IDs of the two existing private subnets (two Availability Zones) of the environment", true},
	"rtb":    {"existing_route_table_ids", "IDs of the route tables of the existing private subnets (the S3 gateway endpoint is added to them)", true},
	"sg":     {"existing_security_group_ids", "IDs of existing security groups", true},
}

// existing registers an existing AWS ID and returns its target: an element of a list
// variable (existing_subnet_ids[0]) or a single variable (existing_vpc_id).
func (r *renderer) existing(id string) *target {
	if t := r.refs[id]; t != nil {
		return t
	}
	prefix := id[:strings.LastIndexByte(id, '-')]
	ev, ok := existingVars[prefix]
	if !ok {
		ev = existingVars["sg"]
		ev.name = "existing_" + strings.ReplaceAll(prefix, "-", "_") + "_ids"
		ev.what = "IDs of existing " + prefix + " objects"
	}
	v := r.vars[ev.name]
	if v == nil {
		v = &variable{name: ev.name, description: ev.what}
		if ev.list {
			v.typ = "list(string)"
			v.validations = []validation{{
				cond: "alltrue([for id in var." + ev.name + " : can(regex(\"^" + prefix + "-[0-9a-f]+$\", id))])",
				msg:  "Each ID must look like " + prefix + "-0123456789abcdef0.",
			}}
		} else {
			v.typ = "string"
			v.validations = []validation{{
				cond: "can(regex(\"^" + prefix + "-[0-9a-f]+$\", var." + ev.name + "))",
				msg:  "The ID must look like " + prefix + "-0123456789abcdef0.",
			}}
		}
		r.addVar(v)
	}
	t := &target{kind: prefix, existing: true}
	if ev.list {
		t.addr = index(trav("var", ev.name), cty.NumberIntVal(int64(len(v.listDefault))))
		v.listDefault = append(v.listDefault, id)
	} else {
		t.addr = trav("var", ev.name)
		v.def = cty.StringVal(id)
	}
	r.refs[id] = t
	return t
}

// interfaceGrouping is the interface endpoints rendered as one for_each resource.
type interfaceGrouping struct {
	members  map[string]string // endpoint ID -> service short name
	services []string
	first    *model.VPCEndpoint
	prefix   string // the service name before the short name
}

// interfaceGroup finds the interface endpoints that differ only by their AWS service
// (same VPC, subnets, security groups, private DNS, no policy, names ENV-<service>).
func (r *renderer) interfaceGroup() *interfaceGrouping {
	g := &interfaceGrouping{members: map[string]string{}}
	for _, e := range r.a.Endpoints {
		if e.Type != model.EndpointInterface || e.Policy != nil {
			continue
		}
		short := model.ServiceShortName(e.Service)
		if short == e.Service || !strings.HasSuffix(e.Service, "."+short) {
			continue
		}
		prefix := strings.TrimSuffix(e.Service, short)
		if e.Name != "" && e.Name != r.a.Name+"-"+short {
			continue
		}
		if g.first == nil {
			g.first, g.prefix = e, prefix
		} else if prefix != g.prefix || e.VPC != g.first.VPC || e.PrivateDNS != g.first.PrivateDNS ||
			strings.Join(e.Subnets, ",") != strings.Join(g.first.Subnets, ",") ||
			strings.Join(e.SecurityGroups, ",") != strings.Join(g.first.SecurityGroups, ",") ||
			(e.Name == "") != (g.first.Name == "") || len(e.Tags) > 0 {
			continue
		}
		g.members[e.ID] = short
		g.services = append(g.services, short)
	}
	if len(g.members) < 2 {
		return &interfaceGrouping{members: map[string]string{}}
	}
	return g
}
