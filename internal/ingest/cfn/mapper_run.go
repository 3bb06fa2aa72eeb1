package cfn

import (
	"maps"
	"net/netip"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Resource types whose objects are created in the first pass; the second pass attaches
// what refers to them (routes, associations, rules, policies).
var (
	firstPass = map[string]func(m *mapper, rs *Resource){
		"AWS::EC2::VPC":                         (*mapper).vpc,
		"AWS::EC2::Instance":                    (*mapper).instance,
		"AWS::EC2::NetworkInterface":            (*mapper).networkInterface,
		"AWS::EC2::Subnet":                      (*mapper).subnet,
		"AWS::EC2::RouteTable":                  (*mapper).routeTable,
		"AWS::EC2::InternetGateway":             func(m *mapper, rs *Resource) { m.internetGateway(rs, false) },
		"AWS::EC2::EgressOnlyInternetGateway":   func(m *mapper, rs *Resource) { m.internetGateway(rs, true) },
		"AWS::EC2::VPNGateway":                  (*mapper).vpnGateway,
		"AWS::EC2::EIP":                         (*mapper).eip,
		"AWS::EC2::NetworkAcl":                  (*mapper).networkACL,
		"AWS::EC2::SecurityGroup":               (*mapper).securityGroup,
		"AWS::EC2::VPCEndpoint":                 (*mapper).vpcEndpoint,
		"AWS::EC2::PrefixList":                  (*mapper).prefixList,
		"AWS::EC2::TransitGateway":              func(m *mapper, rs *Resource) { m.tgws[rs.ID] = true },
		"AWS::EC2::TransitGatewayAttachment":    (*mapper).tgwAttachment,
		"AWS::EC2::TransitGatewayVpcAttachment": (*mapper).tgwAttachment,
		"AWS::EC2::VPCPeeringConnection":        (*mapper).peering,
		"AWS::EC2::ClientVpnEndpoint":           (*mapper).clientVPN,
		"AWS::MWAA::Environment":                (*mapper).environment,
		"AWS::S3::Bucket":                       (*mapper).bucket,
		"AWS::KMS::Key":                         (*mapper).key,
		"AWS::IAM::Role":                        (*mapper).role,
		"AWS::Logs::LogGroup":                   (*mapper).logGroup,
		"AWS::CloudWatch::Alarm":                (*mapper).alarm,
		"AWS::SNS::Topic":                       (*mapper).topic,
	}
	secondPass = map[string]func(m *mapper, rs *Resource){
		"AWS::EC2::VPCCidrBlock":                      (*mapper).vpcCIDRBlock,
		"AWS::EC2::SubnetCidrBlock":                   (*mapper).subnetCIDRBlock,
		"AWS::EC2::NetworkInterfaceAttachment":        (*mapper).networkInterfaceAttachment,
		"AWS::EC2::NatGateway":                        (*mapper).natGateway,
		"AWS::EC2::EIPAssociation":                    (*mapper).eipAssociation,
		"AWS::EC2::Route":                             (*mapper).route,
		"AWS::EC2::SubnetRouteTableAssociation":       (*mapper).subnetRouteTableAssociation,
		"AWS::EC2::GatewayRouteTableAssociation":      (*mapper).gatewayRouteTableAssociation,
		"AWS::EC2::VPCGatewayAttachment":              (*mapper).gatewayAttachment,
		"AWS::EC2::NetworkAclEntry":                   (*mapper).networkACLEntry,
		"AWS::EC2::SubnetNetworkAclAssociation":       (*mapper).subnetACLAssociation,
		"AWS::EC2::SecurityGroupIngress":              func(m *mapper, rs *Resource) { m.securityGroupRule(rs, false) },
		"AWS::EC2::SecurityGroupEgress":               func(m *mapper, rs *Resource) { m.securityGroupRule(rs, true) },
		"AWS::EC2::ClientVpnTargetNetworkAssociation": (*mapper).clientVPNPart,
		"AWS::EC2::ClientVpnAuthorizationRule":        (*mapper).clientVPNPart,
		"AWS::EC2::ClientVpnRoute":                    (*mapper).clientVPNPart,
		"AWS::S3::BucketPolicy":                       (*mapper).bucketPolicy,
		"AWS::KMS::Alias":                             (*mapper).alias,
		"AWS::SNS::Subscription":                      (*mapper).subscription,
		"AWS::IAM::Policy":                            func(m *mapper, rs *Resource) { m.managedPolicy(rs, true) },
		"AWS::IAM::ManagedPolicy":                     func(m *mapper, rs *Resource) { m.managedPolicy(rs, false) },
	}
)

// SupportedTypes lists the resource types Read turns into model objects.
func SupportedTypes() []string {
	var ts []string
	for t := range firstPass {
		ts = append(ts, t)
	}
	for t := range secondPass {
		ts = append(ts, t)
	}
	return sortedStrings(ts)
}

// run maps what mapper.evaluated left: the implicit objects of each VPC, then the
// resources of the second pass (m.waiting, or those of m.res), in order, then what AWS
// adds by itself.
func (m *mapper) run() error {
	// What AWS creates with every VPC: the main route table and the default network ACL.
	for _, v := range m.a.VPCs {
		m.mainRouteTable(v.ID)
		m.defaultACL(v.ID)
	}
	for i := range m.waiting {
		rs := m.resource(&m.waiting[i])
		m.waiting[i] = waiting{}
		secondPass[rs.Type](m, &rs)
	}
	for i := range m.res {
		rs := &m.res[i]
		if f := secondPass[rs.Type]; f != nil {
			f(m, rs)
		}
	}
	// Nothing reads the resources' index entries (mapper.target) after the second pass:
	// finish and parametersAndOutputs read the model and the outputs' values (evaluated
	// by reader.resources). They are released, with the waiting list, so that what
	// finish adds is not allocated beside them (the peak of a large template's read).
	m.waiting = nil
	for _, t := range m.r.templates {
		t.resources = nil
	}
	m.finish()
	m.parametersAndOutputs()
	return nil
}

// mainRouteTable returns the implicit main route table of a VPC of the input, creating it:
// ID "<VPC>.MainRouteTable", local routes only.
func (m *mapper) mainRouteTable(vpcID string) *model.RouteTable {
	id := vpcID + ".MainRouteTable"
	if rt := m.rts[id]; rt != nil {
		return rt
	}
	v := m.vpcs[vpcID]
	if v == nil {
		return nil
	}
	s := v.Source
	s.ID = id
	rt := &model.RouteTable{ID: id, Name: "main route table of " + vpcID, VPC: vpcID, Main: true, Source: s}
	m.rts[id] = rt
	m.a.RouteTables = append(m.a.RouteTables, rt)
	return rt
}

// defaultACL returns the implicit default network ACL of a VPC of the input, creating it:
// ID "<VPC>.DefaultNetworkAcl" (as !GetAtt VPC.DefaultNetworkAcl names it), rule 100 allow
// all in both directions (the "*" deny rules are added to every ACL by finish).
func (m *mapper) defaultACL(vpcID string) *model.NetworkACL {
	id := vpcID + ".DefaultNetworkAcl"
	if acl := m.acls[id]; acl != nil {
		return acl
	}
	v := m.vpcs[vpcID]
	if v == nil {
		return nil
	}
	s := v.Source
	s.ID = id
	acl := &model.NetworkACL{ID: id, Name: "default network ACL of " + vpcID, VPC: vpcID, Default: true, Source: s}
	for _, egress := range []bool{false, true} {
		acl.Entries = append(acl.Entries, model.ACLEntry{RuleNumber: 100, Egress: egress, Protocol: model.AllProtocols,
			Allow: true, CIDR: allIPv4, Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: s})
	}
	m.acls[id] = acl
	m.a.NetworkACLs = append(m.a.NetworkACLs, acl)
	return acl
}

// defaultSG returns the default security group of a VPC of the input, creating it when a
// template refers to it (!GetAtt VPC.DefaultSecurityGroup): inbound all from itself,
// outbound all.
func (m *mapper) defaultSG(vpcID string) *model.SecurityGroup {
	id := vpcID + ".DefaultSecurityGroup"
	if g := m.sgs[id]; g != nil {
		return g
	}
	v := m.vpcs[vpcID]
	if v == nil {
		return nil
	}
	s := v.Source
	s.ID = id
	g := &model.SecurityGroup{ID: id, Name: "default", Description: "default VPC security group", VPC: vpcID, Source: s,
		Ingress: []model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts, Group: id, Source: s}}}
	m.sgs[id] = g
	m.a.SecurityGroups = append(m.a.SecurityGroups, g)
	return g
}

// finish adds what AWS adds by itself: local routes, the "*" deny rules of every ACL, the
// default egress rule of security groups without inline egress, Client VPN routes to the
// VPC of each associated subnet.
func (m *mapper) finish() {
	for _, id := range slices.Sorted(maps.Keys(m.defaultSGs)) { // in a stable order: they are appended
		m.defaultSG(id)
	}
	for _, rt := range m.a.RouteTables {
		v := m.vpcs[rt.VPC]
		if v == nil {
			continue
		}
		var local []model.Route
		s := rt.Source
		for _, c := range append(append([]netip.Prefix{}, v.CIDRs...), v.IPv6CIDRs...) {
			local = append(local, model.Route{Destination: c, Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}, Source: s})
		}
		rt.Routes = append(local, rt.Routes...)
	}
	for _, acl := range m.a.NetworkACLs {
		if v := m.vpcs[acl.VPC]; acl.Default && v != nil && len(v.IPv6CIDRs) > 0 {
			// AWS adds rule 101 allowing all IPv6 to the default ACL of a VPC with IPv6.
			for _, egress := range []bool{false, true} {
				acl.Entries = append(acl.Entries, model.ACLEntry{RuleNumber: 101, Egress: egress, Protocol: model.AllProtocols,
					Allow: true, CIDR: allIPv6, Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: acl.Source})
			}
		}
		for _, egress := range []bool{false, true} {
			for _, c := range []netip.Prefix{allIPv4, allIPv6} {
				acl.Entries = append(acl.Entries, model.ACLEntry{RuleNumber: model.DefaultRuleNumber, Egress: egress,
					Protocol: model.AllProtocols, CIDR: c, Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: acl.Source})
			}
		}
	}
	for _, g := range m.a.SecurityGroups {
		if !m.inlineEgress[g.ID] {
			g.Egress = append([]model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts, CIDR: allIPv4,
				Description: "default egress rule", Source: g.Source}}, g.Egress...)
		}
	}
	for _, c := range m.a.ClientVPNs {
		for _, sid := range c.Associations {
			sn := m.subnets[sid]
			if sn == nil || m.vpcs[sn.VPC] == nil {
				continue
			}
			for _, cidr := range m.vpcs[sn.VPC].CIDRs {
				if !cidr.IsValid() || hasVPNRoute(c, cidr, sid) {
					continue
				}
				c.Routes = append(c.Routes, model.ClientVPNRoute{Destination: cidr, TargetSubnet: sid, Source: c.Source})
			}
		}
	}
	if e := m.a.Environment(); e != nil {
		if e.Name != "" && !model.IsSymbolic(e.Name) {
			m.a.Name = e.Name
		}
	}
	if m.a.Name == "" {
		m.a.Name = m.r.opts.StackName
	}
}

func hasVPNRoute(c *model.ClientVPN, dst netip.Prefix, subnet string) bool {
	for _, r := range c.Routes {
		if r.Destination == dst && r.TargetSubnet == subnet {
			return true
		}
	}
	return false
}

func (m *mapper) parametersAndOutputs() {
	seen := map[string]bool{}
	for _, t := range m.r.templates {
		_, section := lookup(t.root, "Parameters")
		var names []string
		if section != nil && section.Kind == yaml.MappingNode {
			for _, e := range entries(section) {
				names = append(names, e.key)
			}
		}
		for _, name := range names { // document order
			if seen[name] {
				continue
			}
			seen[name] = true
			def := t.params[name]
			p := &model.Parameter{Name: name}
			if _, n := lookup(def, "Type"); n != nil {
				p.Type = n.Value
			}
			if _, n := lookup(def, "Default"); n != nil && n.Kind == yaml.ScalarNode {
				p.Default, p.HasDefault = n.Value, true
			}
			if _, n := lookup(def, "Description"); n != nil {
				p.Description = n.Value
			}
			if _, n := lookup(def, "AllowedPattern"); n != nil {
				p.AllowedPattern = n.Value
			}
			if _, n := lookup(def, "AllowedValues"); n != nil {
				for _, c := range n.Content {
					p.AllowedValues = append(p.AllowedValues, c.Value)
				}
			}
			if _, n := lookup(def, "NoEcho"); n != nil {
				p.NoEcho = n.Value == "true" || n.Value == "True"
			}
			m.a.Parameters = append(m.a.Parameters, p)
		}
		for _, o := range t.outputs {
			if o.skip {
				continue
			}
			out := &model.Output{Name: o.name, Source: o.pos, Value: m.sym(o.val), Description: o.description}
			out.Source.ID = o.name
			if o.exportName != nil {
				out.Export = m.sym(o.exportVal)
			}
			m.a.Outputs = append(m.a.Outputs, out)
		}
	}
}
