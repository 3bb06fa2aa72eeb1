package cfn

import (
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

var (
	allIPv4 = netip.MustParsePrefix("0.0.0.0/0")
	allIPv6 = netip.MustParsePrefix("::/0")
)

func (m *mapper) vpc(rs *Resource) {
	p := rs.Properties
	v := &model.VPC{ID: rs.ID, Tags: m.tags(p, "Tags"), Source: src(rs),
		EnableDNSSupport:   m.tri(p, "EnableDnsSupport", model.Yes, rs.LogicalID),
		EnableDNSHostnames: m.tri(p, "EnableDnsHostnames", model.No, rs.LogicalID)}
	v.Name = v.Tags["Name"]
	// A VPC always has a primary IPv4 CIDR; from an IPAM pool or a parameter it is unknown.
	v.CIDRs = []netip.Prefix{m.prefix(p, "CidrBlock", rs.LogicalID)}
	m.vpcs[v.ID] = v
	m.a.VPCs = append(m.a.VPCs, v)
}

func (m *mapper) vpcCIDRBlock(rs *Resource) {
	p := rs.Properties
	vid := m.idOf(p, "VpcId")
	v := m.vpcs[vid]
	if v == nil {
		m.outside(rs, "VPC", vid)
		return
	}
	if _, ok := p.Get("CidrBlock"); ok {
		v.CIDRs = append(v.CIDRs, m.prefix(p, "CidrBlock", rs.LogicalID))
	}
	if _, ok := p.Get("Ipv6CidrBlock"); ok {
		v.IPv6CIDRs = append(v.IPv6CIDRs, m.prefix(p, "Ipv6CidrBlock", rs.LogicalID))
	} else if b, ok := p.Get("AmazonProvidedIpv6CidrBlock"); ok && (b.Kind != KindScalar || strings.EqualFold(b.Str, "true")) {
		// Amazon picks the block (or it is not known statically): present, value unknown.
		v.IPv6CIDRs = append(v.IPv6CIDRs, netip.Prefix{})
	}
}

func (m *mapper) idOf(props Value, key string) string {
	v, ok := props.Get(key)
	if !ok {
		return ""
	}
	return m.id(v)
}

// outside records that a resource changes an object the templates do not define.
func (m *mapper) outside(rs *Resource, what, id string) {
	why := "is not known statically"
	if id != "" {
		why = "(" + id + ") is not defined by the given templates"
	}
	m.a.IngestFindings = append(m.a.IngestFindings, finding(model.SeverityInfo, RuleOutsideTemplate, src(rs), rs.LogicalID,
		"%s (%s): the %s it changes %s; this change is not modelled", rs.LogicalID, rs.Type, what, why))
}

func (m *mapper) subnet(rs *Resource) {
	p := rs.Properties
	s := &model.Subnet{ID: rs.ID, VPC: m.idOf(p, "VpcId"), CIDR: m.prefix(p, "CidrBlock", rs.LogicalID),
		IPv6CIDR:            m.prefix(p, "Ipv6CidrBlock", rs.LogicalID),
		MapPublicIPOnLaunch: m.tri(p, "MapPublicIpOnLaunch", model.No, rs.LogicalID),
		AvailableIPs:        -1, Tags: m.tags(p, "Tags"), Source: src(rs)}
	s.Name = s.Tags["Name"]
	az, ok := p.Get("AvailabilityZone")
	if !ok {
		az, _ = p.Get("AvailabilityZoneId")
	}
	switch {
	case az.Kind == KindScalar:
		s.AZ = az.Str
	case az.Kind == KindSymbol && strings.Contains(az.Str, "#"):
		s.AZ = az.Str // the n-th zone of !GetAZs: stable and distinct per index
	default:
		// Unknown (a parameter without a value, say): two such subnets could share a zone
		// or not, so the AZ stays "" rather than a symbol that would compare unequal.
		s.AZ = ""
	}
	m.subnets[s.ID] = s
	m.a.Subnets = append(m.a.Subnets, s)
}

func (m *mapper) routeTable(rs *Resource) {
	p := rs.Properties
	rt := &model.RouteTable{ID: rs.ID, VPC: m.idOf(p, "VpcId"), Tags: m.tags(p, "Tags"), Source: src(rs)}
	rt.Name = rt.Tags["Name"]
	m.rts[rt.ID] = rt
	m.a.RouteTables = append(m.a.RouteTables, rt)
}

// routeTargets lists AWS::EC2::Route's target properties and their kinds.
var routeTargets = []struct {
	key  string
	kind model.TargetKind
}{
	{"GatewayId", ""}, // IGW or VGW: decided by what it refers to
	{"NatGatewayId", model.TargetNATGateway},
	{"InstanceId", model.TargetInstance},
	{"NetworkInterfaceId", model.TargetNetworkInterface},
	{"VpcEndpointId", model.TargetVPCEndpoint},
	{"TransitGatewayId", model.TargetTransitGateway},
	{"VpcPeeringConnectionId", model.TargetPeering},
	{"EgressOnlyInternetGatewayId", model.TargetEgressOnlyIGW},
	{"CarrierGatewayId", model.TargetCarrierGateway},
	{"LocalGatewayId", model.TargetLocalGateway},
	{"CoreNetworkArn", model.TargetCoreNetwork},
}

func (m *mapper) route(rs *Resource) {
	p := rs.Properties
	rtID := m.idOf(p, "RouteTableId")
	rt := m.rts[rtID]
	if rt == nil && !isAWSID(rtID, "rtb-") {
		m.outside(rs, "route table", rtID)
		return
	}
	r := model.Route{Source: src(rs), Target: model.RouteTarget{Kind: model.TargetUnknown}}
	switch {
	case has(p, "DestinationCidrBlock"):
		r.Destination = m.prefix(p, "DestinationCidrBlock", rs.LogicalID)
	case has(p, "DestinationIpv6CidrBlock"):
		r.Destination = m.prefix(p, "DestinationIpv6CidrBlock", rs.LogicalID)
	case has(p, "DestinationPrefixListId"):
		v, _ := p.Get("DestinationPrefixListId")
		r.DestinationPrefixList = m.id(v)
	default:
		m.warn(src(rs), rs.LogicalID, "%s: expected DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId", rs.LogicalID)
	}
	for _, t := range routeTargets {
		v, ok := p.Get(t.key)
		if !ok {
			continue
		}
		r.Target.ID = m.id(v)
		r.Target.Kind = t.kind
		if t.key == "GatewayId" {
			r.Target.Kind = m.gatewayKind(v, r.Target.ID)
		}
		if r.Target.ID == "" {
			r.Target.Kind = model.TargetUnknown
		}
		break
	}
	if rt == nil {
		// A route in an existing table (rtb-...): an amendment (see model.Amendment).
		m.a.Amendments = append(m.a.Amendments, model.Amendment{Target: rtID, Route: &r, Source: src(rs)})
		return
	}
	rt.Routes = append(rt.Routes, r)
}

// isAWSID reports whether id is a literal AWS ID with the given prefix ("sg-0abc...").
func isAWSID(id, prefix string) bool {
	if !strings.HasPrefix(id, prefix) || len(id) <= len(prefix) {
		return false
	}
	for _, c := range id[len(prefix):] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// gatewayKind tells an internet gateway from a virtual private gateway in GatewayId.
func (m *mapper) gatewayKind(v Value, id string) model.TargetKind {
	if v.Kind == KindRef {
		if t := m.target(v.Ref); t != nil {
			switch t.typName() {
			case "AWS::EC2::InternetGateway":
				return model.TargetInternetGateway
			case "AWS::EC2::VPNGateway":
				return model.TargetVPNGateway
			case "AWS::EC2::EgressOnlyInternetGateway":
				return model.TargetEgressOnlyIGW
			}
		}
		return model.TargetUnknown
	}
	switch {
	case strings.HasPrefix(id, "igw-"):
		return model.TargetInternetGateway
	case strings.HasPrefix(id, "vgw-"):
		return model.TargetVPNGateway
	case id == "local":
		return model.TargetLocal
	}
	return model.TargetUnknown
}

func has(p Value, key string) bool {
	_, ok := p.Get(key)
	return ok
}

func (m *mapper) subnetRouteTableAssociation(rs *Resource) {
	p := rs.Properties
	rtID := m.idOf(p, "RouteTableId")
	rt := m.rts[rtID]
	if rt == nil {
		m.outside(rs, "route table", rtID)
		return
	}
	sid := m.idOf(p, "SubnetId")
	if sid == "" {
		m.warn(src(rs), rs.LogicalID, "%s: the associated subnet is not known statically", rs.LogicalID)
		return
	}
	rt.Subnets = appendUnique(rt.Subnets, sid)
}

func (m *mapper) gatewayRouteTableAssociation(rs *Resource) {
	p := rs.Properties
	rtID := m.idOf(p, "RouteTableId")
	rt := m.rts[rtID]
	if rt == nil {
		m.outside(rs, "route table", rtID)
		return
	}
	if gid := m.idOf(p, "GatewayId"); gid != "" {
		rt.Gateways = appendUnique(rt.Gateways, gid)
	}
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func (m *mapper) internetGateway(rs *Resource, egressOnly bool) {
	p := rs.Properties
	g := &model.InternetGateway{ID: rs.ID, Egress: egressOnly, Tags: m.tags(p, "Tags"), Source: src(rs)}
	g.Name = g.Tags["Name"]
	if egressOnly {
		if vid := m.idOf(p, "VpcId"); vid != "" {
			g.VPCs = []string{vid}
		}
	}
	m.igws[g.ID] = g
	m.a.InternetGateways = append(m.a.InternetGateways, g)
}

func (m *mapper) vpnGateway(rs *Resource) {
	g := &model.VPNGateway{ID: rs.ID, Source: src(rs)}
	m.vgws[g.ID] = g
	m.a.VPNGateways = append(m.a.VPNGateways, g)
}

func (m *mapper) gatewayAttachment(rs *Resource) {
	p := rs.Properties
	vid := m.idOf(p, "VpcId")
	if gid := m.idOf(p, "InternetGatewayId"); has(p, "InternetGatewayId") {
		if g := m.igws[gid]; g != nil {
			if vid != "" {
				g.VPCs = appendUnique(g.VPCs, vid)
			}
		} else {
			m.outside(rs, "internet gateway", gid)
		}
	}
	if gid := m.idOf(p, "VpnGatewayId"); has(p, "VpnGatewayId") {
		if g := m.vgws[gid]; g != nil {
			if vid != "" {
				g.VPCs = appendUnique(g.VPCs, vid)
			}
		} else {
			m.outside(rs, "VPN gateway", gid)
		}
	}
}

func (m *mapper) natGateway(rs *Resource) {
	p := rs.Properties
	n := &model.NATGateway{ID: rs.ID, Subnet: m.idOf(p, "SubnetId"), EIP: m.idOf(p, "AllocationId"),
		Tags: m.tags(p, "Tags"), Source: src(rs), Public: model.Yes}
	n.Name = n.Tags["Name"]
	if v, ok := p.Get("ConnectivityType"); ok {
		switch s, _ := v.String(); s {
		case "public":
		case "private":
			n.Public = model.No
		default:
			n.Public = model.Unknown
		}
	}
	if v, ok := p.Get("PrivateIpAddress"); ok {
		if s, ok := v.String(); ok {
			n.PrivateIP, _ = netip.ParseAddr(s)
		}
	}
	if n.EIP != "" {
		if e := m.eips[n.EIP]; e != nil {
			e.Association = n.ID
		}
	}
	m.a.NATGateways = append(m.a.NATGateways, n)
}

func (m *mapper) eip(rs *Resource) {
	p := rs.Properties
	e := &model.ElasticIP{ID: rs.ID, Association: m.idOf(p, "InstanceId"), Source: src(rs)}
	m.eips[e.ID] = e
	m.a.ElasticIPs = append(m.a.ElasticIPs, e)
}

// eipAssociation attaches an Elastic IP (AllocationId, or the legacy EIP address) to an
// instance or network interface: what makes a NAT instance public.
func (m *mapper) eipAssociation(rs *Resource) {
	p := rs.Properties
	id := m.idOf(p, "AllocationId")
	if id == "" {
		id = m.idOf(p, "EIP")
	}
	owner := m.idOf(p, "NetworkInterfaceId")
	if owner == "" {
		owner = m.idOf(p, "InstanceId")
	}
	if id == "" || owner == "" {
		return
	}
	e := m.eips[id]
	if e == nil { // an Elastic IP outside the template
		e = &model.ElasticIP{ID: id, Source: src(rs)}
		m.eips[id] = e
		m.a.ElasticIPs = append(m.a.ElasticIPs, e)
	}
	e.Association = owner
}

func (m *mapper) networkACL(rs *Resource) {
	p := rs.Properties
	acl := &model.NetworkACL{ID: rs.ID, VPC: m.idOf(p, "VpcId"), Tags: m.tags(p, "Tags"), Source: src(rs)}
	acl.Name = acl.Tags["Name"]
	m.acls[acl.ID] = acl
	m.a.NetworkACLs = append(m.a.NetworkACLs, acl)
}

func (m *mapper) networkACLEntry(rs *Resource) {
	p := rs.Properties
	aclID := m.idOf(p, "NetworkAclId")
	acl := m.acls[aclID]
	if acl == nil {
		m.outside(rs, "network ACL", aclID)
		return
	}
	if !m.aclNumbersValid(p, rs) {
		return
	}
	e := model.ACLEntry{RuleNumber: m.integer(p, "RuleNumber", -1, rs.LogicalID), Source: src(rs),
		Egress: m.tri(p, "Egress", model.No, rs.LogicalID) == model.Yes, Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1}
	action := strings.ToLower(m.text(p, "RuleAction"))
	switch action {
	case "allow":
		e.Allow = true
	case "deny":
	default:
		// Unknown action: keep the entry as a deny, the safe reading for reachability.
		m.warn(src(rs), rs.LogicalID, "%s: RuleAction is %q, expected allow or deny; read as deny", rs.LogicalID, action)
	}
	e.Protocol = m.protocol(p, rs)
	switch {
	case has(p, "CidrBlock"):
		e.CIDR = m.prefix(p, "CidrBlock", rs.LogicalID)
	case has(p, "Ipv6CidrBlock"):
		e.CIDR = m.prefix(p, "Ipv6CidrBlock", rs.LogicalID)
	}
	if e.Protocol.HasPorts() {
		if pr, ok := p.Get("PortRange"); ok {
			e.Ports = model.PortRange{From: int32(m.integer(pr, "From", 0, rs.LogicalID)), To: int32(m.integer(pr, "To", 65535, rs.LogicalID))}
			if e.Ports.From < 0 || e.Ports.To < 0 {
				m.warn(src(rs), rs.LogicalID, "%s: the port range is not known statically; read as all ports", rs.LogicalID)
				e.Ports = model.AllPorts
			}
		} else {
			m.warn(src(rs), rs.LogicalID, "%s: a %s entry needs a PortRange (EC2 rejects it); read as all ports", rs.LogicalID, e.Protocol)
		}
	}
	if ic, ok := p.Get("Icmp"); ok {
		e.ICMPType = int32(m.integer(ic, "Type", -1, rs.LogicalID))
		e.ICMPCode = int32(m.integer(ic, "Code", -1, rs.LogicalID))
	}
	acl.Entries = append(acl.Entries, e)
}

// aclNumbersValid checks the numbers of a network ACL entry as EC2 does, and reports those
// it rejects as errors at the value (RuleBadNumber): a RuleNumber outside 1..32766, a
// PortRange From or To outside 0..65535 or From above To, an Icmp Type or Code outside
// -1..255. An entry EC2 rejects is not modelled.
func (m *mapper) aclNumbersValid(p Value, rs *Resource) bool {
	who := rs.LogicalID
	valid := true
	if _, _, bad := m.ranged(p, "RuleNumber", "rule number", 1, 32766, who); bad {
		valid = false
	}
	if pr, ok := p.Get("PortRange"); ok {
		from, fok, fbad := m.ranged(pr, "From", "port", 0, 65535, who)
		to, tok, tbad := m.ranged(pr, "To", "port", 0, 65535, who)
		switch {
		case fbad || tbad:
			valid = false
		case fok && tok && from > to:
			v, _ := pr.Get("From")
			m.numberError(v.Pos(), who, "%s: PortRange From %d is above To %d; EC2 rejects a reversed port range (the entry is not checked)", who, from, to)
			valid = false
		}
	}
	if ic, ok := p.Get("Icmp"); ok {
		_, _, tbad := m.ranged(ic, "Type", "ICMP type", -1, 255, who)
		_, _, cbad := m.ranged(ic, "Code", "ICMP code", -1, 255, who)
		valid = valid && !tbad && !cbad
	}
	return valid
}

// protocol reads Protocol (ACL entries) or IpProtocol (SG rules).
func (m *mapper) protocol(p Value, rs *Resource) model.Protocol {
	key := "Protocol"
	if has(p, "IpProtocol") {
		key = "IpProtocol"
	}
	v, ok := p.Get(key)
	if !ok {
		return model.AllProtocols
	}
	s, ok := v.String()
	if !ok {
		m.warn(at(rs, v), rs.LogicalID, "%s: %s is not known statically; read as all protocols", rs.LogicalID, key)
		return model.AllProtocols
	}
	pr, err := model.ParseProtocol(strings.TrimSpace(s))
	if err != nil {
		m.warn(at(rs, v), rs.LogicalID, "%s: %s: %v", rs.LogicalID, key, err)
		return model.AllProtocols
	}
	return pr
}

func (m *mapper) subnetACLAssociation(rs *Resource) {
	p := rs.Properties
	aclID := m.idOf(p, "NetworkAclId")
	acl := m.acls[aclID]
	if acl == nil && strings.HasSuffix(aclID, ".DefaultNetworkAcl") {
		acl = m.defaultACL(strings.TrimSuffix(aclID, ".DefaultNetworkAcl"))
	}
	if acl == nil {
		m.outside(rs, "network ACL", aclID)
		return
	}
	if sid := m.idOf(p, "SubnetId"); sid != "" {
		acl.Subnets = appendUnique(acl.Subnets, sid)
	}
}

func (m *mapper) tgwAttachment(rs *Resource) {
	p := rs.Properties
	a := &model.TransitGatewayAttachment{ID: rs.ID, TransitGateway: m.idOf(p, "TransitGatewayId"),
		VPC: m.idOf(p, "VpcId"), Source: src(rs)}
	if v, ok := p.Get("SubnetIds"); ok {
		a.Subnets = m.ids(v)
	}
	m.a.TransitGatewayAttachments = append(m.a.TransitGatewayAttachments, a)
}

func (m *mapper) peering(rs *Resource) {
	p := rs.Properties
	pc := &model.PeeringConnection{ID: rs.ID, RequesterVPC: m.idOf(p, "VpcId"), AccepterVPC: m.idOf(p, "PeerVpcId"), Source: src(rs)}
	m.a.PeeringConnections = append(m.a.PeeringConnections, pc)
}

// instance reads an EC2 instance as its primary network interface (ID: the instance's
// logical ID, Attachment: the instance), which is what routing and NAT instances need.
func (m *mapper) instance(rs *Resource) {
	p := rs.Properties
	ni := &model.NetworkInterface{ID: rs.ID, Attachment: rs.ID, InterfaceType: "interface", Subnet: m.idOf(p, "SubnetId"),
		SourceDestCheck: m.tri(p, "SourceDestCheck", model.Yes, rs.LogicalID), Tags: m.tags(p, "Tags"), Source: src(rs)}
	ni.Description = ni.Tags["Name"]
	if v, ok := p.Get("SecurityGroupIds"); ok {
		ni.SecurityGroups = m.ids(v)
	}
	if ip := m.addr(p, "PrivateIpAddress"); ip.IsValid() {
		ni.PrivateIPs = []netip.Addr{ip}
	}
	if v, ok := p.Get("NetworkInterfaces"); ok { // the device-0 interface, declared inline
		items, _ := v.List()
		for _, it := range items {
			if idx, _ := it.Get("DeviceIndex"); idx.Str != "0" {
				continue
			}
			if sid := m.idOf(it, "SubnetId"); sid != "" {
				ni.Subnet = sid
			}
			if g, ok := it.Get("GroupSet"); ok {
				ni.SecurityGroups = m.ids(g)
			}
			if ip := m.addr(it, "PrivateIpAddress"); ip.IsValid() {
				ni.PrivateIPs = []netip.Addr{ip}
			}
			ni.PublicIPAssigned = m.tri(it, "AssociatePublicIpAddress", model.No, rs.LogicalID) == model.Yes
		}
	}
	m.instanceDefaults(rs, ni)
	m.a.NetworkInterfaces = append(m.a.NetworkInterfaces, ni)
}

// networkInterface reads AWS::EC2::NetworkInterface.
func (m *mapper) networkInterface(rs *Resource) {
	p := rs.Properties
	ni := &model.NetworkInterface{ID: rs.ID, InterfaceType: "interface", Subnet: m.idOf(p, "SubnetId"),
		SourceDestCheck: m.tri(p, "SourceDestCheck", model.Yes, rs.LogicalID), Description: m.text(p, "Description"),
		Tags: m.tags(p, "Tags"), Source: src(rs)}
	if v, ok := p.Get("GroupSet"); ok {
		ni.SecurityGroups = m.ids(v)
	}
	if ip := m.addr(p, "PrivateIpAddress"); ip.IsValid() {
		ni.PrivateIPs = []netip.Addr{ip}
	}
	m.enis[ni.ID] = ni
	m.a.NetworkInterfaces = append(m.a.NetworkInterfaces, ni)
}

func (m *mapper) networkInterfaceAttachment(rs *Resource) {
	p := rs.Properties
	id := m.idOf(p, "NetworkInterfaceId")
	ni := m.enis[id]
	if ni == nil {
		m.outside(rs, "network interface", id)
		return
	}
	ni.Attachment = m.idOf(p, "InstanceId")
}

func (m *mapper) subnetCIDRBlock(rs *Resource) {
	p := rs.Properties
	sid := m.idOf(p, "SubnetId")
	s := m.subnets[sid]
	if s == nil {
		m.outside(rs, "subnet", sid)
		return
	}
	s.IPv6CIDR = m.prefix(p, "Ipv6CidrBlock", rs.LogicalID)
}

// addr reads an IP address property; zero when absent, unknown or invalid.
func (m *mapper) addr(props Value, key string) netip.Addr {
	v, ok := props.Get(key)
	if !ok {
		return netip.Addr{}
	}
	s, _ := v.String()
	a, _ := netip.ParseAddr(strings.TrimSpace(s))
	return a
}
