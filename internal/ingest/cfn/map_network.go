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
	} else if b, _ := p.Get("AmazonProvidedIpv6CidrBlock"); b.Str == "true" {
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
	if rt == nil {
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
	rt.Routes = append(rt.Routes, r)
}

// gatewayKind tells an internet gateway from a virtual private gateway in GatewayId.
func (m *mapper) gatewayKind(v Value, id string) model.TargetKind {
	if v.Kind == KindRef {
		if t := m.target(v.Ref); t != nil {
			switch t.Type {
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
	if pr, ok := p.Get("PortRange"); ok && e.Protocol.HasPorts() {
		e.Ports = model.PortRange{From: int32(m.integer(pr, "From", 0, rs.LogicalID)), To: int32(m.integer(pr, "To", 65535, rs.LogicalID))}
	}
	if ic, ok := p.Get("Icmp"); ok {
		e.ICMPType = int32(m.integer(ic, "Type", -1, rs.LogicalID))
		e.ICMPCode = int32(m.integer(ic, "Code", -1, rs.LogicalID))
	}
	acl.Entries = append(acl.Entries, e)
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

func (m *mapper) securityGroup(rs *Resource) {
	p := rs.Properties
	g := &model.SecurityGroup{ID: rs.ID, Name: m.text(p, "GroupName"), Description: m.text(p, "GroupDescription"),
		VPC: m.idOf(p, "VpcId"), Tags: m.tags(p, "Tags"), Source: src(rs)}
	if v, ok := p.Get("SecurityGroupIngress"); ok {
		items, _ := v.List()
		for _, it := range items {
			g.Ingress = append(g.Ingress, m.sgRule(it, rs, g.ID, false))
		}
		if v.Kind != KindList {
			m.warn(at(rs, v), rs.LogicalID, "%s: SecurityGroupIngress is not a list known statically; its rules are not modelled", rs.LogicalID)
		}
	}
	if v, ok := p.Get("SecurityGroupEgress"); ok {
		// Declared egress rules replace AWS's default allow-all rule; an empty list does not
		// (the usual way to drop the default is a narrow dummy rule).
		items, isList := v.List()
		m.inlineEgress[g.ID] = len(items) > 0 || !isList
		for _, it := range items {
			g.Egress = append(g.Egress, m.sgRule(it, rs, g.ID, true))
		}
		if v.Kind != KindList {
			m.warn(at(rs, v), rs.LogicalID, "%s: SecurityGroupEgress is not a list known statically; its rules are not modelled", rs.LogicalID)
		}
	}
	m.sgs[g.ID] = g
	m.a.SecurityGroups = append(m.a.SecurityGroups, g)
}

// sgRule reads one rule (inline, or an AWS::EC2::SecurityGroupIngress/Egress resource).
func (m *mapper) sgRule(p Value, rs *Resource, self string, egress bool) model.SGRule {
	r := model.SGRule{Protocol: m.protocol(p, rs), Ports: model.AllPorts, Description: m.text(p, "Description"), Source: at(rs, p)}
	if r.Protocol != model.AllProtocols {
		from := m.integer(p, "FromPort", -1, rs.LogicalID)
		to := m.integer(p, "ToPort", -1, rs.LogicalID)
		if r.Protocol.HasPorts() {
			if from < 0 && to < 0 || from == -1 && to == 65535 {
				r.Ports = model.AllPorts
			} else {
				if to < 0 {
					to = from
				}
				r.Ports = model.PortRange{From: int32(from), To: int32(to)}
			}
		} else {
			r.Ports = model.PortRange{From: int32(from), To: int32(to)}
		}
	}
	groupKey, plKey := "SourceSecurityGroupId", "SourcePrefixListId"
	if egress {
		groupKey, plKey = "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	switch {
	case has(p, "CidrIp"):
		r.CIDR = m.prefix(p, "CidrIp", rs.LogicalID)
		r.PeerUnknown = !r.CIDR.IsValid()
	case has(p, "CidrIpv6"):
		r.CIDR = m.prefix(p, "CidrIpv6", rs.LogicalID)
		r.PeerUnknown = !r.CIDR.IsValid()
	case has(p, groupKey):
		r.Group = m.idOf(p, groupKey)
		r.PeerUnknown = r.Group == ""
	case has(p, plKey):
		r.PrefixList = m.idOf(p, plKey)
		r.PeerUnknown = r.PrefixList == ""
	case !egress && has(p, "SourceSecurityGroupName"):
		// A group named in the default VPC; only the own group's name can be resolved.
		r.Group = m.text(p, "SourceSecurityGroupName")
		r.PeerUnknown = true
		if g := m.sgs[self]; g != nil && g.Name != "" && g.Name == r.Group {
			r.Group, r.PeerUnknown = self, false
		} else {
			r.Group = ""
		}
	default:
		r.PeerUnknown = true
		m.warn(r.Source, rs.LogicalID, "%s: the security group rule names no peer (CidrIp, CidrIpv6, %s or %s)", rs.LogicalID, groupKey, plKey)
	}
	return r
}

func (m *mapper) securityGroupRule(rs *Resource, egress bool) {
	p := rs.Properties
	gid := m.idOf(p, "GroupId")
	if gid == "" && !egress {
		if name := m.text(p, "GroupName"); name != "" {
			for _, g := range m.a.SecurityGroups {
				if g.Name == name {
					gid = g.ID
				}
			}
		}
	}
	g := m.sgs[gid]
	if g == nil && strings.HasSuffix(gid, ".DefaultSecurityGroup") {
		g = m.defaultSG(strings.TrimSuffix(gid, ".DefaultSecurityGroup"))
	}
	if g == nil {
		m.outside(rs, "security group", gid)
		return
	}
	r := m.sgRule(p, rs, g.ID, egress)
	r.Source = src(rs)
	if egress {
		g.Egress = append(g.Egress, r)
	} else {
		g.Ingress = append(g.Ingress, r)
	}
}

func (m *mapper) vpcEndpoint(rs *Resource) {
	p := rs.Properties
	e := &model.VPCEndpoint{ID: rs.ID, VPC: m.idOf(p, "VpcId"), Service: m.text(p, "ServiceName"),
		Type: model.EndpointGateway, Source: src(rs)}
	if v, ok := p.Get("VpcEndpointType"); ok {
		s, _ := v.String()
		switch strings.ToLower(s) {
		case "interface":
			e.Type = model.EndpointInterface
		case "gateway":
		case "gatewayloadbalancer":
			e.Type = model.EndpointGatewayLoadBalancer
		default:
			m.warn(at(rs, v), rs.LogicalID, "%s: VpcEndpointType %s: expected Interface, Gateway or GatewayLoadBalancer", rs.LogicalID, v.Describe())
		}
	}
	e.PrivateDNS = m.tri(p, "PrivateDnsEnabled", model.No, rs.LogicalID)
	if v, ok := p.Get("SubnetIds"); ok {
		e.Subnets = m.idList(v, rs, "SubnetIds")
	}
	if v, ok := p.Get("SecurityGroupIds"); ok {
		e.SecurityGroups = m.idList(v, rs, "SecurityGroupIds")
	}
	if v, ok := p.Get("RouteTableIds"); ok {
		e.RouteTables = m.idList(v, rs, "RouteTableIds")
	}
	if v, ok := p.Get("PolicyDocument"); ok {
		e.Policy = m.policy(v, rs)
	}
	m.a.Endpoints = append(m.a.Endpoints, e)
}

func (m *mapper) prefixList(rs *Resource) {
	p := rs.Properties
	pl := &model.PrefixList{ID: rs.ID, Name: m.text(p, "PrefixListName"), Source: src(rs)}
	if v, ok := p.Get("Entries"); ok {
		items, _ := v.List()
		for _, it := range items {
			if pf := m.prefix(it, "Cidr", rs.LogicalID); pf.IsValid() {
				pl.Entries = append(pl.Entries, pf)
			}
		}
	}
	m.a.PrefixLists = append(m.a.PrefixLists, pl)
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

func (m *mapper) clientVPN(rs *Resource) {
	p := rs.Properties
	c := &model.ClientVPN{ID: rs.ID, VPC: m.idOf(p, "VpcId"), ClientCIDR: m.prefix(p, "ClientCidrBlock", rs.LogicalID),
		SplitTunnel: m.tri(p, "SplitTunnel", model.No, rs.LogicalID), ServerCertificateARN: m.text(p, "ServerCertificateArn"),
		TransportProtocol: m.literal(p, "TransportProtocol"), VPNPort: m.integer(p, "VpnPort", 443, rs.LogicalID), Source: src(rs)}
	if c.TransportProtocol == "" && !has(p, "TransportProtocol") {
		c.TransportProtocol = "udp"
	}
	if v, ok := p.Get("SecurityGroupIds"); ok {
		c.SecurityGroups = m.ids(v)
	}
	if v, ok := p.Get("AuthenticationOptions"); ok {
		items, _ := v.List()
		for _, it := range items {
			c.Authentication = append(c.Authentication, m.text(it, "Type"))
			if ma, ok := it.Get("MutualAuthentication"); ok {
				c.ClientRootCertARN = m.text(ma, "ClientRootCertificateChainArn")
			}
		}
	}
	if v, ok := p.Get("DnsServers"); ok {
		items, _ := v.List()
		for _, it := range items {
			if s, ok := it.String(); ok {
				if a, err := netip.ParseAddr(s); err == nil {
					c.DNSServers = append(c.DNSServers, a)
				}
			}
		}
	}
	c.ConnectionLogging = model.Unknown
	if v, ok := p.Get("ConnectionLogOptions"); ok {
		c.ConnectionLogging = m.tri(v, "Enabled", model.Unknown, rs.LogicalID)
	}
	if v, ok := p.Get("TagSpecifications"); ok {
		items, _ := v.List()
		for _, it := range items {
			for k, val := range m.tags(it, "Tags") {
				if c.Tags == nil {
					c.Tags = map[string]string{}
				}
				c.Tags[k] = val
			}
		}
		c.Name = c.Tags["Name"]
	}
	m.vpns[c.ID] = c
	m.a.ClientVPNs = append(m.a.ClientVPNs, c)
}

func (m *mapper) clientVPNPart(rs *Resource) {
	p := rs.Properties
	cid := m.idOf(p, "ClientVpnEndpointId")
	c := m.vpns[cid]
	if c == nil {
		m.outside(rs, "Client VPN endpoint", cid)
		return
	}
	switch rs.Type {
	case "AWS::EC2::ClientVpnTargetNetworkAssociation":
		if sid := m.idOf(p, "SubnetId"); sid != "" {
			c.Associations = appendUnique(c.Associations, sid)
		}
	case "AWS::EC2::ClientVpnAuthorizationRule":
		a := model.ClientVPNAuthorization{TargetCIDR: m.prefix(p, "TargetNetworkCidr", rs.LogicalID),
			AllGroups:   m.tri(p, "AuthorizeAllGroups", model.No, rs.LogicalID) == model.Yes,
			AccessGroup: m.text(p, "AccessGroupId"), Source: src(rs)}
		c.AuthorizationRules = append(c.AuthorizationRules, a)
	case "AWS::EC2::ClientVpnRoute":
		c.Routes = append(c.Routes, model.ClientVPNRoute{Destination: m.prefix(p, "DestinationCidrBlock", rs.LogicalID),
			TargetSubnet: m.idOf(p, "TargetVpcSubnetId"), Source: src(rs)})
	}
}
