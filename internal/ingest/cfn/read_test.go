package cfn

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

func readFile(t *testing.T, path string) File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return File{Name: path, Data: data}
}

func mustRead(t *testing.T, opts Options, files ...File) *model.Architecture {
	t.Helper()
	a, err := Read(files, opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return a
}

// yamlFile builds a template file from text, for short tests.
func yamlFile(name, text string) File { return File{Name: name, Data: []byte(text)} }

func TestQuickStartCorpus(t *testing.T) {
	a := mustRead(t, Options{}, readFile(t, "testdata/aws-mwaa-quick-start.yaml"))

	// Both duplicates are reported with both lines: SecurityGroup (two different
	// definitions) as an error, SecurityGroupIngress (the same definition twice) as a warning.
	var dups []model.Finding
	for _, f := range a.IngestFindings {
		if f.Rule == RuleDuplicateLogicalID || f.Rule == RuleDuplicateSame {
			dups = append(dups, f)
		}
	}
	if len(dups) != 2 {
		t.Fatalf("duplicate findings = %+v, want 2", a.IngestFindings)
	}
	for i, want := range []struct {
		id          string
		sev         model.Severity
		first, last int
	}{{"SecurityGroup", model.SeverityError, 225, 286}, {"SecurityGroupIngress", model.SeverityWarning, 232, 293}} {
		d := dups[i]
		if d.Resource != want.id || d.Severity != want.sev || d.Source.Line != want.last ||
			len(d.Related) != 1 || d.Related[0].Line != want.first {
			t.Errorf("duplicate %d = %+v, want %s at %d and %d", i, d, want.id, want.last, want.first)
		}
		if !strings.Contains(d.Message, "225") && !strings.Contains(d.Message, "232") {
			t.Errorf("message does not name the first line: %s", d.Message)
		}
	}

	ix := model.NewIndex(a)
	// The last SecurityGroup definition is the one kept.
	sg := ix.SecurityGroups["SecurityGroup"]
	if sg == nil || !strings.HasPrefix(sg.Name, "airflow-security-group-") || sg.Source.Line != 286 {
		t.Fatalf("SecurityGroup = %+v, want the definition at line 286", sg)
	}
	if len(sg.Ingress) != 1 || sg.Ingress[0].Group != "SecurityGroup" || sg.Ingress[0].Protocol != model.AllProtocols || sg.Ingress[0].Source.Line != 293 {
		t.Errorf("ingress = %+v, want one self-referencing all-traffic rule from line 293", sg.Ingress)
	}
	env := a.Environment()
	if env == nil || env.WebserverAccess != model.PublicOnly || env.MaxWorkers != 2 ||
		strings.Join(env.Subnets, ",") != "PrivateSubnet1,PrivateSubnet2" || strings.Join(env.SecurityGroups, ",") != "SecurityGroup" ||
		env.SourceBucketARN != "${EnvironmentBucket.Arn}" || env.ExecutionRoleARN != "${MwaaExecutionRole.Arn}" ||
		env.Name != "${AWS::StackName}-MwaaEnvironment" {
		t.Fatalf("environment = %+v", env)
	}
	s1, s2 := ix.Subnets["PrivateSubnet1"], ix.Subnets["PrivateSubnet2"]
	if s1.AZ != "${AWS::Region}#0" || s2.AZ != "${AWS::Region}#1" || s1.CIDR.String() != "10.192.20.0/24" || s1.VPC != "VPC" {
		t.Errorf("private subnets = %+v %+v", s1, s2)
	}
	rt := ix.SubnetRouteTable["PrivateSubnet1"]
	if rt == nil || rt.ID != "PrivateRouteTable1" || len(rt.Routes) != 2 ||
		rt.Routes[0].Target.Kind != model.TargetLocal || rt.Routes[1].Target != (model.RouteTarget{Kind: model.TargetNATGateway, ID: "NatGateway1"}) {
		t.Errorf("route table of PrivateSubnet1 = %+v", rt)
	}
	if pub := ix.SubnetRouteTable["PublicSubnet2"]; pub == nil || pub.Routes[1].Target.Kind != model.TargetInternetGateway {
		t.Errorf("public route table = %+v", pub)
	}
	// AWS's implicit objects: main route table, default ACL (100 allow + * deny).
	if main := ix.RouteTables["VPC.MainRouteTable"]; main == nil || !main.Main || len(main.Routes) != 1 || main.Routes[0].Target.Kind != model.TargetLocal {
		t.Errorf("main route table = %+v", main)
	}
	acl := ix.SubnetACL["PrivateSubnet1"]
	if acl == nil || !acl.Default || acl.ID != "VPC.DefaultNetworkAcl" {
		t.Fatalf("default ACL = %+v", acl)
	}
	var allows, denies int
	for _, e := range acl.Entries {
		if e.Allow && e.RuleNumber == 100 {
			allows++
		}
		if !e.Allow && e.RuleNumber == model.DefaultRuleNumber {
			denies++
		}
	}
	if allows != 2 || denies != 4 {
		t.Errorf("default ACL entries = %+v", acl.Entries)
	}
	if igw := ix.InternetGateways["InternetGateway"]; igw == nil || strings.Join(igw.VPCs, ",") != "VPC" {
		t.Errorf("internet gateway = %+v", igw)
	}
	if v := ix.VPCs["VPC"]; v.EnableDNSHostnames != model.Yes || v.EnableDNSSupport != model.Yes || v.CIDRs[0].String() != "10.192.0.0/16" {
		t.Errorf("VPC = %+v", v)
	}
	if b := ix.Buckets["EnvironmentBucket"]; b.Versioning != model.Yes || b.PublicAccessBlock != [4]model.Tri{model.Yes, model.Yes, model.Yes, model.Yes} || b.Encryption != "AES256" {
		t.Errorf("bucket = %+v", b)
	}
	if len(a.ManagedPolicies) != 1 || strings.Join(a.ManagedPolicies[0].Roles, ",") != "MwaaExecutionRole" {
		t.Errorf("managed policies = %+v", a.ManagedPolicies)
	}
	golden(t, "testdata/aws-mwaa-quick-start.golden.json", a)
}

// golden compares v's JSON with a golden file (rewritten with -update). Empty values
// (null, "", [], {}) are left out, so that fields added to the model later, which this
// reader does not fill, do not change the file.
func golden(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(dropEmpty(tree), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test -update and review the diff", filepath.Base(path))
	}
}

func TestReadIsDeterministic(t *testing.T) {
	f := readFile(t, "testdata/aws-mwaa-quick-start.yaml")
	first, _ := json.Marshal(mustRead(t, Options{}, f))
	for range 5 {
		again, _ := json.Marshal(mustRead(t, Options{}, f))
		if !bytes.Equal(first, again) {
			t.Fatal("two reads of the same template differ")
		}
	}
}

func dropEmpty(x any) any {
	switch t := x.(type) {
	case map[string]any:
		for k, v := range t {
			v = dropEmpty(v)
			if isEmpty(v) {
				delete(t, k)
			} else {
				t[k] = v
			}
		}
	case []any:
		for i, v := range t {
			t[i] = dropEmpty(v)
		}
	}
	return x
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return false
}
