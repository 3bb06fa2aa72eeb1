package model

import "sort"

// Severity of a finding.
type Severity string

const (
	// SeverityError: creation fails or the environment cannot work.
	SeverityError Severity = "error"
	// SeverityWarning: it works but breaks guidance.
	SeverityWarning Severity = "warning"
	// SeverityInfo: worth knowing; includes "not verifiable from this input".
	SeverityInfo Severity = "info"
)

// Rank orders severities: error 3, warning 2, info 1.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// Finding is one result of a check: which rule, which requirement, how bad, which object,
// where it was declared, what is wrong and how to fix it.
type Finding struct {
	Rule        string   `json:"rule"`        // stable rule ID, e.g. "NET-05/self-reference"
	Requirement string   `json:"requirement"` // requirement ID, e.g. "NET-05"
	Severity    Severity `json:"severity"`
	Resource    string   `json:"resource"` // logical ID, AWS ID or Terraform address
	Source      Source   `json:"-"`
	Message     string   `json:"message"`
	Fix         string   `json:"fix,omitempty"`
	// Related lists other places that matter (the second of two duplicates, the route
	// table a subnet uses, ...).
	Related []Source `json:"related,omitempty"`
}

// SortFindings orders findings deterministically: most severe first, then by file
// position, rule, resource and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if a.Source.File != b.Source.File {
			return a.Source.File < b.Source.File
		}
		if a.Source.Line != b.Source.Line {
			return a.Source.Line < b.Source.Line
		}
		if a.Source.Column != b.Source.Column {
			return a.Source.Column < b.Source.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Message < b.Message
	})
}
