package tfconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
)

// writeDir writes files (name -> content, names may have slashes) into a new directory.
func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, dir string, opts Options) *model.Architecture {
	t.Helper()
	a, err := ReadDir(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func findings(a *model.Architecture, sev model.Severity) []string {
	var out []string
	for _, f := range rules.Check(a) {
		if f.Severity == sev {
			out = append(out, fmt.Sprintf("%s %s: %s", f.Rule, f.Resource, f.Message))
		}
	}
	sort.Strings(out)
	return out
}

// The root module in testdata/modules calls a local VPC module (for_each over the
// zones), a security-group module (a rule map through a dynamic block, a count-made
// self rule) and an MWAA module taking subnet_ids: every object is read with its module
// address and its own file:line, and the network passes the checks.
func TestModulesFixture(t *testing.T) {
	a := read(t, "testdata/modules", Options{})
	if errs := findings(a, model.SeverityError); len(errs) > 0 {
		t.Errorf("a correct configuration has errors:\n%s", strings.Join(errs, "\n"))
	}
	env := a.Environment()
	if env == nil {
		t.Fatal("no environment")
	}
	if got, want := strings.Join(env.Subnets, ","), `module.vpc.aws_subnet.private["eu-west-1a"],module.vpc.aws_subnet.private["eu-west-1b"]`; got != want {
		t.Errorf("environment subnets %s, want %s", got, want)
	}
	if got, want := strings.Join(env.SecurityGroups, ","), "module.environment_sg.aws_security_group.this"; got != want {
		t.Errorf("environment security groups %s, want %s", got, want)
	}
	if env.ExecutionRoleARN != "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/analytics-mwaa-execution" {
		t.Errorf("execution role ARN %q", env.ExecutionRoleARN)
	}
	if env.SourceBucketARN != "arn:${AWS::Partition}:s3:::analytics-dags-dev" {
		t.Errorf("bucket ARN %q", env.SourceBucketARN)
	}
	if lm, ok := env.Logging["TaskLogs"]; !ok || lm.Enabled != model.Yes || lm.LogLevel != "INFO" {
		t.Errorf("task logs from the dynamic block: %+v", env.Logging)
	}
	if want := filepath.Join("testdata/modules", "modules/mwaa/main.tf"); env.Source.File != want || env.Source.Line != 107 {
		t.Errorf("environment source %+v, want %s:107", env.Source, want)
	}
	if a.Region != "eu-west-1" {
		t.Errorf("region %q", a.Region)
	}
	subnets := map[string]*model.Subnet{}
	for _, s := range a.Subnets {
		subnets[s.ID] = s
	}
	for id, want := range map[string]string{
		`module.vpc.aws_subnet.private["eu-west-1a"]`: "10.40.0.0/24 eu-west-1a module.vpc.aws_vpc.this",
		`module.vpc.aws_subnet.private["eu-west-1b"]`: "10.40.1.0/24 eu-west-1b module.vpc.aws_vpc.this",
		`module.vpc.aws_subnet.public["eu-west-1b"]`:  "10.40.101.0/24 eu-west-1b module.vpc.aws_vpc.this",
	} {
		s := subnets[id]
		if s == nil {
			t.Errorf("no subnet %s", id)
			continue
		}
		if got := fmt.Sprintf("%s %s %s", s.CIDR, s.AZ, s.VPC); got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
	var nat []string
	for _, rt := range a.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Kind == model.TargetNATGateway {
				nat = append(nat, rt.ID+" -> "+r.Target.ID)
			}
		}
	}
	sort.Strings(nat)
	if got, want := strings.Join(nat, "; "), `module.vpc.aws_route_table.private["eu-west-1a"] -> module.vpc.aws_nat_gateway.this["eu-west-1a"]; module.vpc.aws_route_table.private["eu-west-1b"] -> module.vpc.aws_nat_gateway.this["eu-west-1b"]`; got != want {
		t.Errorf("NAT routes %s\nwant %s", got, want)
	}
	var sg *model.SecurityGroup
	for _, g := range a.SecurityGroups {
		if g.ID == "module.environment_sg.aws_security_group.this" {
			sg = g
		}
	}
	if sg == nil || len(sg.Egress) != 1 || sg.Egress[0].CIDR.String() != "0.0.0.0/0" || len(sg.Ingress) != 1 || sg.Ingress[0].Group != sg.ID {
		t.Fatalf("environment security group: %+v", sg)
	}
	if src := sg.Egress[0].Source; !strings.HasSuffix(src.File, "modules/security-group/main.tf") || src.Line != 44 {
		t.Errorf("egress rule from the dynamic block at %+v, want modules/security-group/main.tf:44", src)
	}

	// The same configuration with --var values: a single NAT gateway for both zones.
	// (single_nat_gateway is the VPC module's; the root passes only what it declares.)
	a = read(t, "testdata/modules", Options{Vars: []string{"vpc_cidr=10.50.0.0/16", `azs=["eu-west-1a","eu-west-1c"]`}})
	if s := a.Subnets[0]; !strings.HasPrefix(s.CIDR.String(), "10.50.") {
		t.Errorf("--var vpc_cidr not used: %s", s.CIDR)
	}
	if got := strings.Join(a.Environment().Subnets, ","); !strings.Contains(got, "eu-west-1c") {
		t.Errorf("--var azs (a list, parsed as HCL) not used: %s", got)
	}
}

// Data sources, variables without a value and modules not installed are unknown: no
// check reports an error because of them, the checks that need them say "not
// verifiable", and the reader says why, once each.
func TestUnknownsAreNotVerifiable(t *testing.T) {
	a := read(t, "testdata/unknowns", Options{})
	if errs := findings(a, model.SeverityError); len(errs) > 0 {
		t.Errorf("unknown values gave errors:\n%s", strings.Join(errs, "\n"))
	}
	infos := strings.Join(findings(a, model.SeverityInfo), "\n")
	for _, want := range []string{
		"NET-01/subnets aws_mwaa_environment.this: the environment's subnets (SubnetIds is not known statically): not verifiable",
		`TFCONFIG/not-static var.execution_role_arn: variable "execution_role_arn" has no default`,
		"TFCONFIG/not-static data.aws_subnets.private: data.aws_subnets.private is read from AWS",
		`TFCONFIG/not-static module.endpoints: module module.endpoints (source "terraform-aws-modules/vpc/aws//modules/vpc-endpoints") is not installed`,
	} {
		if !strings.Contains(infos, want) {
			t.Errorf("no info finding %q in\n%s", want, infos)
		}
	}
	if n := strings.Count(infos, "is not installed"); n != 1 {
		t.Errorf("the module not installed (count = 2) is reported %d times, want once", n)
	}
	for _, f := range a.IngestFindings {
		if strings.Contains(f.Message, "not installed") && !strings.Contains(f.Fix, "terraform init") {
			t.Errorf("the fix does not say terraform init: %q", f.Fix)
		}
	}
	role := a.Environment().ExecutionRoleARN
	if !model.IsSymbolic(role) {
		t.Errorf("an unknown execution role ARN reads as %q, want a reference outside the input", role)
	}

	// Given the values, the same configuration is checked: the role ARN is the one given.
	a = read(t, "testdata/unknowns", Options{Vars: []string{"execution_role_arn=arn:aws:iam::123456789012:role/mwaa"}})
	if got := a.Environment().ExecutionRoleARN; got != "arn:aws:iam::123456789012:role/mwaa" {
		t.Errorf("execution role ARN %q", got)
	}
}

var posRE = regexp.MustCompile(`^[^:]+\.tf(vars)?(\.json)?:\d+:\d+: `)

// Errors in .tf files name file:line:column and what was expected.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		opts  Options
		want  []string // each in the error text
	}{
		{"syntax", map[string]string{"main.tf": "resource \"aws_vpc\" \"a\" {\n  cidr_block = \n}\n"}, Options{}, []string{"main.tf:2:"}},
		{"cycle", map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"}, Options{},
			[]string{"cycle: local.", "main.tf:2:3", "main.tf:3:"}},
		{"resource cycle", map[string]string{"main.tf": `resource "aws_security_group" "a" {
  vpc_id = aws_security_group.b.id
}
resource "aws_security_group" "b" {
  vpc_id = aws_security_group.a.id
}
`}, Options{}, []string{"cycle: aws_security_group.", "main.tf:1:1", "main.tf:5:12"}},
		{"undeclared variable", map[string]string{"main.tf": "resource \"aws_vpc\" \"a\" {\n  cidr_block = var.nope\n}\n"}, Options{},
			[]string{"main.tf:2:16", `undeclared input variable "nope"`}},
		{"unknown function", map[string]string{"main.tf": "locals {\n  x = frobnicate(1)\n}\n"}, Options{}, []string{"main.tf:2:7", "frobnicate"}},
		{"cidrsubnet out of range", map[string]string{"main.tf": "locals {\n  x = cidrsubnet(\"10.0.0.0/24\", 4, 16)\n}\n"}, Options{},
			[]string{"main.tf:2:", "does not accommodate a subnet numbered 16"}},
		{"duplicate resource", map[string]string{"a.tf": "resource \"aws_vpc\" \"a\" {}\n", "b.tf": "resource \"aws_vpc\" \"a\" {}\n"}, Options{},
			[]string{"b.tf:1:1", "a.tf:1:1", "duplicate resource"}},
		{"count not a number", map[string]string{"main.tf": "resource \"aws_vpc\" \"a\" {\n  count = \"two\"\n}\n"}, Options{},
			[]string{"main.tf:2:11", "count must be a whole number"}},
		{"--var undeclared", map[string]string{"main.tf": "variable \"a\" {\n  default = 1\n}\n"}, Options{Vars: []string{"b=2"}},
			[]string{"--var b", `no variable "b"`}},
		{"--var wrong type", map[string]string{"main.tf": "variable \"n\" {\n  type = number\n}\n"}, Options{Vars: []string{"n=many"}},
			[]string{"--var n", "number"}},
		{"module argument missing", map[string]string{
			"main.tf":     "module \"m\" {\n  source = \"./m\"\n}\n",
			"m/m.tf":      "variable \"x\" {}\n",
			"m/extra.txt": "",
		}, Options{}, []string{"main.tf:1:1", `the argument "x" is required`}},
		{"module argument undeclared", map[string]string{
			"main.tf": "module \"m\" {\n  source = \"./m\"\n  y      = 1\n}\n",
			"m/m.tf":  "variable \"x\" {\n  default = 1\n}\n",
		}, Options{}, []string{"main.tf:3:3", `module "m" has no variable "y"`}},
		{"module without files", map[string]string{"main.tf": "module \"m\" {\n  source = \"./empty\"\n}\n", "empty/README": "x"}, Options{},
			[]string{"main.tf:1:1", "no .tf files"}},
		{"validation", map[string]string{"main.tf": `variable "mode" {
  default = "PUBLIC"
  validation {
    condition     = contains(["PRIVATE_ONLY", "PUBLIC_ONLY"], var.mode)
    error_message = "mode is PRIVATE_ONLY or PUBLIC_ONLY."
  }
}
`}, Options{}, []string{"main.tf:2:13", `variable "mode": mode is PRIVATE_ONLY or PUBLIC_ONLY.`}},
		{"module calls itself", map[string]string{"main.tf": "module \"m\" {\n  source = \"./m\"\n}\n",
			"m/m.tf": "module \"again\" {\n  source = \"./\"\n}\n"}, Options{}, []string{"m.tf:1:1", "nest more than 32 deep"}},
		{"JSON syntax", map[string]string{"main.tf.json": `{"resource": {}}`}, Options{}, []string{"main.tf.json", "JSON syntax (.tf.json) is not read"}},
		{"tfvars syntax", map[string]string{"main.tf": "variable \"a\" {}\n", "terraform.tfvars": "a = = 1\n"}, Options{}, []string{"terraform.tfvars:1:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, tc.files)
			_, err := ReadDir(dir, tc.opts)
			if err == nil {
				t.Fatal("no error")
			}
			var errs model.InputErrors
			if !errors.As(err, &errs) {
				t.Fatalf("%T is not model.InputErrors: %v", err, err)
			}
			text := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("error %q does not contain %q", text, w)
				}
			}
			if !strings.HasPrefix(tc.name, "--var") && !posRE.MatchString(text) {
				t.Errorf("error %q does not start with file:line:column", text)
			}
		})
	}
}

// Root variables take their values in Terraform's order: default < TF_VAR_ <
// terraform.tfvars < *.auto.tfvars (by name) < --var-file < --var.
func TestVariablePrecedence(t *testing.T) {
	files := map[string]string{
		"main.tf": `variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "n" { type = number }
variable "l" {
  type = list(string)
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags = { a = var.a, b = var.b, c = var.c, d = var.d, e = var.e, f = var.f, n = tostring(var.n), l = join(",", var.l) }
}
`,
		"terraform.tfvars":    "c = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nf = \"tfvars\"\n",
		"b.auto.tfvars":       "d = \"b.auto\"\ne = \"b.auto\"\nf = \"b.auto\"\n",
		"a.auto.tfvars.json":  `{"d": "a.auto", "e": "a.auto"}`,
		"given.tfvars":        "e = \"var-file\"\nf = \"var-file\"\n",
		"unrelated.tfvars.md": "",
	}
	dir := writeDir(t, files)
	env := map[string]string{"TF_VAR_b": "env", "TF_VAR_c": "env", "TF_VAR_n": "7", "TF_VAR_l": `["x", "y"]`}
	a := read(t, dir, Options{
		VarFiles: []string{filepath.Join(dir, "given.tfvars")},
		Vars:     []string{"f=flag"},
		Getenv:   func(k string) string { return env[k] },
	})
	tags := a.VPCs[0].Tags
	want := map[string]string{"a": "default", "b": "env", "c": "tfvars", "d": "b.auto", "e": "var-file", "f": "flag", "n": "7", "l": "x,y"}
	for k, v := range want {
		if tags[k] != v {
			t.Errorf("%s = %q, want %q", k, tags[k], v)
		}
	}
}

// Registry and git modules are read from where terraform init installed them.
func TestInstalledModule(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"main.tf": `module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.9.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id     = module.vpc.vpc_id
  cidr_block = cidrsubnet(module.vpc.cidr, 8, 1)
}
`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.8.1","Dir":".terraform/modules/vpc"}]}`,
		".terraform/modules/vpc/main.tf": `variable "cidr" {}
resource "aws_vpc" "this" {
  count      = 1
  cidr_block = var.cidr
}
output "vpc_id" { value = try(aws_vpc.this[0].id, null) }
output "cidr" { value = var.cidr }
`,
	})
	a := read(t, dir, Options{})
	if len(a.VPCs) != 1 || a.VPCs[0].ID != "module.vpc.aws_vpc.this[0]" {
		t.Fatalf("VPCs %+v", a.VPCs)
	}
	if s := a.Subnets[0]; s.VPC != "module.vpc.aws_vpc.this[0]" || s.CIDR.String() != "10.9.1.0/24" {
		t.Errorf("subnet %+v", s)
	}
	if !strings.HasSuffix(a.VPCs[0].Source.File, filepath.Join(".terraform", "modules", "vpc", "main.tf")) || a.VPCs[0].Source.Line != 2 {
		t.Errorf("VPC source %+v", a.VPCs[0].Source)
	}
}

// Availability Zones of data.aws_availability_zones are symbolic, distinct per index, as
// the CloudFormation reader's !GetAZs; count, splat and for expressions expand.
func TestZonesCountSplat(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `data "aws_availability_zones" "available" {
  state = "available"
}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.v.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.v.cidr_block, 4, count.index)
}
resource "aws_network_acl" "n" {
  vpc_id     = aws_vpc.v.id
  subnet_ids = aws_subnet.s[*].id
  dynamic "ingress" {
    for_each = { for i, c in ["10.1.0.0/16", "10.2.0.0/16"] : tostring(100 + i) => c }
    content {
      rule_no    = tonumber(ingress.key)
      action     = "allow"
      protocol   = "tcp"
      from_port  = 443
      to_port    = 443
      cidr_block = ingress.value
    }
  }
}
`})
	a := read(t, dir, Options{})
	var got []string
	for _, s := range a.Subnets {
		got = append(got, s.ID+" "+s.AZ+" "+s.CIDR.String())
	}
	want := []string{
		"aws_subnet.s[0] ${AWS::Region}#0 10.0.0.0/20",
		"aws_subnet.s[1] ${AWS::Region}#1 10.0.16.0/20",
		"aws_subnet.s[2] ${AWS::Region}#2 10.0.32.0/20",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("subnets\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	acl := a.NetworkACLs[0]
	if strings.Join(acl.Subnets, ",") != "aws_subnet.s[0],aws_subnet.s[1],aws_subnet.s[2]" {
		t.Errorf("ACL subnets %v", acl.Subnets)
	}
	var rules []string
	for _, e := range acl.Entries {
		if !e.Egress && e.RuleNumber < 1000 {
			rules = append(rules, fmt.Sprintf("%d %s %s", e.RuleNumber, e.CIDR, e.Ports))
		}
	}
	if got := strings.Join(rules, "; "); !strings.Contains(got, "100 10.1.0.0/16") || !strings.Contains(got, "101 10.2.0.0/16") {
		t.Errorf("ACL entries from the dynamic block: %s", got)
	}
}

// ELBv2 resources map as the plan reader maps them (the way into a PRIVATE_ONLY web
// server through an internal load balancer).
func TestLoadBalancer(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "s" {
  for_each   = { a = 1, b = 2 }
  vpc_id     = aws_vpc.v.id
  cidr_block = cidrsubnet(aws_vpc.v.cidr_block, 8, each.value)
}
resource "aws_security_group" "lb" {
  vpc_id = aws_vpc.v.id
}
resource "aws_lb" "web" {
  internal           = true
  load_balancer_type = "application"
  subnets            = [for s in aws_subnet.s : s.id]
  security_groups    = [aws_security_group.lb.id]
}
resource "aws_lb_target_group" "web" {
  vpc_id      = aws_vpc.v.id
  port        = 443
  protocol    = "HTTPS"
  target_type = "ip"
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
`})
	a := read(t, dir, Options{})
	if len(a.LoadBalancers) != 1 || len(a.TargetGroups) != 1 {
		t.Fatalf("load balancers %d, target groups %d", len(a.LoadBalancers), len(a.TargetGroups))
	}
	lb := a.LoadBalancers[0]
	got := fmt.Sprintf("%s %s %v %v", lb.Type, lb.Scheme, lb.Subnets, lb.SecurityGroups)
	if want := `application internal [aws_subnet.s["a"] aws_subnet.s["b"]] [aws_security_group.lb]`; got != want {
		t.Errorf("load balancer %s, want %s", got, want)
	}
	if len(lb.Listeners) != 1 || lb.Listeners[0].Port != 443 || strings.Join(lb.Listeners[0].TargetGroups, ",") != "aws_lb_target_group.web" {
		t.Errorf("listeners %+v", lb.Listeners)
	}
	if tg := a.TargetGroups[0]; tg.TargetType != "ip" || tg.VPC != "aws_vpc.v" || tg.Port != 443 {
		t.Errorf("target group %+v", tg)
	}
}

// aws_iam_policy_document is built as the provider builds it; one that names an ARN known
// only after apply is unknown, as in a plan.
func TestPolicyDocument(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `data "aws_iam_policy_document" "trust" {
  version = "2008-10-17"
  statement {
    sid     = "Airflow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "exec"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.r.id
  policy = data.aws_iam_policy_document.read.json
}
`})
	a := read(t, dir, Options{})
	doc := a.Roles[0].AssumeRolePolicy
	if doc == nil || doc.Version != "2008-10-17" || len(doc.Statements) != 1 {
		t.Fatalf("trust policy %+v", doc)
	}
	st := doc.Statements[0]
	got := fmt.Sprintf("%s %s %v %v %v", st.Sid, st.Effect, st.Action, st.Principal, st.Condition)
	want := "Airflow Allow [sts:AssumeRole] map[Service:[airflow.amazonaws.com airflow-env.amazonaws.com]] map[StringEquals:map[aws:SourceAccount:[123456789012]]]"
	if got != want {
		t.Errorf("statement %s\nwant %s", got, want)
	}
	if !strings.HasSuffix(doc.Source.File, "main.tf") {
		t.Errorf("policy source %+v names no .tf file", doc.Source)
	}
	// The bucket's ARN is known only after apply: the policy names it by the model's
	// symbol, as the CloudFormation reader writes !GetAtt B.Arn.
	if a.IsUnknown(model.UnknownRolePolicies) || len(a.Roles[0].Policies) != 1 || a.Roles[0].Policies[0].Document == nil {
		t.Fatalf("a policy naming the bucket's ARN is not read: %+v, unknown %v", a.Roles[0].Policies, a.Unknown)
	}
	read := a.Roles[0].Policies[0].Document.Statements
	if len(read) != 1 || fmt.Sprint(read[0].Resource) != "[${aws_s3_bucket.b.Arn}/*]" {
		t.Errorf("read statement %+v", read)
	}
}

// Each file is read up to the size limit; the account is --account's when given.
func TestLimitAndAccount(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `data "aws_caller_identity" "current" {}
resource "aws_iam_role" "r" {
  name = "r"
  tags = { account = data.aws_caller_identity.current.account_id }
}
`})
	if _, err := ReadDir(dir, Options{MaxFileSize: 16}); err == nil || !strings.Contains(err.Error(), "main.tf") {
		t.Errorf("a file over the limit: %v", err)
	}
	a := read(t, dir, Options{AccountID: "123456789012"})
	if got := a.Roles[0].Tags["account"]; got != "123456789012" {
		t.Errorf("account %q", got)
	}
	a = read(t, dir, Options{})
	if got := a.Roles[0].Tags["account"]; got != model.PseudoAccountID {
		t.Errorf("account %q without --account", got)
	}
}
