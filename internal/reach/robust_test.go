package reach

import (
	"math/rand"
	"net/netip"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Inputs with holes (unknown CIDRs, missing objects, dangling references) never make the
// engine panic: every query answers or names the place it cannot find.
// TestHolesNeverReachable checks that holes do not turn into "reachable".
func TestRobustToHoles(t *testing.T) {
	holes := []func(a *model.Architecture){
		func(a *model.Architecture) { a.VPCs = nil },
		func(a *model.Architecture) {
			if len(a.Subnets) > 0 {
				a.Subnets[0].CIDR = netip.Prefix{}
				a.Subnets = a.Subnets[1:]
			}
		},
		func(a *model.Architecture) {
			if len(a.RouteTables) > 0 && len(a.RouteTables[0].Routes) > 0 {
				a.RouteTables[0].Routes[0].Destination = netip.Prefix{}
				a.RouteTables[len(a.RouteTables)-1].Routes[0].Target = model.RouteTarget{}
			}
		},
		func(a *model.Architecture) { a.RouteTables = nil },
		func(a *model.Architecture) {
			if len(a.NetworkACLs) > 0 {
				a.NetworkACLs[0].Entries = nil
			}
		},
		func(a *model.Architecture) { a.NetworkACLs = nil },
		func(a *model.Architecture) { a.SecurityGroups = nil },
		func(a *model.Architecture) {
			if len(a.SecurityGroups) > 0 && len(a.SecurityGroups[0].Ingress) > 0 {
				a.SecurityGroups[0].Ingress[0] = model.SGRule{PeerUnknown: true}
			}
		},
		func(a *model.Architecture) { a.Endpoints = nil },
		func(a *model.Architecture) {
			for _, e := range a.Endpoints {
				e.Subnets, e.SecurityGroups = nil, nil
			}
		},
		func(a *model.Architecture) { a.Environments[0].Subnets = nil },
		func(a *model.Architecture) { a.Environments[0].SecurityGroups = nil },
		func(a *model.Architecture) { a.Environments[0].WebserverAccess = "" },
		func(a *model.Architecture) { a.Environments[0].EndpointManagement = model.CustomerManaged },
		func(a *model.Architecture) { a.NATGateways = nil },
		func(a *model.Architecture) { a.InternetGateways = nil },
		func(a *model.Architecture) { a.ClientVPNs = nil },
		func(a *model.Architecture) {
			if len(a.ClientVPNs) > 0 {
				a.ClientVPNs[0].Routes, a.ClientVPNs[0].Associations, a.ClientVPNs[0].ClientCIDR = nil, nil, netip.Prefix{}
			}
		},
		func(a *model.Architecture) {
			a.Unknown = []string{model.UnknownNetworkACLs, model.UnknownSecurityGroups, model.UnknownEndpoints, model.UnknownClientVPNDetails}
		},
	}
	queries := []PathQuery{
		{From: "vpn", To: "service:sqs"}, {From: "corporate", To: "env"}, {From: "env", To: "8.8.8.8"},
		{From: "internet", To: "database"}, {From: "env", To: "webserver", Protocol: model.ICMP},
		{From: "env", To: "database", Protocol: model.AllProtocols}, {From: "env", To: "service:s3", Protocol: model.UDP, Port: 53},
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		base := useCase3
		if i%2 == 1 {
			base = useCase1
		}
		a := base()
		for k := 0; k < 1+rng.Intn(3); k++ {
			holes[rng.Intn(len(holes))](a)
		}
		an := New(a)
		qs := append(an.MWAAPaths(), queries...)
		for _, q := range qs {
			if q.Protocol == 0 {
				q.Protocol, q.Port = model.TCP, 443
			}
			r, err := an.Trace(q)
			if err != nil {
				continue
			}
			_ = r.Summary()
			if _, err := r.MarshalJSON(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Without route tables or security groups, nothing the environment sends is "reachable".
func TestHolesNeverReachable(t *testing.T) {
	for name, hole := range map[string]func(a *model.Architecture){
		"no route tables":     func(a *model.Architecture) { a.RouteTables = nil },
		"no security groups":  func(a *model.Architecture) { a.SecurityGroups = nil },
		"route tables hidden": func(a *model.Architecture) { a.RouteTables = nil; a.Unknown = []string{model.UnknownRouteTables} },
	} {
		a := useCase3()
		hole(a)
		an := New(a)
		for _, r := range an.Analyze(an.MWAAPaths()) {
			if r.Query.From == PlaceEnv && r.State == Reachable {
				t.Errorf("%s: %s is reachable", name, r.Query)
			}
		}
	}
}

// Any place name either resolves or gives an error; none panics.
func FuzzPlaceNames(f *testing.F) {
	for _, s := range []string{"env", "service:", "service:sqs", "10.192.20.1", "10.192.0.0/8", "::1", "2001:db8::/32",
		"8.8.8.8/0", "0.0.0.0/0", "vpn", "corporate", "i-nope", "Endpoint_sqs", "PrivateSubnet1", "ClientVpn", "300.1.1.1", "10.100.0.9"} {
		f.Add(s, "webserver")
		f.Add("env", s)
	}
	an1, an3 := New(useCase1()), New(useCase3())
	f.Fuzz(func(t *testing.T, from, to string) {
		for _, an := range []*Analyzer{an1, an3} {
			r, err := an.Trace(PathQuery{From: from, To: to, Protocol: model.TCP, Port: 443})
			if err == nil {
				_ = r.Summary()
			}
		}
	})
}
