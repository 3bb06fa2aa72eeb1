package tfschema

import (
	"os"
	"path/filepath"
	"testing"
)

func pkgDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../../node_modules/@cdktf/provider-aws")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		t.Skipf("@cdktf/provider-aws not installed under node_modules: skipping")
	}
	return dir
}

// Facts of the AWS provider 6.x schema, as its documentation states them.
func TestFromPackage(t *testing.T) {
	s, err := FromPackage(pkgDir(t),
		[]string{"aws_vpc_endpoint", "aws_mwaa_environment", "aws_s3_bucket_server_side_encryption_configuration"},
		[]string{"aws_iam_policy_document", "aws_availability_zones"})
	if err != nil {
		t.Fatal(err)
	}
	attr := func(b *Block, n string) *Attribute {
		t.Helper()
		a := b.Attributes[n]
		if a == nil {
			t.Fatalf("no attribute %s", n)
		}
		return a
	}
	ep := s.Resources["aws_vpc_endpoint"]
	if a := attr(ep, "vpc_id"); !a.Required || a.Type.String() != "string" {
		t.Errorf("vpc_endpoint.vpc_id: %+v", a)
	}
	if a := attr(ep, "subnet_ids"); a.Required || !a.Optional || !a.Computed || a.Type.String() != "set(string)" {
		t.Errorf("vpc_endpoint.subnet_ids: %+v %s", a, a.Type)
	}
	if a := attr(ep, "arn"); a.Optional || !a.Computed {
		t.Errorf("vpc_endpoint.arn: %+v", a)
	}
	if got := attr(ep, "dns_entry").Type.String(); got != "list(object({dns_name=string, hosted_zone_id=string}))" {
		t.Errorf("vpc_endpoint.dns_entry: %s", got)
	}
	if a := attr(ep, "private_dns_enabled"); a.Type.String() != "bool" {
		t.Errorf("private_dns_enabled: %s", a.Type)
	}
	env := s.Resources["aws_mwaa_environment"]
	nc := env.Blocks["network_configuration"]
	if nc == nil || nc.Nesting != "list" || nc.MinItems != 1 || nc.MaxItems != 1 {
		t.Fatalf("mwaa network_configuration: %+v", nc)
	}
	if a := attr(nc.Block, "subnet_ids"); !a.Required {
		t.Errorf("network_configuration.subnet_ids: %+v", a)
	}
	if a := attr(env, "max_workers"); a.Type.String() != "number" {
		t.Errorf("max_workers: %s", a.Type)
	}
	lc := env.Blocks["logging_configuration"]
	if lc == nil || lc.Block.Blocks["task_logs"] == nil {
		t.Fatalf("logging_configuration.task_logs missing: %+v", lc)
	}
	rule := s.Resources["aws_s3_bucket_server_side_encryption_configuration"].Blocks["rule"]
	if rule == nil || rule.Nesting != "set" || rule.MinItems != 1 {
		t.Fatalf("sse rule: %+v", rule)
	}
	st := s.DataSources["aws_iam_policy_document"].Blocks["statement"]
	if st == nil || st.Block.Blocks["principals"] == nil || st.Block.Blocks["condition"] == nil {
		t.Fatalf("policy document statement: %+v", st)
	}
	if a := attr(st.Block.Blocks["condition"].Block, "variable"); !a.Required {
		t.Errorf("condition.variable: %+v", a)
	}
	if a := attr(s.DataSources["aws_availability_zones"], "names"); !a.Computed || a.Type.Kind != "list" {
		t.Errorf("availability_zones.names: %+v %s", a, a.Type)
	}
	if a := attr(s.Provider, "region"); !a.Optional {
		t.Errorf("provider region: %+v", a)
	}
	if s.Provider.Blocks["default_tags"] == nil {
		t.Errorf("provider default_tags block missing")
	}
	b, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Resources["aws_vpc_endpoint"].Attributes["vpc_id"].Type.String() != "string" {
		t.Errorf("round trip lost vpc_id")
	}
}

// The largest resources keep their structs in other files (index-structs/), and the
// framework's map-nested blocks exist.
func TestFromPackageLargeResources(t *testing.T) {
	s, err := FromPackage(pkgDir(t), []string{"aws_lexv2models_intent", "aws_lexv2models_bot_version", "aws_medialive_channel"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if nb := s.Resources["aws_lexv2models_intent"].Blocks["dialog_code_hook"]; nb == nil || nb.Block.Attributes["enabled"] == nil {
		t.Errorf("lexv2models_intent.dialog_code_hook: %+v", nb)
	}
	if nb := s.Resources["aws_lexv2models_bot_version"].Blocks["locale_specification"]; nb == nil || nb.Nesting != "map" {
		t.Errorf("lexv2models_bot_version.locale_specification: %+v", nb)
	}
	if nb := s.Resources["aws_medialive_channel"].Blocks["input_specification"]; nb == nil || nb.MinItems != 1 {
		t.Errorf("medialive_channel.input_specification: %+v", nb)
	}
}

func TestFromPackageErrors(t *testing.T) {
	dir := pkgDir(t)
	if _, err := FromPackage(dir, []string{"aws_no_such_thing"}, nil); err == nil {
		t.Error("unknown resource: want error")
	}
	if _, err := FromPackage(t.TempDir(), nil, nil); err == nil {
		t.Error("no package.json: want error")
	}
	if _, _, err := FromTypeScript("export class X {\n}\n"); err == nil {
		t.Error("no tfResourceType: want error")
	}
	if _, err := Unmarshal([]byte(`{}`)); err == nil {
		t.Error("schema without provider: want error")
	}
}
