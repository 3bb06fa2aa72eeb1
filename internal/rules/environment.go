package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// EnvironmentSpec is the environment of a network-only input, as check's flags give it
// (--subnets, --security-groups, --access). Empty fields are inferred (InferEnvironment).
type EnvironmentSpec struct {
	Subnets        []string
	SecurityGroups []string
	Access         string // PUBLIC_ONLY or PRIVATE_ONLY; "" PRIVATE_ONLY
}

// EnvironmentID is the ID of an environment built from flags or inference.
const EnvironmentID = "environment"

// InferEnvironment builds the environment a network-only input is checked for. Subnets not
// given are inferred when the input has exactly one plausible pair: one VPC with exactly
// two private subnets (no route to an internet gateway) in two different Availability
// Zones. Security groups not given are inferred when that VPC has exactly one security
// group that is not its default group and not used by an endpoint or a Client VPN. The
// returned note says what was inferred ("" when nothing was); the error says why nothing
// plausible was found and what to pass instead.
func InferEnvironment(a *model.Architecture, spec EnvironmentSpec) (*model.Environment, string, error) {
	env := &model.Environment{ID: EnvironmentID, Subnets: spec.Subnets, SecurityGroups: spec.SecurityGroups,
		WebserverAccess: spec.Access, MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1,
		Source: model.Source{ID: EnvironmentID}}
	if env.WebserverAccess == "" {
		env.WebserverAccess = model.PrivateOnly
	}
	ix := model.NewIndex(a)
	var notes []string
	if len(env.Subnets) == 0 && len(a.VPCs) == 0 && len(a.Subnets) == 0 {
		// Nothing to name with --subnets: say what the input lacks instead.
		return nil, "", fmt.Errorf("the input has no MWAA environment and no network (no VPC or subnet): nothing to check the MWAA requirements on; give the template, plan or snapshot that defines the environment or its VPC")
	}
	if len(env.Subnets) == 0 {
		byVPC := map[string][]*model.Subnet{}
		for _, s := range a.Subnets {
			if isPrivateSubnet(ix, s) {
				byVPC[s.VPC] = append(byVPC[s.VPC], s)
			}
		}
		var pairs [][]*model.Subnet
		for _, ss := range byVPC {
			if len(ss) == 2 && ss[0].AZ != "" && ss[0].AZ != ss[1].AZ {
				pairs = append(pairs, ss)
			}
		}
		if len(pairs) != 1 {
			var cands []string
			for _, ss := range byVPC {
				for _, s := range ss {
					cands = append(cands, s.ID)
				}
			}
			sort.Strings(cands)
			what := "no private subnets"
			if len(cands) > 0 {
				what = "private subnets " + strings.Join(cands, ", ")
			}
			return nil, "", fmt.Errorf("the input has no MWAA environment and no single pair of private subnets in two Availability Zones to infer one from (it has %s); give --subnets A,B and --security-groups X", what)
		}
		for _, s := range pairs[0] {
			env.Subnets = append(env.Subnets, s.ID)
		}
		notes = append(notes, "subnets "+strings.Join(env.Subnets, ", "))
	}
	if len(env.SecurityGroups) == 0 {
		vpc := ""
		if s := ix.Subnets[env.Subnets[0]]; s != nil {
			vpc = s.VPC
		}
		used := map[string]bool{}
		for _, ep := range a.Endpoints {
			for _, g := range ep.SecurityGroups {
				used[g] = true
			}
		}
		for _, cv := range a.ClientVPNs {
			for _, g := range cv.SecurityGroups {
				used[g] = true
			}
		}
		var cands []string
		for _, g := range a.SecurityGroups {
			if g.VPC == vpc && g.Name != "default" && !used[g.ID] {
				cands = append(cands, g.ID)
			}
		}
		if len(cands) != 1 {
			return nil, "", fmt.Errorf("the input has no MWAA environment and %d candidate security groups in VPC %s (%s); give --security-groups X", len(cands), vpc, strings.Join(cands, ", "))
		}
		env.SecurityGroups = cands
		notes = append(notes, "security group "+cands[0])
	}
	if len(notes) == 0 {
		return env, "", nil
	}
	return env, "environment inferred: " + strings.Join(notes, "; ") + " (override with --subnets and --security-groups)", nil
}

// isPrivateSubnet reports whether s's effective route table has no route to an internet
// gateway (a subnet without a known table counts as private).
func isPrivateSubnet(ix *model.Index, s *model.Subnet) bool {
	rt := ix.SubnetRouteTable[s.ID]
	if rt == nil {
		return true
	}
	for _, r := range rt.Routes {
		if r.Target.Kind == model.TargetInternetGateway {
			if g := ix.InternetGateways[r.Target.ID]; g == nil || !g.Egress {
				return false
			}
		}
	}
	return true
}

// WithEnvironment returns a shallow copy of a whose only environment is env, with the
// routing mode given ("" keeps a's).
func WithEnvironment(a *model.Architecture, env *model.Environment, routing string) *model.Architecture {
	cp := *a
	cp.Environments = []*model.Environment{env}
	if routing != "" {
		cp.Routing = routing
	}
	return &cp
}
