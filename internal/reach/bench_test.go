package reach

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// LargeNetwork sizes a generated network.
type LargeNetwork struct {
	Subnets, RouteTables, RoutesPerTable, ACLs, EntriesPerACL, SecurityGroups, RulesPerGroup int
}

// issueSize is the network of the performance target: 2,000 subnets, 500 route tables
// of 100 routes, 300 ACLs of 40 entries, 3,000 security groups of 20 rules.
var issueSize = LargeNetwork{2000, 500, 100, 300, 40, 3000, 20}

// generateLarge builds a private-routing MWAA network of the given size: one VPC
// 10.0.0.0/8 with /24 subnets; every route table has the local route, routes to a
// transit gateway and a blackhole; every ACL has deny rules for SSH-like ports from
// corporate ranges before "allow all"; every security group has port rules and group
// references. The environment uses the first two subnets, with interface endpoints for
// the required services and an S3 gateway endpoint.
func generateLarge(n LargeNetwork) *model.Architecture {
	a := &model.Architecture{Name: "large", Region: "us-east-1", Routing: model.RoutingPrivate}
	a.VPCs = []*model.VPC{{ID: "vpc-large", CIDRs: []netip.Prefix{pfx("10.0.0.0/8")}, EnableDNSSupport: model.Yes, EnableDNSHostnames: model.Yes}}
	subnetID := func(i int) string { return fmt.Sprintf("subnet-%05d", i) }
	for i := 0; i < n.Subnets; i++ {
		a.Subnets = append(a.Subnets, &model.Subnet{ID: subnetID(i), VPC: "vpc-large", AZ: fmt.Sprintf("az%d", i%3),
			CIDR: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i / 256), byte(i % 256), 0}), 24), MapPublicIPOnLaunch: model.No, AvailableIPs: 250})
	}
	for r := 0; r < n.RouteTables; r++ {
		t := &model.RouteTable{ID: fmt.Sprintf("rtb-%04d", r), VPC: "vpc-large", Main: r == 0}
		t.Routes = append(t.Routes, local("10.0.0.0/8"))
		for k := 1; k < n.RoutesPerTable; k++ {
			dst := netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(16 + k%16), byte(k), 0}), 24)
			route := model.Route{Destination: dst, Target: model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-1"}}
			if k%10 == 0 {
				route.Blackhole = true
			}
			t.Routes = append(t.Routes, route)
		}
		a.RouteTables = append(a.RouteTables, t)
	}
	for i := 0; i < n.Subnets; i++ {
		t := a.RouteTables[i%n.RouteTables]
		t.Subnets = append(t.Subnets, subnetID(i))
	}
	for c := 0; c < n.ACLs; c++ {
		acl := &model.NetworkACL{ID: fmt.Sprintf("acl-%04d", c), VPC: "vpc-large", Default: c == 0}
		per := n.EntriesPerACL/2 - 1
		for _, egress := range []bool{false, true} {
			for k := 0; k < per-1; k++ {
				acl.Entries = append(acl.Entries, aclEntryOf(10+k*10, egress, false, model.TCP,
					fmt.Sprintf("192.168.%d.0/24", k), model.Port(int32(2000+k))))
			}
			acl.Entries = append(acl.Entries, aclEntryOf(1000, egress, true, model.AllProtocols, "0.0.0.0/0", model.AllPorts),
				aclEntryOf(model.DefaultRuleNumber, egress, false, model.AllProtocols, "0.0.0.0/0", model.AllPorts))
		}
		a.NetworkACLs = append(a.NetworkACLs, acl)
	}
	for i := 0; i < n.Subnets; i++ {
		acl := a.NetworkACLs[i%n.ACLs]
		acl.Subnets = append(acl.Subnets, subnetID(i))
	}
	sgID := func(g int) string { return fmt.Sprintf("sg-%05d", g) }
	for g := 0; g < n.SecurityGroups; g++ {
		s := &model.SecurityGroup{ID: sgID(g), VPC: "vpc-large", Name: sgID(g)}
		for k := 0; k < n.RulesPerGroup/2-1; k++ {
			s.Ingress = append(s.Ingress, model.SGRule{Protocol: model.TCP, Ports: model.Port(int32(3000 + k)), Group: sgID((g + k + 1) % n.SecurityGroups)})
			s.Egress = append(s.Egress, model.SGRule{Protocol: model.TCP, Ports: model.Port(int32(3000 + k)), CIDR: pfx("172.16.0.0/12")})
		}
		// The last rules: group 0 is the environment's (self reference, egress all),
		// group 1 the endpoints' (443 from group 0); the others allow 443 from the VPC.
		switch g {
		case 0:
			s.Ingress = append(s.Ingress, sgAll(sgID(0)))
			s.Egress = append(s.Egress, egressAll()...)
		case 1:
			s.Ingress = append(s.Ingress, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), Group: sgID(0)})
			s.Egress = append(s.Egress, egressAll()...)
		default:
			s.Ingress = append(s.Ingress, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.0.0.0/8")})
			s.Egress = append(s.Egress, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("10.0.0.0/8")})
		}
		a.SecurityGroups = append(a.SecurityGroups, s)
	}
	envSubnets := []string{subnetID(0), subnetID(1)}
	for _, s := range model.RequiredInterfaceServices("aws") {
		a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "vpce-" + s, VPC: "vpc-large", Service: model.ServiceName("us-east-1", s),
			Type: model.EndpointInterface, PrivateDNS: model.Yes, Subnets: envSubnets, SecurityGroups: []string{sgID(1)}})
	}
	a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "vpce-s3", VPC: "vpc-large", Service: "com.amazonaws.us-east-1.s3",
		Type: model.EndpointGateway, RouteTables: []string{a.RouteTables[0].ID, a.RouteTables[1].ID}})
	a.Environments = []*model.Environment{{ID: "env-large", Subnets: envSubnets, SecurityGroups: []string{sgID(0)},
		WebserverAccess: model.PrivateOnly, MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1}}
	return a
}

func TestGeneratedNetworkHasTheIssueSize(t *testing.T) {
	a := generateLarge(issueSize)
	routes, entries, rules := 0, 0, 0
	for _, r := range a.RouteTables {
		routes += len(r.Routes)
	}
	for _, c := range a.NetworkACLs {
		entries += len(c.Entries)
	}
	for _, g := range a.SecurityGroups {
		rules += len(g.Ingress) + len(g.Egress)
	}
	if len(a.Subnets) != 2000 || len(a.RouteTables) != 500 || routes != 500*100 || len(a.NetworkACLs) != 300 ||
		entries != 300*40 || len(a.SecurityGroups) != 3000 || rules != 3000*20 {
		t.Fatalf("generated %d subnets, %d tables/%d routes, %d ACLs/%d entries, %d groups/%d rules",
			len(a.Subnets), len(a.RouteTables), routes, len(a.NetworkACLs), entries, len(a.SecurityGroups), rules)
	}
	an := New(a)
	for _, r := range an.Analyze(an.MWAAPaths()) {
		if !r.MeetsExpectation() {
			t.Errorf("%s: %s (%s)", r.Query, r.State, r.Summary())
		}
	}
	// The generated routes decide: every tenth route is a blackhole (k=10: 172.26.10.0/24),
	// more specific than nothing else, so it drops its range.
	r, err := an.Trace(PathQuery{From: "env", To: "172.26.10.9", Protocol: model.TCP, Port: 443})
	if err != nil || r.State != NotReachable || r.Blocks[0].Code != CodeBlackhole {
		t.Errorf("to a blackholed range: %v %v", err, r)
	}
}

// BenchmarkTraceUseCase3 is one path query on the use-case-3 architecture (indexed once).
func BenchmarkTraceUseCase3(b *testing.B) {
	for _, q := range []PathQuery{
		{From: "env", To: "service:sqs", Protocol: model.TCP, Port: 443},
		{From: "env", To: "database", Protocol: model.TCP, Port: 5432},
		{From: "vpn", To: "webserver", Protocol: model.TCP, Port: 443},
		{From: "env", To: "internet", Protocol: model.TCP, Port: 443},
	} {
		b.Run(q.From+"->"+q.To, func(b *testing.B) {
			an := New(useCase3())
			b.ReportAllocs()
			for b.Loop() {
				if _, err := an.Trace(q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAllLarge is trace --all (index + every MWAA path) on the network of the
// performance target. heap-MB is the live heap after indexing and answering, with the
// architecture itself.
func BenchmarkAllLarge(b *testing.B) {
	a := generateLarge(issueSize)
	b.ReportAllocs()
	var rs []*Result
	for b.Loop() {
		an := New(a)
		rs = an.Analyze(an.MWAAPaths())
	}
	an := New(a)
	rs = an.Analyze(an.MWAAPaths())
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(an)
	runtime.KeepAlive(rs)
}
