package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestSniff(t *testing.T) {
	cases := map[string]InputKind{
		`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "a\/b"}}}}`: KindTemplate,
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n":                                 KindTemplate,
		`{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}}`: KindPlan,
		"name: demo\nrouting: private\n":                                                KindSpec,
		"routing: [unclosed\n":                                                          KindSpec,
	}
	for in, want := range cases {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLoadInputErrors(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "s.yaml")
	os.WriteFile(spec, []byte("name: demo\n"), 0o644)
	tmpl := filepath.Join(dir, "t.yaml")
	os.WriteFile(tmpl, []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"), 0o644)

	_, err := LoadInput([]string{filepath.Join(dir, "missing.yaml")}, InputOptions{})
	var ie *model.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadInput([]string{spec, tmpl}, InputOptions{}); err == nil || !strings.Contains(err.Error(), "must be the only input") {
		t.Errorf("spec with a template: %v", err)
	}
	other := t.TempDir()
	if _, err := LoadInput([]string{dir, other}, InputOptions{}); err == nil || !strings.Contains(err.Error(), "both snapshot directories") {
		t.Errorf("two snapshots: %v", err)
	}
	if _, err := LoadInput([]string{dir, dir + "/"}, InputOptions{}); err == nil || !strings.Contains(err.Error(), "are the same input") {
		t.Errorf("one snapshot twice: %v", err)
	}
	in, err := LoadInput([]string{spec}, InputOptions{})
	if err != nil || in.Kind != KindSpec || in.Arch.Environment() == nil {
		t.Errorf("spec: %v %+v", err, in)
	}
	if _, err := LoadInput([]string{spec}, InputOptions{Region: "eu-west-1"}); err == nil || !strings.Contains(err.Error(), "--region says eu-west-1") {
		t.Errorf("region conflict: %v", err)
	}
	in, err = LoadInput(nil, InputOptions{})
	if err != nil || in.Kind != KindDefault || in.Describe()[0] != "embedded default (use case 3)" {
		t.Errorf("default: %v %+v", err, in)
	}
}

// TestLoadInputRegion: --region sets the Region of templates; with a snapshot or a plan
// in another Region it is an error (it was ignored, and the input checked in its own).
func TestLoadInputRegion(t *testing.T) {
	snap := "../design/testdata/existing/private-partial"
	in, err := LoadInput([]string{snap}, InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if in.Arch.Region == "" {
		t.Skip("the snapshot states no Region")
	}
	if _, err := LoadInput([]string{snap}, InputOptions{Region: in.Arch.Region}); err != nil {
		t.Errorf("--region %s (the snapshot's): %v", in.Arch.Region, err)
	}
	other := "eu-north-1"
	if in.Arch.Region == other {
		other = "us-west-2"
	}
	_, err = LoadInput([]string{snap}, InputOptions{Region: other})
	var ie *model.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "the snapshot is in "+in.Arch.Region+" but --region says "+other) {
		t.Errorf("--region %s: %v; want an input error naming both Regions", other, err)
	}
}
