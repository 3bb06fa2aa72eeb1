package cfn

import (
	"errors"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestReadPaths(t *testing.T) {
	a, err := ReadPaths([]string{"testdata/stacks/network.yaml", "testdata/stacks/app.yaml"}, Options{})
	if err != nil || len(a.Environments) != 1 || a.VPCs[0].Source.File != "testdata/stacks/network.yaml" {
		t.Fatalf("ReadPaths = %v, %v", a, err)
	}
	if _, err := ReadPaths([]string{"testdata/stacks/app.yaml", "testdata/stacks/app.yaml"}, Options{}); err == nil {
		t.Error("the same template given twice was accepted")
	}
	_, err = ReadPaths([]string{"testdata/nope.yaml"}, Options{})
	var ie *model.InputError
	if !errors.As(err, &ie) || ie.Source.File != "testdata/nope.yaml" {
		t.Errorf("missing file error = %v", err)
	}
}

func TestLooksLikeTemplate(t *testing.T) {
	for text, want := range map[string]bool{
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n":  true,
		`{"AWSTemplateFormatVersion": "2010-09-09"}`:     true,
		"AWSTemplateFormatVersion: x\nResources: [\n":    true, // broken, but a template
		"routing: private\nvpc: {cidr: 10.0.0.0/16}\n":   false,
		`{"planned_values": {}, "resource_changes": []}`: false,
		`{"RouteTables": [{"RouteTableId": "rtb-1"}]}`:   false,
		"":              false,
		"- Resources\n": false,
	} {
		if got := LooksLikeTemplate([]byte(text)); got != want {
			t.Errorf("LooksLikeTemplate(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestRulesDescribeEveryFinding(t *testing.T) {
	known := map[string]bool{}
	for _, r := range Rules() {
		if r.Requirement != InputRequirement || r.Summary == "" || r.HelpURI == "" || known[r.ID] {
			t.Errorf("rule %+v", r)
		}
		known[r.ID] = true
	}
	// Every finding the test templates produce has a descriptor.
	for _, paths := range [][]string{{"testdata/aws-mwaa-quick-start.yaml"}, {"testdata/stacks/network.yaml", "testdata/stacks/app.yaml"}} {
		a, err := ReadPaths(paths, Options{Params: map[string]string{"Nope": "x"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.IngestFindings {
			if !known[f.Rule] {
				t.Errorf("finding rule %s has no descriptor", f.Rule)
			}
		}
	}
}
