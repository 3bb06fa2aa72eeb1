// Package deps checks the Python dependencies of an MWAA environment that installs them
// without a package index (PRV-08): it reads requirements.txt (PEP 508 lines and pip's
// options), reads the wheels shipped in plugins.zip (file name tags and METADATA), and
// resolves the dependency closure the way `pip install --no-index --find-links` would on
// MWAA's Python and platform (Linux x86_64, glibc of the image), reporting every
// requirement no wheel satisfies, wheels that cannot install there, version conflicts and
// a requirements file that would reach for an index.
//
// The version and specifier rules are PEP 440's and the marker rules PEP 508's, as the
// `packaging` library implements them. The package never downloads anything: it prints
// the `pip download` command that would fetch the missing wheels.
package deps

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Version is a PEP 440 version.
type Version struct {
	Epoch   int
	Release []int
	PreL    string // "a", "b", "rc" or "" (no pre-release)
	PreN    int
	HasPost bool
	Post    int
	HasDev  bool
	Dev     int
	Local   []string // lower case segments; nil: no local version
}

var versionRE = regexp.MustCompile(`(?i)^\s*v?` +
	`(?:(?P<epoch>[0-9]+)!)?` +
	`(?P<release>[0-9]+(?:\.[0-9]+)*)` +
	`(?P<pre>[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?` +
	`(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?` +
	`(?P<dev>[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?` +
	`(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$`)

// ParseVersion parses a PEP 440 version, accepting the spellings PEP 440 normalizes
// ("1.0-alpha.1", "v1.0", "1.0.POST2").
func ParseVersion(s string) (Version, error) {
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return Version{}, fmt.Errorf("%s is not a PEP 440 version", quote(s))
	}
	g := func(name string) string { return m[versionRE.SubexpIndex(name)] }
	var v Version
	var err error
	if e := g("epoch"); e != "" {
		if v.Epoch, err = atoi(e); err != nil {
			return Version{}, err
		}
	}
	for _, p := range strings.Split(g("release"), ".") {
		n, err := atoi(p)
		if err != nil {
			return Version{}, err
		}
		v.Release = append(v.Release, n)
	}
	if g("pre") != "" {
		switch strings.ToLower(g("pre_l")) {
		case "alpha", "a":
			v.PreL = "a"
		case "beta", "b":
			v.PreL = "b"
		default:
			v.PreL = "rc"
		}
		if n := g("pre_n"); n != "" {
			if v.PreN, err = atoi(n); err != nil {
				return Version{}, err
			}
		}
	}
	if g("post") != "" {
		v.HasPost = true
		n := g("post_n1")
		if n == "" {
			n = g("post_n2")
		}
		if n != "" {
			if v.Post, err = atoi(n); err != nil {
				return Version{}, err
			}
		}
	}
	if g("dev") != "" {
		v.HasDev = true
		if n := g("dev_n"); n != "" {
			if v.Dev, err = atoi(n); err != nil {
				return Version{}, err
			}
		}
	}
	if l := g("local"); l != "" {
		v.Local = strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	}
	return v, nil
}

func atoi(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("number %s is too large", quote(s))
	}
	return n, nil
}

// MustVersion parses s or panics; for tests and constants.
func MustVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// String returns the normalized form ("1!2.0rc1.post3.dev4+local.1").
func (v Version) String() string {
	var b strings.Builder
	if v.Epoch != 0 {
		fmt.Fprintf(&b, "%d!", v.Epoch)
	}
	for i, r := range v.Release {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(r))
	}
	if v.PreL != "" {
		fmt.Fprintf(&b, "%s%d", v.PreL, v.PreN)
	}
	if v.HasPost {
		fmt.Fprintf(&b, ".post%d", v.Post)
	}
	if v.HasDev {
		fmt.Fprintf(&b, ".dev%d", v.Dev)
	}
	if v.Local != nil {
		b.WriteString("+" + strings.Join(v.Local, "."))
	}
	return b.String()
}

// IsPrerelease reports whether v is a pre-release or a development release.
func (v Version) IsPrerelease() bool { return v.PreL != "" || v.HasDev }

// Public is v without its local part.
func (v Version) Public() Version { v.Local = nil; return v }

// Base is v's epoch and release only.
func (v Version) Base() Version { return Version{Epoch: v.Epoch, Release: v.Release} }

// Compare orders versions as PEP 440 does: -1, 0 or +1.
func (v Version) Compare(w Version) int {
	if c := cmpInt(v.Epoch, w.Epoch); c != 0 {
		return c
	}
	if c := cmpRelease(v.Release, w.Release); c != 0 {
		return c
	}
	if c := cmpInt(v.preKey(), w.preKey()); c != 0 {
		return c
	}
	if v.PreL != "" && w.PreL != "" {
		if c := cmpInt(v.PreN, w.PreN); c != 0 {
			return c
		}
	}
	// post: absent sorts first
	if c := cmpOpt(v.HasPost, v.Post, w.HasPost, w.Post, false); c != 0 {
		return c
	}
	// dev: absent sorts last
	if c := cmpOpt(v.HasDev, v.Dev, w.HasDev, w.Dev, true); c != 0 {
		return c
	}
	return cmpLocal(v.Local, w.Local)
}

// preKey ranks the pre-release phase: a dev release of a final (1.0.dev1) before any
// pre-release, then a < b < rc, then no pre-release.
func (v Version) preKey() int {
	switch {
	case v.PreL == "" && !v.HasPost && v.HasDev:
		return -1
	case v.PreL == "":
		return 4
	case v.PreL == "a":
		return 1
	case v.PreL == "b":
		return 2
	}
	return 3
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpRelease(a, b []int) int {
	n := len(a)
	if len(b) > n {
		n = len(b)
	}
	for i := 0; i < n; i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := cmpInt(x, y); c != 0 {
			return c
		}
	}
	return 0
}

func cmpOpt(ha bool, a int, hb bool, b int, absentLast bool) int {
	switch {
	case ha && hb:
		return cmpInt(a, b)
	case !ha && !hb:
		return 0
	case !ha:
		if absentLast {
			return 1
		}
		return -1
	}
	if absentLast {
		return -1
	}
	return 1
}

// cmpLocal: no local sorts first; numeric segments sort after alphanumeric ones and
// compare as numbers; a shorter local that is a prefix sorts first.
func cmpLocal(a, b []string) int {
	if a == nil && b == nil {
		return 0
	}
	if a == nil {
		return -1
	}
	if b == nil {
		return 1
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		na, ea := strconv.Atoi(a[i])
		nb, eb := strconv.Atoi(b[i])
		switch {
		case ea == nil && eb == nil:
			if c := cmpInt(na, nb); c != 0 {
				return c
			}
		case ea == nil:
			return 1
		case eb == nil:
			return -1
		default:
			if c := strings.Compare(a[i], b[i]); c != 0 {
				return c
			}
		}
	}
	return cmpInt(len(a), len(b))
}
