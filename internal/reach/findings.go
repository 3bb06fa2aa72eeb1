package reach

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Findings turns a result that does not meet its expectation into findings for check:
//
//   - expected reachable, not reachable: one error per blocking hop, at the rule or
//     component that blocks, with its fix;
//   - expected unreachable, reachable (even partially): one error at the first hop;
//   - undetermined: one info finding per unknown ("not verifiable from this input").
//
// The rule ID is the requirement followed by "/path" (e.g. "PRV-03/path"). A result
// that meets its expectation, or has none, gives no findings.
func (r *Result) Findings() []model.Finding {
	q := r.Query
	if q.Expect == ExpectNothing || (r.MeetsExpectation() && r.State != Undetermined) {
		return nil
	}
	rule := q.Requirement + "/path"
	var out []model.Finding
	switch {
	case r.State == Undetermined:
		for _, h := range r.Unknowns {
			out = append(out, model.Finding{Rule: rule, Requirement: q.Requirement, Severity: model.SeverityInfo,
				Resource: h.ID, Source: h.Where.Source,
				Message: fmt.Sprintf("%s: not verifiable from this input: %s", q, h.Message)})
		}
	case q.Expect == ExpectReachable:
		for _, h := range r.Blocks {
			out = append(out, model.Finding{Rule: rule, Requirement: q.Requirement, Severity: model.SeverityError,
				Resource: h.ID, Source: h.Where.Source,
				Message: fmt.Sprintf("%s must be reachable (%s) but is not: %s: %s", q, q.Why, h.Code, h.Message),
				Fix:     h.Fix})
		}
	default: // expected unreachable, some path gets through
		f := model.Finding{Rule: rule, Requirement: q.Requirement, Severity: model.SeverityError,
			Message: fmt.Sprintf("%s must not be reachable (%s) but is", q, q.Why),
			Fix:     "trace it with mwaanet trace --from " + q.From + " --to " + q.To + " and close the path"}
		for _, p := range r.Paths {
			if p.State == Reachable && len(p.Hops) > 0 {
				f.Resource, f.Source = p.Hops[0].ID, p.Hops[0].Where.Source
				break
			}
		}
		out = append(out, f)
	}
	return out
}
