package reach

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Each semantic rule is tested by a pair of cases: one where it lets the traffic
// through and one where it stops it (or cannot decide), on the use-case fixtures
// changed just enough.

type ruleCase struct {
	name     string
	arch     func() *model.Architecture
	from, to string
	port     int32
	proto    model.Protocol
	state    State
	code     string // a code the explanation must contain (blocks or unknowns)
}

func (c ruleCase) run(t *testing.T) {
	t.Helper()
	proto := c.proto
	if proto == 0 {
		proto = model.TCP
	}
	r, err := New(c.arch()).Trace(PathQuery{From: c.from, To: c.to, Port: c.port, Protocol: proto})
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	if r.State != c.state {
		t.Errorf("%s: %s -> %s: %s, want %s (%s)", c.name, c.from, c.to, r.State, c.state, r.Summary())
		return
	}
	if c.code == "" {
		return
	}
	var codes []string
	for _, h := range append(append([]Hop{}, r.Blocks...), r.Unknowns...) {
		codes = append(codes, h.Code)
		if h.Message == "" {
			t.Errorf("%s: hop %s %s has a code but no message", c.name, h.Component, h.ID)
		}
		if h.Decision == Deny && (h.Fix == "") != (r.Guarded != "") {
			t.Errorf("%s: blocking hop %s %s (%s) has fix %q (one each, none on a path that must stay blocked: %q)", c.name, h.Component, h.ID, h.Code, h.Fix, r.Guarded)
		}
	}
	if !strings.Contains(" "+strings.Join(codes, " ")+" ", " "+c.code+" ") {
		t.Errorf("%s: codes %v lack %s", c.name, codes, c.code)
	}
}

func with(base func() *model.Architecture, change func(a *model.Architecture)) func() *model.Architecture {
	return func() *model.Architecture {
		a := base()
		change(a)
		return a
	}
}

func rt(a *model.Architecture, id string) *model.RouteTable {
	for _, r := range a.RouteTables {
		if r.ID == id {
			return r
		}
	}
	panic("no route table " + id)
}

func sg(a *model.Architecture, id string) *model.SecurityGroup {
	for _, g := range a.SecurityGroups {
		if g.ID == id {
			return g
		}
	}
	panic("no security group " + id)
}

func endpoint(a *model.Architecture, id string) *model.VPCEndpoint {
	for _, e := range a.Endpoints {
		if e.ID == id {
			return e
		}
	}
	panic("no endpoint " + id)
}

func aclEntryOf(n int, egress, allow bool, proto model.Protocol, cidr string, ports model.PortRange) model.ACLEntry {
	return model.ACLEntry{RuleNumber: n, Egress: egress, Allow: allow, Protocol: proto, CIDR: pfx(cidr), Ports: ports, ICMPType: -1, ICMPCode: -1}
}

// setACL replaces the entries of the default ACL.
func setACL(entries ...model.ACLEntry) func(a *model.Architecture) {
	return func(a *model.Architecture) {
		a.NetworkACLs[0].Entries = append(entries,
			aclEntryOf(model.DefaultRuleNumber, false, false, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(model.DefaultRuleNumber, true, false, model.AllProtocols, "0.0.0.0/0", model.AllPorts))
	}
}

func TestRoutes(t *testing.T) {
	blackhole := func(cidr string) func(a *model.Architecture) {
		return func(a *model.Architecture) {
			r := rt(a, "PrivateRouteTable1")
			r.Routes = append(r.Routes, model.Route{Destination: pfx(cidr), Target: model.RouteTarget{Kind: model.TargetNATGateway, ID: "nat-gone"}, Blackhole: true})
		}
	}
	mainTable := func(a *model.Architecture) {
		rt(a, "PrivateRouteTable1").Subnets = nil
		a.RouteTables = append(a.RouteTables, &model.RouteTable{ID: "MainRouteTable", VPC: "VPC", Main: true, Routes: []model.Route{local("10.192.0.0/16")}})
	}
	for _, c := range []ruleCase{
		{name: "local route", arch: useCase3, from: "env", to: "database", port: 5432, state: Reachable},
		{name: "no local route", arch: with(useCase3, func(a *model.Architecture) { rt(a, "PrivateRouteTable1").Routes = nil }),
			from: "env", to: "database", port: 5432, state: NotReachable, code: CodeNoRoute},
		{name: "longest prefix: a more specific blackhole wins over local", arch: with(useCase1, blackhole("10.192.21.0/24")),
			from: "env", to: "env", port: 443, state: NotReachable, code: CodeBlackhole},
		{name: "longest prefix: a blackhole elsewhere does not matter", arch: with(useCase1, blackhole("10.192.99.0/24")),
			from: "env", to: "env", port: 443, state: Reachable},
		{name: "main table when no explicit association", arch: with(useCase3, mainTable),
			from: "env", to: "service:sqs", port: 443, state: Reachable},
		{name: "main table lacks the gateway endpoint's route", arch: with(useCase3, mainTable),
			from: "env", to: "service:s3", port: 443, state: NotReachable, code: CodeNoRoute},
		{name: "gateway endpoint adds its prefix-list route", arch: useCase3, from: "env", to: "service:s3", port: 443, state: Reachable},
		{name: "explicit prefix-list route", arch: with(useCase3, func(a *model.Architecture) {
			endpoint(a, "S3GatewayEndpoint").RouteTables = nil
			a.PrefixLists = []*model.PrefixList{{ID: "pl-63a5400a", Name: "com.amazonaws.us-east-1.s3"}}
			for _, id := range []string{"PrivateRouteTable1", "PrivateRouteTable2"} {
				r := rt(a, id)
				r.Routes = append(r.Routes, model.Route{DestinationPrefixList: "pl-63a5400a", Target: model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: "S3GatewayEndpoint"}})
			}
		}), from: "env", to: "service:s3", port: 443, state: Reachable},
		{name: "no S3 endpoint in private routing", arch: with(useCase3, func(a *model.Architecture) { a.Endpoints = a.Endpoints[:len(a.Endpoints)-1] }),
			from: "env", to: "service:s3", port: 443, state: NotReachable, code: CodeNoEndpoint},
		{name: "unknown route CIDR may be more specific", arch: with(useCase1, func(a *model.Architecture) {
			r := rt(a, "PrivateRouteTable1")
			r.Routes = append(r.Routes, model.Route{Target: model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-1"}})
		}), from: "env", to: "internet", port: 443, state: Undetermined, code: CodeUnknownValue},
		{name: "route table not in the input", arch: with(useCase3, func(a *model.Architecture) { a.RouteTables = a.RouteTables[1:] }),
			from: "env", to: "database", port: 5432, state: Undetermined, code: CodeNoRouteTable},
	} {
		c.run(t)
	}
}

func TestNATAndInternetGateway(t *testing.T) {
	natInstance := func(check model.Tri) func(a *model.Architecture) {
		return func(a *model.Architecture) {
			a.NetworkInterfaces = append(a.NetworkInterfaces, &model.NetworkInterface{ID: "eni-nat", Subnet: "PublicSubnet1",
				PrivateIPs: []netip.Addr{netip.MustParseAddr("10.192.10.5")}, PublicIP: netip.MustParseAddr("3.3.3.3"),
				SecurityGroups: []string{"NatSG"}, Attachment: "i-nat", SourceDestCheck: check})
			a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "NatSG", VPC: "VPC",
				Ingress: []model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts, CIDR: pfx("10.192.0.0/16")}}, Egress: egressAll()})
			for _, id := range []string{"PrivateRouteTable1", "PrivateRouteTable2"} {
				rt(a, id).Routes[1].Target = model.RouteTarget{Kind: model.TargetInstance, ID: "i-nat"}
			}
		}
	}
	for _, c := range []ruleCase{
		{name: "NAT gateway then internet gateway", arch: useCase1, from: "env", to: "internet", port: 443, state: Reachable},
		{name: "services through NAT in public routing", arch: useCase1, from: "env", to: "service:sqs", port: 443, state: Reachable},
		{name: "NAT gateway failed", arch: with(useCase1, func(a *model.Architecture) { a.NATGateways[0].State = "failed" }),
			from: "env", to: "internet", port: 443, state: NotReachable, code: CodeNATState},
		{name: "private NAT gateway", arch: with(useCase1, func(a *model.Architecture) { a.NATGateways[1].Public = model.No }),
			from: "env", to: "internet", port: 443, state: NotReachable, code: CodeNATPrivate},
		{name: "NAT subnet without internet route", arch: with(useCase1, func(a *model.Architecture) { rt(a, "PublicRouteTable").Routes = rt(a, "PublicRouteTable").Routes[:1] }),
			from: "env", to: "internet", port: 443, state: NotReachable, code: CodeNATNoInternet},
		{name: "NAT instance with source/destination check off", arch: with(useCase1, natInstance(model.No)),
			from: "env", to: "internet", port: 443, state: Reachable},
		// A template gives no address: the Elastic IP associated with the instance (or its
		// interface) is what makes it public.
		{name: "NAT instance with an Elastic IP whose address is not known", arch: with(useCase1, func(a *model.Architecture) {
			natInstance(model.No)(a)
			a.NetworkInterfaces[len(a.NetworkInterfaces)-1].PublicIP = netip.Addr{}
			a.ElasticIPs = append(a.ElasticIPs, &model.ElasticIP{ID: "NatEIP", Association: "i-nat"})
		}), from: "env", to: "internet", port: 443, state: Reachable},
		{name: "NAT instance with a public address assigned at launch", arch: with(useCase1, func(a *model.Architecture) {
			natInstance(model.No)(a)
			n := a.NetworkInterfaces[len(a.NetworkInterfaces)-1]
			n.PublicIP, n.PublicIPAssigned = netip.Addr{}, true
		}), from: "env", to: "internet", port: 443, state: Reachable},
		{name: "NAT instance without a public address", arch: with(useCase1, func(a *model.Architecture) {
			natInstance(model.No)(a)
			a.NetworkInterfaces[len(a.NetworkInterfaces)-1].PublicIP = netip.Addr{}
		}), from: "env", to: "internet", port: 443, state: NotReachable, code: CodeNoPublicIP},
		{name: "NAT instance with source/destination check on", arch: with(useCase1, natInstance(model.Yes)),
			from: "env", to: "internet", port: 443, state: NotReachable, code: CodeNATInstanceCheck},
		{name: "internet gateway from a public subnet", arch: useCase1, from: "PublicSubnet1", to: "8.8.8.8", port: 443, state: Reachable},
		{name: "internet gateway from an interface without public IP", arch: with(useCase1, func(a *model.Architecture) {
			rt(a, "PrivateRouteTable1").Routes[1].Target = model.RouteTarget{Kind: model.TargetInternetGateway, ID: "InternetGateway"}
		}), from: "env", to: "internet", port: 443, state: NotReachable, code: CodeNoPublicIP},
		{name: "internet gateway not attached", arch: with(useCase1, func(a *model.Architecture) { a.InternetGateways[0].VPCs = nil }),
			from: "PublicSubnet1", to: "internet", port: 443, state: NotReachable, code: CodeIGWNotAttached},
		{name: "internet to the environment", arch: useCase1, from: "internet", to: "env", port: 22, state: NotReachable, code: CodeNoPublicAddress},
		{name: "internet to the PUBLIC_ONLY web server", arch: useCase1, from: "internet", to: "webserver", port: 443, state: Reachable},
	} {
		c.run(t)
	}
}

func TestInternetToPublicInstance(t *testing.T) {
	instance := func(port int32) func(a *model.Architecture) {
		return func(a *model.Architecture) {
			a.NetworkInterfaces = append(a.NetworkInterfaces, &model.NetworkInterface{ID: "eni-web", Subnet: "PublicSubnet1",
				PrivateIPs: []netip.Addr{netip.MustParseAddr("10.192.10.7")}, PublicIP: netip.MustParseAddr("3.3.3.4"),
				SecurityGroups: []string{"WebSG"}, Attachment: "i-web", SourceDestCheck: model.Yes})
			a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "WebSG", VPC: "VPC",
				Ingress: []model.SGRule{{Protocol: model.TCP, Ports: model.Port(port), CIDR: pfx("0.0.0.0/0")}}, Egress: egressAll()})
		}
	}
	for _, c := range []ruleCase{
		{name: "SG allows 443 from anywhere", arch: with(useCase1, instance(443)), from: "internet", to: "i-web", port: 443, state: Reachable},
		{name: "SG allows only 80", arch: with(useCase1, instance(80)), from: "internet", to: "i-web", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "by public IP address", arch: with(useCase1, instance(443)), from: "internet", to: "3.3.3.4", port: 443, state: Reachable},
		{name: "by private IP address", arch: with(useCase1, instance(443)), from: "internet", to: "10.192.10.7", port: 443, state: NotReachable, code: CodeNoPublicAddress},
		{name: "ingress routing through a firewall endpoint", arch: with(with(useCase1, instance(443)), func(a *model.Architecture) {
			a.RouteTables = append(a.RouteTables, &model.RouteTable{ID: "EdgeRT", VPC: "VPC", Gateways: []string{"InternetGateway"}, Routes: []model.Route{
				local("10.192.0.0/16"),
				{Destination: pfx("10.192.10.0/24"), Target: model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: "vpce-firewall"}}}})
		}), from: "internet", to: "3.3.3.4", port: 443, state: Undetermined, code: CodeNotModelled},
		{name: "ingress routing straight to the subnet", arch: with(with(useCase1, instance(443)), func(a *model.Architecture) {
			a.RouteTables = append(a.RouteTables, &model.RouteTable{ID: "EdgeRT", VPC: "VPC", Gateways: []string{"InternetGateway"}, Routes: []model.Route{local("10.192.0.0/16")}})
		}), from: "internet", to: "3.3.3.4", port: 443, state: Reachable},
		{name: "NAT gateway drops unsolicited traffic", arch: useCase1, from: "internet", to: "NatGateway1", port: 443, state: NotReachable, code: CodeUnsolicited},
	} {
		c.run(t)
	}
}

func TestNetworkACLs(t *testing.T) {
	vpc := "10.192.0.0/16"
	for _, c := range []ruleCase{
		{name: "allow all", arch: useCase3, from: "env", to: "database", port: 5432, state: Reachable},
		{name: "rule order: deny numbered first wins", arch: with(useCase3, setACL(
			aclEntryOf(50, false, false, model.TCP, vpc, model.Port(5432)),
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts))),
			from: "env", to: "database", port: 5432, state: NotReachable, code: CodeACLDeny},
		{name: "rule order: allow numbered first wins", arch: with(useCase3, setACL(
			aclEntryOf(150, false, false, model.TCP, vpc, model.Port(5432)),
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts))),
			from: "env", to: "database", port: 5432, state: Reachable},
		{name: "stateless: no outbound rule for the reply", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(5432)))),
			from: "env", to: "database", port: 5432, state: NotReachable, code: CodeReturnACLDeny},
		{name: "stateless: reply allowed on 1024-65535", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(5432)),
			aclEntryOf(110, true, true, model.TCP, vpc, model.EphemeralPorts))),
			from: "env", to: "database", port: 5432, state: Reachable},
		// A security group rule naming a customer prefix list the input does not hold.
		{name: "prefix list whose entries the input does not hold", arch: with(useCase3, func(a *model.Architecture) {
			g := a.SecurityGroups[0]
			g.Ingress[1] = model.SGRule{Protocol: model.TCP, Ports: model.Port(443), PrefixList: "pl-0corporate"}
		}), from: "vpn", to: "webserver", port: 443, state: Undetermined, code: CodeUnknownValue},
		{name: "prefix list whose entries the input holds", arch: with(useCase3, func(a *model.Architecture) {
			g := a.SecurityGroups[0]
			g.Ingress[1] = model.SGRule{Protocol: model.TCP, Ports: model.Port(443), PrefixList: "pl-0corporate"}
			a.PrefixLists = append(a.PrefixLists, &model.PrefixList{ID: "pl-0corporate", Entries: []netip.Prefix{pfx("172.16.0.0/12")}})
		}), from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeSGNoAllow},
		// NET-07: MWAA's containers run Amazon Linux, whose ephemeral ports are 32768-60999.
		{name: "stateless: Amazon Linux's ephemeral range is enough for MWAA", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(5432)),
			aclEntryOf(110, true, true, model.TCP, vpc, model.Ports(32768, 60999)))),
			from: "env", to: "database", port: 5432, state: Reachable},
		{name: "stateless: a range below Amazon Linux's drops MWAA's replies", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(5432)),
			aclEntryOf(110, true, true, model.TCP, vpc, model.Ports(1024, 32767)))),
			from: "env", to: "database", port: 5432, state: NotReachable, code: CodeReturnACLDeny},
		// A VPN user's laptop runs an OS the input does not say: Linux's range alone leaves
		// the answer open.
		{name: "stateless: a client of unknown OS and Linux's range only", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(443)),
			aclEntryOf(110, true, true, model.TCP, vpc, model.Ports(32768, 60999)))),
			from: "vpn", to: "webserver", port: 443, state: Undetermined, code: CodeClientOS},
		{name: "stateless: a client of unknown OS and no ephemeral range", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(443)),
			aclEntryOf(110, true, true, model.TCP, vpc, model.Ports(1024, 2048)))),
			from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeReturnACLDeny},
		{name: "ephemeral range allowed in two rules", arch: with(useCase3, setACL(
			aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
			aclEntryOf(100, true, true, model.TCP, vpc, model.Port(5432)),
			aclEntryOf(110, true, true, model.TCP, vpc, model.Ports(1024, 32767)),
			aclEntryOf(120, true, true, model.TCP, vpc, model.Ports(32768, 65535)))),
			from: "env", to: "database", port: 5432, state: Reachable},
		{name: "ACLs do not apply inside one subnet", arch: with(useCase3, setACL()),
			from: "10.192.20.10", to: "10.192.20.20", port: 443, state: Reachable},
		{name: "ACLs apply across subnets", arch: with(useCase3, setACL()),
			from: "10.192.20.10", to: "10.192.21.20", port: 443, state: NotReachable, code: CodeACLDeny},
		{name: "only outbound deny (NET-07)", arch: with(useCase3, setACL(aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts))),
			from: "env", to: "service:sqs", port: 443, state: NotReachable, code: CodeACLDeny},
		{name: "ACL CIDR is a template parameter", arch: with(useCase3, setACL(
			model.ACLEntry{RuleNumber: 100, Protocol: model.AllProtocols, Allow: true, Ports: model.AllPorts, ICMPType: -1},
			aclEntryOf(100, true, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts))),
			from: "env", to: "database", port: 5432, state: Undetermined, code: CodeUnknownValue},
		{name: "ACLs not in the input", arch: with(useCase3, func(a *model.Architecture) { a.Unknown = []string{model.UnknownNetworkACLs} }),
			from: "env", to: "database", port: 5432, state: Undetermined, code: CodeNotInInput},
	} {
		c.run(t)
	}
}

func TestACLIPv6AndProtocols(t *testing.T) {
	acl := indexACL(&model.NetworkACL{ID: "acl", Entries: []model.ACLEntry{
		aclEntryOf(100, false, true, model.AllProtocols, "::/0", model.AllPorts),
		aclEntryOf(110, false, true, model.ICMP, "10.0.0.0/8", model.AllPorts),
		aclEntryOf(120, false, true, model.UDP, "10.0.0.0/8", model.Port(53)),
		aclEntryOf(model.DefaultRuleNumber, false, false, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
		aclEntryOf(model.DefaultRuleNumber, false, false, model.AllProtocols, "::/0", model.AllPorts),
	}})
	v6 := prefixAddr(pfx("2001:db8::1/128"), "")
	v4 := prefixAddr(pfx("10.1.2.3/32"), "")
	for _, c := range []struct {
		name  string
		proto model.Protocol
		port  int32
		peer  addr
		want  Decision
		rule  int
	}{
		{"IPv6 peer matches ::/0", model.TCP, 443, v6, Allow, 100},
		{"IPv4 peer does not match ::/0", model.TCP, 443, v4, Deny, model.DefaultRuleNumber},
		{"ICMP rule", model.ICMP, 0, v4, Allow, 110},
		{"UDP 53 rule", model.UDP, 53, v4, Allow, 120},
		{"UDP other port", model.UDP, 54, v4, Deny, model.DefaultRuleNumber},
	} {
		d, e := acl.evaluate(false, c.proto, model.Port(c.port), icmpEchoRequest, c.peer)
		if d != c.want || e == nil || e.e.RuleNumber != c.rule {
			t.Errorf("%s: %v at %v, want %v at #%d", c.name, d, e, c.want, c.rule)
		}
	}
}

func TestSecurityGroups(t *testing.T) {
	for _, c := range []ruleCase{
		{name: "egress all", arch: useCase3, from: "env", to: "service:sqs", port: 443, state: Reachable},
		{name: "no egress rule", arch: with(useCase3, func(a *model.Architecture) { sg(a, "EnvironmentSecurityGroup").Egress = nil }),
			from: "env", to: "service:sqs", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "narrow egress 443 to the VPC", arch: with(useCase3, func(a *model.Architecture) {
			sg(a, "EnvironmentSecurityGroup").Egress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.192.0.0/16")}}
		}), from: "env", to: "service:sqs", port: 443, state: Reachable},
		{name: "ingress by group reference", arch: useCase3, from: "env", to: "service:logs", port: 443, state: Reachable},
		{name: "ingress references another group", arch: with(useCase3, func(a *model.Architecture) {
			sg(a, "EndpointSecurityGroup").Ingress[0].Group = "VpnSecurityGroup"
		}), from: "env", to: "service:logs", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "ingress by CIDR", arch: with(useCase3, func(a *model.Architecture) {
			sg(a, "EndpointSecurityGroup").Ingress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.192.0.0/16")}}
		}), from: "env", to: "service:logs", port: 443, state: Reachable},
		{name: "ingress by another CIDR", arch: with(useCase3, func(a *model.Architecture) {
			sg(a, "EndpointSecurityGroup").Ingress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.0.0.0/16")}}
		}), from: "env", to: "service:logs", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "ingress on the wrong port", arch: useCase3, from: "env", to: "service:logs", port: 8443, state: NotReachable, code: CodeSGNoAllow},
		{name: "self reference", arch: useCase3, from: "env", to: "env", port: 5432, state: Reachable},
		{name: "no self reference", arch: with(useCase3, func(a *model.Architecture) { sg(a, "EnvironmentSecurityGroup").Ingress = nil }),
			from: "env", to: "env", port: 5432, state: NotReachable, code: CodeSGNoAllow},
		{name: "peer not known", arch: with(useCase3, func(a *model.Architecture) {
			sg(a, "EndpointSecurityGroup").Ingress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), PeerUnknown: true}}
		}), from: "env", to: "service:logs", port: 443, state: Undetermined, code: CodeUnknownValue},
		{name: "group not in the input: its egress is unknown, the endpoint's reference does not match it",
			arch: with(useCase3, func(a *model.Architecture) { a.Environments[0].SecurityGroups = []string{"sg-elsewhere"} }),
			from: "env", to: "service:logs", port: 443, state: NotReachable, code: CodeNotInInput},
		{name: "group not in the input, endpoint open to the VPC", arch: with(useCase3, func(a *model.Architecture) {
			a.Environments[0].SecurityGroups = []string{"sg-elsewhere"}
			sg(a, "EndpointSecurityGroup").Ingress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.192.0.0/16")}}
		}), from: "env", to: "service:logs", port: 443, state: Undetermined, code: CodeNotInInput},
		// Every interface has a security group: an empty list (SecurityGroupIds from a
		// parameter without a default) means the groups are not known, so a group
		// reference may match them.
		{name: "environment groups not known: a reference to them is undetermined, not denied",
			arch: with(useCase3, func(a *model.Architecture) {
				a.Environments[0].SecurityGroups = nil
				a.Environments[0].SecurityGroupsUnknown = true
			}),
			from: "env", to: "service:logs", port: 443, state: Undetermined, code: CodeNotInInput},
	} {
		c.run(t)
	}
}

func TestEndpointsAndDNS(t *testing.T) {
	for _, c := range []ruleCase{
		{name: "private DNS on", arch: useCase3, from: "env", to: "service:sqs", port: 443, state: Reachable},
		{name: "private DNS off", arch: with(useCase3, func(a *model.Architecture) { endpoint(a, "Endpoint_sqs").PrivateDNS = model.No }),
			from: "env", to: "service:sqs", port: 443, state: NotReachable, code: CodeNoPrivateDNS},
		{name: "private DNS unknown", arch: with(useCase3, func(a *model.Architecture) { endpoint(a, "Endpoint_sqs").PrivateDNS = model.Unknown }),
			from: "env", to: "service:sqs", port: 443, state: Undetermined, code: CodeUnknownValue},
		{name: "VPC without DNS hostnames", arch: with(useCase3, func(a *model.Architecture) { a.VPCs[0].EnableDNSHostnames = model.No }),
			from: "env", to: "service:sqs", port: 443, state: NotReachable, code: CodeNoVPCDNS},
		{name: "no endpoint in private routing", arch: with(useCase3, func(a *model.Architecture) {
			a.Endpoints = a.Endpoints[1:] // drops monitoring
		}), from: "env", to: "service:monitoring", port: 443, state: NotReachable, code: CodeNoEndpoint},
		{name: "endpoint pending", arch: with(useCase3, func(a *model.Architecture) { endpoint(a, "Endpoint_kms").State = "pendingAcceptance" }),
			from: "env", to: "service:kms", port: 443, state: NotReachable, code: CodeEndpointState},
		{name: "endpoint in one subnet: the other reaches it across", arch: with(useCase3, func(a *model.Architecture) {
			endpoint(a, "Endpoint_kms").Subnets = []string{"PrivateSubnet1"}
		}), from: "env", to: "service:kms", port: 443, state: Reachable},
		{name: "endpoint with no subnets", arch: with(useCase3, func(a *model.Architecture) { endpoint(a, "Endpoint_kms").Subnets = nil }),
			from: "env", to: "service:kms", port: 443, state: NotReachable, code: CodeEndpointNoSubnet},
		{name: "endpoints not in the input", arch: with(useCase3, func(a *model.Architecture) {
			a.Endpoints = nil
			a.Unknown = []string{model.UnknownEndpoints}
		}), from: "env", to: "service:sqs", port: 443, state: NotReachable, code: CodeNotInInput},
	} {
		c.run(t)
	}
}

func TestClientVPN(t *testing.T) {
	for _, c := range []ruleCase{
		{name: "VPN to web server", arch: useCase3, from: "vpn", to: "webserver", port: 443, state: Reachable},
		{name: "no authorization rule", arch: with(useCase3, func(a *model.Architecture) { a.ClientVPNs[0].AuthorizationRules = nil }),
			from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeVPNNotAuthorized},
		{name: "authorization for another network", arch: with(useCase3, func(a *model.Architecture) {
			a.ClientVPNs[0].AuthorizationRules[0].TargetCIDR = pfx("172.16.0.0/12")
		}), from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeVPNNotAuthorized},
		{name: "no route", arch: with(useCase3, func(a *model.Architecture) {
			a.ClientVPNs[0].Routes = []model.ClientVPNRoute{{Destination: pfx("172.16.0.0/12"), TargetSubnet: "PrivateSubnet1"}}
		}), from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeVPNNoRoute},
		{name: "implicit VPC route of a VPC outside the input: undetermined", arch: with(useCase3, func(a *model.Architecture) {
			a.ClientVPNs[0].Routes = nil
			a.ClientVPNs[0].VPC = "vpc-0outside"
		}), from: "vpn", to: "webserver", port: 443, state: Undetermined, code: CodeNotInInput},
		{name: "implicit VPC route of a VPC in the input", arch: with(useCase3, func(a *model.Architecture) { a.ClientVPNs[0].Routes = nil }),
			from: "vpn", to: "webserver", port: 443, state: Reachable},
		{name: "route to a subnet not associated", arch: with(useCase3, func(a *model.Architecture) { a.ClientVPNs[0].Associations = []string{"PrivateSubnet2"} }),
			from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeVPNNotAssociated},
		{name: "web server SG does not allow the VPN", arch: with(useCase3, func(a *model.Architecture) {
			sg(a, "EnvironmentSecurityGroup").Ingress = sg(a, "EnvironmentSecurityGroup").Ingress[:1]
		}), from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "client CIDR in the web server's SG does not match: the endpoint translates the source", arch: with(useCase3, func(a *model.Architecture) {
			g := sg(a, "EnvironmentSecurityGroup")
			g.Ingress = []model.SGRule{g.Ingress[0], {Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.100.0.0/22")}}
		}), from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "VPC CIDR in the web server's SG matches the endpoint's interfaces", arch: with(useCase3, func(a *model.Architecture) {
			g := sg(a, "EnvironmentSecurityGroup")
			g.Ingress = []model.SGRule{g.Ingress[0], {Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.192.0.0/16")}}
		}), from: "vpn", to: "webserver", port: 443, state: Reachable},
		{name: "VPN SG without egress", arch: with(useCase3, func(a *model.Architecture) { sg(a, "VpnSecurityGroup").Egress = nil }),
			from: "vpn", to: "webserver", port: 443, state: NotReachable, code: CodeSGNoAllow},
		{name: "split tunnel: the internet over the client's own connection", arch: useCase3, from: "vpn", to: "internet", port: 443, state: Reachable},
		{name: "full tunnel without internet route", arch: with(useCase3, func(a *model.Architecture) { a.ClientVPNs[0].SplitTunnel = model.No }),
			from: "vpn", to: "internet", port: 443, state: NotReachable, code: CodeVPNFullTunnelNoRoute},
	} {
		c.run(t)
	}
}

func TestCorporateNetwork(t *testing.T) {
	vgw := func(returnRoute bool) func(a *model.Architecture) {
		return func(a *model.Architecture) {
			a.VPNGateways = []*model.VPNGateway{{ID: "vgw-1", VPCs: []string{"VPC"}}}
			r := rt(a, "PrivateRouteTable1")
			r.Routes = append(r.Routes, model.Route{Destination: pfx("172.16.0.0/12"), Target: model.RouteTarget{Kind: model.TargetVPNGateway, ID: "vgw-1"}, Propagated: true})
			if returnRoute {
				r2 := rt(a, "PrivateRouteTable2")
				r2.Routes = append(r2.Routes, r.Routes[len(r.Routes)-1])
			}
			g := sg(a, "EnvironmentSecurityGroup")
			g.Ingress = append(g.Ingress, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("172.16.0.0/12")})
		}
	}
	for _, c := range []ruleCase{
		{name: "corporate to web server through the VPN gateway", arch: with(useCase3, vgw(true)), from: "corporate", to: "webserver", port: 443, state: Reachable},
		{name: "no return route in one subnet", arch: with(useCase3, vgw(false)), from: "corporate", to: "webserver", port: 443, state: NotReachable, code: CodeReturnNoRoute},
		{name: "environment to corporate", arch: with(useCase3, vgw(true)), from: "env", to: "corporate", port: 443, state: Reachable},
		{name: "corporate is the Client VPN without gateways", arch: useCase3, from: "corporate", to: "webserver", port: 443, state: Reachable},
	} {
		c.run(t)
	}
}

// Every blocking component along the path is listed, not only the first.
func TestEveryBlockIsListed(t *testing.T) {
	a := useCase3()
	sg(a, "EndpointSecurityGroup").Ingress = nil
	endpoint(a, "Endpoint_sqs").PrivateDNS = model.No
	setACL(aclEntryOf(100, false, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
		aclEntryOf(100, true, true, model.TCP, "0.0.0.0/0", model.Port(443)))(a)
	r, err := New(a).Trace(PathQuery{From: "env", To: "service:sqs", Protocol: model.TCP, Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, b := range r.Blocks {
		got[b.Code] = true
	}
	for _, want := range []string{CodeNoPrivateDNS, CodeSGNoAllow, CodeReturnACLDeny} {
		if !got[want] {
			t.Errorf("blocks %v lack %s", r.Blocks, want)
		}
	}
	if r.State != NotReachable {
		t.Errorf("state %s", r.State)
	}
}

// Some pairs get through and others do not: not reachable, and not "unreachable" either.
func TestPartial(t *testing.T) {
	a := useCase3()
	sg(a, "EndpointSecurityGroup").Ingress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.192.20.0/24")}}
	an := New(a)
	r, err := an.Trace(PathQuery{From: "env", To: "service:sqs", Protocol: model.TCP, Port: 443, Expect: ExpectUnreachable})
	if err != nil {
		t.Fatal(err)
	}
	if r.State != NotReachable || !r.Partial || r.MeetsExpectation() {
		t.Errorf("state %s partial %v meets %v", r.State, r.Partial, r.MeetsExpectation())
	}
	r, _ = an.Trace(PathQuery{From: "env", To: "service:sqs", Protocol: model.TCP, Port: 443, Expect: ExpectReachable})
	if r.MeetsExpectation() {
		t.Error("a partial result meets ExpectReachable")
	}
}

func TestPlaces(t *testing.T) {
	an := New(useCase3())
	_, err := an.Trace(PathQuery{From: "env", To: "mainframe", Port: 443})
	var pe *PlaceError
	if !errors.As(err, &pe) {
		t.Fatalf("unknown place: %v, want a *PlaceError", err)
	}
	for _, want := range []string{"env", "webserver", "database", "internet", "vpn", "corporate", "service:sqs", "PrivateSubnet1", "Endpoint_sqs"} {
		if !contains(pe.Known, want) {
			t.Errorf("known places %v lack %s", pe.Known, want)
		}
	}
	if _, err := an.Trace(PathQuery{From: "service:sqs", To: "env", Port: 443}); err == nil {
		t.Error("a service as the source gives no error")
	}
	if _, err := an.Trace(PathQuery{From: "env", To: "10.192.200.1", Port: 443}); err == nil {
		t.Error("an address in the VPC but in no subnet gives no error")
	}
	if _, err := an.Trace(PathQuery{From: "env", To: "service:", Port: 443}); err == nil {
		t.Error("service: without a name gives no error")
	}
	for _, to := range []string{"Endpoint_sqs", "PrivateSubnet2", "10.192.21.9", "10.192.21.0/28", "Environment", "ClientVpn"} {
		if _, err := an.Trace(PathQuery{From: "env", To: to, Port: 443}); err != nil {
			t.Errorf("%s: %v", to, err)
		}
	}
	// CUSTOMER endpoint management without the endpoints: the database does not exist yet.
	a := useCase3()
	a.Environments[0].EndpointManagement = model.CustomerManaged
	if r, err := New(a).Trace(PathQuery{From: "env", To: "database", Port: 5432}); err != nil || r.State != NotReachable || r.Blocks[0].Code != CodeMWAAEndpointMissing || !strings.Contains(r.Blocks[0].Message, "EPM-02") {
		t.Errorf("CUSTOMER without endpoints: %v %v", err, r)
	}
	// ... and with them: the endpoint to the environment's database service.
	a.Environments[0].DatabaseVPCEndpointService = "com.amazonaws.vpce.us-east-1.vpce-svc-db"
	a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "DatabaseEndpoint", VPC: "VPC", Service: "com.amazonaws.vpce.us-east-1.vpce-svc-db",
		Type: model.EndpointInterface, PrivateDNS: model.No, Subnets: []string{"PrivateSubnet1", "PrivateSubnet2"}, SecurityGroups: []string{"EnvironmentSecurityGroup"}})
	r, err := New(a).Trace(PathQuery{From: "env", To: "database", Port: 5432})
	if err != nil || r.State != Reachable {
		t.Errorf("CUSTOMER with the database endpoint: %v %v", err, r)
	}
}

func TestMWAAPathsModes(t *testing.T) {
	count := func(qs []PathQuery, from, to string) int {
		n := 0
		for _, q := range qs {
			if q.From == from && q.To == to {
				n++
			}
		}
		return n
	}
	uc3 := MWAAPaths(useCase3())
	if count(uc3, "vpn", "webserver") != 1 || count(uc3, "env", "service:airflow.ops") != 1 {
		t.Errorf("use case 3 paths: %v", uc3)
	}
	for _, q := range uc3 {
		if q.To == "internet" && q.Expect != ExpectUnreachable {
			t.Errorf("private routing expects %s for %s", q.Expect, q)
		}
	}
	uc1 := MWAAPaths(useCase1())
	if count(uc1, "vpn", "webserver") != 0 || count(uc1, "internet", "webserver") != 1 {
		t.Errorf("use case 1 paths: %v", uc1)
	}
	for _, q := range uc1 {
		if q.From == "env" && q.To == "internet" && q.Expect != ExpectReachable {
			t.Errorf("public routing expects %s for %s", q.Expect, q)
		}
	}
	a := useCase3()
	a.Partition = "aws-cn"
	a.ExtraServices = []string{"secretsmanager"}
	cn := MWAAPaths(a)
	if count(cn, "env", "service:airflow.ops") != 0 || count(cn, "env", "service:secretsmanager") != 1 {
		t.Errorf("aws-cn with extra services: %v", cn)
	}
	if MWAAPaths(&model.Architecture{}) != nil {
		t.Error("paths without an environment")
	}
	for _, mk := range []func() *model.Architecture{useCase1, useCase3} {
		for _, r := range Analyze(mk(), MWAAPaths(mk())) {
			if !r.MeetsExpectation() {
				t.Errorf("%s: %s (%s)", r.Query, r.State, r.Summary())
			}
		}
	}
}

func TestPeeringAndTransitGateway(t *testing.T) {
	peered := func(returnRoute bool) func(a *model.Architecture) {
		return func(a *model.Architecture) {
			a.VPCs = append(a.VPCs, &model.VPC{ID: "VPC2", CIDRs: []netip.Prefix{pfx("10.50.0.0/16")}, EnableDNSSupport: model.Yes, EnableDNSHostnames: model.Yes})
			a.Subnets = append(a.Subnets, &model.Subnet{ID: "Peer1", VPC: "VPC2", CIDR: pfx("10.50.1.0/24")})
			pcx := model.RouteTarget{Kind: model.TargetPeering, ID: "pcx-1"}
			peerRT := &model.RouteTable{ID: "PeerRT", VPC: "VPC2", Subnets: []string{"Peer1"}, Routes: []model.Route{local("10.50.0.0/16")}}
			if returnRoute {
				peerRT.Routes = append(peerRT.Routes, model.Route{Destination: pfx("10.192.0.0/16"), Target: pcx})
			}
			a.RouteTables = append(a.RouteTables, peerRT)
			for _, id := range []string{"PrivateRouteTable1", "PrivateRouteTable2"} {
				r := rt(a, id)
				r.Routes = append(r.Routes, model.Route{Destination: pfx("10.50.0.0/16"), Target: pcx})
			}
			a.NetworkACLs = append(a.NetworkACLs, allowAllACL("PeerAcl", "VPC2"))
			a.PeeringConnections = []*model.PeeringConnection{{ID: "pcx-1", RequesterVPC: "VPC", AccepterVPC: "VPC2", State: "active"}}
			a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "PeerSG", VPC: "VPC2",
				Ingress: []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.192.0.0/16")}}, Egress: egressAll()})
			a.NetworkInterfaces = append(a.NetworkInterfaces, &model.NetworkInterface{ID: "eni-peer", Subnet: "Peer1",
				PrivateIPs: []netip.Addr{netip.MustParseAddr("10.50.1.10")}, SecurityGroups: []string{"PeerSG"}, Attachment: "i-peer"})
		}
	}
	for _, c := range []ruleCase{
		{name: "peered VPC with a return route", arch: with(useCase3, peered(true)), from: "env", to: "i-peer", port: 443, state: Reachable},
		{name: "peered VPC without a return route", arch: with(useCase3, peered(false)), from: "env", to: "i-peer", port: 443, state: NotReachable, code: CodeReturnNoRoute},
		{name: "peered VPC, port its SG does not open", arch: with(useCase3, peered(true)), from: "env", to: "10.50.1.10", port: 22, state: NotReachable, code: CodeSGNoAllow},
		{name: "internet through a transit gateway is beyond the input", arch: with(useCase1, func(a *model.Architecture) {
			rt(a, "PrivateRouteTable1").Routes[1].Target = model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-1"}
		}), from: "env", to: "internet", port: 443, state: Undetermined, code: CodeNotModelled},
	} {
		c.run(t)
	}
}

// An Analyzer answers from several goroutines at once (run with -race).
func TestConcurrentTrace(t *testing.T) {
	an := New(useCase3())
	qs := an.MWAAPaths()
	want := an.Analyze(qs)
	done := make(chan []*Result)
	for i := 0; i < 8; i++ {
		go func() { done <- New(useCase3()).Analyze(qs) }()
		go func() { done <- an.Analyze(qs) }()
	}
	for i := 0; i < 16; i++ {
		got := <-done
		for j := range got {
			if got[j].State != want[j].State || len(got[j].Blocks) != len(want[j].Blocks) {
				t.Errorf("%s: %s, want %s", qs[j], got[j].State, want[j].State)
			}
		}
	}
}

func TestFindings(t *testing.T) {
	ok := Analyze(useCase3(), MWAAPaths(useCase3()))
	for _, r := range ok {
		if f := r.Findings(); len(f) != 0 {
			t.Errorf("%s: findings on a correct network: %v", r.Query, f)
		}
	}
	a := useCase3()
	endpoint(a, "Endpoint_sqs").PrivateDNS = model.No
	var got []model.Finding
	for _, r := range Analyze(a, MWAAPaths(a)) {
		got = append(got, r.Findings()...)
	}
	// A public-routing network that says it is private: the internet path is open.
	b := useCase1()
	b.Routing = model.RoutingPrivate
	for _, r := range Analyze(b, MWAAPaths(b)) {
		if r.Query.To == PlaceInternet {
			got = append(got, r.Findings()...)
		}
	}
	var dns, internet bool
	for _, f := range got {
		if f.Severity != model.SeverityError || f.Requirement == "" || f.Message == "" {
			t.Errorf("finding %+v", f)
		}
		dns = dns || (f.Rule == "PRV-03/path" && strings.Contains(f.Message, CodeNoPrivateDNS) && f.Fix != "" && f.Source.File == "fixture.yaml")
		internet = internet || f.Rule == "PRV-01/path"
	}
	if !dns || !internet {
		t.Errorf("findings %+v lack the private DNS block or the internet path", got)
	}
}

func TestFindingsUndeterminedAreInfo(t *testing.T) {
	a := useCase3()
	a.Unknown = []string{model.UnknownNetworkACLs}
	n := 0
	for _, r := range Analyze(a, MWAAPaths(a)) {
		for _, f := range r.Findings() {
			n++
			if f.Severity != model.SeverityInfo || !strings.Contains(f.Message, "not verifiable") {
				t.Errorf("%+v", f)
			}
		}
	}
	if n == 0 {
		t.Error("no findings when the ACLs are not in the input")
	}
}

func TestAnalyzeMissingPlaceIsUndetermined(t *testing.T) {
	a := useCase3()
	a.ClientVPNs = nil
	rs := Analyze(a, []PathQuery{{From: "vpn", To: "webserver", Protocol: model.TCP, Port: 443, Expect: ExpectReachable}})
	r := rs[0]
	if r.State != Undetermined || r.MeetsExpectation() || !strings.Contains(r.Summary(), "no Client VPN") || strings.Contains(r.Summary(), "places in this input") {
		t.Errorf("%s: %s %q", r.Query, r.State, r.Summary())
	}
}
