package equivtest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
)

// networkFamilies are the requirement families a network alone decides (with the
// environment's subnets, security groups and access given as check's flags give them).
var networkFamilies = []string{"NET-", "PRV-", "PUB-", "WEB-"}

func networkVerdicts(vs []verdict) []verdict {
	var out []verdict
	for _, v := range vs {
		rule := strings.TrimPrefix(v.rule, "warning ")
		for _, f := range networkFamilies {
			if strings.HasPrefix(rule, f) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// TestNetworkOnlySameVerdicts: a snapshot or a plan of the network alone (an existing VPC
// before the environment is created: no get-environment.json, no aws_mwaa_environment),
// checked for the environment's subnets, security groups, access and routing as check's
// flags give them (rules.InferEnvironment, rules.WithEnvironment), gives the template's
// verdicts on the network requirements, for every defect and use cases 1-3.
func TestNetworkOnlySameVerdicts(t *testing.T) {
	type tc struct {
		name string
		arch func(t *testing.T) *model.Architecture
	}
	var cases []tc
	for _, d := range defects {
		cases = append(cases, tc{d.name, func(t *testing.T) *model.Architecture {
			a := useCase(t, d.useCase)
			d.apply(t, a)
			return a
		}})
	}
	for _, n := range []int{1, 2, 3} {
		cases = append(cases, tc{"use-case-" + string(rune('0'+n)), func(t *testing.T) *model.Architecture { return useCase(t, n) }})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := c.arch(t)
			env := a.Environment()
			base, baseFindings := verdicts(forms(t, a)[0])
			base = networkVerdicts(base)
			net := *a
			net.Environments, net.Alarms = nil, nil

			snap := writeSnapshot(&net)
			files := map[string][]byte{}
			for name, data := range snap.files {
				files[filepath.Join("snap", name)] = data
			}
			if _, ok := snap.files["get-environment.json"]; ok {
				t.Fatal("the network-only snapshot has get-environment.json")
			}
			sa, err := awscli.Read(files)
			if err != nil {
				t.Fatal(err)
			}
			pl := writePlan(&net)
			pa, err := tfplan.Read("plan.json", pl.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				name string
				arch *model.Architecture
				ids  *ids
			}{{"snapshot", sa, snap.ids}, {"plan", pa, pl.ids}} {
				if f.arch.Environment() != nil {
					t.Fatalf("%s: the network-only input has an environment", f.name)
				}
				spec := rules.EnvironmentSpec{Access: env.WebserverAccess}
				for _, s := range env.Subnets {
					spec.Subnets = append(spec.Subnets, f.ids.get("subnet", s))
				}
				for _, g := range env.SecurityGroups {
					spec.SecurityGroups = append(spec.SecurityGroups, f.ids.get("sg", g))
				}
				e, _, err := rules.InferEnvironment(f.arch, spec)
				if err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
				if strings.HasPrefix(c.name, "use-case-") {
					// A designed network has one plausible pair of subnets and one
					// environment group: inference alone finds them.
					inferred, note, err := rules.InferEnvironment(f.arch, rules.EnvironmentSpec{Access: env.WebserverAccess})
					switch {
					case err != nil:
						t.Errorf("%s: nothing inferred: %v", f.name, err)
					case !slices.Equal(inferred.Subnets, spec.Subnets) || !slices.Equal(inferred.SecurityGroups, spec.SecurityGroups):
						t.Errorf("%s: inferred subnets %v and groups %v (%s), want %v and %v", f.name, inferred.Subnets, inferred.SecurityGroups, note, spec.Subnets, spec.SecurityGroups)
					}
				}
				checked := form{name: f.name, arch: rules.WithEnvironment(f.arch, e, a.Routing), modelID: func(s string) string {
					if s == rules.EnvironmentID {
						return env.ID
					}
					return f.ids.modelID(s)
				}}
				got, findings := verdicts(checked)
				got = networkVerdicts(got)
				if !slices.Equal(got, base) {
					t.Errorf("%s (network only): verdicts differ from the template's\n  template: %v\n  %s: %v\n  template findings:\n%s  %s findings:\n%s",
						f.name, base, f.name, got, describe(baseFindings, model.SeverityError)+describe(baseFindings, model.SeverityWarning),
						f.name, describe(findings, model.SeverityError)+describe(findings, model.SeverityWarning))
				}
			}
		})
	}
}
