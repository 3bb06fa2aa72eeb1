package rules_test

import (
	"net/netip"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"

	"github.com/mwaanet/mwaanet/internal/testkit/usecase"
	"github.com/mwaanet/mwaanet/internal/testshared"
)

// useCase builds the architecture mwaanet synth makes for use case n (a fresh copy).
func useCase(t testing.TB, n int) *model.Architecture {
	t.Helper()
	return usecase.Architecture(t, n)
}

func check(a *model.Architecture) []model.Finding { return rules.Check(a) }

// byRule returns the findings of rule id.
func byRule(fs []model.Finding, id string) []model.Finding {
	var out []model.Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// Lookups for mutations.
func subnet(a *model.Architecture, id string) *model.Subnet {
	for _, s := range a.Subnets {
		if s.ID == id {
			return s
		}
	}
	panic("no subnet " + id)
}

func routeTable(a *model.Architecture, id string) *model.RouteTable {
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

func nat(a *model.Architecture, id string) *model.NATGateway {
	for _, n := range a.NATGateways {
		if n.ID == id {
			return n
		}
	}
	panic("no NAT gateway " + id)
}

func removeEndpoint(a *model.Architecture, id string) {
	var keep []*model.VPCEndpoint
	for _, e := range a.Endpoints {
		if e.ID != id {
			keep = append(keep, e)
		}
	}
	a.Endpoints = keep
}

func setDefaultRoute(rt *model.RouteTable, t model.RouteTarget) {
	for i, r := range rt.Routes {
		if r.Destination.IsValid() && r.Destination.Bits() == 0 {
			rt.Routes[i].Target = t
			return
		}
	}
	rt.Routes = append(rt.Routes, model.Route{Destination: netip.MustParsePrefix("0.0.0.0/0"), Target: t})
}

func dropDefaultRoute(rt *model.RouteTable) {
	var keep []model.Route
	for _, r := range rt.Routes {
		if !(r.Destination.IsValid() && r.Destination.Bits() == 0) {
			keep = append(keep, r)
		}
	}
	rt.Routes = keep
}

var allow = func(actions, resources []string) *model.PolicyDocument {
	return &model.PolicyDocument{Version: "2012-10-17", Statements: []model.Statement{{
		Effect: "Allow", Principal: map[string][]string{"*": {"*"}}, Action: actions, Resource: resources}}}
}

// ruleCase makes one rule fire (fire, on use case base) and keeps it quiet (quiet, nil:
// the unchanged base). sev is the severity the fire case must have.
type ruleCase struct {
	base  int
	fire  func(a *model.Architecture)
	sev   model.Severity
	quiet func(a *model.Architecture)
	qbase int // use case of the quiet case (0: base)
}

var ruleCases = map[string]ruleCase{
	"NET-01/subnets": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		subnet(a, "PrivateSubnet2").AZ = subnet(a, "PrivateSubnet1").AZ
	}},
	"NET-02/security-groups": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		sg(a, "EnvironmentSecurityGroup").VPC = "vpc-elsewhere"
	}},
	"NET-03/private-subnets": {base: 1, sev: model.SeverityError, fire: func(a *model.Architecture) {
		setDefaultRoute(routeTable(a, "PrivateRouteTable1"), model.RouteTarget{Kind: model.TargetInternetGateway, ID: "InternetGateway"})
	}},
	"NET-04/vpc-dns": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.VPCs[0].EnableDNSHostnames = model.No
	}},
	"NET-05/self-reference": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		g := sg(a, "EnvironmentSecurityGroup")
		var keep []model.SGRule
		for _, r := range g.Ingress {
			if r.Group != g.ID {
				keep = append(keep, r)
			}
		}
		g.Ingress = keep
	}},
	"NET-05/path": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		g := sg(a, "EnvironmentSecurityGroup")
		for i := range g.Ingress {
			if g.Ingress[i].Group == g.ID {
				g.Ingress[i].Protocol, g.Ingress[i].Ports = model.TCP, model.Port(22)
			}
		}
	}},
	"NET-06/path": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		sg(a, "EnvironmentSecurityGroup").Egress = []model.SGRule{{Protocol: model.TCP, Ports: model.Port(5432), CIDR: netip.MustParsePrefix("10.192.0.0/16")}}
	}},
	"NET-07/path": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		for _, acl := range a.NetworkACLs {
			for i := range acl.Entries {
				if acl.Entries[i].Egress {
					acl.Entries[i].Allow = false
				}
			}
		}
	}},
	// NET-07 as reworded: an ACL that drops replies on 1024-32767 only still lets MWAA's
	// Amazon Linux containers through (32768-60999), but not other clients: a warning.
	"NET-07/ephemeral-range": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		for _, acl := range a.NetworkACLs {
			for _, egress := range []bool{false, true} {
				acl.Entries = append([]model.ACLEntry{{RuleNumber: 50, Egress: egress, Protocol: model.TCP, Ports: model.Ports(1024, 32767),
					CIDR: netip.MustParsePrefix("0.0.0.0/0"), ICMPType: -1, ICMPCode: -1}}, acl.Entries...)
			}
		}
	}},
	"NET-08/immutable-network": {base: 3, sev: model.SeverityInfo, quiet: func(a *model.Architecture) {
		a.Subnets = nil // subnets outside the input
	}},
	"NET-09/free-addresses": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		subnet(a, "PrivateSubnet1").AvailableIPs = 1
	}},
	"PUB-01/public-subnets": {base: 1, sev: model.SeverityError, fire: func(a *model.Architecture) {
		dropDefaultRoute(routeTable(a, "PublicRouteTable"))
	}},
	"PUB-02/internet-gateway": {base: 1, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.InternetGateways = nil
	}},
	"PUB-03/nat-per-az": {base: 1, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		setDefaultRoute(routeTable(a, "PrivateRouteTable2"), model.RouteTarget{Kind: model.TargetNATGateway, ID: "NatGateway1"})
	}},
	"PUB-04/nat-route": {base: 1, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		nat(a, "NatGateway1").Subnet = "PublicSubnet2"
	}},
	"PUB-04/path": {base: 1, sev: model.SeverityError, fire: func(a *model.Architecture) {
		dropDefaultRoute(routeTable(a, "PrivateRouteTable1"))
	}},
	"PRV-01/no-internet-route": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		setDefaultRoute(routeTable(a, "PrivateRouteTable1"), model.RouteTarget{Kind: model.TargetNATGateway, ID: "nat-0abc"})
	}},
	"PRV-01/path": {base: 1, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.Routing = model.RoutingPrivate // a public-routing network declared private reaches the internet
	}},
	"PRV-02/local-route": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		rt := routeTable(a, "PrivateRouteTable1")
		var keep []model.Route
		for _, r := range rt.Routes {
			if r.Target.Kind != model.TargetLocal {
				keep = append(keep, r)
			}
		}
		rt.Routes = keep
	}},
	"PRV-03/endpoints": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		removeEndpoint(a, "SqsEndpoint")
	}},
	"PRV-03/path": {base: 4, sev: model.SeverityInfo, qbase: 3}, // existing VPC: route tables not in the input
	"PRV-04/endpoint-azs": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		endpoint(a, "SqsEndpoint").Subnets = []string{"PrivateSubnet1"}
	}},
	"PRV-04/path": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		endpoint(a, "LogsEndpoint").PrivateDNS = model.No
	}},
	"PRV-05/s3-endpoint-policy": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		endpoint(a, "S3GatewayEndpoint").Policy = allow([]string{"s3:GetObject"}, []string{"arn:aws:s3:::someone-else/*"})
	}},
	"PRV-05/path": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		endpoint(a, "S3GatewayEndpoint").RouteTables = nil
		for _, rt := range a.RouteTables {
			var keep []model.Route
			for _, r := range rt.Routes {
				if r.Target.Kind != model.TargetVPCEndpoint {
					keep = append(keep, r)
				}
			}
			rt.Routes = keep
		}
	}},
	"PRV-06/endpoint-policies": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		endpoint(a, "SqsEndpoint").Policy = allow([]string{"sqs:*"}, []string{"arn:aws:sqs:*:*:other-*"})
	}},
	"PRV-07/private-only": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		a.Environments[0].WebserverAccess = model.PublicOnly
	}},
	"PRV-08/python-dependencies": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		a.Environments[0].RequirementsS3Path, a.Environments[0].PluginsS3Path = "requirements.txt", ""
	}, qbase: 1},
	"WEB-01/access-mechanism": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		a.ClientVPNs = nil
	}},
	"WEB-02/client-vpn": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.ClientVPNs[0].ClientCIDR = netip.MustParsePrefix("10.100.0.0/24")
	}},
	"WEB-02/path": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		g := sg(a, "EnvironmentSecurityGroup")
		var keep []model.SGRule
		for _, r := range g.Ingress {
			if r.Group == g.ID {
				keep = append(keep, r)
			}
		}
		g.Ingress = keep
	}},
	"WEB-03/public-only": {base: 1, sev: model.SeverityWarning, qbase: 3},
	"EPM-01/shared-vpc": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.AccountID = "111122223333"
		for _, s := range a.Subnets {
			s.OwnerID = "444455556666"
		}
	}},
	"EPM-02/customer-endpoints": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		a.Environments[0].EndpointManagement = model.CustomerManaged
	}},
	"S3-01/bucket": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.Buckets[0].Versioning = model.No
	}},
	"S3-02/bucket-encryption": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		a.Buckets[0].Encryption, a.Buckets[0].KMSKey = "AES256", ""
	}},
	"S3-03/paths": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.Environments[0].SourceBucketARN = "arn:aws:s3:::my-dags/"
	}},
	"KMS-01/customer-key": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.Keys[0].MultiRegion = model.Yes
	}},
	"IAM-01/trust": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.Roles[0].AssumeRolePolicy.Statements[0].Principal = map[string][]string{"Service": {"airflow.amazonaws.com"}}
	}},
	"IAM-02/least-privilege": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		d := a.ManagedPolicies[0].Document
		var keep []model.Statement
		for _, st := range d.Statements {
			if !st.HasAction("sqs:ReceiveMessage") {
				keep = append(keep, st)
			}
		}
		d.Statements = keep
	}},
	"LOG-01/logging": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		m := a.Environments[0].Logging["TaskLogs"]
		m.Enabled = model.No
		a.Environments[0].Logging["TaskLogs"] = m
	}},
	"LOG-02/alarms": {base: 3, sev: model.SeverityWarning, fire: func(a *model.Architecture) {
		a.Alarms = a.Alarms[:1]
	}},
	"CAP-01/capacity": {base: 3, sev: model.SeverityError, fire: func(a *model.Architecture) {
		a.Environments[0].MinWorkers, a.Environments[0].MaxWorkers = 5, 2
	}},
	"CST-01/routing-cost": {base: 3, sev: model.SeverityInfo, quiet: func(a *model.Architecture) {
		a.Region = "xx-nowhere-1" // no prices: mwaanet cost --prices prices it
	}},
	"DOC-01/diagram": {base: 3, sev: model.SeverityInfo, quiet: func(a *model.Architecture) {
		a.VPCs, a.Subnets = nil, nil
	}},
}

// TestEveryRuleFiresAndStaysQuiet: each rule has a case that makes it fire with its
// severity, and one that keeps it quiet.
func TestEveryRuleFiresAndStaysQuiet(t *testing.T) {
	for _, r := range rules.All() {
		tc, ok := ruleCases[r.ID]
		if !ok {
			t.Errorf("rule %s has no test case", r.ID)
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			a := useCase(t, tc.base)
			if tc.fire != nil {
				tc.fire(a)
			}
			fired := byRule(check(a), r.ID)
			if len(fired) == 0 {
				t.Fatalf("rule %s did not fire", r.ID)
			}
			found := false
			for _, f := range fired {
				found = found || f.Severity == tc.sev
				if f.Requirement != r.Requirement || f.Resource == "" || f.Message == "" {
					t.Errorf("finding lacks requirement, resource or message: %+v", f)
				}
			}
			if !found {
				t.Errorf("rule %s fired %v, want a %s finding", r.ID, fired, tc.sev)
			}
			qb := tc.qbase
			if qb == 0 {
				qb = tc.base
			}
			q := useCase(t, qb)
			if tc.quiet != nil {
				tc.quiet(q)
			}
			if got := byRule(check(q), r.ID); len(got) > 0 {
				t.Errorf("rule %s fires on the quiet case: %v", r.ID, got)
			}
		})
	}
	for id := range ruleCases {
		found := false
		for _, r := range rules.All() {
			found = found || r.ID == id
		}
		if !found {
			t.Errorf("test case for %s, which is not a rule", id)
		}
	}
}

// NET-09 grades by what the subnet lacks: the endpoints MWAA creates (error), or room to
// scale (warning); a /28 holding the input's ten endpoints has 1 address left.
func TestFreeAddresses(t *testing.T) {
	for _, tc := range []struct {
		free int
		cidr string
		want model.Severity
	}{{1, "", model.SeverityError}, {5, "", model.SeverityWarning}, {200, "", ""}, {-1, "10.192.0.0/28", model.SeverityError}, {-1, "10.192.0.0/26", ""}} {
		a := useCase(t, 3)
		s := subnet(a, "PrivateSubnet1")
		s.AvailableIPs = tc.free
		if tc.cidr != "" {
			s.CIDR = netip.MustParsePrefix(tc.cidr)
		}
		got := byRule(check(a), "NET-09/free-addresses")
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("free %d cidr %q: %v, want none", tc.free, tc.cidr, got)
		case tc.want != "" && (len(got) != 1 || got[0].Severity != tc.want):
			t.Errorf("free %d cidr %q: %v, want one %s", tc.free, tc.cidr, got, tc.want)
		}
	}
}

// TestUseCasesHaveNoErrors: every use case synth builds checks without errors (synth and
// check are honest with each other).
func TestUseCasesHaveNoErrors(t *testing.T) {
	for n := 1; n <= 4; n++ {
		for _, f := range check(useCase(t, n)) {
			if f.Severity == model.SeverityError {
				t.Errorf("use case %d: %s %s at %s: %s", n, f.Rule, f.Resource, f.Source, f.Message)
			}
		}
	}
}

// TestRequirementsCovered: every requirement ID of REQUIREMENTS.md (and of the list kept in
// the code) is implemented by at least one rule.
func TestRequirementsCovered(t *testing.T) {
	have := map[string]bool{}
	for _, r := range rules.All() {
		have[r.Requirement] = true
	}
	for _, id := range rules.Requirements {
		if !have[id] {
			t.Errorf("requirement %s has no rule", id)
		}
	}
	data, err := os.ReadFile(testshared.Dir() + "/REQUIREMENTS.md")
	if err != nil {
		t.Skipf("REQUIREMENTS.md not found (%v); checked the list in the code only", err)
	}
	ids := regexp.MustCompile(`(?m)^\| ([A-Z0-9]+-\d\d) \|`).FindAllStringSubmatch(string(data), -1)
	if len(ids) < 30 {
		t.Fatalf("found only %d requirement IDs in REQUIREMENTS.md", len(ids))
	}
	var inDoc []string
	for _, m := range ids {
		inDoc = append(inDoc, m[1])
		if !have[m[1]] {
			t.Errorf("requirement %s (REQUIREMENTS.md) has no rule", m[1])
		}
	}
	if strings.Join(inDoc, ",") != strings.Join(rules.Requirements, ",") {
		t.Errorf("rules.Requirements is out of sync with REQUIREMENTS.md:\n code %v\n doc  %v", rules.Requirements, inDoc)
	}
}

// TestRulesMetadata: IDs are unique and start with their requirement; every rule has a
// summary, a severity and a help link.
func TestRulesMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All() {
		if seen[r.ID] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[r.ID] = true
		if !strings.HasPrefix(r.ID, r.Requirement+"/") || r.Summary == "" || r.Severity.Rank() == 0 || !strings.HasPrefix(r.HelpURI, "https://") {
			t.Errorf("rule %+v: want ID REQ/name, a summary, a severity and a help URI", r.Rule)
		}
	}
}

// LOG-02 on an input that does not show alarms (a snapshot without describe-alarms.json)
// says it cannot tell instead of warning.
func TestAlarmsUnknown(t *testing.T) {
	a := useCase(t, 3)
	a.Alarms = nil
	a.Unknown = append(a.Unknown, model.UnknownAlarms)
	got := byRule(check(a), "LOG-02/alarms")
	if len(got) != 1 || got[0].Severity != model.SeverityInfo || !strings.Contains(got[0].Message, "not verifiable") {
		t.Errorf("LOG-02 with alarms unknown = %+v", got)
	}
}
