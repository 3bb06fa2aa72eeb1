package terraform_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/testkit/tfvalidate"
	"github.com/mwaanet/mwaanet/internal/testkit/usecase"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	tfvalidate.Cleanup()
	os.Exit(code)
}

var useCases = []int{1, 2, 3, 4}

// useCase builds the architecture of `mwaanet init --use-case n` and renders it.
func useCase(t testing.TB, n int) (*model.Architecture, map[string][]byte) {
	t.Helper()
	return usecase.Terraform(t, n)
}

func writeModule(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sortedNames(files map[string][]byte) []string {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func TestGolden(t *testing.T) {
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			_, files := useCase(t, n)
			dir := filepath.Join("testdata", fmt.Sprintf("usecase-%d", n))
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, b := range files {
					if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			golden, err := filepath.Glob(filepath.Join(dir, "*.tf"))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, g := range golden {
				want = append(want, filepath.Base(g))
			}
			if got := sortedNames(files); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("files: got %v, want %v (go test -update rewrites golden files)", got, want)
			}
			for name, b := range files {
				w, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b, w) {
					t.Errorf("%s differs from %s (go test -update rewrites golden files)", name, filepath.Join(dir, name))
				}
			}
		})
	}
}

// Same input, same bytes.
func TestDeterministic(t *testing.T) {
	for _, n := range useCases {
		_, a := useCase(t, n)
		_, b := useCase(t, n)
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("use case %d: %s differs between two renders", n, name)
			}
		}
	}
}

// Every file parses as HCL and is already in canonical form.
func TestCanonicalHCL(t *testing.T) {
	for _, n := range useCases {
		_, files := useCase(t, n)
		p := hclparse.NewParser()
		for _, name := range sortedNames(files) {
			b := files[name]
			if _, diags := p.ParseHCL(b, name); diags.HasErrors() {
				t.Errorf("use case %d: %s does not parse: %s", n, name, diags.Error())
			}
			if f := hclwrite.Format(b); !bytes.Equal(f, b) {
				t.Errorf("use case %d: %s changes under hclwrite.Format", n, name)
			}
			if !slicesContains(terraform.Files, name) {
				t.Errorf("use case %d: unexpected file %s", n, name)
			}
		}
		for _, must := range []string{"versions.tf", "main.tf", "variables.tf", "network.tf", "storage.tf", "iam.tf", "mwaa.tf", "monitoring.tf", "outputs.tf"} {
			if files[must] == nil {
				t.Errorf("use case %d: no %s", n, must)
			}
		}
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// module is the blocks of a rendered module, by address.
type module struct {
	resources map[string]*hclsyntax.Block // "aws_vpc.main"
	data      map[string]*hclsyntax.Block // "aws_region.current"
	variables map[string]*hclsyntax.Block
	outputs   map[string]*hclsyntax.Block
	locals    map[string]*hclsyntax.Attribute
	files     map[string][]byte
}

func parseModule(t testing.TB, files map[string][]byte) *module {
	t.Helper()
	m := &module{
		resources: map[string]*hclsyntax.Block{}, data: map[string]*hclsyntax.Block{},
		variables: map[string]*hclsyntax.Block{}, outputs: map[string]*hclsyntax.Block{},
		locals: map[string]*hclsyntax.Attribute{}, files: files,
	}
	p := hclparse.NewParser()
	for _, name := range sortedNames(files) {
		f, diags := p.ParseHCL(files[name], name)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", name, diags.Error())
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			key := strings.Join(b.Labels, ".")
			var into map[string]*hclsyntax.Block
			switch b.Type {
			case "resource":
				into = m.resources
			case "data":
				into = m.data
			case "variable":
				into = m.variables
			case "output":
				into = m.outputs
			case "locals":
				for n, a := range b.Body.Attributes {
					m.locals[n] = a
				}
				continue
			default:
				continue
			}
			if into[key] != nil {
				t.Fatalf("%s: %s %s declared twice", name, b.Type, key)
			}
			into[key] = b
		}
	}
	return m
}

// typeOf is the resource type of an address.
func typeOf(addr string) string { return addr[:strings.IndexByte(addr, '.')] }

// Every component of the architecture is in the module: each object the model says is
// created has its resource, each existing object its variable, and the counts of each
// resource type match the model's collections.
func TestComponents(t *testing.T) {
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			a, files := useCase(t, n)
			m := parseModule(t, files)
			addrs := terraform.Addresses(a)
			for id, addr := range addrs {
				switch {
				case strings.HasPrefix(addr, "var."):
					name := strings.TrimPrefix(addr, "var.")
					if i := strings.IndexByte(name, '['); i >= 0 {
						name = name[:i]
					}
					if m.variables[name] == nil {
						t.Errorf("%s: variable %s missing", id, name)
					}
				case strings.HasPrefix(addr, "data."):
					// AWS-managed prefix lists: read only when something refers to them.
				case strings.Contains(addr, "["):
					base := addr[:strings.IndexByte(addr, '[')]
					key := strings.Trim(addr[strings.IndexByte(addr, '[')+1:len(addr)-1], `"`)
					if m.resources[base] == nil {
						t.Errorf("%s: resource %s missing", id, base)
					}
					if l := m.locals["interface_endpoint_services"]; l == nil || !strings.Contains(string(l.SrcRange.SliceBytes(files[l.SrcRange.Filename])), `"`+key+`"`) {
						t.Errorf("%s: service %q missing from local.interface_endpoint_services", id, key)
					}
				case strings.Count(addr, ".") == 2:
					// An attribute of another resource (the VPC's default network ACL).
					if m.resources[addr[:strings.LastIndexByte(addr, '.')]] == nil {
						t.Errorf("%s: resource of %s missing", id, addr)
					}
				default:
					if m.resources[addr] == nil {
						t.Errorf("%s: resource %s missing", id, addr)
					}
				}
			}
			count := map[string]int{}
			for addr := range m.resources {
				count[typeOf(addr)]++
			}
			created := func(n int, ids ...string) int {
				for _, id := range ids {
					if terraform.IsExisting(id) {
						n--
					}
				}
				return n
			}
			var vpcIDs, subnetIDs []string
			for _, v := range a.VPCs {
				vpcIDs = append(vpcIDs, v.ID)
			}
			for _, s := range a.Subnets {
				subnetIDs = append(subnetIDs, s.ID)
			}
			// A new VPC's main route table comes with the VPC (main_route_table_id).
			routeTables := 0
			for _, rt := range a.RouteTables {
				if !rt.Main {
					routeTables++
				}
			}
			sgRules := [2]int{}
			for _, sg := range a.SecurityGroups {
				sgRules[0] += len(sg.Ingress)
				sgRules[1] += len(sg.Egress)
			}
			grouped := 0
			if m.resources["aws_vpc_endpoint.interface"] != nil {
				grouped = 1
			}
			interfaceMembers := 0
			for _, addr := range addrs {
				if strings.HasPrefix(addr, "aws_vpc_endpoint.interface[") {
					interfaceMembers++
				}
			}
			want := map[string]int{
				"aws_vpc":                             created(len(a.VPCs), vpcIDs...),
				"aws_subnet":                          created(len(a.Subnets), subnetIDs...),
				"aws_internet_gateway":                len(a.InternetGateways),
				"aws_nat_gateway":                     len(a.NATGateways),
				"aws_eip":                             len(a.ElasticIPs),
				"aws_route_table":                     routeTables,
				"aws_security_group":                  len(a.SecurityGroups),
				"aws_vpc_security_group_ingress_rule": sgRules[0],
				"aws_vpc_security_group_egress_rule":  sgRules[1],
				"aws_vpc_endpoint":                    len(a.Endpoints) - interfaceMembers + grouped,
				"aws_s3_bucket":                       len(a.Buckets),
				"aws_kms_key":                         len(a.Keys),
				"aws_iam_role":                        len(a.Roles),
				"aws_mwaa_environment":                len(a.Environments),
				"aws_ec2_client_vpn_endpoint":         len(a.ClientVPNs),
				"aws_cloudwatch_metric_alarm":         len(a.Alarms),
				"aws_cloudwatch_log_group":            len(a.LogGroups),
			}
			for typ, w := range want {
				if count[typ] != w {
					t.Errorf("%d %s resources, want %d", count[typ], typ, w)
				}
			}
			for _, b := range a.Buckets {
				name := strings.TrimPrefix(addrs[b.ID], "aws_s3_bucket.")
				for _, typ := range []string{"aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_policy"} {
					if m.resources[typ+"."+name] == nil {
						t.Errorf("bucket %s: no %s", b.ID, typ)
					}
				}
			}
			for _, o := range a.Outputs {
				if m.outputs[terraformName(o.Name)] == nil {
					t.Errorf("output %s missing", o.Name)
				}
			}
			for _, p := range a.Parameters {
				if m.variables[terraformName(p.Name)] == nil {
					t.Errorf("parameter %s has no variable", p.Name)
				}
			}
			for _, d := range []string{"aws_region.current", "aws_partition.current", "aws_caller_identity.current"} {
				if m.data[d] == nil {
					t.Errorf("data.%s missing", d)
				}
			}
		})
	}
}

// terraformName is the snake_case name of an output or parameter, as the package
// documents it.
func terraformName(s string) string {
	var b strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 && !(s[i-1] >= 'A' && s[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			b.WriteRune(c + 'a' - 'A')
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Terraform itself accepts every use case: terraform validate against the AWS provider's
// schema (served by the stub), and terraform fmt -check.
func TestTerraformValidate(t *testing.T) {
	h := tfvalidate.New(t)
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			_, files := useCase(t, n)
			dir := writeModule(t, files)
			diags, err := h.Validate(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				t.Errorf("terraform validate: %s", d)
			}
			unformatted, err := h.FmtCheck(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(unformatted) > 0 {
				t.Errorf("terraform fmt -check would rewrite %v", unformatted)
			}
		})
	}
}

// dependsOn returns the addresses in a resource's depends_on.
func dependsOn(t *testing.T, b *hclsyntax.Block) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	a := b.Body.Attributes["depends_on"]
	if a == nil {
		return out
	}
	for _, v := range a.Expr.Variables() {
		var parts []string
		for _, step := range v {
			switch s := step.(type) {
			case hcl.TraverseRoot:
				parts = append(parts, s.Name)
			case hcl.TraverseAttr:
				parts = append(parts, s.Name)
			}
		}
		out[strings.Join(parts, ".")] = true
	}
	return out
}

// TestEnvironmentWaitsForNetwork: the environment is created only once the path from its
// subnets to AWS exists (the NAT routes of public routing, the VPC endpoints of private
// routing), as in the CloudFormation template: MWAA starts its containers as soon as it is
// created, and a terraform apply otherwise creates them side by side.
func TestEnvironmentWaitsForNetwork(t *testing.T) {
	want := map[int][]string{
		1: {"aws_route.private_default_route_1", "aws_route.private_default_route_2"},
		2: {"aws_route.private_default_route_1", "aws_route.private_default_route_2"},
		3: {"aws_vpc_endpoint.interface", "aws_vpc_endpoint.s3_gateway_endpoint"},
		4: {"aws_vpc_endpoint.interface", "aws_vpc_endpoint.s3_gateway_endpoint"},
	}
	for _, n := range useCases {
		_, files := useCase(t, n)
		m := parseModule(t, files)
		env := m.resources["aws_mwaa_environment.environment"]
		if env == nil {
			t.Fatalf("use case %d: no aws_mwaa_environment.environment", n)
		}
		deps := dependsOn(t, env)
		for _, w := range want[n] {
			if !deps[w] {
				t.Errorf("use case %d: the environment does not depend on %s (depends_on: %v)", n, w, deps)
			}
			if m.resources[w] == nil {
				t.Errorf("use case %d: %s is not in the module", n, w)
			}
		}
	}
}

// TestAvailabilityZonesExcludeLocalZones: the AZ data source lists only the Region's own
// Availability Zones. Opted-in Local and Wavelength Zones sort before them
// ("us-west-2-lax-1a" < "us-west-2a") and MWAA cannot run there.
func TestAvailabilityZonesExcludeLocalZones(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		_, files := useCase(t, n)
		m := parseModule(t, files)
		azs := m.data["aws_availability_zones.available"]
		if azs == nil {
			t.Fatalf("use case %d: no data.aws_availability_zones.available", n)
		}
		found := false
		for _, b := range azs.Body.Blocks {
			if b.Type != "filter" {
				continue
			}
			src := string(files["main.tf"][b.Range().Start.Byte:b.Range().End.Byte])
			if strings.Contains(src, `"opt-in-status"`) && strings.Contains(src, `"opt-in-not-required"`) {
				found = true
			}
		}
		if !found {
			t.Errorf("use case %d: data.aws_availability_zones.available has no opt-in-status = opt-in-not-required filter", n)
		}
	}
}
