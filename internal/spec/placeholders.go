package spec

import (
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// RulePlaceholder is the rule of the finding Placeholders returns.
const RulePlaceholder = "INPUT/spec-placeholder"

// Placeholders returns a warning when the spec still holds IDs of the existing VPC that
// `mwaanet init --use-case 4` writes as placeholders (vpc-0123456789abcdef0, ...): no
// such VPC exists, so a template synthesized from it cannot deploy. The placeholders are
// read from the embedded use case itself, so the two never disagree. It is a warning,
// not an error: the spec is valid and the rest of it can be checked and synthesized.
func (s *Spec) Placeholders() []model.Finding {
	e := s.VPC.Existing
	if e == nil {
		return nil
	}
	placeholders := map[string]bool{}
	if u4, err := UseCase(4); err == nil && u4.VPC.Existing != nil {
		placeholders[u4.VPC.Existing.VPCID] = true
		for _, sn := range u4.VPC.Existing.Subnets {
			placeholders[sn.ID], placeholders[sn.RouteTableID] = true, true
		}
	}
	delete(placeholders, "")
	type use struct{ path, id string }
	var uses []use
	add := func(path, id string) {
		if placeholders[id] {
			uses = append(uses, use{path, id})
		}
	}
	add("vpc.existing.vpcId", e.VPCID)
	for i, sn := range e.Subnets {
		add(fmt.Sprintf("vpc.existing.subnets[%d].id", i), sn.ID)
		add(fmt.Sprintf("vpc.existing.subnets[%d].routeTableId", i), sn.RouteTableID)
	}
	if len(uses) == 0 {
		return nil
	}
	list := make([]string, len(uses))
	for i, u := range uses {
		list[i] = u.path + " " + u.id
	}
	return []model.Finding{{
		Rule: RulePlaceholder, Requirement: "INPUT", Severity: model.SeverityWarning,
		Resource: uses[0].id, Source: s.Source(uses[0].path),
		Message: "the spec still holds the placeholder IDs mwaanet init --use-case 4 writes: " + strings.Join(list, ", ") +
			"; no such VPC exists, so what synth builds from it cannot deploy",
		Fix: "replace them with the IDs of your VPC, its two private subnets and their route tables (aws ec2 describe-subnets)",
	}}
}
