package cfn

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// Security groups, VPC endpoints, prefix lists and Client VPN.

func (m *mapper) securityGroup(rs *Resource) {
	p := rs.Properties
	g := &model.SecurityGroup{ID: rs.ID, Name: m.text(p, "GroupName"), Description: m.text(p, "GroupDescription"),
		VPC: m.idOf(p, "VpcId"), Tags: m.tags(p, "Tags"), Source: src(rs)}
	if v, ok := p.Get("SecurityGroupIngress"); ok {
		items, _ := v.List()
		for _, it := range items {
			if r, ok := m.sgRule(it, rs, g.ID, false); ok {
				g.Ingress = append(g.Ingress, r)
			}
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
			if r, ok := m.sgRule(it, rs, g.ID, true); ok {
				g.Egress = append(g.Egress, r)
			}
		}
		if v.Kind != KindList {
			m.warn(at(rs, v), rs.LogicalID, "%s: SecurityGroupEgress is not a list known statically; its rules are not modelled", rs.LogicalID)
		}
	}
	m.sgs[g.ID] = g
	m.a.SecurityGroups = append(m.a.SecurityGroups, g)
}

// sgRule reads one rule (inline, or an AWS::EC2::SecurityGroupIngress/Egress resource).
// A rule whose ports EC2 rejects (see sgPortsValid) is not returned (ok false).
func (m *mapper) sgRule(p Value, rs *Resource, self string, egress bool) (model.SGRule, bool) {
	r := model.SGRule{Protocol: m.protocol(p, rs), Ports: model.AllPorts, Description: m.text(p, "Description"), Source: at(rs, p)}
	if r.Protocol != model.AllProtocols && !m.sgPortsValid(p, r.Protocol, rs) {
		return r, false
	}
	if r.Protocol != model.AllProtocols {
		from := m.integer(p, "FromPort", -1, rs.LogicalID)
		to := m.integer(p, "ToPort", -1, rs.LogicalID)
		if r.Protocol.HasPorts() {
			fv, hasFrom := p.Get("FromPort")
			tv, hasTo := p.Get("ToPort")
			switch {
			case !hasFrom || !hasTo:
				m.warn(r.Source, rs.LogicalID, "%s: a %s rule needs FromPort and ToPort (EC2 rejects it); read as all ports", rs.LogicalID, r.Protocol)
			case !fv.Known() || !tv.Known():
				m.warn(r.Source, rs.LogicalID, "%s: the ports of a %s rule are not known statically; read as all ports", rs.LogicalID, r.Protocol)
			}
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
	return r, true
}

// sgPortsValid checks the numbers of a rule's FromPort and ToPort as EC2 does, and reports
// those it rejects as errors at the value (RuleBadNumber): ports outside -1..65535, for
// ICMP and ICMPv6 a type (FromPort) or code (ToPort) outside -1..255, and a TCP or UDP
// range whose FromPort is above its ToPort. A number is never truncated: 4294967739 is not
// read as 443. Values not known statically are left to sgRule.
func (m *mapper) sgPortsValid(p Value, proto model.Protocol, rs *Resource) bool {
	icmp := proto == model.ICMP || proto == model.ICMPv6
	fromName, toName, hi := "port", "port", 65535
	if icmp {
		fromName, toName, hi = "ICMP type", "ICMP code", 255
	}
	from, fok, fbad := m.ranged(p, "FromPort", fromName, -1, hi, rs.LogicalID)
	to, tok, tbad := m.ranged(p, "ToPort", toName, -1, hi, rs.LogicalID)
	if fbad || tbad {
		return false
	}
	if proto.HasPorts() && fok && tok && from >= 0 && to >= 0 && from > to {
		v, _ := p.Get("FromPort")
		m.numberError(v.Pos(), rs.LogicalID, "%s: FromPort %d is above ToPort %d; EC2 rejects a reversed port range (the rule is not checked)", rs.LogicalID, from, to)
		return false
	}
	return true
}

// ranged reads an integer property that EC2 bounds to lo..hi. ok says a number in range
// was read; bad says the value is a number outside the range (reported as an error at the
// value, naming what it is). Absent, unknown or non-integer values give neither (non-integers
// are reported by integer as before).
func (m *mapper) ranged(p Value, key, what string, lo, hi int, who string) (n int, ok, bad bool) {
	v, present := p.Get(key)
	if !present || v.Kind != KindScalar {
		return 0, false, false
	}
	text := strings.TrimSpace(v.Str)
	i, err := strconv.ParseInt(text, 10, 64)
	switch {
	case err == nil && i >= int64(lo) && i <= int64(hi):
		return int(i), true, false
	case err == nil, errors.Is(err, strconv.ErrRange):
		m.numberError(v.Pos(), who, "%s: %s %s is not a valid %s: expected %d to %d; EC2 rejects it (the rule is not checked)", who, key, textsafe.Excerpt(text), what, lo, hi)
		return 0, false, true
	}
	return 0, false, false
}

// numberError is an error finding about a number EC2 rejects.
func (m *mapper) numberError(p Pos, resource, format string, args ...any) {
	m.a.IngestFindings = append(m.a.IngestFindings, finding(model.SeverityError, RuleBadNumber, p, resource, format, args...))
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
		if !isAWSID(gid, "sg-") {
			m.outside(rs, "security group", gid)
			return
		}
		// A rule on an existing group (sg-...): an amendment that applies once an input
		// that defines the group (a snapshot) is merged with this one.
		r, ok := m.sgRule(p, rs, gid, egress)
		if !ok {
			return
		}
		r.Source = src(rs)
		am := model.Amendment{Target: gid, Source: src(rs)}
		if egress {
			am.Egress = &r
		} else {
			am.Ingress = &r
		}
		m.a.Amendments = append(m.a.Amendments, am)
		return
	}
	r, ok := m.sgRule(p, rs, g.ID, egress)
	if !ok {
		return
	}
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
			m.warn(at(rs, v), rs.LogicalID, "%s: VpcEndpointType %s: expected Interface, Gateway or GatewayLoadBalancer", rs.LogicalID, v.Excerpt())
		}
	}
	e.PrivateDNS = m.tri(p, "PrivateDnsEnabled", model.No, rs.LogicalID)
	if v, ok := p.Get("SubnetIds"); ok {
		e.Subnets = m.idList(v, rs, "SubnetIds")
	}
	if v, ok := p.Get("SecurityGroupIds"); ok {
		e.SecurityGroups = m.idList(v, rs, "SecurityGroupIds")
	} else if e.Type == model.EndpointInterface && e.VPC != "" {
		// AWS gives an interface endpoint without security groups the VPC's default group:
		// model it when the template creates the VPC (its rules are then AWS's defaults).
		m.defaultSGs[e.VPC] = true
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
	} else if c.VPC != "" {
		m.defaultSGs[c.VPC] = true // AWS applies the VPC's default group
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
