package reach

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// withALB is use case 1 made PRIVATE_ONLY, with the web server endpoint's addresses known
// (as a snapshot gives them) and an internet-facing application load balancer in the public
// subnets whose IP targets are given by targets.
func withALB(targets ...model.Target) *model.Architecture {
	a := useCase1()
	env := a.Environments[0]
	env.WebserverAccess = model.PrivateOnly
	env.WebserverVPCEndpointService = "com.amazonaws.vpce.us-east-1.vpce-svc-web"
	a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "vpce-web", VPC: "VPC", Service: env.WebserverVPCEndpointService,
		Type: model.EndpointInterface, Subnets: []string{"PrivateSubnet1", "PrivateSubnet2"}, SecurityGroups: []string{"SecurityGroup"},
		IPs: map[string]netip.Addr{"PrivateSubnet1": netip.MustParseAddr("10.192.20.10"), "PrivateSubnet2": netip.MustParseAddr("10.192.21.10")}})
	a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "AlbSG", VPC: "VPC", Source: src("AlbSG"),
		Ingress: []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("0.0.0.0/0")}}, Egress: egressAll()})
	a.SecurityGroups[0].Ingress = append(a.SecurityGroups[0].Ingress, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), Group: "AlbSG"})
	a.LoadBalancers = []*model.LoadBalancer{{ID: "Alb", VPC: "VPC", Type: model.LBApplication, Scheme: model.LBInternetFacing,
		Subnets: []string{"PublicSubnet1", "PublicSubnet2"}, SecurityGroups: []string{"AlbSG"}, SecurityGroupsKnown: true, Source: src("Alb"),
		Listeners: []*model.Listener{{ID: "Https", Port: 443, Protocol: "HTTPS", TargetGroups: []string{"Web"}}}}}
	a.TargetGroups = []*model.TargetGroup{{ID: "Web", TargetType: "ip", Protocol: "HTTPS", Port: 443, VPC: "VPC", Targets: targets}}
	return a
}

func webTargets() []model.Target {
	return []model.Target{{ID: "10.192.20.10", IP: netip.MustParseAddr("10.192.20.10")}, {ID: "10.192.21.10", IP: netip.MustParseAddr("10.192.21.10")}}
}

func lbWays(t *testing.T, a *model.Architecture) WebAccess {
	t.Helper()
	var out []WebAccess
	for _, w := range New(a).WebAccesses() {
		if w.Kind == AccessLoadBalancer {
			out = append(out, w)
		}
	}
	if len(out) != 1 {
		t.Fatalf("load balancer ways: %+v", out)
	}
	return out[0]
}

// The MWAA user guide (vpc-vpe-access): a load balancer whose targets are the web server
// endpoint's IP addresses gives access to a PRIVATE_ONLY web server.
func TestLoadBalancerWebAccess(t *testing.T) {
	cases := []struct {
		name   string
		arch   *model.Architecture
		state  State
		reason string
	}{
		{"targets are the web server's addresses", withALB(webTargets()...), Reachable, ""},
		{"a target that is not the web server", withALB(model.Target{ID: "10.192.20.99", IP: netip.MustParseAddr("10.192.20.99")}), NotReachable, "not an address of the web server endpoint"},
		{"targets whose addresses the input does not give", withALB(model.Target{ID: ""}), Undetermined, "computed when deployed"},
		{"the environment's group does not admit the load balancer", func() *model.Architecture {
			a := withALB(webTargets()...)
			a.SecurityGroups[0].Ingress = a.SecurityGroups[0].Ingress[:1]
			return a
		}(), NotReachable, "SG_NO_ALLOW"},
		{"internal load balancer", func() *model.Architecture {
			a := withALB(webTargets()...)
			a.LoadBalancers[0].Scheme = model.LBInternal
			return a
		}(), NotReachable, "is internal"},
		{"no listener forwards", func() *model.Architecture {
			a := withALB(webTargets()...)
			a.LoadBalancers[0].Listeners[0].TargetGroups = nil
			return a
		}(), NotReachable, "forwards to no target group"},
		{"instance targets", func() *model.Architecture {
			a := withALB(webTargets()...)
			a.TargetGroups[0].TargetType = "instance"
			return a
		}(), NotReachable, "IP targets only"},
		{"a network load balancer without security groups", func() *model.Architecture {
			a := withALB(webTargets()...)
			lb := a.LoadBalancers[0]
			lb.Type, lb.SecurityGroups = model.LBNetwork, nil
			lb.Listeners[0].Protocol = "TCP"
			return a
		}(), NotReachable, "SG_NO_ALLOW"}, // the web server's group admits AlbSG, not the NLB's (client) addresses
	}
	for _, c := range cases {
		w := lbWays(t, c.arch)
		if w.State != c.state || !strings.Contains(w.Why, c.reason) {
			t.Errorf("%s: %s (%q); want %s with %q", c.name, w.State, w.Why, c.state, c.reason)
		}
	}
}

func TestLoadBalancerListener(t *testing.T) {
	an := New(withALB(webTargets()...))
	r, err := an.Trace(PathQuery{From: "203.0.113.9", To: "Alb", Protocol: model.TCP, Port: 443})
	if err != nil || r.State != Reachable || r.Hops[0].Component != CompLoadBalancer || r.Hops[0].Rule != "listener HTTPS 443" {
		t.Fatalf("internet to the listener: %v %+v", err, r)
	}
	r, _ = an.Trace(PathQuery{From: "203.0.113.9", To: "Alb", Protocol: model.TCP, Port: 80})
	if r.State != NotReachable || r.Blocks[0].Code != CodeNoListener {
		t.Errorf("port 80: %s %+v", r.State, r.Blocks)
	}
	a := withALB(webTargets()...)
	a.LoadBalancers[0].Listeners[0].Port = -1
	r, _ = New(a).Trace(PathQuery{From: "203.0.113.9", To: "Alb", Protocol: model.TCP, Port: 443})
	if r.State != Undetermined {
		t.Errorf("unknown listener port: %s", r.State)
	}
}

// A peered VPC whose block the environment's route tables send to the peering connection
// reaches the web server when the environment's group admits it (vpc-vpe-access: a
// network that routes to the VPC).
func TestPeeringWebAccess(t *testing.T) {
	peered := func(admit bool, tables ...string) *model.Architecture {
		a := useCase3()
		for _, id := range tables {
			rt(a, id).Routes = append(rt(a, id).Routes, model.Route{Destination: pfx("172.31.0.0/16"),
				Target: model.RouteTarget{Kind: model.TargetPeering, ID: "pcx-1"}})
		}
		if admit {
			a.SecurityGroups[0].Ingress = append(a.SecurityGroups[0].Ingress, model.SGRule{Protocol: model.TCP, Ports: model.Port(443), CIDR: pfx("172.31.0.0/16")})
		}
		return a
	}
	for _, c := range []struct {
		name   string
		arch   *model.Architecture
		state  State
		reason string
	}{
		{"routes both ways and an admitting group", peered(true, "PrivateRouteTable1", "PrivateRouteTable2"), Reachable, ""},
		{"the group does not admit the peer", peered(false, "PrivateRouteTable1", "PrivateRouteTable2"), NotReachable, "SG_NO_ALLOW"},
		{"one subnet does not route replies back", peered(true, "PrivateRouteTable1"), NotReachable, "RETURN_NO_ROUTE"},
	} {
		var got []WebAccess
		for _, w := range New(c.arch).WebAccesses() {
			if w.Kind == AccessNetwork {
				got = append(got, w)
			}
		}
		if len(got) != 1 || got[0].State != c.state || !strings.Contains(got[0].Why, c.reason) || got[0].ID != "pcx-1" {
			t.Errorf("%s: %+v; want %s with %q", c.name, got, c.state, c.reason)
		}
	}
}
