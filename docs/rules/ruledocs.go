// Package ruledocs holds the rule pages of mwaanet check, one Markdown page per
// requirement (NET-05.md covers NET-05/self-reference and NET-05/path) and INPUT.md for the
// template reader's INPUT rules, and embeds them so that `mwaanet explain` works offline
// with nothing but the binary.
//
// The pages are the single source: they live in docs/rules/ where GitHub shows them and
// the SARIF help links point, and this package sits beside them because go:embed cannot
// reach a parent directory. The package must never hold logic of its own beyond finding
// a page: what a rule does is decided in internal/rules.
package ruledocs

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.md
var pages embed.FS

// BaseURL is where the pages are published: the repository's docs/rules on main.
const BaseURL = "https://github.com/mwaanet/mwaanet/blob/main/docs/rules/"

// Index is the name of the index page (not a rule page).
const Index = "README"

// PageName is the page a rule or requirement ID is documented on, without ".md":
// "NET-05/path" -> "NET-05", "INPUT/cfn-duplicate-key" -> "INPUT", "net-05" -> "NET-05".
func PageName(id string) string {
	id = strings.ToUpper(strings.TrimSpace(id))
	if i := strings.IndexByte(id, '/'); i >= 0 {
		id = id[:i]
	}
	return id
}

// URL is the published address of the page that documents rule id.
func URL(id string) string { return BaseURL + PageName(id) + ".md" }

// Names lists the rule pages (without ".md" and without the index), sorted.
func Names() []string {
	entries, _ := fs.ReadDir(pages, ".")
	var out []string
	for _, e := range entries {
		n := strings.TrimSuffix(e.Name(), ".md")
		if n != Index {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Page returns the Markdown of the page documenting id (a requirement or rule ID, any
// case), or false when there is none.
func Page(id string) ([]byte, bool) {
	name := PageName(id)
	if name == "" || name == Index || strings.ContainsAny(name, `.\`) {
		return nil, false
	}
	b, err := pages.ReadFile(name + ".md")
	if err != nil {
		return nil, false
	}
	return b, true
}

// Readable is the page as a person reads it in a terminal: the test directives (HTML
// comments on lines of their own, which GitHub hides too) are left out.
func Readable(page []byte) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(page), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->") {
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

// Summary is the part of a page before its examples ("## Examples"): what MWAA needs, the
// AWS documentation, what mwaanet checks. SARIF carries it as the rule's help text.
func Summary(page []byte) string {
	s := Readable(page)
	if i := strings.Index(s, "\n## Examples"); i >= 0 {
		s = s[:i+1]
	}
	return strings.TrimSpace(s) + "\n"
}
