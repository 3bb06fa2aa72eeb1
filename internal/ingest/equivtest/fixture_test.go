package equivtest

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/cfn"
)

// fixtureDir holds the project's own hand-written public-routing stack and the snapshot of
// it that this test writes (`go test ./internal/ingest/equivtest -run TestFixtureSnapshot
// -update`): the existing-network tests of other packages use that snapshot as "a VPC
// with public routing that already runs an environment", on every clone.
const fixtureDir = "../../testkit/fixtures"

func TestFixtureSnapshot(t *testing.T) {
	path := filepath.Join(fixtureDir, "public-stack.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := cfn.Read([]cfn.File{{Name: "public-stack.yaml", Data: data}}, cfn.Options{Region: testRegion})
	if err != nil {
		t.Fatal(err)
	}
	snap := writeSnapshotWith(a, true)
	dir := filepath.Join(fixtureDir, "public-snapshot")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range snap.files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, snap.files[e.Name()]) {
			t.Errorf("%s differs from what the writer makes of public-stack.yaml (rewrite with -update)", e.Name())
		}
	}
	for name := range snap.files {
		if !slices.Contains(names, name) {
			t.Errorf("%s is missing from %s (rewrite with -update)", name, dir)
		}
	}
	// The template and its snapshot are the same network: the same verdicts.
	sa, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The writer writes no get-bucket-encryption.json or get-bucket-policy.json, so the
	// snapshot cannot say what S3-02 asks (a missing file is "not known"): leave S3-02 out.
	tv, _ := verdicts(form{name: "template", arch: a, modelID: func(s string) string { return s }})
	tv = slices.DeleteFunc(tv, func(v verdict) bool { return v.rule == "warning S3-02/bucket-encryption" })
	sv, _ := verdicts(form{name: "snapshot", arch: sa, modelID: snap.ids.modelID})
	if !slices.Equal(tv, sv) {
		t.Errorf("template and snapshot verdicts differ:\n template: %v\n snapshot: %v", tv, sv)
	}
	for _, v := range tv {
		if v.rule[0] != 'w' {
			t.Errorf("the fixture must meet the public-routing requirements; error %s", v)
		}
	}
}
