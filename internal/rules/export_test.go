package rules

import "github.com/mwaanet/mwaanet/internal/model"

// For the external tests: the requirements path findings are filed under for a, and those
// a rule reports.
func PathFindingRequirements(a *model.Architecture) []string {
	var out []string
	for req := range NewContext(a).pathFindings() {
		out = append(out, req)
	}
	return out
}

func ReportedPathRequirements() []string {
	return append(append([]string{}, pathRequirements...), pathAlso...)
}
