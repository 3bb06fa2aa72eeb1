package tfconfig

import (
	"fmt"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// A policy made from the ARN of a resource of the configuration names it by the model's
// symbol, whether the policy is a policy document or jsonencode'd, and whatever the
// instance key; a bucket or role whose name is known has its ARN spelled out, as the plan
// reader spells it; an ARN a function took apart (substr, upper) leaves the policy
// unknown.
func TestSymbolicARNsInPolicies(t *testing.T) {
	cases := []struct {
		name, tf string
		want     string // the statement's Resource; "" when the policy must be unknown
	}{
		{"document", `resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}
locals { policy = data.aws_iam_policy_document.p.json }`, "[${aws_s3_bucket.b.Arn}/*]"},
		{"jsonencode with a for_each key", `resource "aws_s3_bucket" "b" {
  for_each = toset(["x.y"])
}
locals { policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b["x.y"].arn}/*"}]}) }`,
			`[${aws_s3_bucket.b["x.y"].Arn}/*]`},
		{"named bucket", `resource "aws_s3_bucket" "b" {
  bucket = "my-dags"
}
locals { policy = jsonencode({Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*"}]}) }`,
			"[arn:${AWS::Partition}:s3:::my-dags/*]"},
		{"named role", `resource "aws_iam_role" "x" {
  name = "other"
  path = "/service-role/"
  assume_role_policy = "{}"
}
locals { policy = jsonencode({Statement = [{Effect = "Allow", Action = "iam:PassRole", Resource = aws_iam_role.x.arn}]}) }`,
			"[arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/other]"},
		{"key id", `resource "aws_kms_key" "k" {}
locals { policy = jsonencode({Statement = [{Effect = "Allow", Action = "kms:Decrypt", Resource = "arn:aws:kms:us-east-1:111122223333:key/${aws_kms_key.k.id}"}]}) }`,
			"[arn:aws:kms:us-east-1:111122223333:key/${aws_kms_key.k}]"},
		{"substr", `resource "aws_s3_bucket" "b" {}
locals { policy = jsonencode({Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = substr(aws_s3_bucket.b.arn, 0, 3)}]}) }`, ""},
		{"upper", `resource "aws_s3_bucket" "b" {}
locals { policy = jsonencode({Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = upper(aws_s3_bucket.b.arn)}]}) }`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{"main.tf": c.tf + `
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = local.policy
}
`})
			a := read(t, dir, Options{})
			var role *model.Role
			for _, r := range a.Roles {
				if r.ID == "aws_iam_role.r" {
					role = r
				}
			}
			if role == nil || len(role.Policies) != 1 {
				t.Fatalf("role %+v", role)
			}
			doc := role.Policies[0].Document
			if c.want == "" {
				if doc != nil || !a.IsUnknown(model.UnknownRolePolicies) {
					t.Errorf("a policy of a mangled ARN is known: %+v", doc)
				}
				return
			}
			if doc == nil || len(doc.Statements) != 1 {
				t.Fatalf("policy %+v, unknown %v", doc, a.Unknown)
			}
			if got := fmt.Sprint(doc.Statements[0].Resource); got != c.want {
				t.Errorf("Resource %s, want %s", got, c.want)
			}
		})
	}
}

// Source and override documents merge as the provider merges them: sources first, then
// the document's own statements, then the overrides; a statement with a Sid an earlier
// one has replaces it, the others are appended. A symbolic ARN in a source document
// stays symbolic; a source that is not JSON leaves the document unknown.
func TestPolicyDocumentSourcesAndOverrides(t *testing.T) {
	dir := writeDir(t, map[string]string{"main.tf": `resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.b.arn]
  }
  statement {
    sid       = "Objects"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}
data "aws_iam_policy_document" "p" {
  policy_id               = "merged"
  source_policy_documents = [data.aws_iam_policy_document.base.json, jsonencode({Statement = {Sid = "Logs", Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*"}})]
  override_policy_documents = [jsonencode({Statement = [{Sid = "Read", Effect = "Allow", Action = ["s3:GetObject", "s3:GetObjectVersion"], Resource = "*"}]})]
  statement {
    sid     = "List"
    actions = ["s3:ListAllMyBuckets"]
    resources = ["*"]
  }
  statement {
    actions   = ["sqs:ReceiveMessage"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "bad" {
  source_policy_documents = ["not json"]
}
resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = data.aws_iam_policy_document.p.json
}
resource "aws_iam_role" "r2" {
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "bad" {
  role   = aws_iam_role.r2.id
  policy = data.aws_iam_policy_document.bad.json
}
`})
	a := read(t, dir, Options{})
	docs := map[string]*model.PolicyDocument{}
	for _, r := range a.Roles {
		for _, p := range r.Policies {
			docs[r.ID] = p.Document
		}
	}
	doc := docs["aws_iam_role.r"]
	if doc == nil {
		t.Fatalf("merged document unknown: %v", a.Unknown)
	}
	var got []string
	for _, st := range doc.Statements {
		got = append(got, fmt.Sprintf("%s %v %v", st.Sid, st.Action, st.Resource))
	}
	want := []string{
		"Read [s3:GetObject s3:GetObjectVersion] [*]",
		"List [s3:ListAllMyBuckets] [*]",
		"Objects [s3:PutObject] [${aws_s3_bucket.b.Arn}/*]",
		"Logs [logs:PutLogEvents] [*]",
		" [sqs:ReceiveMessage] [*]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("statements\n%q\nwant\n%q", got, want)
	}
	if doc.Version != "2012-10-17" {
		t.Errorf("version %q", doc.Version)
	}
	if docs["aws_iam_role.r2"] != nil {
		t.Errorf("a document with a source that is not JSON is known: %+v", docs["aws_iam_role.r2"])
	}
}
