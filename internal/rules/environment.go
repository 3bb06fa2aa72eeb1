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
// Zones. Security groups not given are inferred by inferSecurityGroup. The returned note
// says what was inferred and why ("" when nothing was); the error says why nothing
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
		if unread := unreadParts(a); unread != "" {
			// The reader could not read all of the input (a Terraform module that
			// terraform init has not installed, a count known only after apply): the
			// environment and its network may be there, so say what was not read and how
			// to make it readable.
			return nil, "", fmt.Errorf("the input has no MWAA environment and no network (no VPC or subnet) that mwaanet could read; %s", unread)
		}
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
		g, why, err := inferSecurityGroup(a, ix, env.Subnets)
		if err != nil {
			return nil, "", err
		}
		env.SecurityGroups = []string{g}
		notes = append(notes, "security group "+g+" ("+why+")")
	}
	if len(notes) == 0 {
		return env, "", nil
	}
	return env, "environment inferred: " + strings.Join(notes, "; ") + " (override with --subnets and --security-groups)", nil
}

// unreadParts says which parts of an input its reader could not read, when the reader
// marked network facts as unknown (resources that may be VPCs, subnets, routes or the
// environment itself): the reader's findings with a fix (at most three, then how many
// more), and the first fix. "" when the reader read all of the network.
func unreadParts(a *model.Architecture) string {
	hidden := false
	for _, k := range []string{model.UnknownVPCs, model.UnknownSubnets, model.UnknownRouteTables, model.UnknownEnvironment} {
		hidden = hidden || a.IsUnknown(k)
	}
	if !hidden {
		return ""
	}
	var msgs []string
	fix := ""
	for _, f := range a.IngestFindings {
		if f.Fix == "" || f.Severity == model.SeverityError {
			continue
		}
		msgs = append(msgs, f.Message)
		if fix == "" {
			fix = f.Fix
		}
	}
	if len(msgs) == 0 {
		return ""
	}
	more := ""
	if len(msgs) > 3 {
		more = fmt.Sprintf(" (and %d more)", len(msgs)-3)
		msgs = msgs[:3]
	}
	return "it could not read: " + strings.Join(msgs, "; ") + more + "; fix: " + fix
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

// inferSecurityGroup picks the environment's security group in the VPC of subnets: the
// VPC's one group that is not its default group and that no endpoint or Client VPN uses;
// failing that, the one group that the VPC's interface endpoints use. The MWAA user guide
// (vpc-create, the no-internet template, and vpc-security) lets the environment and its
// VPC endpoints share one security group that allows all traffic from itself, so a group
// the endpoints use is a candidate too, second to a group of the environment's own. A
// Client VPN's group never is (its clients are not the environment). It returns the
// group's ID and why it was chosen.
func inferSecurityGroup(a *model.Architecture, ix *model.Index, subnets []string) (string, string, error) {
	vpc := ""
	for _, s := range subnets {
		if sn := ix.Subnets[s]; sn != nil && sn.VPC != "" {
			vpc = sn.VPC
			break
		}
	}
	endpoint := map[string]bool{}
	for _, ep := range a.Endpoints {
		for _, g := range ep.SecurityGroups {
			endpoint[g] = true
		}
	}
	vpn := map[string]bool{}
	for _, cv := range a.ClientVPNs {
		for _, g := range cv.SecurityGroups {
			vpn[g] = true
		}
	}
	var own, shared []string
	for _, g := range a.SecurityGroups {
		if g.VPC != vpc || g.Name == "default" || vpn[g.ID] {
			continue
		}
		if endpoint[g.ID] {
			shared = append(shared, g.ID)
		} else {
			own = append(own, g.ID)
		}
	}
	inVPC := "VPC " + vpc
	if vpc == "" {
		inVPC = "the environment's VPC (not in the input)"
	}
	switch {
	case len(own) == 1:
		return own[0], "the only security group in " + inVPC + " that is neither its default group nor used by an endpoint or Client VPN", nil
	case len(own) == 0 && len(shared) == 1:
		return shared[0], "the only security group in " + inVPC + " other than its default group; its VPC endpoints use it too, which the MWAA user guide allows", nil
	case len(own) > 1:
		return "", "", fmt.Errorf("the input has no MWAA environment and %d security groups in %s that could be the environment's (%s); give --security-groups X", len(own), inVPC, strings.Join(own, ", "))
	case len(shared) > 1:
		return "", "", fmt.Errorf("the input has no MWAA environment, and the security groups in %s other than its default group are all used by VPC endpoints (%s); give --security-groups X with the environment's", inVPC, strings.Join(shared, ", "))
	}
	return "", "", fmt.Errorf("the input has no MWAA environment and no security group in %s other than its default group (and those of Client VPNs); give --security-groups X", inVPC)
}
