package rules_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// airflow.ops exists only in partition aws: a China Region does not need its endpoint.
func TestPartitionAirflowOps(t *testing.T) {
	for _, tc := range []struct {
		region, partition string
		want              bool
	}{{"us-east-1", "aws", true}, {"cn-north-1", "aws-cn", false}, {"us-gov-west-1", "aws-us-gov", false}} {
		a := useCase(t, 3)
		a.Region, a.Partition = tc.region, tc.partition
		removeEndpoint(a, "AirflowOpsEndpoint")
		got := false
		for _, f := range byRule(check(a), "PRV-03/endpoints") {
			got = got || strings.Contains(f.Message, "airflow.ops")
		}
		if got != tc.want {
			t.Errorf("%s: missing airflow.ops reported %v, want %v", tc.partition, got, tc.want)
		}
	}
}

// Public routing through a transit gateway instead of NAT: the NAT-shaped rules (PUB-01,
// PUB-02, PUB-03, PUB-04/nat-route) stay quiet; whether the path really reaches the
// internet is the path rule's question.
func TestPublicRoutingThroughTransitGateway(t *testing.T) {
	a := useCase(t, 1)
	for _, id := range []string{"PrivateRouteTable1", "PrivateRouteTable2"} {
		setDefaultRoute(routeTable(a, id), model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-0abc"})
	}
	a.InternetGateways = nil
	fs := check(a)
	for _, id := range []string{"PUB-01/public-subnets", "PUB-02/internet-gateway", "PUB-03/nat-per-az", "PUB-04/nat-route", "PRV-01/no-internet-route"} {
		if got := byRule(fs, id); len(got) > 0 {
			t.Errorf("%s fires on transit-gateway egress: %v", id, got)
		}
	}
}

// Routing is mode-aware: the same missing interface endpoint is an error in private
// routing and nothing in public routing (NAT reaches the service).
func TestRoutingModes(t *testing.T) {
	a := useCase(t, 1)
	if got := byRule(check(a), "PRV-03/endpoints"); len(got) > 0 {
		t.Errorf("public routing without endpoints: %v", got)
	}
	a = useCase(t, 3)
	removeEndpoint(a, "LogsEndpoint")
	if got := byRule(check(a), "PRV-03/endpoints"); len(got) != 1 || got[0].Severity != model.SeverityError {
		t.Errorf("private routing without the logs endpoint: %v", got)
	}
}

// Without an environment, rules do not run: only the input's own findings come back.
func TestNoEnvironment(t *testing.T) {
	a := useCase(t, 3)
	a.Environments = nil
	a.IngestFindings = []model.Finding{{Rule: "INPUT/x", Requirement: "INPUT", Severity: model.SeverityError, Message: "m"}}
	fs := check(a)
	if len(fs) != 1 || fs[0].Rule != "INPUT/x" {
		t.Errorf("findings %v", fs)
	}
}

// Degenerate inputs never panic: every rule copes with missing pieces.
func TestDegenerateInputs(t *testing.T) {
	for name, mutate := range map[string]func(a *model.Architecture){
		"bare environment": func(a *model.Architecture) {
			*a = model.Architecture{Environments: []*model.Environment{{ID: "E", MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1}}}
		},
		"no subnets or groups": func(a *model.Architecture) {
			a.Subnets, a.SecurityGroups, a.RouteTables, a.NetworkACLs = nil, nil, nil, nil
		},
		"no VPC": func(a *model.Architecture) { a.VPCs = nil },
		"key without policy": func(a *model.Architecture) {
			for _, k := range a.Keys {
				k.Policy = nil
			}
		},
		"role without trust": func(a *model.Architecture) {
			for _, r := range a.Roles {
				r.AssumeRolePolicy = nil
			}
		},
		"policy without document": func(a *model.Architecture) {
			for _, p := range a.ManagedPolicies {
				p.Document = nil
			}
		},
		"VPN without CIDR or rules": func(a *model.Architecture) {
			for _, v := range a.ClientVPNs {
				v.ClientCIDR, v.AuthorizationRules = netipZero, nil
			}
		},
		"subnet without CIDR or AZ": func(a *model.Architecture) {
			for _, s := range a.Subnets {
				s.CIDR, s.AZ = netipZero, ""
			}
		},
		"endpoints without subnets": func(a *model.Architecture) {
			for _, e := range a.Endpoints {
				e.Subnets = nil
			}
		},
		"environment without fields": func(a *model.Architecture) {
			e := a.Environments[0]
			e.Subnets, e.SecurityGroups, e.Logging, e.SourceBucketARN, e.ExecutionRoleARN, e.KMSKey = nil, nil, nil, "", "", ""
		},
		"everything unknown": func(a *model.Architecture) {
			a.Unknown = []string{model.UnknownVPCs, model.UnknownSubnets, model.UnknownRouteTables, model.UnknownNetworkACLs,
				model.UnknownSecurityGroups, model.UnknownEndpoints, model.UnknownClientVPNs, model.UnknownClientVPNDetails,
				model.UnknownBucketPAB, model.UnknownBucketEncryption, model.UnknownKeyPolicy, model.UnknownRolePolicies}
		},
	} {
		for _, n := range []int{1, 3, 4} {
			a := useCase(t, n)
			mutate(a)
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s (use case %d): panic %v", name, n, r)
					}
				}()
				check(a)
			}()
		}
	}
}

var netipZero netip.Prefix

// Every environment of the input is checked: a second environment's defect is reported,
// and what both share is reported once.
func TestSeveralEnvironments(t *testing.T) {
	a := useCase(t, 3)
	second := *a.Environments[0]
	second.ID, second.Name, second.Subnets = "Environment2", "second", []string{"PrivateSubnet1"}
	a.Environments = append(a.Environments, &second)
	fs := check(a)
	got := byRule(fs, "NET-01/subnets")
	if len(got) != 1 || got[0].Resource != "Environment2" {
		t.Errorf("NET-01 findings %v, want one for Environment2", got)
	}
	if n := len(byRule(fs, "DOC-01/diagram")); n != 2 {
		t.Errorf("%d DOC-01 findings, want one per environment", n)
	}
	subnet(a, "PrivateSubnet1").AvailableIPs = 1 // shared by both: one finding
	if n := len(byRule(check(a), "NET-09/free-addresses")); n != 1 {
		t.Errorf("%d NET-09 findings for one shared subnet, want 1", n)
	}
}
