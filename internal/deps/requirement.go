package deps

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Requirement is a PEP 508 dependency specification: "name[extra1,extra2] (>=1,<2) ;
// python_version < '3.12'" or "name @ https://...".
type Requirement struct {
	Name      string // as written
	Canonical string // normalized (PEP 503)
	Extras    []string
	Specifier SpecifierSet
	URL       string
	Marker    *Marker
	Text      string // the original text
}

var (
	nameRE       = regexp.MustCompile(`^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)`)
	normalizeRE  = regexp.MustCompile(`[-_.]+`)
	extraNameRE  = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$`)
	specOpPrefix = regexp.MustCompile(`^\s*(~=|===|==|!=|<=|>=|<|>)`)
)

// NormalizeName returns the PEP 503 normalized form of a project or extra name.
func NormalizeName(s string) string {
	return strings.ToLower(normalizeRE.ReplaceAllString(strings.TrimSpace(s), "-"))
}

// ParseRequirement parses one PEP 508 line (without pip options).
func ParseRequirement(s string) (*Requirement, error) {
	text := strings.TrimSpace(s)
	m := nameRE.FindStringSubmatchIndex(text)
	if m == nil {
		return nil, fmt.Errorf("%s is not a requirement: expected a project name first", quote(text))
	}
	r := &Requirement{Name: text[m[2]:m[3]], Text: text}
	r.Canonical = NormalizeName(r.Name)
	rest := strings.TrimSpace(text[m[1]:])

	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, fmt.Errorf("%s: extras are not closed: expected ']'", quote(text))
		}
		seen := map[string]bool{}
		for _, e := range strings.Split(rest[1:end], ",") {
			e = strings.TrimSpace(e)
			if e == "" {
				continue
			}
			if !extraNameRE.MatchString(e) {
				return nil, fmt.Errorf("%s: %s is not an extra name", quote(text), quote(e))
			}
			if n := NormalizeName(e); !seen[n] {
				seen[n] = true
				r.Extras = append(r.Extras, n)
			}
		}
		sort.Strings(r.Extras)
		rest = strings.TrimSpace(rest[end+1:])
	}

	markerText := ""
	if strings.HasPrefix(rest, "@") {
		rest = strings.TrimSpace(rest[1:])
		// The URL ends at whitespace; a marker after it needs " ;".
		url := rest
		if i := strings.IndexAny(rest, " \t"); i >= 0 {
			url, rest = rest[:i], strings.TrimSpace(rest[i:])
			if !strings.HasPrefix(rest, ";") {
				return nil, fmt.Errorf("%s: unexpected %s after the URL: expected ';' and a marker", quote(text), quote(rest))
			}
			markerText = rest[1:]
		} else {
			rest = ""
		}
		if url == "" {
			return nil, fmt.Errorf("%s: expected a URL after '@'", quote(text))
		}
		r.URL = url
	} else {
		spec := rest
		if i := strings.IndexByte(rest, ';'); i >= 0 {
			spec, markerText = rest[:i], rest[i+1:]
			if strings.TrimSpace(markerText) == "" {
				return nil, fmt.Errorf("%s: expected a marker after ';'", quote(text))
			}
		}
		spec = strings.TrimSpace(spec)
		if strings.HasPrefix(spec, "(") {
			if !strings.HasSuffix(spec, ")") {
				return nil, fmt.Errorf("%s: version specifier not closed: expected ')'", quote(text))
			}
			spec = strings.TrimSpace(spec[1 : len(spec)-1])
		}
		if spec != "" && !specOpPrefix.MatchString(spec) {
			return nil, fmt.Errorf("%s: unexpected %s after the name: expected a version specifier, extras, '@ URL' or ';'", quote(text), quote(spec))
		}
		set, err := ParseSpecifierSet(spec)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", quote(text), err)
		}
		r.Specifier = set
	}
	if strings.TrimSpace(markerText) != "" {
		mk, err := ParseMarker(markerText)
		if err != nil {
			return nil, err
		}
		r.Marker = mk
	}
	return r, nil
}

// String renders the requirement in a normalized form.
func (r *Requirement) String() string {
	var b strings.Builder
	b.WriteString(r.Canonical)
	if len(r.Extras) > 0 {
		b.WriteString("[" + strings.Join(r.Extras, ",") + "]")
	}
	if r.URL != "" {
		b.WriteString(" @ " + r.URL)
	} else {
		b.WriteString(r.Specifier.String())
	}
	if r.Marker != nil {
		b.WriteString("; " + r.Marker.String())
	}
	return b.String()
}
