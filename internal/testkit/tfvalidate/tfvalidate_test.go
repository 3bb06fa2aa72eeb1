package tfvalidate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Cleanup()
	os.Exit(code)
}

const header = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

data "aws_region" "current" {}
`

func module(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(header+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The harness must report what the real AWS provider schema forbids: an
// unknown argument, a missing required argument, a reference to an
// attribute that does not exist, a wrong nested block and an unknown type;
// and must stay quiet on a correct module.
func TestValidate(t *testing.T) {
	h := New(t)
	cases := []struct {
		name, body string
		want       string // substring of the one expected error; "" for none
	}{
		{"valid", `
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.region}.s3"
  vpc_endpoint_type = "Gateway"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dags" {
  bucket = "b"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

output "endpoint" {
  value = aws_vpc_endpoint.s3.arn
}
`, ""},
		{"unknown argument", `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  dns_support = true
}
`, `An argument named "dns_support" is not expected here`},
		{"missing required argument", `
resource "aws_vpc_endpoint" "s3" {
  service_name = "com.amazonaws.${data.aws_region.current.region}.s3"
}
`, `The argument "vpc_id" is required`},
		{"unknown attribute reference", `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

output "x" {
  value = aws_vpc.main.vpc_arn
}
`, `no argument, nested block, or exported attribute named "vpc_arn"`},
		{"missing required nested block", `
resource "aws_s3_bucket_server_side_encryption_configuration" "dags" {
  bucket = "b"
}
`, `At least 1 "rule" blocks are required`},
		{"unknown resource type", `
resource "aws_vpc_endpoint_thing" "x" {}
`, `Invalid resource type`},
		{"wrong value type", `
resource "aws_vpc" "main" {
  cidr_block         = "10.0.0.0/16"
  enable_dns_support = ["yes"]
}
`, `Incorrect attribute value type`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diags, err := h.Validate(module(t, c.body))
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			for _, d := range diags {
				if d.Severity == "error" {
					errs = append(errs, d.String())
				}
			}
			if c.want == "" {
				if len(errs) != 0 {
					t.Fatalf("want no errors, got:\n%s", strings.Join(errs, "\n"))
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0], c.want) {
				t.Fatalf("want one error containing %q, got:\n%s", c.want, strings.Join(errs, "\n"))
			}
		})
	}
}

func TestFmtCheck(t *testing.T) {
	h := New(t)
	good := module(t, "")
	if files, err := h.FmtCheck(good); err != nil || len(files) != 0 {
		t.Fatalf("canonical file: got %v, %v; want nothing to rewrite", files, err)
	}
	bad := module(t, "output \"x\" {\n value = 1\n}\n")
	files, err := h.FmtCheck(bad)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0] != "main.tf" {
		t.Fatalf("misaligned file: got %v, want [main.tf]", files)
	}
}

func TestTypesUsed(t *testing.T) {
	dir := module(t, "resource \"aws_vpc\" \"a\" {}\nresource \"aws_vpc\" \"b\" {}\nresource \"aws_subnet\" \"c\" {}\n")
	res, data, err := TypesUsed(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res, ",") != "aws_subnet,aws_vpc" || strings.Join(data, ",") != "aws_region" {
		t.Fatalf("got %v %v", res, data)
	}
}

func TestConsole(t *testing.T) {
	h := New(t)
	vars := map[string][]byte{"variables.tf": []byte(`variable "cidr" {
  type    = string
  default = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "Not a CIDR."
  }
}
`)}
	out, errs, err := h.Console(vars, nil, "var.cidr")
	if err != nil || errs != "" || out != `"10.0.0.0/16"` {
		t.Fatalf("default: got %q, %q, %v", out, errs, err)
	}
	_, errs, err = h.Console(vars, map[string]string{"cidr": "nonsense"}, "var.cidr")
	if err != nil || !strings.Contains(errs, "Not a CIDR.") {
		t.Fatalf("bad value: got %q, %v; want the validation message", errs, err)
	}
}

// The stub plans without AWS: computed values unknown, data sources answered.
func TestPlan(t *testing.T) {
	h := New(t)
	dir := module(t, `
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = data.aws_region.current.region }
}

output "policy" {
  value = data.aws_iam_policy_document.p.json
}
`)
	plan, err := h.Plan(dir, "eu-west-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		PlannedValues struct {
			Outputs map[string]struct {
				Value any `json:"value"`
			} `json:"outputs"`
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"planned_values"`
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				AfterUnknown map[string]any `json:"after_unknown"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(plan, &p); err != nil {
		t.Fatal(err)
	}
	policy, _ := p.PlannedValues.Outputs["policy"].Value.(string)
	if !strings.Contains(policy, `"Action":"s3:GetObject"`) || !strings.Contains(policy, `"Principal":"*"`) {
		t.Errorf("policy document: %s", policy)
	}
	var vpc map[string]any
	for _, r := range p.PlannedValues.RootModule.Resources {
		if r.Address == "aws_vpc.main" {
			vpc = r.Values
		}
	}
	if vpc == nil || vpc["cidr_block"] != "10.0.0.0/16" || vpc["tags"].(map[string]any)["Name"] != "eu-west-1" {
		t.Errorf("planned VPC: %v", vpc)
	}
	for _, c := range p.ResourceChanges {
		if c.Address == "aws_vpc.main" && c.Change.AfterUnknown["arn"] != true {
			t.Errorf("the VPC's arn should be unknown until apply: %v", c.Change.AfterUnknown)
		}
	}
}
