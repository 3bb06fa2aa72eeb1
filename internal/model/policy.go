package model

import "strings"

// PolicyDocument is an IAM policy document (identity, resource, trust, key or endpoint
// policy). Strings are symbolic (see package doc).
type PolicyDocument struct {
	Version    string
	Statements []Statement
	Source     Source
}

// Statement is one policy statement. Single values from the source are normalised to
// one-element lists. NotAction/NotResource/NotPrincipal are kept apart.
type Statement struct {
	Sid          string
	Effect       string              // "Allow" or "Deny"
	Principal    map[string][]string // "AWS", "Service", "Federated", "CanonicalUser"; {"*": ["*"]} for "*"
	NotPrincipal map[string][]string
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Condition maps operator -> key -> values, e.g.
	// {"Bool": {"aws:SecureTransport": ["false"]}}.
	Condition map[string]map[string][]string
	Source    Source
}

// Allows reports whether st is an Allow statement.
func (st Statement) Allows() bool { return strings.EqualFold(st.Effect, "Allow") }

// HasAction reports whether st names action (case-insensitive, with IAM's * and ?
// wildcards in st's actions), e.g. HasAction("s3:GetObject") is true for "s3:Get*".
func (st Statement) HasAction(action string) bool {
	for _, a := range st.Action {
		if WildcardMatch(strings.ToLower(a), strings.ToLower(action)) {
			return true
		}
	}
	return false
}

// WildcardMatch matches s against an IAM pattern with * (any run) and ? (any one char).
// It is case-sensitive; lower-case both sides for actions.
func WildcardMatch(pattern, s string) bool {
	// Iterative glob match with backtracking on the last star.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
