package terraform_test

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	ingestcfn "github.com/mwaanet/mwaanet/internal/ingest/cfn"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
	rendercfn "github.com/mwaanet/mwaanet/internal/render/cfn"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/testkit/tfvalidate"
)

// variants are the use cases with the options a user may change: customer-managed
// endpoints, another partition with extra services, named and existing bucket and key,
// given certificate ARNs and pinned zones.
var variants = []struct {
	name   string
	base   int
	change func(s *spec.Spec)
}{
	{"customer-managed-endpoints", 3, func(s *spec.Spec) { s.EndpointManagement = model.CustomerManaged }},
	{"china-extra-services", 3, func(s *spec.Spec) {
		s.Region, s.Partition = "cn-north-1", ""
		s.Services = []string{"secretsmanager", "glue", "sts"}
	}},
	{"named-bucket-existing-key", 1, func(s *spec.Spec) {
		s.Bucket.Name = "acme-mwaa-dags"
		s.Key.ExistingARN = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
		s.Environment.StartupScriptPath = "startup.sh"
		s.Environment.WeeklyMaintenanceWindowStart = "SUN:03:30"
	}},
	{"given-certificates-pinned-zones", 2, func(s *spec.Spec) {
		s.VPN.ServerCertificateARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f1"
		s.VPN.ClientRootCertificateARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f2"
		s.VPC.AZNames = []string{"us-east-1a", "us-east-1c"}
	}},
	{"alarm-email", 1, func(s *spec.Spec) { s.Alarms.Email = "ops@example.com" }},
	{"existing-vpc-bucket-customer", 4, func(s *spec.Spec) {
		s.Bucket.ExistingARN = "arn:aws:s3:::acme-existing-dags"
		s.EndpointManagement = model.CustomerManaged
	}},
}

func variant(t *testing.T, i int) (*model.Architecture, map[string][]byte) {
	t.Helper()
	v := variants[i]
	s, err := spec.UseCase(v.base)
	if err != nil {
		t.Fatal(err)
	}
	v.change(s)
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("%s: %v", v.name, err)
	}
	files, err := terraform.Render(a)
	if err != nil {
		t.Fatalf("%s: %v", v.name, err)
	}
	return a, files
}

// Every variant passes the same checks as the use cases.
func TestVariants(t *testing.T) {
	h := tfvalidate.New(t)
	for i, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			a, files := variant(t, i)
			m := parseModule(t, files)
			for _, p := range formatProblems(m) {
				t.Error(p)
			}
			ts, err := terraformSummary(m)
			if err != nil {
				t.Fatal(err)
			}
			diffSummaries(t, modelSummary(a), ts)
			tmpl, err := rendercfn.YAML(a)
			if err != nil {
				t.Fatal(err)
			}
			fromCFN, err := ingestcfn.Read([]ingestcfn.File{{Name: "template.yaml", Data: tmpl}}, ingestcfn.Options{Region: a.Region})
			if err != nil {
				t.Fatal(err)
			}
			diffSummaries(t, resolvePseudo(modelSummary(fromCFN), a), resolvePseudo(ts, a))
			dir := writeModule(t, files)
			vars := map[string]string{}
			for name, b := range m.variables {
				if b.Body.Attributes["default"] == nil {
					vars[name] = sampleARN
				}
			}
			plan, err := h.Plan(dir, a.Region, vars)
			if err != nil {
				t.Fatal(err)
			}
			fromPlan, err := tfplan.Read("plan.json", plan)
			if err != nil {
				t.Fatal(err)
			}
			diffSummaries(t, planComparable(modelSummary(a), a, vars), planComparable(modelSummary(fromPlan), a, nil))
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
		})
	}
}
