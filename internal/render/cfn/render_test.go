package cfn

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/testkit/cfnspec"
)

var update = flag.Bool("update", false, "rewrite golden files")

func useCase(t testing.TB, n int) *model.Architecture {
	t.Helper()
	s, err := spec.UseCase(n)
	if err != nil {
		t.Fatalf("use case %d: %v", n, err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("use case %d: design: %v", n, err)
	}
	return a
}

// TestGolden renders the four use cases in YAML and JSON and compares them with the golden
// files (go test ./internal/render/cfn -update rewrites them).
func TestGolden(t *testing.T) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		a := useCase(t, n)
		for _, f := range []struct {
			ext    string
			render func(*model.Architecture) ([]byte, error)
		}{{"yaml", YAML}, {"json", JSON}} {
			got, err := f.render(a)
			if err != nil {
				t.Fatalf("use case %d %s: %v", n, f.ext, err)
			}
			again, _ := f.render(useCase(t, n))
			if !bytes.Equal(got, again) {
				t.Errorf("use case %d %s: two renderings differ", n, f.ext)
			}
			golden := filepath.Join("testdata", fmt.Sprintf("usecase-%d.%s", n, f.ext))
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/render/cfn -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("use case %d: %s differs from %s (run go test ./internal/render/cfn -update and review the diff)", n, f.ext, golden)
			}
		}
	}
}

var (
	specOnce sync.Once
	cfnSpec  *cfnspec.Spec
	specErr  error
)

// officialSpec loads the CloudFormation resource specification, or skips.
func officialSpec(t *testing.T) *cfnspec.Spec {
	t.Helper()
	specOnce.Do(func() {
		path, err := cfnspec.Locate()
		if err != nil {
			specErr = err
			return
		}
		cfnSpec, specErr = cfnspec.Load(path)
	})
	if specErr != nil {
		t.Skipf("CloudFormation resource specification not installed (run npm ci at the repository root, as .ci/run does): %v", specErr)
	}
	return cfnSpec
}

// TestSchema validates every use case's template, YAML and JSON, against the official
// CloudFormation resource specification: zero problems.
func TestSchema(t *testing.T) {
	cs := officialSpec(t)
	for n := 1; n <= spec.UseCaseCount; n++ {
		a := useCase(t, n)
		y, err := YAML(a)
		if err != nil {
			t.Fatal(err)
		}
		fromYAML, err := cfnspec.DecodeYAML(y)
		if err != nil {
			t.Fatalf("use case %d: decoding our YAML: %v", n, err)
		}
		j, err := JSON(a)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON map[string]any
		if err := json.Unmarshal(j, &fromJSON); err != nil {
			t.Fatalf("use case %d: decoding our JSON: %v", n, err)
		}
		for form, tmpl := range map[string]map[string]any{"yaml": fromYAML, "json": fromJSON} {
			for _, p := range cs.Validate(tmpl) {
				t.Errorf("use case %d (%s): %s", n, form, p)
			}
		}
	}
}

// TestSchemaCatchesMistakes keeps TestSchema honest: a template with a misspelt property
// and a dangling reference must not validate.
func TestSchemaCatchesMistakes(t *testing.T) {
	cs := officialSpec(t)
	y, err := YAML(useCase(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := cfnspec.DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	res := tmpl["Resources"].(map[string]any)
	res["VPC"].(map[string]any)["Properties"].(map[string]any)["EnableDnsHostname"] = true
	delete(res, "PrivateSubnet2")
	if probs := cs.Validate(tmpl); len(probs) < 2 {
		t.Errorf("a misspelt property and a dangling Ref gave %d problems: %v", len(probs), probs)
	}
}

// variants are specs beyond the four use cases that exercise the rest of the renderer.
var variants = map[string]string{
	"email-and-services":        "services: [sts, secretsmanager, glue]\nalarms:\n  email: ops@example.com\n",
	"customer-endpoints":        "endpointManagement: CUSTOMER\nvpc:\n  existing:\n    vpcId: vpc-0123456789abcdef0\n    cidr: 10.0.0.0/16\n    ownerAccountId: \"111122223333\"\n    subnets:\n      - {id: subnet-0123456789abcdef0, cidr: 10.0.1.0/24, az: us-east-1a, routeTableId: rtb-0123456789abcdef0}\n      - {id: subnet-0123456789abcdef1, cidr: 10.0.2.0/24, az: us-east-1b, routeTableId: rtb-0123456789abcdef1}\n",
	"existing-bucket-key-certs": "bucket:\n  existingArn: arn:aws:s3:::my-dags\nkey:\n  existingArn: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\nvpn:\n  serverCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-3333-4444-555555555555\n  clientRootCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/66666666-7777-8888-9999-000000000000\n",
	"pinned-azs-no-alarms":      "region: eu-west-1\nvpc:\n  cidr: 172.20.0.0/20\n  azNames: [eu-west-1a, eu-west-1c]\n  subnetPrefixLength: 26\nalarms:\n  enabled: false\n",
	"china":                     "region: cn-north-1\nbucket:\n  name: my-dag-bucket\n",
	"public-vpn-custom":         "routing: public\nwebserverAccess: PRIVATE_ONLY\nvpc:\n  cidr: 10.10.0.0/16\n  privateSubnetCidrs: [10.10.32.0/20, 10.10.48.0/20]\n  publicSubnetCidrs: [10.10.0.0/24, 10.10.1.0/24]\nvpn:\n  clientCidr: 192.168.0.0/22\n  splitTunnel: false\n",
}

func variant(t *testing.T, name string) *model.Architecture {
	t.Helper()
	s, err := spec.Parse(name+".yaml", []byte(variants[name]))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return a
}

// TestVariantsSchema: every variant renders to a template with zero schema problems.
func TestVariantsSchema(t *testing.T) {
	cs := officialSpec(t)
	for name := range variants {
		y, err := YAML(variant(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tmpl, err := cfnspec.DecodeYAML(y)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range cs.Validate(tmpl) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// TestTemplateComponents counts what each use case's template creates: the components its
// use case needs, and none it must not have.
func TestTemplateComponents(t *testing.T) {
	type counts struct {
		interfaceEndpoints, gatewayEndpoints, nats, eips, igws, vpns, vpnAssociations, vpnRules int
		vpcs, subnets, buckets, keys, roles, environments, alarms                               int
	}
	want := map[int]counts{
		1: {nats: 2, eips: 2, igws: 1, vpcs: 1, subnets: 4, buckets: 1, keys: 1, roles: 1, environments: 1, alarms: 6},
		2: {nats: 2, eips: 2, igws: 1, vpns: 1, vpnAssociations: 2, vpnRules: 1, vpcs: 1, subnets: 4, buckets: 1, keys: 1, roles: 1, environments: 1, alarms: 6},
		3: {interfaceEndpoints: 10, gatewayEndpoints: 1, vpns: 1, vpnAssociations: 2, vpnRules: 1, vpcs: 1, subnets: 2, buckets: 1, keys: 1, roles: 1, environments: 1, alarms: 6},
		4: {interfaceEndpoints: 9, gatewayEndpoints: 1, vpns: 1, vpnAssociations: 2, vpnRules: 1, buckets: 1, keys: 1, roles: 1, environments: 1, alarms: 6},
	}
	for n := 1; n <= spec.UseCaseCount; n++ {
		j, err := JSON(useCase(t, n))
		if err != nil {
			t.Fatal(err)
		}
		var tmpl struct {
			Resources map[string]struct {
				Type       string
				Properties map[string]any
			}
		}
		if err := json.Unmarshal(j, &tmpl); err != nil {
			t.Fatal(err)
		}
		var got counts
		for _, r := range tmpl.Resources {
			switch r.Type {
			case "AWS::EC2::VPCEndpoint":
				if r.Properties["VpcEndpointType"] == "Interface" {
					got.interfaceEndpoints++
				} else {
					got.gatewayEndpoints++
				}
			case "AWS::EC2::NatGateway":
				got.nats++
			case "AWS::EC2::EIP":
				got.eips++
			case "AWS::EC2::InternetGateway":
				got.igws++
			case "AWS::EC2::ClientVpnEndpoint":
				got.vpns++
			case "AWS::EC2::ClientVpnTargetNetworkAssociation":
				got.vpnAssociations++
			case "AWS::EC2::ClientVpnAuthorizationRule":
				got.vpnRules++
			case "AWS::EC2::VPC":
				got.vpcs++
			case "AWS::EC2::Subnet":
				got.subnets++
			case "AWS::S3::Bucket":
				got.buckets++
			case "AWS::KMS::Key":
				got.keys++
			case "AWS::IAM::Role":
				got.roles++
			case "AWS::MWAA::Environment":
				got.environments++
			case "AWS::CloudWatch::Alarm":
				got.alarms++
			}
		}
		if got != want[n] {
			t.Errorf("use case %d:\n got %+v\nwant %+v", n, got, want[n])
		}
	}
}

// TestNoOpenIngress: no security group of any use case or variant admits 0.0.0.0/0.
func TestNoOpenIngress(t *testing.T) {
	var archs []*model.Architecture
	for n := 1; n <= spec.UseCaseCount; n++ {
		archs = append(archs, useCase(t, n))
	}
	for name := range variants {
		archs = append(archs, variant(t, name))
	}
	for _, a := range archs {
		j, err := JSON(a)
		if err != nil {
			t.Fatal(err)
		}
		var tmpl struct {
			Resources map[string]struct {
				Type       string
				Properties struct {
					SecurityGroupIngress []struct{ CidrIp string }
					CidrIp               string
				}
			}
		}
		if err := json.Unmarshal(j, &tmpl); err != nil {
			t.Fatal(err)
		}
		for id, r := range tmpl.Resources {
			for _, in := range r.Properties.SecurityGroupIngress {
				if in.CidrIp == "0.0.0.0/0" {
					t.Errorf("%s: %s admits 0.0.0.0/0", a.Name, id)
				}
			}
			if r.Type == "AWS::EC2::SecurityGroupIngress" && r.Properties.CidrIp == "0.0.0.0/0" {
				t.Errorf("%s: %s admits 0.0.0.0/0", a.Name, id)
			}
		}
	}
}

// BenchmarkSynthDefault measures design plus rendering of the embedded default, YAML.
func BenchmarkSynthDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := spec.Default()
		a, err := design.Build(s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := YAML(a); err != nil {
			b.Fatal(err)
		}
	}
}

// TestYAML11Scalars: CloudFormation reads YAML templates as YAML 1.1, where plain yes, no,
// on, off, y, n are booleans and 12:30 is the sexagesimal integer 750. A string value the
// spec gives (the environment name, an Airflow option) must come out quoted, or
// CloudFormation creates the environment with the wrong name or option value.
func TestYAML11Scalars(t *testing.T) {
	s, err := spec.Parse("ambiguous.yaml", []byte("name: \"off\"\nenvironment:\n  airflowConfig:\n"+
		"    core.a: \"yes\"\n    core.b: \"No\"\n    core.c: \"ON\"\n    core.d: \"y\"\n    core.e: \"N\"\n"+
		"    core.f: \"12:30\"\n    core.g: \"190:20:30.15\"\n    core.h: \"=\"\n    core.i: \"-1:30\"\n"+
		"    core.plain: \"hello\"\n    core.time: \"TUE:03:30\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	y, err := YAML(a)
	if err != nil {
		t.Fatal(err)
	}
	out := string(y)
	for _, want := range []string{
		`Name: "off"`, `core.a: "yes"`, `core.b: "No"`, `core.c: "ON"`, `core.d: "y"`, `core.e: "N"`,
		`core.f: "12:30"`, `core.g: "190:20:30.15"`, `core.h: "="`, `core.i: "-1:30"`,
		// What YAML 1.1 reads as a string stays plain.
		`core.plain: hello`, `core.time: TUE:03:30`, `AliasName: alias/off`,
	} {
		if !strings.Contains(out, "\n"+strings.Repeat(" ", 8)+want+"\n") && !strings.Contains(out, " "+want+"\n") {
			t.Errorf("the template does not contain %s", want)
		}
	}
	// And the template still reads back as the same strings.
	tmpl, err := cfnspec.DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	props := tmpl["Resources"].(map[string]any)["Environment"].(map[string]any)["Properties"].(map[string]any)
	if props["Name"] != "off" {
		t.Errorf("Name reads back as %#v", props["Name"])
	}
	if got := props["AirflowConfigurationOptions"].(map[string]any)["core.f"]; got != "12:30" {
		t.Errorf("core.f reads back as %#v", got)
	}
}
