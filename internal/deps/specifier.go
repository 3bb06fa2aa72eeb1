package deps

import (
	"fmt"
	"regexp"
	"strings"
)

// Specifier is one PEP 440 version clause: "~=1.4.2", "==2.*", "!=1.5", ">=1.0rc1",
// "===foobar".
type Specifier struct {
	Op       string // ~= == != <= >= < > ===
	Raw      string // the version text after the operator, trimmed
	Version  Version
	Wildcard bool // == or != with a trailing .*
}

// SpecifierSet is a comma-separated list of clauses, all of which must hold. The empty set
// allows every version.
type SpecifierSet []Specifier

var specRE = regexp.MustCompile(`^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$`)

// ParseSpecifier parses one clause.
func ParseSpecifier(s string) (Specifier, error) {
	m := specRE.FindStringSubmatch(s)
	if m == nil {
		return Specifier{}, fmt.Errorf("%s is not a version specifier: expected an operator (~= == != <= >= < > ===) and a version", quote(strings.TrimSpace(s)))
	}
	sp := Specifier{Op: m[1], Raw: m[2]}
	if sp.Op == "===" {
		return sp, nil
	}
	text := sp.Raw
	if strings.HasSuffix(text, ".*") {
		if sp.Op != "==" && sp.Op != "!=" {
			return Specifier{}, fmt.Errorf("%s: a trailing .* is only allowed with == and !=", quote(strings.TrimSpace(s)))
		}
		sp.Wildcard = true
		text = strings.TrimSuffix(text, ".*")
	}
	v, err := ParseVersion(text)
	if err != nil {
		return Specifier{}, fmt.Errorf("%s: %v", quote(strings.TrimSpace(s)), err)
	}
	if sp.Wildcard && v.Local != nil {
		return Specifier{}, fmt.Errorf("%s: a prefix match cannot have a local version", quote(strings.TrimSpace(s)))
	}
	if v.Local != nil && sp.Op != "==" && sp.Op != "!=" {
		return Specifier{}, fmt.Errorf("%s: a local version is only allowed with == and !=", quote(strings.TrimSpace(s)))
	}
	if sp.Op == "~=" && len(v.Release) < 2 {
		return Specifier{}, fmt.Errorf("%s: ~= needs at least two release segments (~=1.0, not ~=1)", quote(strings.TrimSpace(s)))
	}
	sp.Version = v
	return sp, nil
}

// ParseSpecifierSet parses "", ">=1.0,<2", "==1.*, !=1.3".
func ParseSpecifierSet(s string) (SpecifierSet, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var set SpecifierSet
	for _, part := range strings.Split(s, ",") {
		sp, err := ParseSpecifier(part)
		if err != nil {
			return nil, err
		}
		set = append(set, sp)
	}
	return set, nil
}

func (s Specifier) String() string {
	if s.Wildcard {
		return s.Op + s.Version.String() + ".*"
	}
	if s.Op == "===" {
		return s.Op + s.Raw
	}
	return s.Op + s.Version.String()
}

func (s SpecifierSet) String() string {
	parts := make([]string, len(s))
	for i, sp := range s {
		parts[i] = sp.String()
	}
	return strings.Join(parts, ",")
}

// Match reports whether v (spelled raw, for ===) satisfies the clause, pre-releases
// aside (see SpecifierSet.Contains).
func (s Specifier) Match(v Version, raw string) bool {
	switch s.Op {
	case "===":
		return strings.EqualFold(strings.TrimSpace(raw), s.Raw)
	case "==":
		return s.equal(v)
	case "!=":
		return !s.equal(v)
	case "~=":
		prefix := Specifier{Op: "==", Wildcard: true, Version: Version{Epoch: s.Version.Epoch, Release: s.Version.Release[:len(s.Version.Release)-1]}}
		return v.Public().Compare(s.Version) >= 0 && prefix.equal(v)
	case "<=":
		return v.Public().Compare(s.Version) <= 0
	case ">=":
		return v.Public().Compare(s.Version) >= 0
	case "<":
		if v.Compare(s.Version) >= 0 {
			return false
		}
		// <V excludes pre-releases of V itself unless V is one.
		if !s.Version.IsPrerelease() && v.IsPrerelease() && v.Base().Compare(s.Version.Base()) == 0 {
			return false
		}
		return true
	case ">":
		if v.Compare(s.Version) <= 0 {
			return false
		}
		// >V excludes post-releases of V unless V is one, and local versions of V.
		if !s.Version.HasPost && v.HasPost && v.Base().Compare(s.Version.Base()) == 0 {
			return false
		}
		if v.Local != nil && v.Public().Compare(s.Version) == 0 {
			return false
		}
		return true
	}
	return false
}

func (s Specifier) equal(v Version) bool {
	if !s.Wildcard {
		if s.Version.Local != nil {
			return v.Compare(s.Version) == 0
		}
		return v.Public().Compare(s.Version) == 0
	}
	// Prefix match: compare the components of the normalized forms, the candidate's
	// release padded with zeros to the prefix's length.
	if v.Epoch != s.Version.Epoch {
		return false
	}
	want := components(s.Version, len(s.Version.Release))
	n := len(s.Version.Release)
	if len(v.Release) > n {
		n = len(v.Release)
	}
	got := components(v.Public(), n)
	if len(got) < len(want) {
		return false
	}
	for i := range want {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// components splits a version into its release numbers (padded to n) followed by its
// pre, post and dev parts.
func components(v Version, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		x := 0
		if i < len(v.Release) {
			x = v.Release[i]
		}
		out = append(out, fmt.Sprint(x))
	}
	if v.PreL != "" {
		out = append(out, fmt.Sprintf("%s%d", v.PreL, v.PreN))
	}
	if v.HasPost {
		out = append(out, fmt.Sprintf("post%d", v.Post))
	}
	if v.HasDev {
		out = append(out, fmt.Sprintf("dev%d", v.Dev))
	}
	return out
}

// AllowsPrereleases reports whether a clause names a pre-release, which lets pre-releases
// match the set (PEP 440: "pre-releases are excluded unless explicitly requested").
func (s SpecifierSet) AllowsPrereleases() bool {
	for _, sp := range s {
		if sp.Op == "!=" || sp.Op == "===" {
			continue
		}
		if sp.Version.IsPrerelease() {
			return true
		}
	}
	return false
}

// Contains reports whether v satisfies every clause. Pre-releases match only when
// prereleases is true or a clause names one.
func (s SpecifierSet) Contains(v Version, raw string, prereleases bool) bool {
	if v.IsPrerelease() && !prereleases && !s.AllowsPrereleases() {
		return false
	}
	for _, sp := range s {
		if !sp.Match(v, raw) {
			return false
		}
	}
	return true
}
