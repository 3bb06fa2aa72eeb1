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
// say the same thing in each reader's words. A finding saying the rule cannot decide ends
// in " (not verifiable)".
func verdicts(a *model.Architecture) []string {
	var out []string
	for _, f := range rules.Check(a) {
		if strings.HasPrefix(f.Rule, "TFPLAN/") || strings.HasPrefix(f.Rule, "TFCONFIG/") {
			continue
		}
		v := fmt.Sprintf("%s %s %s", f.Rule, f.Severity, f.Resource)
		if f.Severity == model.SeverityInfo && strings.Contains(f.Message, "not verifiable") {
			v += " (not verifiable)"
		}
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// decidedByConfig are the rules whose policies the configuration decides and a plan
// cannot: synth builds the policies of the execution role, the key and the bucket from
// ARNs of the configuration (aws_s3_bucket.dag_bucket.arn, ...), which a plan knows only
// after apply, and which the configuration reader names symbolically. (PRV-05 reads an
// unknown endpoint policy as allowing, so it passes on the plan too: no difference.)
var decidedByConfig = []string{"IAM-02/least-privilege ", "KMS-01/customer-key ", "S3-02/bucket-encryption "}

// compareVerdicts returns the differences between the plan's and the directory's
// verdicts that are not the directory deciding what the plan cannot (a "not verifiable"
// of decidedByConfig that only the plan has, and the directory then passes), and the
// allowed differences.
func compareVerdicts(plan, dir []string) (bad, decided []string) {
	left := map[string]int{}
	for _, v := range dir {
		left[v]++
	}
	for _, v := range plan {
		if left[v] > 0 {
			left[v]--
			continue
		}
		allowed := false
		if strings.HasSuffix(v, " (not verifiable)") {
			for _, r := range decidedByConfig {
				allowed = allowed || strings.HasPrefix(v, r)
			}
		}
		if allowed {
			decided = append(decided, v)
		} else {
			bad = append(bad, "plan only: "+v)
		}
	}
	for _, v := range dir {
		if left[v] > 0 {
			left[v]--
			bad = append(bad, "directory only: "+v)
		}
	}
	return bad, decided
}

// The configuration reader (ingest/tfconfig) reading a synthesized module directly gives
// the same verdicts as the plan reader reading Terraform's own plan of it (through the
// stub provider), for every use case and variant synth writes, except that it decides the
// policies a plan knows only after apply (decidedByConfig): there the plan says "not
// verifiable" and the directory passes. Every use case has such a policy, so the
// exception is seen to be needed, not merely allowed.
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
			bad, decided := compareVerdicts(want, got)
			if len(bad) > 0 {
				t.Errorf("verdicts differ:\n  %s\nplan:\n  %s\ndirectory:\n  %s", strings.Join(bad, "\n  "), strings.Join(want, "\n  "), strings.Join(got, "\n  "))
			}
			if strings.HasPrefix(c.name, "usecase-") && len(decided) == 0 {
				t.Errorf("the directory decides no policy the plan cannot: %s", strings.Join(got, "\n  "))
			}
			t.Logf("decided by the configuration only: %s", strings.Join(decided, "; "))
		})
	}
}
