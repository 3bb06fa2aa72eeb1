package cfn

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/mwaanet/mwaanet/internal/model"
)

// creates reports whether the template creates the object with this ID (existing
// resources keep their AWS IDs, which are not logical IDs).
func creates(id string) bool { return IsLogicalID(id) }

func cidr(p netip.Prefix) string { return p.String() }

func (r *renderer) vpcs() {
	for _, v := range r.a.VPCs {
		if !creates(v.ID) {
			continue
		}
		if len(v.CIDRs) == 0 || !v.CIDRs[0].IsValid() {
			r.fail("VPC %s has no known CIDR", v.ID)
			return
		}
		props := newObject().setAlways("CidrBlock", cidr(v.CIDRs[0]))
		props.set("EnableDnsSupport", tri(v.EnableDNSSupport))
		props.set("EnableDnsHostnames", tri(v.EnableDNSHostnames))
		props.set("Tags", r.tags(v.Name, v.Tags))
		r.resource(v.ID, "AWS::EC2::VPC", props)
		for i, c := range v.CIDRs[1:] {
			if !c.IsValid() {
				continue
			}
			r.resource(fmt.Sprintf("%sCidrBlock%d", v.ID, i+2), "AWS::EC2::VPCCidrBlock",
				newObject().setAlways("VpcId", r.id(v.ID)).setAlways("CidrBlock", cidr(c)))
		}
	}
}

func (r *renderer) internetGateways() {
	for _, g := range r.a.InternetGateways {
		if !creates(g.ID) {
			continue
		}
		if g.Egress {
			for i, vpc := range g.VPCs {
				id := g.ID
				if i > 0 {
					id = fmt.Sprintf("%s%d", g.ID, i+1)
				}
				r.resource(id, "AWS::EC2::EgressOnlyInternetGateway", newObject().setAlways("VpcId", r.id(vpc)))
			}
			continue
		}
		r.resource(g.ID, "AWS::EC2::InternetGateway", newObject().set("Tags", r.tags(g.Name, g.Tags)))
		for i, vpc := range g.VPCs {
			id := g.ID + "Attachment"
			if i > 0 {
				id = fmt.Sprintf("%sAttachment%d", g.ID, i+1)
			}
			r.resource(id, "AWS::EC2::VPCGatewayAttachment", newObject().
				setAlways("VpcId", r.id(vpc)).setAlways("InternetGatewayId", r.id(g.ID)))
			r.igwAttachments[g.ID] = append(r.igwAttachments[g.ID], id)
		}
	}
}

// allIGWAttachments lists every internet gateway attachment the template creates.
func (r *renderer) allIGWAttachments() []string {
	var out []string
	for _, g := range r.a.InternetGateways {
		out = append(out, r.igwAttachments[g.ID]...)
	}
	return out
}

func (r *renderer) subnets() {
	for _, s := range r.a.Subnets {
		if !creates(s.ID) {
			continue
		}
		if !s.CIDR.IsValid() {
			r.fail("subnet %s has no known CIDR", s.ID)
			return
		}
		props := newObject().setAlways("VpcId", r.id(s.VPC)).setAlways("CidrBlock", cidr(s.CIDR))
		if s.IPv6CIDR.IsValid() {
			props.setAlways("Ipv6CidrBlock", cidr(s.IPv6CIDR))
		}
		if s.AZ != "" {
			props.setAlways("AvailabilityZone", r.az(s.AZ))
		}
		props.set("MapPublicIpOnLaunch", tri(s.MapPublicIPOnLaunch))
		props.set("Tags", r.tags(s.Name, s.Tags))
		r.resource(s.ID, "AWS::EC2::Subnet", props)
	}
}

func (r *renderer) elasticIPs() {
	for _, e := range r.a.ElasticIPs {
		if !creates(e.ID) {
			continue
		}
		var opts []func(*object)
		if att := r.allIGWAttachments(); len(att) > 0 {
			opts = append(opts, dependsOn(att...))
		}
		r.resource(e.ID, "AWS::EC2::EIP", newObject().setAlways("Domain", "vpc"), opts...)
	}
}

func (r *renderer) natGateways() {
	for _, n := range r.a.NATGateways {
		if !creates(n.ID) {
			continue
		}
		props := newObject()
		if n.Public == model.No {
			props.setAlways("ConnectivityType", "private")
		} else if n.EIP != "" {
			if r.names[n.EIP] {
				props.setAlways("AllocationId", getAttFn{n.EIP, "AllocationId"})
			} else {
				props.setAlways("AllocationId", n.EIP)
			}
		}
		props.setAlways("SubnetId", r.id(n.Subnet))
		props.set("Tags", r.tags(n.Name, n.Tags))
		r.resource(n.ID, "AWS::EC2::NatGateway", props)
	}
}

// implicitRoute reports whether AWS creates route rt/rt.Routes[i] by itself: local routes
// and the prefix-list routes of gateway endpoints associated with the table.
func (r *renderer) implicitRoute(rt *model.RouteTable, route model.Route) bool {
	if route.Target.Kind == model.TargetLocal || route.Propagated {
		return true
	}
	if route.Target.Kind == model.TargetVPCEndpoint && route.DestinationPrefixList != "" {
		if ep := r.ix.Endpoints[route.Target.ID]; ep != nil && ep.Type == model.EndpointGateway {
			for _, id := range ep.RouteTables {
				if id == rt.ID {
					return true
				}
			}
		}
	}
	return false
}

var targetProperty = map[model.TargetKind]string{
	model.TargetInternetGateway:  "GatewayId",
	model.TargetVPNGateway:       "GatewayId",
	model.TargetEgressOnlyIGW:    "EgressOnlyInternetGatewayId",
	model.TargetNATGateway:       "NatGatewayId",
	model.TargetInstance:         "InstanceId",
	model.TargetNetworkInterface: "NetworkInterfaceId",
	model.TargetVPCEndpoint:      "VpcEndpointId",
	model.TargetTransitGateway:   "TransitGatewayId",
	model.TargetPeering:          "VpcPeeringConnectionId",
	model.TargetCarrierGateway:   "CarrierGatewayId",
	model.TargetLocalGateway:     "LocalGatewayId",
	model.TargetCoreNetwork:      "CoreNetworkArn",
}

// routeResources returns the logical IDs of the routes rendered for table rt.
func (r *renderer) routeIDs(rt *model.RouteTable) []string {
	var ids []string
	for i, route := range rt.Routes {
		if r.implicitRoute(rt, route) {
			continue
		}
		ids = append(ids, routeID(rt, i, route))
	}
	return ids
}

// routeDependencies are what a route must wait for beyond its target: the attachment of
// its gateway to the VPC.
func (r *renderer) routeDependencies(t model.RouteTarget) []string {
	var deps []string
	switch t.Kind {
	case model.TargetInternetGateway:
		deps = append(deps, r.igwAttachments[t.ID]...)
	case model.TargetVPNGateway:
		for _, g := range r.a.VPNGateways {
			if g.ID == t.ID && creates(g.ID) && len(g.VPCs) > 0 {
				deps = append(deps, g.ID+"Attachment")
			}
		}
	case model.TargetTransitGateway:
		for _, a := range r.a.TransitGatewayAttachments {
			if a.TransitGateway == t.ID && creates(a.ID) {
				deps = append(deps, a.ID)
			}
		}
	}
	return deps
}

func routeID(rt *model.RouteTable, i int, route model.Route) string {
	if IsLogicalID(route.Source.ID) && route.Source.ID != rt.ID {
		return route.Source.ID
	}
	return rt.ID + "Route" + strconv.Itoa(i+1)
}

func (r *renderer) routeTables() {
	for _, rt := range r.a.RouteTables {
		if !creates(rt.ID) || rt.Main {
			continue
		}
		r.resource(rt.ID, "AWS::EC2::RouteTable", newObject().
			setAlways("VpcId", r.id(rt.VPC)).set("Tags", r.tags(rt.Name, rt.Tags)))
		for i, route := range rt.Routes {
			if r.implicitRoute(rt, route) {
				continue
			}
			props := newObject().setAlways("RouteTableId", r.id(rt.ID))
			switch {
			case route.Destination.IsValid() && route.Destination.Addr().Is6():
				props.setAlways("DestinationIpv6CidrBlock", cidr(route.Destination))
			case route.Destination.IsValid():
				props.setAlways("DestinationCidrBlock", cidr(route.Destination))
			case route.DestinationPrefixList != "":
				props.setAlways("DestinationPrefixListId", r.id(route.DestinationPrefixList))
			default:
				r.fail("route table %s: route %d has no known destination", rt.ID, i+1)
				return
			}
			prop, ok := targetProperty[route.Target.Kind]
			if !ok || route.Target.ID == "" {
				r.fail("route table %s: route %d has no target CloudFormation can express (%s)", rt.ID, i+1, route.Target.Kind)
				return
			}
			props.setAlways(prop, r.id(route.Target.ID))
			var opts []func(*object)
			if deps := r.routeDependencies(route.Target); len(deps) > 0 {
				opts = append(opts, dependsOn(deps...))
			}
			r.resource(routeID(rt, i, route), "AWS::EC2::Route", props, opts...)
		}
		for _, gw := range rt.Gateways {
			r.resource(gw+"RouteTableAssociation", "AWS::EC2::GatewayRouteTableAssociation", newObject().
				setAlways("GatewayId", r.id(gw)).setAlways("RouteTableId", r.id(rt.ID)))
		}
		for _, sn := range rt.Subnets {
			r.resource(sn+"RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation", newObject().
				setAlways("SubnetId", r.id(sn)).setAlways("RouteTableId", r.id(rt.ID)))
		}
	}
}

func (r *renderer) networkACLs() {
	for _, acl := range r.a.NetworkACLs {
		if !creates(acl.ID) || acl.Default {
			continue
		}
		r.resource(acl.ID, "AWS::EC2::NetworkAcl", newObject().
			setAlways("VpcId", r.id(acl.VPC)).set("Tags", r.tags(acl.Name, acl.Tags)))
		for _, e := range acl.Entries {
			if e.RuleNumber == model.DefaultRuleNumber {
				continue // AWS's own "*" rule
			}
			dir := "Ingress"
			if e.Egress {
				dir = "Egress"
			}
			props := newObject().
				setAlways("NetworkAclId", r.id(acl.ID)).
				setAlways("RuleNumber", e.RuleNumber).
				setAlways("Protocol", int(e.Protocol)).
				setAlways("RuleAction", map[bool]string{true: "allow", false: "deny"}[e.Allow]).
				setAlways("Egress", e.Egress)
			if e.CIDR.Addr().Is6() {
				props.setAlways("Ipv6CidrBlock", cidr(e.CIDR))
			} else {
				props.setAlways("CidrBlock", cidr(e.CIDR))
			}
			switch {
			case e.Protocol.HasPorts():
				props.setAlways("PortRange", newObject().setAlways("From", int(e.Ports.From)).setAlways("To", int(e.Ports.To)))
			case e.Protocol == model.ICMP || e.Protocol == model.ICMPv6:
				props.setAlways("Icmp", newObject().setAlways("Type", int(e.ICMPType)).setAlways("Code", int(e.ICMPCode)))
			}
			r.resource(fmt.Sprintf("%s%s%d", acl.ID, dir, e.RuleNumber), "AWS::EC2::NetworkAclEntry", props)
		}
		for _, sn := range acl.Subnets {
			r.resource(sn+"NetworkAclAssociation", "AWS::EC2::SubnetNetworkAclAssociation", newObject().
				setAlways("SubnetId", r.id(sn)).setAlways("NetworkAclId", r.id(acl.ID)))
		}
	}
}

func protocolString(p model.Protocol) string {
	switch p {
	case model.AllProtocols:
		return "-1"
	case model.TCP:
		return "tcp"
	case model.UDP:
		return "udp"
	case model.ICMP:
		return "icmp"
	case model.ICMPv6:
		return "icmpv6"
	}
	return strconv.Itoa(int(p))
}

// sgRule fills the protocol, ports and description of a rule.
func sgRule(o *object, rule model.SGRule) *object {
	o.setAlways("IpProtocol", protocolString(rule.Protocol))
	if rule.Protocol != model.AllProtocols {
		o.setAlways("FromPort", int(rule.Ports.From)).setAlways("ToPort", int(rule.Ports.To))
	}
	return o
}

func (r *renderer) securityGroups() {
	for _, sg := range r.a.SecurityGroups {
		if !creates(sg.ID) {
			continue
		}
		desc := sg.Description
		if desc == "" {
			desc = sg.Name
		}
		if desc == "" {
			desc = sg.ID
		}
		props := newObject().setAlways("GroupDescription", desc).setAlways("VpcId", r.id(sg.VPC))
		var ingress, egress []any
		type standalone struct {
			id    string
			typ   string
			props *object
		}
		var rest []standalone
		for dirIdx, rules := range [][]model.SGRule{sg.Ingress, sg.Egress} {
			isEgress := dirIdx == 1
			for i, rule := range rules {
				o := newObject()
				switch {
				case rule.CIDR.IsValid():
					sgRule(o, rule)
					key := "CidrIp"
					if rule.CIDR.Addr().Is6() {
						key = "CidrIpv6"
					}
					o.setAlways(key, cidr(rule.CIDR))
				case rule.PrefixList != "":
					sgRule(o, rule)
					if isEgress {
						o.setAlways("DestinationPrefixListId", r.id(rule.PrefixList))
					} else {
						o.setAlways("SourcePrefixListId", r.id(rule.PrefixList))
					}
				case rule.Group != "":
					typ, dirName, peerKey := "AWS::EC2::SecurityGroupIngress", "Ingress", "SourceSecurityGroupId"
					if isEgress {
						typ, dirName, peerKey = "AWS::EC2::SecurityGroupEgress", "Egress", "DestinationSecurityGroupId"
					}
					id := rule.Source.ID
					if !IsLogicalID(id) || id == sg.ID {
						id = fmt.Sprintf("%s%s%d", sg.ID, dirName, i+1)
					}
					p := newObject().setAlways("GroupId", r.groupID(sg.ID))
					sgRule(p, rule)
					p.setAlways(peerKey, r.groupID(rule.Group))
					p.set("Description", rule.Description)
					rest = append(rest, standalone{id, typ, p})
					continue
				default:
					r.fail("security group %s: a rule has no peer known statically", sg.ID)
					return
				}
				o.set("Description", rule.Description)
				if isEgress {
					egress = append(egress, o)
				} else {
					ingress = append(ingress, o)
				}
			}
		}
		if len(egress) == 0 {
			// A group without inline egress gets AWS's allow-all rule; the model says the
			// group sends nothing (or only to the groups of its standalone rules), so
			// replace it with a rule that matches no traffic (ICMP type 252 code 86 to
			// 255.255.255.255, the idiom the AWS CDK uses).
			egress = append(egress, newObject().
				setAlways("IpProtocol", "icmp").setAlways("FromPort", 252).setAlways("ToPort", 86).
				setAlways("CidrIp", "255.255.255.255/32").setAlways("Description", "Disallow all traffic"))
		}
		props.set("SecurityGroupIngress", ingress)
		props.set("SecurityGroupEgress", egress)
		props.set("Tags", r.tags(sg.Name, sg.Tags))
		r.resource(sg.ID, "AWS::EC2::SecurityGroup", props)
		for _, s := range rest {
			r.resource(s.id, s.typ, s.props)
		}
	}
}

// groupID refers to a security group's ID (GroupId attribute for groups in the template).
func (r *renderer) groupID(id string) any {
	if r.names[id] {
		return getAttFn{id, "GroupId"}
	}
	return id
}

func (r *renderer) endpoints() {
	for _, ep := range r.a.Endpoints {
		if !creates(ep.ID) {
			continue
		}
		props := newObject().
			setAlways("ServiceName", r.str(ep.Service)).
			setAlways("VpcEndpointType", string(ep.Type)).
			setAlways("VpcId", r.id(ep.VPC))
		switch ep.Type {
		case model.EndpointGateway:
			props.set("RouteTableIds", r.ids(ep.RouteTables))
		default:
			props.set("SubnetIds", r.ids(ep.Subnets))
			var sgs []any
			for _, g := range ep.SecurityGroups {
				sgs = append(sgs, r.groupID(g))
			}
			props.set("SecurityGroupIds", sgs)
			if ep.Type == model.EndpointInterface {
				props.set("PrivateDnsEnabled", tri(ep.PrivateDNS))
			}
		}
		props.set("PolicyDocument", r.policy(ep.Policy))
		props.set("Tags", r.tags(ep.Name, ep.Tags))
		r.resource(ep.ID, "AWS::EC2::VPCEndpoint", props)
	}
}

func (r *renderer) clientVPNs() {
	for _, c := range r.a.ClientVPNs {
		if !creates(c.ID) {
			continue
		}
		if !c.ClientCIDR.IsValid() {
			r.fail("Client VPN %s has no known client CIDR", c.ID)
			return
		}
		var auth []any
		for _, m := range c.Authentication {
			switch m {
			case "certificate-authentication":
				auth = append(auth, newObject().setAlways("Type", m).setAlways("MutualAuthentication",
					newObject().setAlways("ClientRootCertificateChainArn", r.str(c.ClientRootCertARN))))
			default:
				r.fail("Client VPN %s: authentication %q needs settings the model does not hold", c.ID, m)
				return
			}
		}
		props := newObject().
			setAlways("AuthenticationOptions", auth).
			setAlways("ClientCidrBlock", cidr(c.ClientCIDR)).
			setAlways("ConnectionLogOptions", newObject().setAlways("Enabled", c.ConnectionLogging == model.Yes)).
			setAlways("ServerCertificateArn", r.str(c.ServerCertificateARN))
		props.set("Description", c.Name)
		var dns []any
		for _, d := range c.DNSServers {
			dns = append(dns, d.String())
		}
		props.set("DnsServers", dns)
		var sgs []any
		for _, g := range c.SecurityGroups {
			sgs = append(sgs, r.groupID(g))
		}
		props.set("SecurityGroupIds", sgs)
		props.set("SplitTunnel", tri(c.SplitTunnel))
		props.set("TransportProtocol", c.TransportProtocol)
		props.set("VpcId", r.id(c.VPC))
		if c.VPNPort > 0 {
			props.setAlways("VpnPort", c.VPNPort)
		}
		if tags := r.tags(c.Name, c.Tags); len(tags) > 0 {
			props.setAlways("TagSpecifications", []any{newObject().
				setAlways("ResourceType", "client-vpn-endpoint").setAlways("Tags", tags)})
		}
		r.resource(c.ID, "AWS::EC2::ClientVpnEndpoint", props)
		assoc := map[string]string{}
		for i, sn := range c.Associations {
			id := fmt.Sprintf("%sAssociation%d", c.ID, i+1)
			assoc[sn] = id
			r.resource(id, "AWS::EC2::ClientVpnTargetNetworkAssociation", newObject().
				setAlways("ClientVpnEndpointId", r.id(c.ID)).setAlways("SubnetId", r.id(sn)))
		}
		for i, a := range c.AuthorizationRules {
			id := a.Source.ID
			if !IsLogicalID(id) || id == c.ID {
				id = fmt.Sprintf("%sAuthorizationRule%d", c.ID, i+1)
			}
			props := newObject().
				setAlways("ClientVpnEndpointId", r.id(c.ID)).
				setAlways("TargetNetworkCidr", cidr(a.TargetCIDR))
			if a.AllGroups {
				props.setAlways("AuthorizeAllGroups", true)
			} else {
				props.set("AccessGroupId", a.AccessGroup)
			}
			r.resource(id, "AWS::EC2::ClientVpnAuthorizationRule", props)
		}
		vpcCIDRs := map[netip.Prefix]bool{}
		if v := r.ix.VPCs[c.VPC]; v != nil {
			for _, p := range v.CIDRs {
				vpcCIDRs[p] = true
			}
		}
		for i, rt := range c.Routes {
			if vpcCIDRs[rt.Destination] && assoc[rt.TargetSubnet] != "" {
				continue // AWS adds the VPC route of each association
			}
			var opts []func(*object)
			if a := assoc[rt.TargetSubnet]; a != "" {
				opts = append(opts, dependsOn(a))
			}
			r.resource(fmt.Sprintf("%sRoute%d", c.ID, i+1), "AWS::EC2::ClientVpnRoute", newObject().
				setAlways("ClientVpnEndpointId", r.id(c.ID)).
				setAlways("DestinationCidrBlock", cidr(rt.Destination)).
				setAlways("TargetVpcSubnetId", r.id(rt.TargetSubnet)), opts...)
		}
	}
}
