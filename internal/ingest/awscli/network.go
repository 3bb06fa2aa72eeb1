package awscli

import (
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// snapshot accumulates what the files say, then finish links it together.
type snapshot struct {
	a    *model.Architecture
	errs model.InputErrors
	// seen holds the top-level keys read (see kindOfKey).
	seen         map[string]bool
	dnsSupport   map[string]model.Tri
	dnsHostnames map[string]model.Tri
	enis         map[string]*model.NetworkInterface
	tgws         map[string]*model.TransitGatewayAttachment
	cvpnTargets  []cvpnTarget
	cvpnRoutes   []cvpnRoute
	cvpnAuths    []cvpnAuth
	cvpnDetails  map[string]bool // endpoints some detail file mentions
	peerCIDRs    map[string]map[string][]netip.Prefix
	versioning   *versioning
	pab          *[4]model.Tri
	pabSrc       model.Source
	keySrc       model.Source
	roleRead     *model.Role
	keyPolicyDoc *model.PolicyDocument
	eniOwner     map[string]string // ENI ID -> NAT gateway or endpoint ID
	envRegion    string
	elb          *elbSnapshot // elb.go
}

type versioning struct {
	status string
	src    model.Source
}

type cvpnTarget struct {
	endpoint, subnet string
}

type cvpnRoute struct {
	endpoint string
	route    model.ClientVPNRoute
}

type cvpnAuth struct {
	endpoint string
	rule     model.ClientVPNAuthorization
}

func newSnapshot() *snapshot {
	return &snapshot{
		a:            &model.Architecture{},
		seen:         map[string]bool{},
		dnsSupport:   map[string]model.Tri{},
		dnsHostnames: map[string]model.Tri{},
		enis:         map[string]*model.NetworkInterface{},
		tgws:         map[string]*model.TransitGatewayAttachment{},
		cvpnDetails:  map[string]bool{},
		peerCIDRs:    map[string]map[string][]netip.Prefix{},
		eniOwner:     map[string]string{},
	}
}

func (s *snapshot) vpc(f *file, n *jsonpos.Node) {
	id := f.id(n, "VpcId", "VPC")
	v := &model.VPC{ID: id, OwnerID: f.str(n, "OwnerId"), Tags: f.tags(n, "Tags"), Source: f.src(n, id)}
	v.Name = v.Tags["Name"]
	if p := f.prefix(n, "CidrBlock"); p.IsValid() {
		v.CIDRs = append(v.CIDRs, p)
	}
	for _, a := range f.objs(n, "CidrBlockAssociationSet") {
		if st := f.obj(a, "CidrBlockState"); st != nil {
			if state := f.str(st, "State"); state != "associated" && state != "" {
				continue
			}
		}
		if p := f.prefix(a, "CidrBlock"); p.IsValid() && !containsPrefix(v.CIDRs, p) {
			v.CIDRs = append(v.CIDRs, p)
		}
	}
	for _, a := range f.objs(n, "Ipv6CidrBlockAssociationSet") {
		if st := f.obj(a, "Ipv6CidrBlockState"); st != nil {
			if state := f.str(st, "State"); state != "associated" && state != "" {
				continue
			}
		}
		if p := f.prefix(a, "Ipv6CidrBlock"); p.IsValid() {
			v.IPv6CIDRs = append(v.IPv6CIDRs, p)
		}
	}
	s.a.VPCs = append(s.a.VPCs, v)
}

func containsPrefix(ps []netip.Prefix, p netip.Prefix) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func (s *snapshot) vpcAttribute(f *file, root *jsonpos.Node) {
	vpc := f.str(root, "VpcId")
	for _, attr := range []struct {
		key string
		m   map[string]model.Tri
	}{{"EnableDnsSupport", s.dnsSupport}, {"EnableDnsHostnames", s.dnsHostnames}} {
		o := f.obj(root, attr.key)
		if o == nil {
			continue
		}
		s.seen[attr.key] = true
		attr.m[vpc] = f.tri(o, "Value")
	}
}

func (s *snapshot) subnet(f *file, n *jsonpos.Node) {
	id := f.id(n, "SubnetId", "subnet")
	sn := &model.Subnet{
		ID:                  id,
		VPC:                 f.str(n, "VpcId"),
		CIDR:                f.prefix(n, "CidrBlock"),
		AZ:                  f.str(n, "AvailabilityZone"),
		MapPublicIPOnLaunch: f.tri(n, "MapPublicIpOnLaunch"),
		OwnerID:             f.str(n, "OwnerId"),
		AvailableIPs:        f.integer(n, "AvailableIpAddressCount", -1),
		Tags:                f.tags(n, "Tags"),
		Source:              f.src(n, id),
	}
	if sn.AZ == "" {
		sn.AZ = f.str(n, "AvailabilityZoneId")
	}
	sn.Name = sn.Tags["Name"]
	for _, a := range f.objs(n, "Ipv6CidrBlockAssociationSet") {
		if p := f.prefix(a, "Ipv6CidrBlock"); p.IsValid() && !sn.IPv6CIDR.IsValid() {
			sn.IPv6CIDR = p
		}
	}
	s.a.Subnets = append(s.a.Subnets, sn)
}

func (s *snapshot) routeTable(f *file, n *jsonpos.Node) {
	id := f.id(n, "RouteTableId", "route table")
	rt := &model.RouteTable{ID: id, VPC: f.str(n, "VpcId"), Tags: f.tags(n, "Tags"), Source: f.src(n, id)}
	rt.Name = rt.Tags["Name"]
	for _, a := range f.objs(n, "Associations") {
		if st := f.obj(a, "AssociationState"); st != nil {
			if state := f.str(st, "State"); state == "disassociated" || state == "disassociating" || state == "failed" {
				continue
			}
		}
		if f.boolean(a, "Main") {
			rt.Main = true
		}
		if sub := f.str(a, "SubnetId"); sub != "" {
			rt.Subnets = append(rt.Subnets, sub)
		}
		if gw := f.str(a, "GatewayId"); gw != "" {
			rt.Gateways = append(rt.Gateways, gw)
		}
	}
	for _, r := range f.objs(n, "Routes") {
		route := model.Route{
			Destination:           f.prefix(r, "DestinationCidrBlock"),
			DestinationPrefixList: f.str(r, "DestinationPrefixListId"),
			Blackhole:             f.str(r, "State") == "blackhole",
			Propagated:            f.str(r, "Origin") == "EnableVgwRoutePropagation",
			Source:                f.src(r, id),
		}
		if !route.Destination.IsValid() {
			route.Destination = f.prefix(r, "DestinationIpv6CidrBlock")
		}
		route.Target = routeTarget(f, r)
		rt.Routes = append(rt.Routes, route)
	}
	s.a.RouteTables = append(s.a.RouteTables, rt)
}

// routeTarget reads the target of an EC2 route from whichever *Id member is set.
func routeTarget(f *file, r *jsonpos.Node) model.RouteTarget {
	if gw := f.str(r, "GatewayId"); gw != "" {
		switch {
		case gw == "local":
			return model.RouteTarget{Kind: model.TargetLocal, ID: "local"}
		case strings.HasPrefix(gw, "igw-"):
			return model.RouteTarget{Kind: model.TargetInternetGateway, ID: gw}
		case strings.HasPrefix(gw, "vgw-"):
			return model.RouteTarget{Kind: model.TargetVPNGateway, ID: gw}
		case strings.HasPrefix(gw, "vpce-"):
			return model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: gw}
		case strings.HasPrefix(gw, "eigw-"):
			return model.RouteTarget{Kind: model.TargetEgressOnlyIGW, ID: gw}
		}
		return model.RouteTarget{Kind: model.TargetUnknown, ID: gw}
	}
	for _, t := range []struct {
		key  string
		kind model.TargetKind
	}{
		{"NatGatewayId", model.TargetNATGateway},
		{"EgressOnlyInternetGatewayId", model.TargetEgressOnlyIGW},
		{"InstanceId", model.TargetInstance},
		{"TransitGatewayId", model.TargetTransitGateway},
		{"VpcPeeringConnectionId", model.TargetPeering},
		{"NetworkInterfaceId", model.TargetNetworkInterface},
		{"CarrierGatewayId", model.TargetCarrierGateway},
		{"LocalGatewayId", model.TargetLocalGateway},
		{"CoreNetworkArn", model.TargetCoreNetwork},
	} {
		if id := f.str(r, t.key); id != "" {
			return model.RouteTarget{Kind: t.kind, ID: id}
		}
	}
	return model.RouteTarget{Kind: model.TargetUnknown}
}

func (s *snapshot) networkACL(f *file, n *jsonpos.Node) {
	id := f.id(n, "NetworkAclId", "network ACL")
	acl := &model.NetworkACL{ID: id, VPC: f.str(n, "VpcId"), Default: f.boolean(n, "IsDefault"), Tags: f.tags(n, "Tags"), Source: f.src(n, id)}
	acl.Name = acl.Tags["Name"]
	for _, a := range f.objs(n, "Associations") {
		if sub := f.str(a, "SubnetId"); sub != "" {
			acl.Subnets = append(acl.Subnets, sub)
		}
	}
	for _, e := range f.objs(n, "Entries") {
		if !aclNumbersValid(f, e) {
			continue
		}
		en := model.ACLEntry{
			RuleNumber: f.integer(e, "RuleNumber", 0),
			Egress:     f.boolean(e, "Egress"),
			Allow:      f.str(e, "RuleAction") == "allow",
			CIDR:       f.prefix(e, "CidrBlock"),
			Ports:      model.AllPorts,
			ICMPType:   -1,
			ICMPCode:   -1,
			Source:     f.src(e, id),
		}
		if !en.CIDR.IsValid() {
			en.CIDR = f.prefix(e, "Ipv6CidrBlock")
		}
		en.Protocol = protocol(f, e, "Protocol")
		if pr := f.obj(e, "PortRange"); pr != nil && en.Protocol.HasPorts() {
			en.Ports = model.Ports(int32(f.integer(pr, "From", 0)), int32(f.integer(pr, "To", 65535)))
		}
		if ic := f.obj(e, "IcmpTypeCode"); ic != nil {
			en.ICMPType = int32(f.integer(ic, "Type", -1))
			en.ICMPCode = int32(f.integer(ic, "Code", -1))
		}
		acl.Entries = append(acl.Entries, en)
	}
	s.a.NetworkACLs = append(s.a.NetworkACLs, acl)
}

// ranged checks that the integer member key of n, if present, is within lo..hi; a number
// outside is an error at the value naming what it is (never truncated to fit).
func ranged(f *file, n *jsonpos.Node, key, what string, lo, hi int64) (int64, bool) {
	v := n.Get(key)
	if v == nil || v.Kind != jsonpos.Number {
		return 0, true // absent, or reported by integer
	}
	i, ok := v.Int()
	if ok && i >= lo && i <= hi {
		return i, true
	}
	if !ok && strings.ContainsAny(v.Text, ".eE") {
		return 0, true // not an integer: reported by integer
	}
	f.errorf(v, "%s: %s is not a valid %s: expected %d to %d", key, textsafe.Excerpt(v.Text), what, lo, hi)
	return 0, false
}

// sgPortsValid checks a permission's FromPort and ToPort as EC2 bounds them: ports -1 to
// 65535 (ICMP: type and code -1 to 255), and a TCP or UDP range not reversed.
func sgPortsValid(f *file, p *jsonpos.Node, proto model.Protocol, key string) bool {
	lo, hi, what := int64(-1), int64(65535), "port"
	if proto == model.ICMP || proto == model.ICMPv6 {
		hi, what = 255, "ICMP type or code"
	}
	from, fok := ranged(f, p, "FromPort", what, lo, hi)
	to, tok := ranged(f, p, "ToPort", what, lo, hi)
	if !fok || !tok {
		return false
	}
	if proto.HasPorts() && p.Has("FromPort") && p.Has("ToPort") && from >= 0 && to >= 0 && from > to {
		f.errorf(p.Get("FromPort"), "%s: FromPort %d is above ToPort %d; EC2 does not allow a reversed port range", key, from, to)
		return false
	}
	return true
}

// aclNumbersValid checks a network ACL entry's numbers: RuleNumber 1 to 32767 (32767 is
// the default entry the AWS CLI lists as such), PortRange 0 to 65535 and not reversed,
// IcmpTypeCode -1 to 255.
func aclNumbersValid(f *file, e *jsonpos.Node) bool {
	_, ok := ranged(f, e, "RuleNumber", "rule number", 1, 32767)
	if pr := e.Get("PortRange"); pr != nil && pr.Kind == jsonpos.Object {
		from, fok := ranged(f, pr, "From", "port", 0, 65535)
		to, tok := ranged(f, pr, "To", "port", 0, 65535)
		ok = ok && fok && tok
		if fok && tok && pr.Has("From") && pr.Has("To") && from > to {
			f.errorf(pr.Get("From"), "PortRange: From %d is above To %d; EC2 does not allow a reversed port range", from, to)
			ok = false
		}
	}
	if ic := e.Get("IcmpTypeCode"); ic != nil && ic.Kind == jsonpos.Object {
		_, tok := ranged(f, ic, "Type", "ICMP type", -1, 255)
		_, cok := ranged(f, ic, "Code", "ICMP code", -1, 255)
		ok = ok && tok && cok
	}
	return ok
}

func protocol(f *file, n *jsonpos.Node, key string) model.Protocol {
	v := n.Get(key)
	if v.IsNull() {
		return model.AllProtocols
	}
	text := v.Text
	if v.Kind != jsonpos.String && v.Kind != jsonpos.Number {
		f.errorf(v, "%s: expected a protocol, found %s", key, v.Kind)
		return model.AllProtocols
	}
	p, err := model.ParseProtocol(text)
	if err != nil {
		f.errorf(v, "%s: %v", key, err)
		return model.AllProtocols
	}
	return p
}

func (s *snapshot) securityGroup(f *file, n *jsonpos.Node) {
	id := f.id(n, "GroupId", "security group")
	sg := &model.SecurityGroup{
		ID:          id,
		Name:        f.str(n, "GroupName"),
		Description: f.str(n, "Description"),
		VPC:         f.str(n, "VpcId"),
		Tags:        f.tags(n, "Tags"),
		Source:      f.src(n, id),
	}
	sg.Ingress = sgRules(f, n, "IpPermissions", id)
	sg.Egress = sgRules(f, n, "IpPermissionsEgress", id)
	s.a.SecurityGroups = append(s.a.SecurityGroups, sg)
}

// sgRules expands EC2 IpPermissions into one rule per peer.
func sgRules(f *file, n *jsonpos.Node, key, id string) []model.SGRule {
	var out []model.SGRule
	for _, p := range f.objs(n, key) {
		proto := protocol(f, p, "IpProtocol")
		ports := model.AllPorts
		if proto != model.AllProtocols && !sgPortsValid(f, p, proto, key) {
			continue
		}
		if proto != model.AllProtocols && (p.Has("FromPort") || p.Has("ToPort")) {
			from, to := f.integer(p, "FromPort", -1), f.integer(p, "ToPort", -1)
			switch {
			case proto.HasPorts() && from == -1 && to == -1:
			case proto.HasPorts() && (from < 0 || to < 0):
				f.errorf(p, "%s: FromPort %d and ToPort %d are not a port range", key, from, to)
			default:
				ports = model.Ports(int32(from), int32(to))
			}
		}
		if proto == model.ICMP || proto == model.ICMPv6 {
			if !p.Has("FromPort") {
				ports = model.Ports(-1, -1)
			}
		}
		base := model.SGRule{Protocol: proto, Ports: ports}
		for _, r := range f.objs(p, "IpRanges") {
			rule := base
			rule.CIDR, rule.Description, rule.Source = f.prefix(r, "CidrIp"), f.str(r, "Description"), f.src(r, id)
			out = append(out, rule)
		}
		for _, r := range f.objs(p, "Ipv6Ranges") {
			rule := base
			rule.CIDR, rule.Description, rule.Source = f.prefix(r, "CidrIpv6"), f.str(r, "Description"), f.src(r, id)
			out = append(out, rule)
		}
		for _, r := range f.objs(p, "PrefixListIds") {
			rule := base
			rule.PrefixList, rule.Description, rule.Source = f.str(r, "PrefixListId"), f.str(r, "Description"), f.src(r, id)
			out = append(out, rule)
		}
		for _, r := range f.objs(p, "UserIdGroupPairs") {
			rule := base
			rule.Group, rule.Description, rule.Source = f.str(r, "GroupId"), f.str(r, "Description"), f.src(r, id)
			if rule.Group == "" {
				rule.PeerUnknown = true
			}
			out = append(out, rule)
		}
	}
	return out
}

func (s *snapshot) endpoint(f *file, n *jsonpos.Node) {
	id := f.id(n, "VpcEndpointId", "VPC endpoint")
	e := &model.VPCEndpoint{
		ID:          id,
		VPC:         f.str(n, "VpcId"),
		Service:     f.str(n, "ServiceName"),
		Type:        model.EndpointType(f.str(n, "VpcEndpointType")),
		PrivateDNS:  f.tri(n, "PrivateDnsEnabled"),
		Subnets:     f.strs(n, "SubnetIds"),
		RouteTables: f.strs(n, "RouteTableIds"),
		State:       f.str(n, "State"),
		Tags:        f.tags(n, "Tags"),
		Source:      f.src(n, id),
	}
	e.Name = e.Tags["Name"]
	for _, g := range f.objs(n, "Groups") {
		e.SecurityGroups = append(e.SecurityGroups, f.str(g, "GroupId"))
	}
	if pd := n.Get("PolicyDocument"); !pd.IsNull() {
		e.Policy = f.policyDoc(pd, "PolicyDocument")
	}
	for _, eni := range f.strs(n, "NetworkInterfaceIds") {
		s.eniOwner[eni] = id // owner of the ENI, resolved in finish
	}
	s.a.Endpoints = append(s.a.Endpoints, e)
}

func (s *snapshot) natGateway(f *file, n *jsonpos.Node) {
	id := f.id(n, "NatGatewayId", "NAT gateway")
	ng := &model.NATGateway{ID: id, Subnet: f.str(n, "SubnetId"), State: f.str(n, "State"), Tags: f.tags(n, "Tags"), Source: f.src(n, id)}
	ng.Name = ng.Tags["Name"]
	switch f.str(n, "ConnectivityType") {
	case "private":
		ng.Public = model.No
	case "public", "":
		// The default connectivity type is public.
		ng.Public = model.Yes
	}
	for _, a := range f.objs(n, "NatGatewayAddresses") {
		primary := a.Get("IsPrimary")
		if ng.PrivateIP.IsValid() && (primary.IsNull() || !primary.True) {
			continue
		}
		ng.EIP = f.str(a, "AllocationId")
		ng.PublicIP = f.addr(a, "PublicIp")
		ng.PrivateIP = f.addr(a, "PrivateIp")
		if eni := f.str(a, "NetworkInterfaceId"); eni != "" {
			s.eniOwner[eni] = id
		}
	}
	if ng.Public == model.No {
		ng.EIP = ""
	}
	s.a.NATGateways = append(s.a.NATGateways, ng)
}

// eniFrom reads the fields describe-network-interfaces and an instance's
// NetworkInterfaces share.
func eniFrom(f *file, n *jsonpos.Node, id string) *model.NetworkInterface {
	eni := &model.NetworkInterface{
		ID:              id,
		Subnet:          f.str(n, "SubnetId"),
		InterfaceType:   f.str(n, "InterfaceType"),
		Description:     f.str(n, "Description"),
		SourceDestCheck: f.tri(n, "SourceDestCheck"),
		Tags:            f.tags(n, "TagSet"),
		Source:          f.src(n, id),
	}
	if eni.InterfaceType == "" {
		eni.InterfaceType = "interface"
	}
	if primary := f.addr(n, "PrivateIpAddress"); primary.IsValid() {
		eni.PrivateIPs = append(eni.PrivateIPs, primary)
	}
	for _, p := range f.objs(n, "PrivateIpAddresses") {
		if a := f.addr(p, "PrivateIpAddress"); a.IsValid() && !containsAddr(eni.PrivateIPs, a) {
			eni.PrivateIPs = append(eni.PrivateIPs, a)
		}
	}
	if as := f.obj(n, "Association"); as != nil {
		eni.PublicIP = f.addr(as, "PublicIp")
	}
	for _, g := range f.objs(n, "Groups") {
		eni.SecurityGroups = append(eni.SecurityGroups, f.str(g, "GroupId"))
	}
	if at := f.obj(n, "Attachment"); at != nil {
		eni.Attachment = f.str(at, "InstanceId")
	}
	return eni
}

func containsAddr(as []netip.Addr, a netip.Addr) bool {
	for _, b := range as {
		if a == b {
			return true
		}
	}
	return false
}

func (s *snapshot) networkInterface(f *file, n *jsonpos.Node) {
	id := f.id(n, "NetworkInterfaceId", "network interface")
	s.addENI(eniFrom(f, n, id))
}

// addENI adds eni, or fills in what an earlier copy of the same interface lacks.
func (s *snapshot) addENI(eni *model.NetworkInterface) {
	if old := s.enis[eni.ID]; old != nil {
		if old.Attachment == "" {
			old.Attachment = eni.Attachment
		}
		if len(old.Tags) == 0 {
			old.Tags = eni.Tags
		}
		return
	}
	s.enis[eni.ID] = eni
	s.a.NetworkInterfaces = append(s.a.NetworkInterfaces, eni)
}

// reservation reads describe-instances output: each instance's interfaces become
// NetworkInterfaces attached to the instance.
func (s *snapshot) reservation(f *file, n *jsonpos.Node) {
	for _, inst := range f.objs(n, "Instances") {
		instID := f.id(inst, "InstanceId", "instance")
		if st := f.obj(inst, "State"); st != nil {
			if name := f.str(st, "Name"); name == "terminated" || name == "shutting-down" {
				continue
			}
		}
		tags := f.tags(inst, "Tags")
		for _, ni := range f.objs(inst, "NetworkInterfaces") {
			id := f.id(ni, "NetworkInterfaceId", "network interface")
			eni := eniFrom(f, ni, id)
			eni.Attachment = instID
			if len(eni.Tags) == 0 {
				eni.Tags = tags
			}
			s.addENI(eni)
		}
	}
}

func (s *snapshot) internetGateway(f *file, n *jsonpos.Node) {
	id := f.id(n, "InternetGatewayId", "internet gateway")
	s.igw(f, n, id, false)
}

func (s *snapshot) egressOnlyIGW(f *file, n *jsonpos.Node) {
	id := f.id(n, "EgressOnlyInternetGatewayId", "egress-only internet gateway")
	s.igw(f, n, id, true)
}

func (s *snapshot) igw(f *file, n *jsonpos.Node, id string, egress bool) {
	g := &model.InternetGateway{ID: id, Egress: egress, Tags: f.tags(n, "Tags"), Source: f.src(n, id)}
	g.Name = g.Tags["Name"]
	for _, a := range f.objs(n, "Attachments") {
		if st := f.str(a, "State"); st == "detached" || st == "detaching" {
			continue
		}
		if v := f.str(a, "VpcId"); v != "" {
			g.VPCs = append(g.VPCs, v)
		}
	}
	s.a.InternetGateways = append(s.a.InternetGateways, g)
}

// prefixList reads describe-prefix-lists (with Cidrs) and describe-managed-prefix-lists
// (without entries: Entries stay nil, unknown) output.
func (s *snapshot) prefixList(f *file, n *jsonpos.Node) {
	id := f.id(n, "PrefixListId", "prefix list")
	pl := &model.PrefixList{ID: id, Name: f.str(n, "PrefixListName"), Source: f.src(n, id)}
	for _, c := range f.strs(n, "Cidrs") {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			f.errorf(n.Get("Cidrs"), "Cidrs: %q is not a CIDR block", c)
			continue
		}
		pl.Entries = append(pl.Entries, p)
	}
	for _, old := range s.a.PrefixLists {
		if old.ID == id {
			if old.Entries == nil {
				old.Entries = pl.Entries
			}
			return
		}
	}
	s.a.PrefixLists = append(s.a.PrefixLists, pl)
}

func (s *snapshot) address(f *file, n *jsonpos.Node) {
	id := f.str(n, "AllocationId")
	if id == "" {
		id = f.str(n, "PublicIp")
	}
	eip := &model.ElasticIP{ID: id, PublicIP: f.addr(n, "PublicIp"), Source: f.src(n, id)}
	eip.Association = f.str(n, "NetworkInterfaceId")
	if eip.Association == "" {
		eip.Association = f.str(n, "InstanceId")
	}
	s.a.ElasticIPs = append(s.a.ElasticIPs, eip)
}

func (s *snapshot) tgw(id string) *model.TransitGatewayAttachment {
	if t := s.tgws[id]; t != nil {
		return t
	}
	t := &model.TransitGatewayAttachment{ID: id}
	s.tgws[id] = t
	s.a.TransitGatewayAttachments = append(s.a.TransitGatewayAttachments, t)
	return t
}

func (s *snapshot) tgwAttachment(f *file, n *jsonpos.Node) {
	if rt := f.str(n, "ResourceType"); rt != "" && rt != "vpc" {
		return // VPN, Direct Connect, peering attachments: not a VPC's
	}
	id := f.id(n, "TransitGatewayAttachmentId", "transit gateway attachment")
	t := s.tgw(id)
	t.TransitGateway = f.str(n, "TransitGatewayId")
	t.VPC = f.str(n, "ResourceId")
	t.State = f.str(n, "State")
	t.Source = f.src(n, id)
}

func (s *snapshot) tgwVPCAttachment(f *file, n *jsonpos.Node) {
	id := f.id(n, "TransitGatewayAttachmentId", "transit gateway attachment")
	t := s.tgw(id)
	t.TransitGateway = f.str(n, "TransitGatewayId")
	t.VPC = f.str(n, "VpcId")
	t.Subnets = f.strs(n, "SubnetIds")
	t.State = f.str(n, "State")
	if t.Source.IsZero() {
		t.Source = f.src(n, id)
	}
}

func (s *snapshot) peering(f *file, n *jsonpos.Node) {
	id := f.id(n, "VpcPeeringConnectionId", "VPC peering connection")
	pc := &model.PeeringConnection{ID: id, Source: f.src(n, id)}
	if st := f.obj(n, "Status"); st != nil {
		pc.State = f.str(st, "Code")
	}
	cidrs := map[string][]netip.Prefix{}
	for _, side := range []struct {
		key string
		vpc *string
	}{{"RequesterVpcInfo", &pc.RequesterVPC}, {"AccepterVpcInfo", &pc.AccepterVPC}} {
		info := f.obj(n, side.key)
		if info == nil {
			continue
		}
		*side.vpc = f.str(info, "VpcId")
		var ps []netip.Prefix
		if p := f.prefix(info, "CidrBlock"); p.IsValid() {
			ps = append(ps, p)
		}
		for _, c := range f.objs(info, "CidrBlockSet") {
			if p := f.prefix(c, "CidrBlock"); p.IsValid() && !containsPrefix(ps, p) {
				ps = append(ps, p)
			}
		}
		cidrs[*side.vpc] = ps
	}
	s.peerCIDRs[id] = cidrs
	s.a.PeeringConnections = append(s.a.PeeringConnections, pc)
}

func (s *snapshot) vpnGateway(f *file, n *jsonpos.Node) {
	id := f.id(n, "VpnGatewayId", "virtual private gateway")
	g := &model.VPNGateway{ID: id, Source: f.src(n, id)}
	for _, a := range f.objs(n, "VpcAttachments") {
		if st := f.str(a, "State"); st == "detached" || st == "detaching" {
			continue
		}
		g.VPCs = append(g.VPCs, f.str(a, "VpcId"))
	}
	s.a.VPNGateways = append(s.a.VPNGateways, g)
}

func (s *snapshot) clientVPN(f *file, n *jsonpos.Node) {
	id := f.id(n, "ClientVpnEndpointId", "Client VPN endpoint")
	c := &model.ClientVPN{
		ID:                   id,
		Name:                 f.str(n, "Description"),
		VPC:                  f.str(n, "VpcId"),
		ClientCIDR:           f.prefix(n, "ClientCidrBlock"),
		SecurityGroups:       f.strs(n, "SecurityGroupIds"),
		SplitTunnel:          f.tri(n, "SplitTunnel"),
		ServerCertificateARN: f.str(n, "ServerCertificateArn"),
		TransportProtocol:    f.str(n, "TransportProtocol"),
		VPNPort:              f.integer(n, "VpnPort", -1),
		Tags:                 f.tags(n, "Tags"),
		Source:               f.src(n, id),
	}
	if name := c.Tags["Name"]; name != "" {
		c.Name = name
	}
	for _, d := range f.strs(n, "DnsServers") {
		if a, err := netip.ParseAddr(d); err == nil {
			c.DNSServers = append(c.DNSServers, a)
		} else {
			f.errorf(n.Get("DnsServers"), "DnsServers: %q is not an IP address", d)
		}
	}
	for _, ao := range f.objs(n, "AuthenticationOptions") {
		c.Authentication = append(c.Authentication, f.str(ao, "Type"))
		if ma := f.obj(ao, "MutualAuthentication"); ma != nil {
			c.ClientRootCertARN = f.str(ma, "ClientRootCertificateChain")
		}
	}
	if cl := f.obj(n, "ConnectionLogOptions"); cl != nil {
		c.ConnectionLogging = f.tri(cl, "Enabled")
	}
	s.a.ClientVPNs = append(s.a.ClientVPNs, c)
}

func (s *snapshot) clientVPNTarget(f *file, n *jsonpos.Node) {
	ep := f.str(n, "ClientVpnEndpointId")
	s.cvpnDetails[ep] = true
	if st := f.obj(n, "Status"); st != nil {
		if code := f.str(st, "Code"); code == "disassociating" || code == "disassociated" {
			return
		}
	}
	s.cvpnTargets = append(s.cvpnTargets, cvpnTarget{endpoint: ep, subnet: f.str(n, "TargetNetworkId")})
}

func (s *snapshot) clientVPNRoute(f *file, n *jsonpos.Node) {
	ep := f.str(n, "ClientVpnEndpointId")
	s.cvpnDetails[ep] = true
	s.cvpnRoutes = append(s.cvpnRoutes, cvpnRoute{endpoint: ep, route: model.ClientVPNRoute{
		Destination:  f.prefix(n, "DestinationCidr"),
		TargetSubnet: f.str(n, "TargetSubnet"),
		Source:       f.src(n, ep),
	}})
}

func (s *snapshot) clientVPNAuth(f *file, n *jsonpos.Node) {
	ep := f.str(n, "ClientVpnEndpointId")
	s.cvpnDetails[ep] = true
	s.cvpnAuths = append(s.cvpnAuths, cvpnAuth{endpoint: ep, rule: model.ClientVPNAuthorization{
		TargetCIDR:  f.prefix(n, "DestinationCidr"),
		AllGroups:   f.boolean(n, "AccessAll"),
		AccessGroup: f.str(n, "GroupId"),
		Source:      f.src(n, ep),
	}})
}
