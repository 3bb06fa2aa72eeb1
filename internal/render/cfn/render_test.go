package cfn

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mwaanet/mwaanet/internal/cfnspec"
	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

var update = flag.Bool("update", false, "rewrite golden files")

func useCase(t testing.TB, n int) *model.Architecture {
	t.Helper()
	s, err := spec.UseCase(n)
	if err != nil {
		t.Fatalf("use case %d: %v", n, err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("use case %d: design: %v", n, err)
	}
	return a
}

// TestGolden renders the four use cases in YAML and JSON and compares them with the golden
// files (go test ./internal/render/cfn -update rewrites them).
func TestGolden(t *testing.T) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		a := useCase(t, n)
		for _, f := range []struct {
			ext    string
			render func(*model.Architecture) ([]byte, error)
		}{{"yaml", YAML}, {"json", JSON}} {
			got, err := f.render(a)
			if err != nil {
				t.Fatalf("use case %d %s: %v", n, f.ext, err)
			}
			again, _ := f.render(useCase(t, n))
			if !bytes.Equal(got, again) {
				t.Errorf("use case %d %s: two renderings differ", n, f.ext)
			}
			golden := filepath.Join("testdata", fmt.Sprintf("usecase-%d.%s", n, f.ext))
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/render/cfn -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("use case %d: %s differs from %s (run go test ./internal/render/cfn -update and review the diff)", n, f.ext, golden)
			}
		}
	}
}

var (
	specOnce sync.Once
	cfnSpec  *cfnspec.Spec
	specErr  error
)

// officialSpec loads the CloudFormation resource specification, or skips.
func officialSpec(t *testing.T) *cfnspec.Spec {
	t.Helper()
	specOnce.Do(func() {
		path, err := cfnspec.Locate()
		if err != nil {
			specErr = err
			return
		}
		cfnSpec, specErr = cfnspec.Load(path)
	})
	if specErr != nil {
		t.Skipf("CloudFormation resource specification not available (cd /work/main && npm install --no-save @aws-cdk/aws-service-spec@0.1.216): %v", specErr)
	}
	return cfnSpec
}

// TestSchema validates every use case's template, YAML and JSON, against the official
// CloudFormation resource specification: zero problems.
func TestSchema(t *testing.T) {
	cs := officialSpec(t)
	for n := 1; n <= spec.UseCaseCount; n++ {
		a := useCase(t, n)
		y, err := YAML(a)
		if err != nil {
			t.Fatal(err)
		}
		fromYAML, err := cfnspec.DecodeYAML(y)
		if err != nil {
			t.Fatalf("use case %d: decoding our YAML: %v", n, err)
		}
		j, err := JSON(a)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON map[string]any
		if err := json.Unmarshal(j, &fromJSON); err != nil {
			t.Fatalf("use case %d: decoding our JSON: %v", n, err)
		}
		for form, tmpl := range map[string]map[string]any{"yaml": fromYAML, "json": fromJSON} {
			for _, p := range cs.Validate(tmpl) {
				t.Errorf("use case %d (%s): %s", n, form, p)
			}
		}
	}
}

// TestSchemaCatchesMistakes keeps TestSchema honest: a template with a misspelt property
// and a dangling reference must not validate.
func TestSchemaCatchesMistakes(t *testing.T) {
	cs := officialSpec(t)
	y, err := YAML(useCase(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := cfnspec.DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	res := tmpl["Resources"].(map[string]any)
	res["VPC"].(map[string]any)["Properties"].(map[string]any)["EnableDnsHostname"] = true
	delete(res, "PrivateSubnet2")
	if probs := cs.Validate(tmpl); len(probs) < 2 {
		t.Errorf("a misspelt property and a dangling Ref gave %d problems: %v", len(probs), probs)
	}
}
