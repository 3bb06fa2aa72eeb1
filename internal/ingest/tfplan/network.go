package tfplan

import (
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// objects indexes what build made, for the resources that attach to others.
type objects struct {
	vpcs   map[string]*model.VPC
	rts    map[string]*model.RouteTable
	acls   map[string]*model.NetworkACL
	sgs    map[string]*model.SecurityGroup
	eps    map[string]*model.VPCEndpoint
	igws   map[string]*model.InternetGateway
	cvpns  map[string]*model.ClientVPN
	bucket map[string]*model.Bucket
	keys   map[string]*model.Key
	roles  map[string]*model.Role
	// mainSet and defACL hold VPCs whose main route table or default ACL the plan
	// declares.
	mainSet map[string]bool
	defACL  map[string]bool
	elb     *elbIndex // elb.go
}

// build turns the planned resources into the model, in plan order, then attaches the
// resources that modify others (associations, rules, bucket settings).
func (p *plan) build() {
	o := &objects{
		vpcs: map[string]*model.VPC{}, rts: map[string]*model.RouteTable{}, acls: map[string]*model.NetworkACL{},
		sgs: map[string]*model.SecurityGroup{}, eps: map[string]*model.VPCEndpoint{}, igws: map[string]*model.InternetGateway{},
		cvpns: map[string]*model.ClientVPN{}, bucket: map[string]*model.Bucket{}, keys: map[string]*model.Key{},
		roles: map[string]*model.Role{}, mainSet: map[string]bool{}, defACL: map[string]bool{},
	}
	for _, r := range p.res {
		if r.action == "delete" {
			continue
		}
		if f := primary[r.typ]; f != nil {
			f(p, o, r)
		}
	}
	for _, r := range p.res {
		if r.action == "delete" {
			continue
		}
		if f := attached[r.typ]; f != nil {
			f(p, o, r)
		}
	}
	p.implicit(o)
	p.describe()
}

var primary map[string]func(*plan, *objects, *resource)
var attached map[string]func(*plan, *objects, *resource)

func init() {
	primary = map[string]func(*plan, *objects, *resource){
		"aws_vpc":                          (*plan).vpc,
		"aws_subnet":                       (*plan).subnet,
		"aws_route_table":                  (*plan).routeTable,
		"aws_default_route_table":          (*plan).routeTable,
		"aws_network_acl":                  (*plan).networkACL,
		"aws_default_network_acl":          (*plan).networkACL,
		"aws_security_group":               (*plan).securityGroup,
		"aws_default_security_group":       (*plan).securityGroup,
		"aws_vpc_endpoint":                 (*plan).endpoint,
		"aws_nat_gateway":                  (*plan).natGateway,
		"aws_internet_gateway":             (*plan).internetGateway,
		"aws_egress_only_internet_gateway": (*plan).internetGateway,
		"aws_eip":                          (*plan).eip,
		"aws_ec2_client_vpn_endpoint":      (*plan).clientVPN,
		"aws_mwaa_environment":             (*plan).environment,
		"aws_s3_bucket":                    (*plan).bucket,
		"aws_kms_key":                      (*plan).key,
		"aws_iam_role":                     (*plan).role,
		"aws_iam_policy":                   (*plan).managedPolicy,
		"aws_cloudwatch_log_group":         (*plan).logGroup,
		"aws_cloudwatch_metric_alarm":      (*plan).alarm,
	}
	attached = map[string]func(*plan, *objects, *resource){
		"aws_vpc_ipv4_cidr_block_association":                (*plan).cidrAssociation,
		"aws_route":                                          (*plan).route,
		"aws_route_table_association":                        (*plan).routeTableAssociation,
		"aws_main_route_table_association":                   (*plan).mainRouteTableAssociation,
		"aws_network_acl_rule":                               (*plan).networkACLRule,
		"aws_network_acl_association":                        (*plan).networkACLAssociation,
		"aws_security_group_rule":                            (*plan).securityGroupRule,
		"aws_vpc_security_group_ingress_rule":                (*plan).vpcSecurityGroupRule,
		"aws_vpc_security_group_egress_rule":                 (*plan).vpcSecurityGroupRule,
		"aws_vpc_endpoint_route_table_association":           (*plan).endpointAssociation,
		"aws_vpc_endpoint_subnet_association":                (*plan).endpointAssociation,
		"aws_vpc_endpoint_security_group_association":        (*plan).endpointAssociation,
		"aws_vpc_endpoint_policy":                            (*plan).endpointPolicy,
		"aws_internet_gateway_attachment":                    (*plan).igwAttachment,
		"aws_ec2_client_vpn_network_association":             (*plan).clientVPNAssociation,
		"aws_ec2_client_vpn_authorization_rule":              (*plan).clientVPNAuthorization,
		"aws_ec2_client_vpn_route":                           (*plan).clientVPNRoute,
		"aws_s3_bucket_versioning":                           (*plan).bucketVersioning,
		"aws_s3_bucket_public_access_block":                  (*plan).bucketPAB,
		"aws_s3_bucket_server_side_encryption_configuration": (*plan).bucketEncryption,
		"aws_s3_bucket_policy":                               (*plan).bucketPolicy,
		"aws_kms_alias":                                      (*plan).keyAlias,
		"aws_iam_role_policy":                                (*plan).rolePolicy,
		"aws_iam_role_policy_attachment":                     (*plan).rolePolicyAttachment,
	}
	registerELB()
}

func nameTag(tags map[string]string) string { return tags["Name"] }

func (p *plan) vpc(o *objects, r *resource) {
	v := &model.VPC{
		ID:                 r.addr,
		EnableDNSSupport:   r.tri(r.x, "enable_dns_support", model.Yes),
		EnableDNSHostnames: r.tri(r.x, "enable_dns_hostnames", model.No),
		OwnerID:            r.str(r.x, "owner_id"),
		Tags:               r.strMap(r.x, "tags"),
		Source:             r.src,
	}
	v.Name = nameTag(v.Tags)
	// A CIDR known only after apply (IPAM) stays as a zero prefix.
	v.CIDRs = append(v.CIDRs, r.prefix(r.x, "cidr_block"))
	if c := r.prefix(r.x, "ipv6_cidr_block"); c.IsValid() {
		v.IPv6CIDRs = append(v.IPv6CIDRs, c)
	}
	o.vpcs[v.ID] = v
	p.a.VPCs = append(p.a.VPCs, v)
}

func (p *plan) cidrAssociation(o *objects, r *resource) {
	if v := o.vpcs[r.ref(r.x, "vpc_id", "aws_vpc")]; v != nil {
		v.CIDRs = append(v.CIDRs, r.prefix(r.x, "cidr_block"))
	}
}

func (p *plan) subnet(o *objects, r *resource) {
	s := &model.Subnet{
		ID:                  r.addr,
		VPC:                 r.ref(r.x, "vpc_id", "aws_vpc"),
		CIDR:                r.prefix(r.x, "cidr_block"),
		IPv6CIDR:            r.prefix(r.x, "ipv6_cidr_block"),
		AZ:                  r.str(r.x, "availability_zone"),
		MapPublicIPOnLaunch: r.tri(r.x, "map_public_ip_on_launch", model.No),
		AvailableIPs:        -1,
		Tags:                r.strMap(r.x, "tags"),
		Source:              r.src,
	}
	if s.AZ == "" {
		s.AZ = r.str(r.x, "availability_zone_id")
	}
	s.Name = nameTag(s.Tags)
	p.a.Subnets = append(p.a.Subnets, s)
}

// vpcOfDefault returns the VPC whose default route table, ACL or security group a
// aws_default_* resource manages (default_route_table_id = aws_vpc.main.default_route_table_id).
func (p *plan) vpcOfDefault(r *resource, key string) string {
	if v := r.ref(r.x, "vpc_id", "aws_vpc"); v != "" {
		return v
	}
	return r.ref(r.x, key, "aws_vpc")
}

func (p *plan) routeTable(o *objects, r *resource) {
	rt := &model.RouteTable{ID: r.addr, VPC: r.ref(r.x, "vpc_id", "aws_vpc"), Tags: r.strMap(r.x, "tags"), Source: r.src}
	if r.typ == "aws_default_route_table" {
		rt.Main = true
		rt.VPC = p.vpcOfDefault(r, "default_route_table_id")
		o.mainSet[rt.VPC] = true
	}
	rt.Name = nameTag(rt.Tags)
	for _, b := range r.x.get("route").elems() {
		rt.Routes = append(rt.Routes, r.routeOf(b, "cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"))
	}
	if r.x.get("route").unknown() && r.x.get("route").e != nil {
		p.unknownValue(r, "route", "routes")
	}
	o.rts[rt.ID] = rt
	p.a.RouteTables = append(p.a.RouteTables, rt)
}

// routeOf reads one route (a route block or an aws_route) with the given destination
// attribute names.
func (r *resource) routeOf(x val, dst, dst6, dstPL string) model.Route {
	route := model.Route{Source: r.srcOf(x)}
	route.Destination = r.prefix(x, dst)
	if !route.Destination.IsValid() {
		route.Destination = r.prefix(x, dst6)
	}
	route.DestinationPrefixList = r.ref(x, dstPL, "aws_ec2_managed_prefix_list")
	route.Target = model.RouteTarget{Kind: model.TargetUnknown}
	for _, t := range []struct {
		key   string
		kind  model.TargetKind
		types []string
	}{
		{"gateway_id", "", []string{"aws_internet_gateway", "aws_vpn_gateway", "aws_vpc_endpoint", "aws_egress_only_internet_gateway"}},
		{"nat_gateway_id", model.TargetNATGateway, []string{"aws_nat_gateway"}},
		{"egress_only_gateway_id", model.TargetEgressOnlyIGW, []string{"aws_egress_only_internet_gateway"}},
		{"transit_gateway_id", model.TargetTransitGateway, []string{"aws_ec2_transit_gateway"}},
		{"vpc_peering_connection_id", model.TargetPeering, []string{"aws_vpc_peering_connection"}},
		{"vpc_endpoint_id", model.TargetVPCEndpoint, []string{"aws_vpc_endpoint"}},
		{"network_interface_id", model.TargetNetworkInterface, []string{"aws_network_interface"}},
		{"instance_id", model.TargetInstance, []string{"aws_instance"}},
		{"carrier_gateway_id", model.TargetCarrierGateway, nil},
		{"local_gateway_id", model.TargetLocalGateway, nil},
		{"core_network_arn", model.TargetCoreNetwork, nil},
	} {
		y := x.get(t.key)
		if y.v == nil && y.e == nil && !y.unknown() {
			continue
		}
		if !y.unknown() && r.str(x, t.key) == "" {
			continue // known to be unset
		}
		id := r.ref(x, t.key, t.types...)
		if y.unknown() && id == "" && len(y.refs()) == 0 {
			continue
		}
		kind := t.kind
		if kind == "" {
			kind = gatewayKind(r.p, id)
		}
		route.Target = model.RouteTarget{Kind: kind, ID: id}
		break
	}
	return route
}

// gatewayKind tells what a gateway_id names, from the resource type or the ID's prefix.
func gatewayKind(p *plan, id string) model.TargetKind {
	typ := ""
	if r := p.byAddr[id]; r != nil {
		typ = r.typ
	}
	switch {
	case id == "local":
		return model.TargetLocal
	case typ == "aws_internet_gateway" || strings.HasPrefix(id, "igw-"):
		return model.TargetInternetGateway
	case typ == "aws_vpn_gateway" || strings.HasPrefix(id, "vgw-"):
		return model.TargetVPNGateway
	case typ == "aws_vpc_endpoint" || strings.HasPrefix(id, "vpce-"):
		return model.TargetVPCEndpoint
	case typ == "aws_egress_only_internet_gateway" || strings.HasPrefix(id, "eigw-"):
		return model.TargetEgressOnlyIGW
	}
	return model.TargetUnknown
}

func (p *plan) route(o *objects, r *resource) {
	rt := o.rts[r.ref(r.x, "route_table_id", "aws_route_table", "aws_default_route_table")]
	if rt == nil {
		return // a route in a table outside the plan
	}
	rt.Routes = append(rt.Routes, r.routeOf(r.x, "destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"))
	rt.Routes[len(rt.Routes)-1].Source = r.src
}

func (p *plan) routeTableAssociation(o *objects, r *resource) {
	rt := o.rts[r.ref(r.x, "route_table_id", "aws_route_table", "aws_default_route_table")]
	if rt == nil {
		return
	}
	if s := r.ref(r.x, "subnet_id", "aws_subnet"); s != "" {
		rt.Subnets = append(rt.Subnets, s)
	}
	if g := r.ref(r.x, "gateway_id", "aws_internet_gateway", "aws_vpn_gateway"); g != "" {
		rt.Gateways = append(rt.Gateways, g)
	}
}

func (p *plan) mainRouteTableAssociation(o *objects, r *resource) {
	rt := o.rts[r.ref(r.x, "route_table_id", "aws_route_table")]
	vpc := r.ref(r.x, "vpc_id", "aws_vpc")
	if rt == nil {
		return
	}
	rt.Main = true
	if rt.VPC == "" {
		rt.VPC = vpc
	}
	o.mainSet[rt.VPC] = true
}

func (p *plan) networkACL(o *objects, r *resource) {
	acl := &model.NetworkACL{ID: r.addr, VPC: r.ref(r.x, "vpc_id", "aws_vpc"), Tags: r.strMap(r.x, "tags"), Source: r.src}
	if r.typ == "aws_default_network_acl" {
		acl.Default = true
		acl.VPC = p.vpcOfDefault(r, "default_network_acl_id")
		o.defACL[acl.VPC] = true
	}
	acl.Name = nameTag(acl.Tags)
	acl.Subnets = r.refs(r.x, "subnet_ids", "aws_subnet")
	for _, dir := range []string{"ingress", "egress"} {
		for _, b := range r.x.get(dir).elems() {
			acl.Entries = append(acl.Entries, r.aclEntry(b, dir == "egress", "rule_no", "action"))
		}
		if r.x.get(dir).unknown() && r.x.get(dir).e != nil {
			p.unknownValue(r, dir, "rules")
		}
	}
	o.acls[acl.ID] = acl
	p.a.NetworkACLs = append(p.a.NetworkACLs, acl)
}

func (r *resource) aclEntry(x val, egress bool, numKey, actionKey string) model.ACLEntry {
	e := model.ACLEntry{
		RuleNumber: r.integer(x, numKey, 0),
		Egress:     egress,
		Allow:      strings.EqualFold(r.str(x, actionKey), "allow"),
		CIDR:       r.prefix(x, "cidr_block"),
		Ports:      model.AllPorts,
		ICMPType:   -1,
		ICMPCode:   -1,
		Source:     r.srcOf(x),
	}
	if !e.CIDR.IsValid() {
		e.CIDR = r.prefix(x, "ipv6_cidr_block")
	}
	e.Protocol = r.protocol(x, "protocol")
	if e.Protocol.HasPorts() {
		from, to := r.integer(x, "from_port", 0), r.integer(x, "to_port", 65535)
		if from >= 0 && to >= 0 && (from != 0 || to != 0) {
			e.Ports = model.Ports(int32(from), int32(to))
		}
	}
	if e.Protocol == model.ICMP || e.Protocol == model.ICMPv6 {
		e.ICMPType = int32(r.integer(x, "icmp_type", -1))
		e.ICMPCode = int32(r.integer(x, "icmp_code", -1))
	}
	return e
}

func (r *resource) protocol(x val, key string) model.Protocol {
	s := r.str(x, key)
	if s == "" {
		return model.AllProtocols
	}
	pr, err := model.ParseProtocol(s)
	if err != nil {
		r.errorf(x.get(key).v, "%s: %s: %v", r.addr, key, err)
		return model.AllProtocols
	}
	return pr
}

func (p *plan) networkACLRule(o *objects, r *resource) {
	acl := o.acls[r.ref(r.x, "network_acl_id", "aws_network_acl", "aws_default_network_acl")]
	if acl == nil {
		return
	}
	e := r.aclEntry(r.x, r.tri(r.x, "egress", model.No) == model.Yes, "rule_number", "rule_action")
	e.Source = r.src
	acl.Entries = append(acl.Entries, e)
}

func (p *plan) networkACLAssociation(o *objects, r *resource) {
	acl := o.acls[r.ref(r.x, "network_acl_id", "aws_network_acl", "aws_default_network_acl")]
	if acl == nil {
		return
	}
	if s := r.ref(r.x, "subnet_id", "aws_subnet"); s != "" {
		acl.Subnets = append(acl.Subnets, s)
	}
}

func (p *plan) securityGroup(o *objects, r *resource) {
	sg := &model.SecurityGroup{
		ID:          r.addr,
		Name:        r.str(r.x, "name"),
		Description: r.str(r.x, "description"),
		VPC:         r.ref(r.x, "vpc_id", "aws_vpc"),
		Tags:        r.strMap(r.x, "tags"),
		Source:      r.src,
	}
	for _, dir := range []string{"ingress", "egress"} {
		var rules []model.SGRule
		for _, b := range r.x.get(dir).elems() {
			rules = append(rules, r.sgRules(b, sg.ID, "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups")...)
		}
		if r.x.get(dir).unknown() && r.x.get(dir).e != nil {
			p.unknownValue(r, dir, "rules")
		}
		if dir == "ingress" {
			sg.Ingress = rules
		} else {
			sg.Egress = rules
		}
	}
	o.sgs[sg.ID] = sg
	p.a.SecurityGroups = append(p.a.SecurityGroups, sg)
}

// sgRules reads one rule block (or aws_security_group_rule) into one rule per peer.
func (r *resource) sgRules(x val, self, cidrs, cidrs6, pls, groups string) []model.SGRule {
	proto := r.protocol(x, "protocol")
	base := model.SGRule{Protocol: proto, Ports: r.sgPorts(x, proto), Description: r.str(x, "description"), Source: r.srcOf(x)}
	var out []model.SGRule
	unknown := false
	for _, key := range []string{cidrs, cidrs6} {
		y := x.get(key)
		if y.unknown() && (y.v != nil || len(y.refs()) > 0 || y.u != nil) {
			unknown = true
		}
		for _, e := range y.elems() {
			rule := base
			if s, ok := e.v.Str(); ok && !e.unknown() {
				p, err := netip.ParsePrefix(s)
				if err != nil {
					r.errorf(e.v, "%s: %s: %q is not a CIDR block", r.addr, key, s)
					continue
				}
				rule.CIDR = p
			} else {
				rule.PeerUnknown = true
			}
			out = append(out, rule)
		}
	}
	for _, pl := range r.refs(x, pls, "aws_ec2_managed_prefix_list") {
		rule := base
		rule.PrefixList = pl
		out = append(out, rule)
	}
	if groups != "" {
		for _, g := range r.refs(x, groups, "aws_security_group", "aws_default_security_group") {
			rule := base
			rule.Group = g
			out = append(out, rule)
		}
	}
	if r.tri(x, "self", model.No) == model.Yes {
		rule := base
		rule.Group = self
		out = append(out, rule)
	}
	if unknown {
		rule := base
		rule.PeerUnknown = true
		out = append(out, rule)
	}
	return out
}

func (r *resource) sgPorts(x val, proto model.Protocol) model.PortRange {
	from, to := r.integer(x, "from_port", -1), r.integer(x, "to_port", -1)
	switch {
	case proto == model.AllProtocols:
		return model.AllPorts
	case proto == model.ICMP || proto == model.ICMPv6:
		return model.Ports(int32(from), int32(to))
	case from < 0 || to < 0:
		return model.AllPorts
	}
	return model.Ports(int32(from), int32(to))
}

func (p *plan) securityGroupRule(o *objects, r *resource) {
	sg := o.sgs[r.ref(r.x, "security_group_id", "aws_security_group", "aws_default_security_group")]
	if sg == nil {
		return
	}
	rules := r.sgRules(r.x, sg.ID, "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "")
	if g := r.ref(r.x, "source_security_group_id", "aws_security_group", "aws_default_security_group"); g != "" {
		rule := model.SGRule{Protocol: r.protocol(r.x, "protocol"), Group: g, Description: r.str(r.x, "description")}
		rule.Ports = r.sgPorts(r.x, rule.Protocol)
		rules = append(rules, rule)
	}
	for i := range rules {
		rules[i].Source = r.src
	}
	if r.str(r.x, "type") == "egress" {
		sg.Egress = append(sg.Egress, rules...)
	} else {
		sg.Ingress = append(sg.Ingress, rules...)
	}
}

func (p *plan) vpcSecurityGroupRule(o *objects, r *resource) {
	sg := o.sgs[r.ref(r.x, "security_group_id", "aws_security_group", "aws_default_security_group")]
	if sg == nil {
		return
	}
	rule := model.SGRule{Protocol: r.protocol(r.x, "ip_protocol"), Description: r.str(r.x, "description"), Source: r.src}
	rule.Ports = r.sgPorts(r.x, rule.Protocol)
	switch {
	case r.prefix(r.x, "cidr_ipv4").IsValid():
		rule.CIDR = r.prefix(r.x, "cidr_ipv4")
	case r.prefix(r.x, "cidr_ipv6").IsValid():
		rule.CIDR = r.prefix(r.x, "cidr_ipv6")
	default:
		rule.PrefixList = r.ref(r.x, "prefix_list_id", "aws_ec2_managed_prefix_list")
		if rule.PrefixList == "" {
			rule.Group = r.ref(r.x, "referenced_security_group_id", "aws_security_group", "aws_default_security_group")
		}
		if rule.PrefixList == "" && rule.Group == "" {
			rule.PeerUnknown = true
		}
	}
	if r.typ == "aws_vpc_security_group_egress_rule" {
		sg.Egress = append(sg.Egress, rule)
	} else {
		sg.Ingress = append(sg.Ingress, rule)
	}
}

func (p *plan) endpoint(o *objects, r *resource) {
	e := &model.VPCEndpoint{
		ID:             r.addr,
		VPC:            r.ref(r.x, "vpc_id", "aws_vpc"),
		Service:        r.str(r.x, "service_name"),
		Type:           model.EndpointType(r.str(r.x, "vpc_endpoint_type")),
		PrivateDNS:     r.tri(r.x, "private_dns_enabled", model.No),
		Subnets:        r.refs(r.x, "subnet_ids", "aws_subnet"),
		SecurityGroups: r.refs(r.x, "security_group_ids", "aws_security_group", "aws_default_security_group"),
		RouteTables:    r.refs(r.x, "route_table_ids", "aws_route_table", "aws_default_route_table"),
		Tags:           r.strMap(r.x, "tags"),
		Source:         r.src,
	}
	if e.Type == "" && !r.x.get("vpc_endpoint_type").unknown() {
		e.Type = model.EndpointGateway // the provider's default
	}
	if e.Service == "" && r.x.get("service_name").unknown() {
		p.unknownValue(r, "service_name", "service name")
	}
	e.Name = nameTag(e.Tags)
	if y := r.x.get("policy"); !y.unknown() || len(y.refs()) > 0 || y.e != nil {
		e.Policy = r.policy(r.x, "policy")
	}
	o.eps[e.ID] = e
	p.a.Endpoints = append(p.a.Endpoints, e)
}

func (p *plan) endpointAssociation(o *objects, r *resource) {
	e := o.eps[r.ref(r.x, "vpc_endpoint_id", "aws_vpc_endpoint")]
	if e == nil {
		return
	}
	switch r.typ {
	case "aws_vpc_endpoint_route_table_association":
		if id := r.ref(r.x, "route_table_id", "aws_route_table", "aws_default_route_table"); id != "" {
			e.RouteTables = append(e.RouteTables, id)
		}
	case "aws_vpc_endpoint_subnet_association":
		if id := r.ref(r.x, "subnet_id", "aws_subnet"); id != "" {
			e.Subnets = append(e.Subnets, id)
		}
	default:
		if id := r.ref(r.x, "security_group_id", "aws_security_group", "aws_default_security_group"); id != "" {
			e.SecurityGroups = append(e.SecurityGroups, id)
		}
	}
}

func (p *plan) endpointPolicy(o *objects, r *resource) {
	if e := o.eps[r.ref(r.x, "vpc_endpoint_id", "aws_vpc_endpoint")]; e != nil {
		e.Policy = r.policy(r.x, "policy")
	}
}

func (p *plan) natGateway(o *objects, r *resource) {
	n := &model.NATGateway{
		ID:        r.addr,
		Subnet:    r.ref(r.x, "subnet_id", "aws_subnet"),
		EIP:       r.ref(r.x, "allocation_id", "aws_eip"),
		PrivateIP: r.addrOf(r.x, "private_ip"),
		PublicIP:  r.addrOf(r.x, "public_ip"),
		Tags:      r.strMap(r.x, "tags"),
		Source:    r.src,
	}
	switch r.str(r.x, "connectivity_type") {
	case "private":
		n.Public = model.No
	case "public":
		n.Public = model.Yes
	default:
		if r.x.get("connectivity_type").unknown() {
			n.Public = model.Unknown
		} else {
			n.Public = model.Yes // the provider's default
		}
	}
	n.Name = nameTag(n.Tags)
	p.a.NATGateways = append(p.a.NATGateways, n)
}

func (p *plan) internetGateway(o *objects, r *resource) {
	g := &model.InternetGateway{ID: r.addr, Egress: r.typ == "aws_egress_only_internet_gateway", Tags: r.strMap(r.x, "tags"), Source: r.src}
	if v := r.ref(r.x, "vpc_id", "aws_vpc"); v != "" {
		g.VPCs = append(g.VPCs, v)
	}
	g.Name = nameTag(g.Tags)
	o.igws[g.ID] = g
	p.a.InternetGateways = append(p.a.InternetGateways, g)
}

func (p *plan) igwAttachment(o *objects, r *resource) {
	if g := o.igws[r.ref(r.x, "internet_gateway_id", "aws_internet_gateway")]; g != nil {
		if v := r.ref(r.x, "vpc_id", "aws_vpc"); v != "" {
			g.VPCs = append(g.VPCs, v)
		}
	}
}

func (p *plan) eip(o *objects, r *resource) {
	e := &model.ElasticIP{ID: r.addr, PublicIP: r.addrOf(r.x, "public_ip"), Source: r.src}
	e.Association = r.ref(r.x, "network_interface", "aws_network_interface")
	if e.Association == "" {
		e.Association = r.ref(r.x, "instance", "aws_instance")
	}
	p.a.ElasticIPs = append(p.a.ElasticIPs, e)
}

func (p *plan) clientVPN(o *objects, r *resource) {
	c := &model.ClientVPN{
		ID:                   r.addr,
		Name:                 r.str(r.x, "description"),
		VPC:                  r.ref(r.x, "vpc_id", "aws_vpc"),
		ClientCIDR:           r.prefix(r.x, "client_cidr_block"),
		SecurityGroups:       r.refs(r.x, "security_group_ids", "aws_security_group", "aws_default_security_group"),
		SplitTunnel:          r.tri(r.x, "split_tunnel", model.No),
		ServerCertificateARN: r.ref(r.x, "server_certificate_arn", "aws_acm_certificate"),
		TransportProtocol:    r.str(r.x, "transport_protocol"),
		VPNPort:              r.integer(r.x, "vpn_port", 443),
		Tags:                 r.strMap(r.x, "tags"),
		Source:               r.src,
	}
	if n := nameTag(c.Tags); n != "" {
		c.Name = n
	}
	for _, d := range r.strs(r.x, "dns_servers") {
		if a, err := netip.ParseAddr(d); err == nil {
			c.DNSServers = append(c.DNSServers, a)
		} else {
			r.errorf(r.x.get("dns_servers").v, "%s: dns_servers: %q is not an IP address", r.addr, d)
		}
	}
	for _, b := range r.x.get("authentication_options").elems() {
		c.Authentication = append(c.Authentication, r.str(b, "type"))
		if arn := r.ref(b, "root_certificate_chain_arn", "aws_acm_certificate"); arn != "" {
			c.ClientRootCertARN = arn
		}
	}
	c.ConnectionLogging = r.tri(r.x.get("connection_log_options").first(), "enabled", model.Unknown)
	o.cvpns[c.ID] = c
	p.a.ClientVPNs = append(p.a.ClientVPNs, c)
}

func (p *plan) clientVPNAssociation(o *objects, r *resource) {
	if c := o.cvpns[r.ref(r.x, "client_vpn_endpoint_id", "aws_ec2_client_vpn_endpoint")]; c != nil {
		if s := r.ref(r.x, "subnet_id", "aws_subnet"); s != "" {
			c.Associations = append(c.Associations, s)
		}
	}
}

func (p *plan) clientVPNAuthorization(o *objects, r *resource) {
	if c := o.cvpns[r.ref(r.x, "client_vpn_endpoint_id", "aws_ec2_client_vpn_endpoint")]; c != nil {
		c.AuthorizationRules = append(c.AuthorizationRules, model.ClientVPNAuthorization{
			TargetCIDR:  r.prefix(r.x, "target_network_cidr"),
			AllGroups:   r.tri(r.x, "authorize_all_groups", model.No) == model.Yes,
			AccessGroup: r.str(r.x, "access_group_id"),
			Source:      r.src,
		})
	}
}

func (p *plan) clientVPNRoute(o *objects, r *resource) {
	if c := o.cvpns[r.ref(r.x, "client_vpn_endpoint_id", "aws_ec2_client_vpn_endpoint")]; c != nil {
		c.Routes = append(c.Routes, model.ClientVPNRoute{
			Destination:  r.prefix(r.x, "destination_cidr_block"),
			TargetSubnet: r.ref(r.x, "target_vpc_subnet_id", "aws_subnet"),
			Source:       r.src,
		})
	}
}
