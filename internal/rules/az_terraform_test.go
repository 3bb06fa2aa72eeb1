package rules

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// In a Terraform configuration the n-th zone comes from data.aws_availability_zones, not
// from !GetAZs: the phrase says it the way the user wrote it (a public Terraform example's
// PUB-04 message showed CloudFormation syntax).
func TestAZPhraseTerraform(t *testing.T) {
	c := &Context{Arch: &model.Architecture{Region: "us-east-1"}, Env: &model.Environment{Source: model.Source{File: "infra/main.tf", Line: 4}}}
	if got, want := c.azPhrase("${AWS::Region}#1"), "the second Availability Zone of us-east-1 (names[1] of data.aws_availability_zones)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	c.Env.Source.File = "template.yaml"
	if got, want := c.azPhrase("${AWS::Region}#1"), `the second Availability Zone of us-east-1 (!Select [1, !GetAZs ""])`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
