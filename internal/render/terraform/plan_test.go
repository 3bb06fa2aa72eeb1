package terraform_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/testkit/tfvalidate"
)

// Terraform itself evaluates the module: `terraform plan` through the stub provider
// (which plans without AWS), `terraform show -json`, and the plan reader (ingest/tfplan)
// turn it back into a model, whose summary must equal the architecture's. This checks
// the module the way Terraform reads it (variables, for_each, references), not the way
// the equivalence test's own evaluator does.
//
// What a plan cannot know is left out of this comparison: policies built by
// aws_iam_policy_document from resource ARNs are known only after apply (the plan reader
// reports them as such), so are outputs, and the plan reader names a referenced resource
// by its address without the attribute (aws_kms_key.key for the key's ARN), so references
// are compared without their attributes.
func TestPlanEquivalence(t *testing.T) {
	h := tfvalidate.New(t)
	for _, n := range useCases {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			a, files := useCase(t, n)
			m := parseModule(t, files)
			vars := map[string]string{}
			for name, b := range m.variables {
				if b.Body.Attributes["default"] == nil {
					vars[name] = sampleARN
				}
			}
			plan, err := h.Plan(writeModule(t, files), a.Region, vars)
			if err != nil {
				t.Fatal(err)
			}
			fromPlan, err := tfplan.Read("plan.json", plan)
			if err != nil {
				t.Fatal(err)
			}
			ps := planComparable(modelSummary(fromPlan), a, nil)
			ms := planComparable(modelSummary(a), a, vars)
			if len(ps.SGRules) == 0 || len(ps.Environment) == 0 {
				t.Fatal("the plan's summary is empty: the comparison saw nothing")
			}
			diffSummaries(t, ms, ps)
			// And it notices a difference: a rule the module does not have.
			a.SecurityGroups[0].Ingress = append(a.SecurityGroups[0].Ingress, model.SGRule{
				Protocol: model.TCP, Ports: model.Port(22), Group: a.SecurityGroups[0].ID})
			ft := &fakeT{}
			diffSummaries(ft, planComparable(modelSummary(a), a, vars), ps)
			if !strings.Contains(ft.msgs, "security-group rule") {
				t.Errorf("an extra rule went unnoticed: %q", ft.msgs)
			}
		})
	}
}

var refAttrRe = regexp.MustCompile(`\$\{([^{}]*?)\.[a-z_]+\}`)

// planComparable keeps what a plan knows: no policies, no outputs, no endpoints whose
// service is known only after apply (customer-managed endpoints to the environment's
// services), references without attributes, a named bucket's ARN spelled out as the plan
// reader spells it, variables without defaults replaced by the values given to the plan.
func planComparable(s *summary, a *model.Architecture, vars map[string]string) *summary {
	s = resolvePseudo(s, a)
	partition := a.Partition
	if partition == "" {
		partition = model.PartitionOf(a.Region)
	}
	fix := func(x string) string {
		for k, v := range vars {
			x = strings.ReplaceAll(x, "${var:"+k+"}", v)
		}
		x = refAttrRe.ReplaceAllString(x, "${$1}")
		for i, b := range a.Buckets {
			if b.Name != "" && !model.IsSymbolic(b.Name) {
				x = strings.ReplaceAll(x, fmt.Sprintf("${bucket#%d}", i), "arn:"+partition+":s3:::"+b.Name)
			}
		}
		// The endpoint summary ends with the policy, which the plan does not know.
		if i := strings.Index(x, " policy={"); i >= 0 {
			x = x[:i]
		}
		return x
	}
	m := func(in map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range in {
			if k == "endpoint:" || strings.HasPrefix(k, "endpoint:${") {
				continue // the service is known only after apply
			}
			out[fix(k)] = fix(v)
		}
		return out
	}
	l := func(in []string) []string {
		var out []string
		for _, v := range in {
			out = append(out, fix(v))
		}
		return out
	}
	o := &summary{Endpoints: m(s.Endpoints), SGRules: l(s.SGRules), Routes: l(s.Routes), Associations: l(s.Associations),
		ACLEntries: l(s.ACLEntries), Policies: map[string]string{}, Environment: l(s.Environment), VPN: l(s.VPN),
		Outputs: map[string]string{}}
	o.sort()
	return o
}
