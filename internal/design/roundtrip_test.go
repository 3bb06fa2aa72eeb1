package design_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	ingest "github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/model"
	render "github.com/mwaanet/mwaanet/internal/render/cfn"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/testkit/cfnspec"
)

// shape summarises an architecture by what the requirements look at, so that the
// synthesized model and the model read back from its rendered template can be compared.
func shape(a *model.Architecture) string {
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	created := func(id string) bool { return render.IsLogicalID(id) }
	for _, v := range a.VPCs {
		if created(v.ID) {
			add("vpc %s %v dns=%v/%v", v.ID, v.CIDRs, v.EnableDNSSupport, v.EnableDNSHostnames)
		}
	}
	for _, s := range a.Subnets {
		if created(s.ID) {
			add("subnet %s %s vpc=%s", s.ID, s.CIDR, s.VPC)
		}
	}
	for _, rt := range a.RouteTables {
		var routes []string
		for _, r := range rt.Routes {
			if r.Target.Kind == model.TargetLocal || r.DestinationPrefixList != "" {
				continue // ingest and design may spell AWS's own routes differently
			}
			routes = append(routes, fmt.Sprintf("%s->%s:%s", r.Destination, r.Target.Kind, r.Target.ID))
		}
		add("route-table %s subnets=%v routes=%v", rt.ID, rt.Subnets, routes)
	}
	for _, acl := range a.NetworkACLs {
		var entries []string
		for _, e := range acl.Entries {
			entries = append(entries, fmt.Sprintf("%d/%v/%v/%v/%s", e.RuleNumber, e.Egress, e.Allow, e.Protocol, e.CIDR))
		}
		sort.Strings(entries)
		add("acl %s subnets=%v %v", acl.ID, acl.Subnets, entries)
	}
	for _, sg := range a.SecurityGroups {
		var rules []string
		for dir, rs := range map[string][]model.SGRule{"in": sg.Ingress, "out": sg.Egress} {
			for _, r := range rs {
				rules = append(rules, fmt.Sprintf("%s:%v:%s:%s%s", dir, r.Protocol, r.Ports, r.CIDR, r.Group))
			}
		}
		sort.Strings(rules)
		add("sg %s vpc=%s %v", sg.ID, sg.VPC, rules)
	}
	for _, ep := range a.Endpoints {
		add("endpoint %s %s %s dns=%v subnets=%v sgs=%v rts=%v policy=%v", ep.ID, model.ServiceShortName(ep.Service), ep.Type,
			ep.PrivateDNS, ep.Subnets, ep.SecurityGroups, ep.RouteTables, ep.Policy != nil)
	}
	for _, c := range a.ClientVPNs {
		add("client-vpn %s %s split=%v assoc=%v sgs=%v", c.ID, c.ClientCIDR, c.SplitTunnel, c.Associations, c.SecurityGroups)
	}
	for _, b := range a.Buckets {
		add("bucket %s versioning=%v pab=%v enc=%s policy=%v", b.ID, b.Versioning, b.PublicAccessBlock, b.Encryption, b.Policy != nil)
	}
	for _, k := range a.Keys {
		add("key %s rotation=%v statements=%d", k.ID, k.Rotation, len(k.Policy.Statements))
	}
	for _, e := range a.Environments {
		add("environment %s subnets=%v sgs=%v access=%s mgmt=%s logs=%d", e.ID, e.Subnets, e.SecurityGroups,
			e.WebserverAccess, e.EndpointManagement, len(e.Logging))
	}
	sort.Strings(lines) // the order of objects is not part of the contract
	return strings.Join(lines, "\n")
}

// TestRoundTrip renders each use case, reads the template back with the CloudFormation
// reader, and expects the same network and resources: what synth writes is what check
// reads.
func TestRoundTrip(t *testing.T) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		s, err := spec.UseCase(n)
		if err != nil {
			t.Fatal(err)
		}
		a, err := design.Build(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, form := range []struct {
			name   string
			render func(*model.Architecture) ([]byte, error)
		}{{"template.yaml", render.YAML}, {"template.json", render.JSON}} {
			data, err := form.render(a)
			if err != nil {
				t.Fatal(err)
			}
			compareRoundTrip(t, n, form.name, a, data, s.Region)
		}
	}
}

func compareRoundTrip(t *testing.T, n int, file string, a *model.Architecture, data []byte, region string) {
	t.Helper()
	params := map[string]string{}
	for _, p := range a.Parameters {
		params[p.Name] = "arn:aws:acm:us-east-1:111122223333:certificate/" + p.Name
	}
	back, err := ingest.Read([]ingest.File{{Name: file, Data: data}}, ingest.Options{Region: region, Params: params})
	if err != nil {
		t.Fatalf("use case %d: reading the rendered %s: %v", n, file, err)
	}
	want, got := shape(a), shape(back)
	if want != got {
		wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
		for i := 0; i < len(wl) || i < len(gl); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Errorf("use case %d (%s):\n synthesized: %s\n read back:   %s", n, file, w, g)
			}
		}
	}
	for _, f := range back.IngestFindings {
		t.Errorf("use case %d (%s): the reader reports %s: %s", n, file, f.Rule, f.Message)
	}
}

// TestRenderIngested renders an architecture read from a hand-written template (the
// project's public-routing fixture, written in the style users write, not by synth): the
// renderer is generic over the model, so reading its output gives the same architecture.
func TestRenderIngested(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testkit", "fixtures", "public-stack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ingest.Read([]ingest.File{{Name: "public-stack.yaml", Data: data}}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	y, err := render.YAML(a)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ingest.Read([]ingest.File{{Name: "rendered.yaml", Data: y}}, ingest.Options{})
	if err != nil {
		t.Fatalf("reading the rendered template: %v", err)
	}
	if want, got := shape(a), shape(back); want != got {
		t.Errorf("the rendered fixture reads back differently:\n--- read from the original\n%s\n--- read from the rendering\n%s", want, got)
	}
	path, err := cfnspec.Locate()
	if err != nil {
		t.Skipf("CloudFormation resource specification not installed (run npm ci at the repository root, as .ci/run does): %v", err)
	}
	cs, err := cfnspec.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := cfnspec.DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cs.Validate(tmpl) {
		t.Errorf("rendered fixture: %s", p)
	}
}
