package terraform

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/model"
)

const networkFile = "network.tf"

// nameOf is the resource name label of a model object.
func (r *renderer) nameOf(id string) string {
	return r.refs[id].addr[1].(hcl.TraverseAttr).Name
}

// network writes the VPC, subnets, gateways, route tables and network ACLs.
func (r *renderer) network() error {
	a := r.a
	for _, v := range a.VPCs {
		if IsExisting(v.ID) {
			continue
		}
		b := r.resource(networkFile, "aws_vpc", r.nameOf(v.ID))
		if len(v.CIDRs) == 0 || !v.CIDRs[0].IsValid() {
			return fmt.Errorf("terraform: VPC %s has no known CIDR", v.ID)
		}
		b.SetAttributeRaw("cidr_block", r.cidr(v.CIDRs[0]))
		setBool(b, "enable_dns_support", v.EnableDNSSupport)
		setBool(b, "enable_dns_hostnames", v.EnableDNSHostnames)
		r.tags(b, v.Tags)
		for i, c := range v.CIDRs[1:] {
			sb := r.resource(networkFile, "aws_vpc_ipv4_cidr_block_association", fmt.Sprintf("%s_secondary_%d", r.nameOf(v.ID), i+1))
			sb.SetAttributeRaw("vpc_id", r.id(v.ID))
			sb.SetAttributeRaw("cidr_block", r.cidr(c))
		}
	}
	for _, g := range a.InternetGateways {
		b := r.resource(networkFile, "aws_internet_gateway", r.nameOf(g.ID))
		if len(g.VPCs) != 1 {
			return fmt.Errorf("terraform: internet gateway %s is attached to %d VPCs, want 1", g.ID, len(g.VPCs))
		}
		b.SetAttributeRaw("vpc_id", r.id(g.VPCs[0]))
		r.tags(b, g.Tags)
	}
	for _, s := range a.Subnets {
		if IsExisting(s.ID) {
			continue
		}
		b := r.resource(networkFile, "aws_subnet", r.nameOf(s.ID))
		b.SetAttributeRaw("vpc_id", r.id(s.VPC))
		if !s.CIDR.IsValid() {
			return fmt.Errorf("terraform: subnet %s has no known CIDR", s.ID)
		}
		b.SetAttributeRaw("cidr_block", r.cidr(s.CIDR))
		if s.AZ != "" {
			b.SetAttributeRaw("availability_zone", r.az(s.AZ))
		}
		setBool(b, "map_public_ip_on_launch", s.MapPublicIPOnLaunch)
		r.tags(b, s.Tags)
	}
	for _, e := range a.ElasticIPs {
		b := r.resource(networkFile, "aws_eip", r.nameOf(e.ID))
		b.SetAttributeValue("domain", cty.StringVal("vpc"))
		if t := r.refs[e.Association]; t != nil && t.kind == "nat" {
			for _, n := range a.NATGateways {
				if n.ID == e.Association {
					r.tags(b, n.Tags)
				}
			}
		}
	}
	for _, n := range a.NATGateways {
		b := r.resource(networkFile, "aws_nat_gateway", r.nameOf(n.ID))
		if n.Public == model.No {
			b.SetAttributeValue("connectivity_type", cty.StringVal("private"))
		} else if n.EIP != "" {
			b.SetAttributeRaw("allocation_id", r.id(n.EIP))
		}
		b.SetAttributeRaw("subnet_id", r.id(n.Subnet))
		r.tags(b, n.Tags)
		if n.Public != model.No {
			if igw := r.igwOf(n.Subnet); igw != "" {
				b.AppendNewline()
				b.SetAttributeRaw("depends_on", listTokens([]hclwrite.Tokens{travTokens(r.refs[igw].addr)}))
			}
		}
	}
	for _, rt := range a.RouteTables {
		if err := r.routeTable(rt); err != nil {
			return err
		}
	}
	for _, acl := range a.NetworkACLs {
		if err := r.networkACL(acl); err != nil {
			return err
		}
	}
	return nil
}

// az is the expression of an Availability Zone: "${AWS::Region}#i" is the i-th zone of
// data.aws_availability_zones; a literal name stays literal.
func (r *renderer) az(az string) hclwrite.Tokens {
	if rest, ok := strings.CutPrefix(az, model.PseudoRegion+"#"); ok {
		if i, err := strconv.Atoi(rest); err == nil {
			r.data["azs"] = true
			return travTokens(index(trav("data", "aws_availability_zones", "available", "names"), cty.NumberIntVal(int64(i))))
		}
	}
	return r.sym(az)
}

// igwOf returns the internet gateway of a subnet's VPC, "" if none.
func (r *renderer) igwOf(subnet string) string {
	s := r.ix.Subnets[subnet]
	if s == nil {
		return ""
	}
	for _, g := range r.a.InternetGateways {
		for _, v := range g.VPCs {
			if v == s.VPC && !g.Egress {
				return g.ID
			}
		}
	}
	return ""
}

// autoRoute reports whether AWS adds the route by itself: local routes and the routes a
// gateway endpoint associated with the table puts there.
func (r *renderer) autoRoute(rt *model.RouteTable, rr model.Route) bool {
	if rr.Target.Kind == model.TargetLocal {
		return true
	}
	if rr.Target.Kind == model.TargetVPCEndpoint && rr.DestinationPrefixList != "" {
		if e := r.ix.Endpoints[rr.Target.ID]; e != nil && e.Type == model.EndpointGateway {
			for _, id := range e.RouteTables {
				if id == rt.ID {
					return true
				}
			}
		}
	}
	return false
}

var routeTargetArgs = map[model.TargetKind]string{
	model.TargetInternetGateway:  "gateway_id",
	model.TargetVPNGateway:       "gateway_id",
	model.TargetEgressOnlyIGW:    "egress_only_gateway_id",
	model.TargetNATGateway:       "nat_gateway_id",
	model.TargetNetworkInterface: "network_interface_id",
	model.TargetVPCEndpoint:      "vpc_endpoint_id",
	model.TargetTransitGateway:   "transit_gateway_id",
	model.TargetPeering:          "vpc_peering_connection_id",
	model.TargetCarrierGateway:   "carrier_gateway_id",
	model.TargetLocalGateway:     "local_gateway_id",
	model.TargetCoreNetwork:      "core_network_arn",
}

func (r *renderer) routeTable(rt *model.RouteTable) error {
	var name string
	if t := r.refs[rt.ID]; t.existing {
		// The VPC's main table: only its routes and associations are written.
		name = snake(rt.ID)
	} else {
		name = r.nameOf(rt.ID)
		b := r.resource(networkFile, "aws_route_table", name)
		b.SetAttributeRaw("vpc_id", r.id(rt.VPC))
		r.tags(b, rt.Tags)
	}
	n := 0
	for _, rr := range rt.Routes {
		if r.autoRoute(rt, rr) {
			continue
		}
		n++
		arg, ok := routeTargetArgs[rr.Target.Kind]
		if !ok || rr.Target.ID == "" {
			return fmt.Errorf("terraform: route table %s: route to %s target %q cannot be written", rt.ID, rr.Target.Kind, rr.Target.ID)
		}
		rname := snake(rr.Source.ID)
		if rr.Source.ID == "" || r.names["aws_route."+rname] {
			rname = fmt.Sprintf("%s_%d", name, n)
		}
		rb := r.resource(networkFile, "aws_route", rname)
		r.routes[rt.ID] = append(r.routes[rt.ID], trav("aws_route", rname))
		rb.SetAttributeRaw("route_table_id", r.id(rt.ID))
		switch {
		case rr.DestinationPrefixList != "":
			rb.SetAttributeRaw("destination_prefix_list_id", r.id(rr.DestinationPrefixList))
		case rr.Destination.Addr().Is6():
			rb.SetAttributeRaw("destination_ipv6_cidr_block", r.cidr(rr.Destination))
		default:
			rb.SetAttributeRaw("destination_cidr_block", r.cidr(rr.Destination))
		}
		rb.SetAttributeRaw(arg, r.id(rr.Target.ID))
	}
	for _, s := range rt.Subnets {
		ab := r.resource(networkFile, "aws_route_table_association", r.assocName(s))
		ab.SetAttributeRaw("subnet_id", r.id(s))
		ab.SetAttributeRaw("route_table_id", r.id(rt.ID))
	}
	return nil
}

// assocName names the association of a subnet.
func (r *renderer) assocName(subnet string) string {
	if t := r.refs[subnet]; t != nil && !t.existing {
		return r.nameOf(subnet)
	}
	return snake(subnet)
}

func (r *renderer) networkACL(acl *model.NetworkACL) error {
	if acl.Default {
		return nil // the VPC's default ACL exists already
	}
	name := r.nameOf(acl.ID)
	b := r.resource(networkFile, "aws_network_acl", name)
	b.SetAttributeRaw("vpc_id", r.id(acl.VPC))
	if len(acl.Subnets) > 0 {
		b.SetAttributeRaw("subnet_ids", r.ids(acl.Subnets))
	}
	r.tags(b, acl.Tags)
	for _, e := range acl.Entries {
		if e.RuleNumber == model.DefaultRuleNumber {
			continue
		}
		dir := "ingress"
		if e.Egress {
			dir = "egress"
		}
		eb := r.resource(networkFile, "aws_network_acl_rule", fmt.Sprintf("%s_%s_%d", name, dir, e.RuleNumber))
		eb.SetAttributeRaw("network_acl_id", r.id(acl.ID))
		setInt(eb, "rule_number", e.RuleNumber)
		eb.SetAttributeValue("egress", cty.BoolVal(e.Egress))
		eb.SetAttributeValue("protocol", cty.StringVal(strconv.Itoa(int(e.Protocol))))
		action := "deny"
		if e.Allow {
			action = "allow"
		}
		eb.SetAttributeValue("rule_action", cty.StringVal(action))
		r.setCIDR(eb, "cidr_block", "ipv6_cidr_block", e.CIDR)
		switch {
		case e.Protocol.HasPorts():
			setInt(eb, "from_port", int(e.Ports.From))
			setInt(eb, "to_port", int(e.Ports.To))
		case e.Protocol == model.ICMP || e.Protocol == model.ICMPv6:
			setInt(eb, "icmp_type", int(e.ICMPType))
			setInt(eb, "icmp_code", int(e.ICMPCode))
		}
	}
	return nil
}

// setCIDR writes an IPv4 or IPv6 CIDR into the matching argument.
func (r *renderer) setCIDR(b *hclwrite.Body, v4, v6 string, p netip.Prefix) {
	if p.Addr().Is6() {
		b.SetAttributeRaw(v6, r.cidr(p))
	} else {
		b.SetAttributeRaw(v4, r.cidr(p))
	}
}

// securityGroups writes the groups and each rule as its own resource.
func (r *renderer) securityGroups() error {
	for _, sg := range r.a.SecurityGroups {
		name := r.nameOf(sg.ID)
		b := r.resource(networkFile, "aws_security_group", name)
		r.setSym(b, "name", sg.Name)
		r.setSym(b, "description", sg.Description)
		b.SetAttributeRaw("vpc_id", r.id(sg.VPC))
		r.tags(b, sg.Tags)
		for dir, rules := range [][]model.SGRule{sg.Ingress, sg.Egress} {
			for i, rule := range rules {
				b := r.resource(networkFile, ruleTypes[dir], r.ruleNames[ruleKey(sg.ID, dir, i)])
				if err := r.sgRule(b, sg, rule); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (r *renderer) sgRule(b *hclwrite.Body, sg *model.SecurityGroup, rule model.SGRule) error {
	b.SetAttributeRaw("security_group_id", r.id(sg.ID))
	r.setSym(b, "description", rule.Description)
	proto := rule.Protocol.String()
	if rule.Protocol == model.AllProtocols {
		proto = "-1"
	}
	b.SetAttributeValue("ip_protocol", cty.StringVal(proto))
	switch {
	case rule.Protocol.HasPorts():
		setInt(b, "from_port", int(rule.Ports.From))
		setInt(b, "to_port", int(rule.Ports.To))
	case rule.Protocol == model.ICMP || rule.Protocol == model.ICMPv6:
		setInt(b, "from_port", int(rule.Ports.From))
		setInt(b, "to_port", int(rule.Ports.To))
	}
	switch {
	case rule.CIDR.IsValid():
		r.setCIDR(b, "cidr_ipv4", "cidr_ipv6", rule.CIDR)
	case rule.Group != "":
		b.SetAttributeRaw("referenced_security_group_id", r.id(rule.Group))
	case rule.PrefixList != "":
		b.SetAttributeRaw("prefix_list_id", r.id(rule.PrefixList))
	default:
		return fmt.Errorf("terraform: security group %s: a rule without a known peer cannot be written", sg.ID)
	}
	return nil
}
