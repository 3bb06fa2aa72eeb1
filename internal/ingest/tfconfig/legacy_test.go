package tfconfig

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// The aws_iam_policy_document data source merges principals blocks of one type into one
// list (the provider's principal set writes {"Service": [a, b]}), so a trust policy that
// names each service in its own block trusts all of them. Seen on real modules that name
// airflow.amazonaws.com and airflow-env.amazonaws.com in two blocks.
func TestPolicyDocumentMergesPrincipalsOfOneType(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["airflow.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["airflow-env.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`})
	a := read(t, dir, Options{})
	var role *model.Role
	for _, r := range a.Roles {
		if r.ID == "aws_iam_role.exec" {
			role = r
		}
	}
	if role == nil || role.AssumeRolePolicy == nil {
		t.Fatalf("role or its trust policy not read: %+v", a.Roles)
	}
	got := map[string]bool{}
	for _, st := range role.AssumeRolePolicy.Statements {
		for _, p := range st.Principal["Service"] {
			got[p] = true
		}
	}
	for _, want := range []string{"airflow.amazonaws.com", "airflow-env.amazonaws.com"} {
		if !got[want] {
			t.Errorf("trust policy does not name %s; services %v", want, got)
		}
	}
}

// Terraform accepts the bare keywords list and map as a variable's type (its pre-0.12
// shorthand for list(any) and map(any)); a real example module declares type = list.
func TestVariableTypeLegacyListAndMap(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `variable "zones" {
  type    = list
  default = ["a", "b"]
}
variable "labels" {
  type    = map
  default = { team = "data" }
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
  tags       = { zones = join(",", var.zones), team = var.labels["team"] }
}
`})
	a := read(t, dir, Options{})
	if len(a.VPCs) != 1 {
		t.Fatalf("VPCs %+v", a.VPCs)
	}
	if tags := a.VPCs[0].Tags; tags["zones"] != "a,b" || tags["team"] != "data" {
		t.Errorf("tags %v", tags)
	}
	// A quoted legacy type ("list") is refused by Terraform since 0.15 and stays an error.
	dir = writeDir(t, map[string]string{"main.tf": "variable \"x\" {\n  type = \"list\"\n}\n"})
	if _, err := ReadDir(dir, Options{}); err == nil || !strings.Contains(err.Error(), "main.tf:2:") {
		t.Errorf("quoted type: err %v", err)
	}
}

// Terraform's lookup takes null as its default (terraform-aws-modules/vpc writes
// lookup(rule, "self", null) in its dynamic ingress blocks): the key's value when the
// map has it, else null.
func TestLookupNullDefault(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `variable "rules" {
  default = [{ self = true, from_port = 443 }, { from_port = 5432 }]
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "g" {
  vpc_id = aws_vpc.v.id
  dynamic "ingress" {
    for_each = var.rules
    content {
      self        = lookup(ingress.value, "self", null)
      from_port   = lookup(ingress.value, "from_port", null)
      to_port     = lookup(ingress.value, "from_port", null)
      protocol    = "tcp"
      cidr_blocks = lookup(ingress.value, "self", null) == null ? ["10.0.0.0/16"] : null
    }
  }
}
`})
	a := read(t, dir, Options{})
	if len(a.SecurityGroups) != 1 {
		t.Fatalf("groups %+v", a.SecurityGroups)
	}
	var got []string
	for _, r := range a.SecurityGroups[0].Ingress {
		got = append(got, fmt.Sprintf("%d %s %s", r.Ports.From, r.Group, r.CIDR))
	}
	sort.Strings(got)
	if len(got) != 2 || !strings.HasPrefix(got[0], "443 aws_security_group.g") || !strings.Contains(got[1], "5432") || !strings.Contains(got[1], "10.0.0.0/16") {
		t.Errorf("ingress %q", got)
	}
}

// The AWS provider's aws_s3_object (and aws_s3_bucket_object) has the object's key as its
// id ("id - key of the resource supplied above"), known before apply when the key is: an
// environment whose requirements_s3_path is the object's id names requirements.txt, not
// the object's address (a public example does this; S3-03 then said the path does not
// end in .txt).
func TestS3ObjectIDIsItsKey(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `resource "aws_s3_bucket" "b" {
  bucket = "dag-bucket-example"
}
resource "aws_s3_object" "reqs" {
  bucket = aws_s3_bucket.b.id
  key    = "requirements.txt"
}
resource "aws_s3_bucket_object" "plugins" {
  bucket = aws_s3_bucket.b.id
  key    = "plugins.zip"
}
resource "aws_mwaa_environment" "e" {
  name                 = "e"
  dag_s3_path          = "dags"
  requirements_s3_path = aws_s3_object.reqs.id
  plugins_s3_path      = aws_s3_bucket_object.plugins.id
  source_bucket_arn    = aws_s3_bucket.b.arn
  execution_role_arn   = "arn:aws:iam::111122223333:role/r"
  network_configuration {
    security_group_ids = ["sg-0123456789abcdef0"]
    subnet_ids         = ["subnet-0aaa1111", "subnet-0bbb2222"]
  }
}
`})
	a := read(t, dir, Options{})
	if len(a.Environments) != 1 {
		t.Fatalf("environments %+v", a.Environments)
	}
	if e := a.Environments[0]; e.RequirementsS3Path != "requirements.txt" || e.PluginsS3Path != "plugins.zip" {
		t.Errorf("requirements %q plugins %q", e.RequirementsS3Path, e.PluginsS3Path)
	}
}
