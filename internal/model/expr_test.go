package model

import (
	"reflect"
	"testing"
)

// References to Terraform addresses keep the address whole: the attribute is the segment
// after it, and dots inside an instance key belong to the key. CloudFormation references
// split at the first dot as before.
func TestParseSubTerraformAddresses(t *testing.T) {
	cases := []struct {
		in       string
		id, attr string
	}{
		{"${DagBucket.Arn}", "DagBucket", "Arn"},
		{"${DagBucket}", "DagBucket", ""},
		{"${AWS::Region}", "AWS::Region", ""},
		{"${Env.WebserverVpcEndpointService}", "Env", "WebserverVpcEndpointService"},
		{"${aws_s3_bucket.dag_bucket.Arn}", "aws_s3_bucket.dag_bucket", "Arn"},
		{"${aws_s3_bucket.dag_bucket}", "aws_s3_bucket.dag_bucket", ""},
		{"${aws_kms_key.key[0].Arn}", "aws_kms_key.key[0]", "Arn"},
		{`${aws_subnet.private["us-east-1.a"].Arn}`, `aws_subnet.private["us-east-1.a"]`, "Arn"},
		{"${data.aws_iam_role.existing.Arn}", "data.aws_iam_role.existing", "Arn"},
		{`${module.env["a.b"].module.s3.aws_s3_bucket.this.Arn}`, `module.env["a.b"].module.s3.aws_s3_bucket.this`, "Arn"},
		{"${module.s3.aws_s3_bucket.this}", "module.s3.aws_s3_bucket.this", ""},
	}
	for _, c := range cases {
		p, ok := SoleRef(c.in)
		if !ok || p.ID != c.id || p.Attr != c.attr {
			t.Errorf("SoleRef(%q) = %+v, %v; want ID %q Attr %q", c.in, p, ok, c.id, c.attr)
		}
	}
	got := ParseSub("${aws_s3_bucket.dag_bucket.Arn}/*")
	want := []SubPart{{ID: "aws_s3_bucket.dag_bucket", Attr: "Arn"}, {Literal: "/*"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseSub = %+v, want %+v", got, want)
	}
	if r := References("arn:${AWS::Partition}:s3:::${aws_s3_bucket.b}/${aws_s3_bucket.b.Arn}"); !reflect.DeepEqual(r, []string{"aws_s3_bucket.b"}) {
		t.Errorf("References = %q", r)
	}
	// Substitute writes a kept reference back as it was.
	if s, lit := Substitute("${aws_s3_bucket.b.Arn}/*", func(SubPart) (string, bool) { return "", false }); lit || s != "${aws_s3_bucket.b.Arn}/*" {
		t.Errorf("Substitute = %q, %v", s, lit)
	}
}
