package rules_test

import (
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// When the input does not state the routing mode and none of the environment's subnets
// has a route table in the input (they are existing subnets, or come from a Terraform
// module that is not installed), the routing mode is not known: PRV-07 and PRV-08, which
// speak of private routing, say so instead of asserting it. Seen on a public Terraform
// example whose VPC module was not installed: "private routing with PUBLIC_ONLY".
func TestRoutingUndeterminedIsNotAsserted(t *testing.T) {
	mutate := func(a *model.Architecture) {
		a.Routing = ""
		env := a.Environments[0]
		env.WebserverAccess = model.PublicOnly
		env.RequirementsS3Path, env.PluginsS3Path = "requirements.txt", ""
	}

	// Subnets in the input, routes without a NAT device: private routing inferred, and
	// both rules speak.
	a := useCase(t, 3)
	mutate(a)
	fs := check(a)
	for _, id := range []string{"PRV-07/private-only", "PRV-08/python-dependencies"} {
		if got := byRule(fs, id); len(got) != 1 || got[0].Severity != model.SeverityWarning {
			t.Errorf("subnets in the input: %s = %+v, want one warning", id, got)
		}
	}

	// Subnets outside the input: nothing says how they route.
	a = useCase(t, 3)
	mutate(a)
	a.Environments[0].Subnets = []string{"subnet-0aaa1111", "subnet-0bbb2222"}
	fs = check(a)
	for _, id := range []string{"PRV-07/private-only", "PRV-08/python-dependencies"} {
		got := byRule(fs, id)
		if len(got) != 1 || got[0].Severity != model.SeverityInfo || !strings.Contains(got[0].Message, "not verifiable") {
			t.Errorf("subnets outside the input: %s = %+v, want one not-verifiable info", id, got)
		}
	}
}
