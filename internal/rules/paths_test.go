package rules_test

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
)

// Every requirement a path finding is filed under has a rule that reports it
// (pathRequirements or pathAlso): no path finding is lost, whatever breaks.
func TestPathFindingsAllReported(t *testing.T) {
	consumed := map[string]bool{}
	for _, r := range rules.ReportedPathRequirements() {
		consumed[r] = true
	}
	breakers := map[string]func(a *model.Architecture){
		"nothing": func(a *model.Architecture) {},
		"no egress": func(a *model.Architecture) {
			for _, g := range a.SecurityGroups {
				g.Egress = nil
			}
		},
		"no ingress": func(a *model.Architecture) {
			for _, g := range a.SecurityGroups {
				g.Ingress = nil
			}
		},
		"ACLs deny": func(a *model.Architecture) {
			for _, acl := range a.NetworkACLs {
				for i := range acl.Entries {
					acl.Entries[i].Allow = false
				}
			}
		},
		"no endpoints": func(a *model.Architecture) { a.Endpoints = nil },
		"no routes": func(a *model.Architecture) {
			for _, rt := range a.RouteTables {
				rt.Routes = nil
			}
		},
		"private DNS off": func(a *model.Architecture) {
			for _, e := range a.Endpoints {
				e.PrivateDNS = model.No
			}
		},
		"VPC DNS off": func(a *model.Architecture) {
			for _, v := range a.VPCs {
				v.EnableDNSSupport = model.No
			}
		},
		"routing flipped": func(a *model.Architecture) {
			if a.Routing == model.RoutingPublic {
				a.Routing = model.RoutingPrivate
			} else {
				a.Routing = model.RoutingPublic
			}
		},
		"customer endpoints": func(a *model.Architecture) { a.Environments[0].EndpointManagement = model.CustomerManaged },
		"no VPN routes": func(a *model.Architecture) {
			for _, v := range a.ClientVPNs {
				v.Routes, v.AuthorizationRules = nil, nil
			}
		},
	}
	for n := 1; n <= 4; n++ {
		for name, br := range breakers {
			a := useCase(t, n)
			br(a)
			for _, req := range rules.PathFindingRequirements(a) {
				if !consumed[req] {
					t.Errorf("use case %d, %s: path findings filed under %s, which no rule reports", n, name, req)
				}
			}
		}
	}
}
