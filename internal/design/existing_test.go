package design_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	ingest "github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/model"
	render "github.com/mwaanet/mwaanet/internal/render/cfn"
	"github.com/mwaanet/mwaanet/internal/rules"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/testkit/cfnspec"
)

var update = flag.Bool("update", false, "rewrite golden files")

// publicFixture is the project's own public-routing network that already runs an environment
// (a hand-written stack and the snapshot of it, see internal/ingest/equivtest/fixture_test.go).
const publicFixture = "../testkit/fixtures/public-snapshot"

// existingCase is a snapshot, a spec, and what BuildExisting must make of them.
type existingCase struct {
	name     string
	snapshot string // directory
	spec     string // file under testdata/existing
	// errors are the requirements of the error notes, in order; the template plus the
	// snapshot then still has error findings of these requirements, and no others.
	errors []string
}

var existingCases = []existingCase{
	{name: "private-partial", snapshot: "testdata/existing/private-partial", spec: "private.yaml"},
	{name: "private-vpn", snapshot: "testdata/existing/private-vpn", spec: "private.yaml"},
	{name: "private-s3-one-route-table", snapshot: "testdata/existing/private-s3-one-route-table", spec: "private.yaml",
		errors: []string{"PRV-05"}},
	{name: "private-dns-off", snapshot: "testdata/existing/private-dns-off", spec: "private.yaml", errors: []string{"NET-04"}},
	{name: "fixture-public", snapshot: publicFixture, spec: "fixture-public.yaml"},
	// The fixture VPC already runs an environment (public routing) in these subnets:
	// besides the NAT routes private routing forbids, the new private-DNS endpoints would
	// capture that environment's traffic without admitting its security group (PRV-04),
	// and the new S3 gateway endpoint's policy does not allow its bucket (PRV-05).
	{name: "fixture-private", snapshot: publicFixture, spec: "fixture-private.yaml", errors: []string{"PRV-01", "PRV-01", "PRV-04", "PRV-05"}},
}

func loadExisting(t *testing.T, c existingCase) (*spec.Spec, *model.Architecture) {
	t.Helper()
	snap, err := awscli.ReadDir(c.snapshot)
	if err != nil {
		t.Fatalf("reading %s: %v", c.snapshot, err)
	}
	p := filepath.Join("testdata", "existing", c.spec)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Parse(p, data)
	if err != nil {
		t.Fatal(err)
	}
	return s, snap
}

func buildExisting(t *testing.T, c existingCase) (*model.Architecture, []design.Note, *model.Architecture) {
	t.Helper()
	s, snap := loadExisting(t, c)
	a, notes, err := design.BuildExisting(s, snap)
	if err != nil {
		t.Fatalf("BuildExisting: %v", err)
	}
	return a, notes, snap
}

// TestBuildExistingGolden renders what BuildExisting emits for each case, with its notes,
// against testdata/existing/<case>.golden (go test -update rewrites them).
func TestBuildExistingGolden(t *testing.T) {
	for _, c := range existingCases {
		t.Run(c.name, func(t *testing.T) {
			a, notes, _ := buildExisting(t, c)
			tmpl, err := render.YAML(a)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			for _, n := range notes {
				fmt.Fprintf(&b, "# %s\n", n)
			}
			b.WriteString("---\n")
			b.Write(tmpl)
			golden := filepath.Join("testdata", "existing", c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("output differs from %s (go test -update rewrites it); got:\n%s", golden, b.String())
			}
			var got []string
			for _, n := range notes {
				if n.Severity == model.SeverityError {
					got = append(got, n.Requirement)
				}
			}
			if !slices.Equal(got, c.errors) {
				t.Errorf("error notes of %v, want %v:\n%s", got, c.errors, b.String())
			}
		})
	}
}

// withTemplate is the snapshot with what the template creates deployed on it.
func withTemplate(t *testing.T, snap, delta *model.Architecture) *model.Architecture {
	t.Helper()
	m, err := design.Deployed(snap, delta)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBuildExistingAcceptance: the snapshot plus what synth --existing emits passes check
// (no error findings) exactly when BuildExisting reported no error note; error notes and
// error findings name the same requirements.
func TestBuildExistingAcceptance(t *testing.T) {
	for _, c := range existingCases {
		t.Run(c.name, func(t *testing.T) {
			a, _, snap := buildExisting(t, c)
			m := withTemplate(t, snap, a)
			findings := rules.Check(m) // every environment, as mwaanet check does
			var got []string
			var text []string
			for _, f := range findings {
				if f.Severity == model.SeverityError {
					if !slices.Contains(got, f.Requirement) {
						got = append(got, f.Requirement)
					}
					text = append(text, f.Rule+" "+f.Resource+": "+f.Message)
				}
			}
			want := slices.Compact(slices.Clone(c.errors))
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("error findings of %v, want %v:\n%s", got, want, strings.Join(text, "\n"))
			}
			// Without the template the snapshot alone fails (the case is not vacuous).
			if len(c.errors) == 0 && c.spec == "private.yaml" {
				base := withTemplate(t, snap, &model.Architecture{Environments: a.Environments, SecurityGroups: envGroups(a)})
				if !hasError(rules.Run(rules.NewContext(base), rules.All())) {
					t.Error("the snapshot with only the environment has no error findings: the case tests nothing")
				}
			}
		})
	}
}

// envGroups returns the new security groups of a (the environment's).
func envGroups(a *model.Architecture) []*model.SecurityGroup {
	var out []*model.SecurityGroup
	for _, g := range a.SecurityGroups {
		if g.ID == design.IDEnvironmentSecurityGroup {
			out = append(out, g)
		}
	}
	return out
}

func hasError(fs []model.Finding) bool {
	for _, f := range fs {
		if f.Severity == model.SeverityError {
			return true
		}
	}
	return false
}

// TestBuildExistingTemplate reads the rendered template back: the rule on the existing
// endpoint group is an AWS::EC2::SecurityGroupIngress on the literal sg- ID, no endpoint
// duplicates one with private DNS, and the kept endpoints are the missing ones.
func TestBuildExistingTemplate(t *testing.T) {
	a, _, snap := buildExisting(t, existingCases[0])
	tmpl, err := render.YAML(a)
	if err != nil {
		t.Fatal(err)
	}
	want := "  " + design.ExistingRuleID("sg-0aaa1111bbbb22222") + ":\n    Type: AWS::EC2::SecurityGroupIngress\n"
	if !strings.Contains(string(tmpl), want) || !strings.Contains(string(tmpl), "GroupId: sg-0aaa1111bbbb22222") {
		t.Errorf("template lacks the ingress rule on the existing group:\n%s", tmpl)
	}
	back, err := ingest.Read([]ingest.File{{Name: "template.yaml", Data: tmpl}}, ingest.Options{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	var created []string
	for _, ep := range back.Endpoints {
		created = append(created, model.ServiceShortName(ep.Service))
		if ep.PrivateDNS != model.Yes {
			continue
		}
		for _, old := range snap.Endpoints {
			if old.PrivateDNS == model.Yes && model.ServiceShortName(old.Service) == model.ServiceShortName(ep.Service) {
				t.Errorf("%s duplicates %s, which has private DNS already", ep.ID, old.ID)
			}
		}
	}
	slices.Sort(created)
	// sqs and logs exist with private DNS, kms without (so a new one), s3 has a gateway.
	wantCreated := []string{"airflow.api", "airflow.env", "airflow.ops", "ecr.api", "ecr.dkr", "kms", "monitoring", "secretsmanager"}
	if !slices.Equal(created, wantCreated) {
		t.Errorf("the template creates endpoints for %v, want %v", created, wantCreated)
	}
}

// TestBuildExistingNewS3 checks the S3 gateway endpoint is added, on both route tables,
// when the VPC has none, and that an endpoint group admitting the subnets by CIDR gets no
// rule.
func TestBuildExistingNewS3(t *testing.T) {
	s, snap := loadExisting(t, existingCases[0])
	snap.Endpoints = slices.DeleteFunc(slices.Clone(snap.Endpoints), func(e *model.VPCEndpoint) bool {
		return model.ServiceShortName(e.Service) == "s3"
	})
	a, notes, err := design.BuildExisting(s, snap)
	if err != nil {
		t.Fatal(err)
	}
	var gw *model.VPCEndpoint
	for _, ep := range a.Endpoints {
		if ep.ID == design.IDS3GatewayEndpoint {
			gw = ep
		}
	}
	if gw == nil || !slices.Equal(gw.RouteTables, []string{"rtb-0aaa1111bbbb22221", "rtb-0aaa1111bbbb22222"}) {
		t.Fatalf("S3 gateway endpoint %+v, want one on both route tables", gw)
	}
	for _, g := range a.SecurityGroups {
		if g.ID == "sg-0aaa1111bbbb22221" {
			t.Error("a rule was added to the group that admits the VPC CIDR on 443")
		}
	}
	if design.HasErrors(notes) {
		t.Errorf("error notes: %v", notes)
	}
	if hasError(rules.Run(rules.NewContext(withTemplate(t, snap, a)), rules.All())) {
		t.Error("the snapshot plus the template with a new S3 gateway endpoint has error findings")
	}
}

// TestBuildExistingInputErrors: a spec that does not match the snapshot is an input error
// at the spec line that says the wrong thing.
func TestBuildExistingInputErrors(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "existing", "private.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := awscli.ReadDir("testdata/existing/private-partial")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to, want string }{
		{"vpcId: vpc-0aaa1111bbbb22220", "vpcId: vpc-0aaa1111bbbb22229", "spec.yaml:9:12: vpc.existing.vpcId: vpc-0aaa1111bbbb22229 is not in the snapshot (it has vpc-0aaa1111bbbb22220)"},
		{"- id: subnet-0aaa1111bbbb22222", "- id: subnet-0aaa1111bbbb22229", "spec.yaml:16:13: vpc.existing.subnets[1].id: subnet-0aaa1111bbbb22229 is not in the snapshot"},
		{"cidr: 10.0.2.0/24", "cidr: 10.0.3.0/24", "spec.yaml:17:15: vpc.existing.subnets[1].cidr: 10.0.3.0/24 is not the CIDR of subnet-0aaa1111bbbb22222 (the snapshot has 10.0.2.0/24)"},
		{"routeTableId: rtb-0aaa1111bbbb22222", "routeTableId: rtb-0aaa1111bbbb22220", "spec.yaml:19:23: vpc.existing.subnets[1].routeTableId: subnet-0aaa1111bbbb22222 uses rtb-0aaa1111bbbb22222 (its explicit association), not rtb-0aaa1111bbbb22220"},
		{"az: us-east-1b", "az: us-east-1c", "spec.yaml:18:13: vpc.existing.subnets[1].az: us-east-1c is not the Availability Zone"},
		{"name: mwaa-existing", "name: taken", "spec.yaml:2:7: name: the snapshot already has an MWAA environment named taken"},
	} {
		data := strings.Replace(string(base), c.from, c.to, 1)
		s, err := spec.Parse("spec.yaml", []byte(data))
		if err != nil {
			t.Fatalf("%s: %v", c.to, err)
		}
		sn := snap
		if c.to == "name: taken" {
			cp := *snap
			cp.Environments = []*model.Environment{{ID: "taken", Name: "taken", Source: model.Source{File: "get-environment.json", Line: 3, Column: 5}}}
			sn = &cp
		}
		_, _, err = design.BuildExisting(s, sn)
		var ie *model.InputError
		var ies model.InputErrors
		if err == nil || !(errors.As(err, &ie) || errors.As(err, &ies)) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want an input error containing %q", c.to, err, c.want)
		}
	}
	// An AZ ID in the spec is not compared with the snapshot's zone names.
	s, err := spec.Parse("spec.yaml", []byte(strings.Replace(string(base), "az: us-east-1b", "az: use1-az2", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := design.BuildExisting(s, snap); err != nil {
		t.Errorf("AZ ID in the spec: %v", err)
	}
	// A spec without vpc.existing is not for --existing.
	if _, _, err := design.BuildExisting(spec.Default(), snap); err == nil || !strings.Contains(err.Error(), "vpc.existing") {
		t.Errorf("use case 3 spec: %v", err)
	}
}

// Deployed joins the rules added to existing groups to those groups, puts the new
// environment first, and changes neither input.
func TestDeployed(t *testing.T) {
	a, _, snap := buildExisting(t, existingCases[0])
	before := len(model.NewIndex(snap).SecurityGroups["sg-0aaa1111bbbb22222"].Ingress)
	m := withTemplate(t, snap, a)
	if got := len(model.NewIndex(snap).SecurityGroups["sg-0aaa1111bbbb22222"].Ingress); got != before {
		t.Errorf("the snapshot's group changed: %d rules, had %d", got, before)
	}
	g := model.NewIndex(m).SecurityGroups["sg-0aaa1111bbbb22222"]
	if g == nil || len(g.Ingress) != before+1 || g.Ingress[before].Group != design.IDEnvironmentSecurityGroup || g.VPC != "vpc-0aaa1111bbbb22220" {
		t.Errorf("deployed group %+v: want the snapshot's rules and the environment's 443 rule", g)
	}
	if m.Environment() == nil || m.Environment().ID != design.IDEnvironment {
		t.Errorf("first environment %v, want the new one", m.Environment())
	}
	if len(m.VPCs) != len(snap.VPCs) || len(m.Unknown) != len(snap.Unknown) {
		t.Errorf("VPCs %d (snapshot %d), unknown %v (snapshot %v)", len(m.VPCs), len(snap.VPCs), m.Unknown, snap.Unknown)
	}
}

// What the explicit comparisons do not look at still reaches the user: a network ACL of
// the environment subnets that denies all outbound traffic is an error note found by the
// rules after deployment (NET-07), and without it there is none.
func TestBuildExistingVerifies(t *testing.T) {
	s, snap := loadExisting(t, existingCases[0])
	_, notes, err := design.BuildExisting(s, snap)
	if err != nil {
		t.Fatal(err)
	}
	if design.HasErrors(notes) {
		t.Fatalf("error notes on the passing case: %v", notes)
	}
	acl := *snap.NetworkACLs[0]
	acl.Entries = nil
	for _, e := range snap.NetworkACLs[0].Entries {
		if e.Egress && e.RuleNumber == 100 {
			e.Allow = false
		}
		acl.Entries = append(acl.Entries, e)
	}
	cp := *snap
	cp.NetworkACLs = []*model.NetworkACL{&acl}
	_, notes, err = design.BuildExisting(s, &cp)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range notes {
		if n.Severity == model.SeverityError && n.Requirement == "NET-07" && strings.Contains(n.Message, "with the template deployed, check still finds") {
			found = true
		}
	}
	if !found {
		t.Errorf("no NET-07 error note for an ACL denying all outbound traffic: %v", notes)
	}
}

// Every template synth --existing emits is valid against the official CloudFormation
// resource specification (including the ingress rules on literal group IDs).
func TestBuildExistingSchema(t *testing.T) {
	path, err := cfnspec.Locate()
	if err != nil {
		t.Skipf("CloudFormation resource specification not installed (run npm ci at the repository root, as .ci/run does): %v", err)
	}
	cs, err := cfnspec.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range existingCases {
		a, _, _ := buildExisting(t, c)
		for _, form := range []string{"yaml", "json"} {
			var data []byte
			var tmpl map[string]any
			if form == "yaml" {
				data, err = render.YAML(a)
				if err == nil {
					tmpl, err = cfnspec.DecodeYAML(data)
				}
			} else {
				data, err = render.JSON(a)
				if err == nil {
					err = json.Unmarshal(data, &tmpl)
				}
			}
			if err != nil {
				t.Fatalf("%s (%s): %v", c.name, form, err)
			}
			for _, p := range cs.Validate(tmpl) {
				t.Errorf("%s (%s): %s", c.name, form, p)
			}
		}
	}
}

// noteWith returns the first note of the severity and requirement whose message and fix
// contain the texts, or nil.
func noteWith(notes []design.Note, sev model.Severity, req, msg, fix string) *design.Note {
	for i, n := range notes {
		if n.Severity == sev && n.Requirement == req && strings.Contains(n.Message, msg) && strings.Contains(n.Fix, fix) {
			return &notes[i]
		}
	}
	return nil
}

// Routes synth cannot change are error notes with the command to run: public routing
// without a NAT route (the NAT gateway of the subnet's AZ is suggested), a route to the
// internet gateway; and a reused Client VPN without an authorization rule for the VPC.
func TestBuildExistingRouteAndVPNNotes(t *testing.T) {
	s, snap := loadExisting(t, existingCases[4]) // the public-routing fixture
	cp := *snap
	cp.RouteTables = nil
	for _, rt := range snap.RouteTables {
		if rt.ID == "rtb-0000000000000007" {
			r := *rt
			r.Routes = []model.Route{rt.Routes[0], {Destination: netip.MustParsePrefix("0.0.0.0/0"),
				Target: model.RouteTarget{Kind: model.TargetInternetGateway, ID: "igw-0000000000000010"}}}
			rt = &r
		}
		cp.RouteTables = append(cp.RouteTables, rt)
	}
	_, notes, err := design.BuildExisting(s, &cp)
	if err != nil {
		t.Fatal(err)
	}
	if noteWith(notes, model.SeverityError, "NET-03", "sends 0.0.0.0/0 to internet gateway igw-0000000000000010",
		"aws ec2 delete-route --route-table-id rtb-0000000000000007 --destination-cidr-block 0.0.0.0/0") == nil {
		t.Errorf("no NET-03 note: %v", notes)
	}
	if noteWith(notes, model.SeverityError, "PUB-04", "route table rtb-0000000000000007 of environment subnet subnet-0000000000000004 has no 0.0.0.0/0 route to a NAT gateway",
		"--nat-gateway-id nat-000000000000000c") == nil {
		t.Errorf("no PUB-04 note naming the NAT gateway of us-east-1a: %v", notes)
	}
	if n := noteWith(notes, model.SeverityError, "PUB-04", "rtb-0000000000000008", ""); n != nil {
		t.Errorf("the route table with its NAT route got a note: %v", n)
	}

	s, snap = loadExisting(t, existingCases[1]) // private-vpn
	cvpn := *snap.ClientVPNs[0]
	cvpn.AuthorizationRules = nil
	cp = *snap
	cp.ClientVPNs = []*model.ClientVPN{&cvpn}
	a, notes, err := design.BuildExisting(s, &cp)
	if err != nil {
		t.Fatal(err)
	}
	if noteWith(notes, model.SeverityError, "WEB-02", "has no authorization rule for the VPC CIDR 10.0.0.0/16",
		"aws ec2 authorize-client-vpn-ingress --client-vpn-endpoint-id cvpn-endpoint-0aaa1111bbbb22220 --target-network-cidr 10.0.0.0/16 --authorize-all-groups") == nil {
		t.Errorf("no WEB-02 note: %v", notes)
	}
	if len(a.ClientVPNs) != 0 {
		t.Error("a second Client VPN endpoint was added beside the existing one")
	}
	var vpnRule bool
	for _, g := range a.SecurityGroups {
		if g.ID == design.IDClientVPNSecurityGroup {
			t.Error("the new Client VPN's security group is still there")
		}
		for _, r := range g.Ingress {
			if g.ID == design.IDEnvironmentSecurityGroup && r.Group == "sg-0aaa1111bbbb22223" && r.Ports == model.Port(443) {
				vpnRule = true
			}
		}
	}
	if !vpnRule {
		t.Error("the environment's group does not admit 443 from the existing Client VPN's group")
	}
}
