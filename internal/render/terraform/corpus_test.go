package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	ingestcfn "github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/testkit/tfvalidate"
)

// A hand-written template (the project's public-routing fixture, in the style users write
// rather than synth's) read by the CloudFormation reader renders to Terraform that
// Terraform accepts and that says what the template says.
func TestCorpusQuickStart(t *testing.T) {
	path := filepath.Join("..", "..", "testkit", "fixtures", "public-stack.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ingestcfn.Read([]ingestcfn.File{{Name: path, Data: b}}, ingestcfn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := terraform.Render(a)
	if err != nil {
		t.Fatal(err)
	}
	m := parseModule(t, files)
	for _, p := range formatProblems(m) {
		t.Error(p)
	}
	ts, err := terraformSummary(m)
	if err != nil {
		t.Fatal(err)
	}
	diffSummaries(t, modelSummary(a), ts)

	h := tfvalidate.New(t)
	dir := writeModule(t, files)
	diags, err := h.Validate(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("terraform validate: %s", d)
	}
	if unformatted, err := h.FmtCheck(dir); err != nil || len(unformatted) > 0 {
		t.Errorf("terraform fmt -check: %v %v", unformatted, err)
	}
	vars := map[string]string{}
	for name, b := range m.variables {
		if b.Body.Attributes["default"] == nil {
			vars[name] = "quickstart"
		}
	}
	plan, err := h.Plan(dir, "us-east-1", vars)
	if err != nil {
		t.Fatal(err)
	}
	fromPlan, err := tfplan.Read("plan.json", plan)
	if err != nil {
		t.Fatal(err)
	}
	diffSummaries(t, planComparable(modelSummary(a), a, vars), planComparable(modelSummary(fromPlan), a, nil))
}
