package terraform_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/tfconfig"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
	"github.com/mwaanet/mwaanet/internal/testkit/tfvalidate"
)

// verdicts are check's findings as (rule, severity, resource), sorted, without the
// readers' own notes about values they could not know (TFPLAN/..., TFCONFIG/...), which
// say the same thing in each reader's words.
func verdicts(a *model.Architecture) []string {
	var out []string
	for _, f := range rules.Check(a) {
		if strings.HasPrefix(f.Rule, "TFPLAN/") || strings.HasPrefix(f.Rule, "TFCONFIG/") {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %s", f.Rule, f.Severity, f.Resource))
	}
	sort.Strings(out)
	return out
}

// The configuration reader (ingest/tfconfig) reading a synthesized module directly gives
// the same verdicts as the plan reader reading Terraform's own plan of it (through the
// stub provider), for every use case and variant synth writes.
func TestConfigDirectoryVerdictsEqualPlan(t *testing.T) {
	h := tfvalidate.New(t)
	type tc struct {
		name  string
		a     *model.Architecture
		files map[string][]byte
	}
	var cases []tc
	for _, n := range useCases {
		a, files := useCase(t, n)
		cases = append(cases, tc{fmt.Sprintf("usecase-%d", n), a, files})
	}
	for i, v := range variants {
		a, files := variant(t, i)
		cases = append(cases, tc{v.name, a, files})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := parseModule(t, c.files)
			vars := map[string]string{}
			var flags []string
			for name, b := range m.variables {
				if b.Body.Attributes["default"] == nil {
					vars[name] = sampleARN
					flags = append(flags, name+"="+sampleARN)
				}
			}
			sort.Strings(flags)
			dir := writeModule(t, c.files)
			plan, err := h.Plan(dir, c.a.Region, vars)
			if err != nil {
				t.Fatal(err)
			}
			fromPlan, err := tfplan.Read("plan.json", plan)
			if err != nil {
				t.Fatal(err)
			}
			fromDir, err := tfconfig.ReadDir(dir, tfconfig.Options{Vars: flags})
			if err != nil {
				t.Fatal(err)
			}
			want, got := verdicts(fromPlan), verdicts(fromDir)
			if len(want) == 0 {
				t.Fatal("the plan gave no verdicts: the comparison saw nothing")
			}
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("verdicts differ\nplan:\n  %s\ndirectory:\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
			}
		})
	}
}
