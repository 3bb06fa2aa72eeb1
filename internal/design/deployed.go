package design

import (
	"fmt"
	"slices"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/rules"
)

// Deployed returns the architecture the existing VPC has once the template of delta
// (what BuildExisting returned) is deployed on it: delta's new objects first, so that
// its environment is the one Environment() returns (the snapshot may hold another), then
// existing's objects. Delta's copies of existing objects (the VPC and subnets it names by
// AWS ID) are dropped for existing's, delta's rules on existing security groups join those
// groups, and what delta says is unknown (the spec's blind spots) is left to existing.
// Neither input is changed.
func Deployed(existing, delta *model.Architecture) (*model.Architecture, error) {
	ix := model.NewIndex(existing)
	d := *delta
	d.Unknown = nil
	d.VPCs = slices.DeleteFunc(slices.Clone(d.VPCs), func(v *model.VPC) bool { return ix.VPCs[v.ID] != nil })
	d.Subnets = slices.DeleteFunc(slices.Clone(d.Subnets), func(v *model.Subnet) bool { return ix.Subnets[v.ID] != nil })
	added := map[string]*model.SecurityGroup{}
	d.SecurityGroups = nil
	for _, g := range delta.SecurityGroups {
		if ix.SecurityGroups[g.ID] != nil {
			added[g.ID] = g
		} else {
			d.SecurityGroups = append(d.SecurityGroups, g)
		}
	}
	e := *existing
	e.SecurityGroups = make([]*model.SecurityGroup, 0, len(existing.SecurityGroups))
	for _, g := range existing.SecurityGroups {
		if add := added[g.ID]; add != nil {
			cp := *g
			cp.Ingress = append(slices.Clone(g.Ingress), add.Ingress...)
			cp.Egress = append(slices.Clone(g.Egress), add.Egress...)
			g = &cp
		}
		e.SecurityGroups = append(e.SecurityGroups, g)
	}
	m, err := model.Merge(&d, &e)
	if err != nil {
		return nil, fmt.Errorf("deploying onto the snapshot: %w", err)
	}
	return m, nil
}

// verify checks the deployed architecture against every rule, as `mwaanet check DIR
// template.yaml` would, and turns each error finding of a requirement that no error note
// covers yet into an error note: what the explicit comparisons do not foresee (a network
// ACL that blocks, an endpoint policy, too few free addresses) still reaches the user.
func (x *existingBuilder) verify() {
	m, err := Deployed(x.snap, x.a)
	if err != nil {
		x.note(model.SeverityWarning, "", "", model.Source{}, "", "the result could not be checked against the snapshot: %v", err)
		return
	}
	covered := map[string]bool{}
	for _, n := range x.notes {
		if n.Severity == model.SeverityError {
			covered[n.Requirement] = true
		}
	}
	for _, f := range rules.Check(m) {
		if f.Severity != model.SeverityError || covered[f.Requirement] {
			continue
		}
		x.note(model.SeverityError, f.Requirement, f.Resource, f.Source, f.Fix,
			"with the template deployed, check still finds: %s", f.Message)
	}
}
