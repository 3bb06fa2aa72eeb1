// Package mwaaversions knows the Apache Airflow versions Amazon MWAA offers: for each, its
// Python and base image, whether MWAA still creates environments with it, and the Python
// packages its image already has (installed, and pinned by the Airflow constraints file
// the image is built with). The data is embedded from data/: versions.txt is written by
// hand from the MWAA user guide (its sources are in its header), and VERSION.txt by ./gen
// from AWS's image sources (each file records its source repository, commit and date):
//
//   - 2.9.2 and later from https://github.com/aws/amazon-mwaa-docker-images, the source of
//     the MWAA images, whose bill of materials lists what each image installs;
//   - 2.4.3 to 2.8.1 from https://github.com/aws/aws-mwaa-local-runner, AWS's local copy
//     of the MWAA image, one branch per version. It records no bill of materials, so what
//     those images install is approximated from how they are built (docker/script/
//     bootstrap.sh): the packages it names, with MWAA's base providers, at the pin of the
//     constraints file it builds with, and for their dependencies what the constraints
//     pin and the 2.9.2 image installs (providers and what only 2.9.2's build adds
//     excepted). A dependency those images had and 2.9.2 no longer has is missing, so
//     reported as needing a wheel; each file's header says the same.
//
// Regenerate the package data with (clones of both repositories, or bare mirrors):
//
//	MWAA_IMAGES=/path/to/amazon-mwaa-docker-images MWAA_LOCAL_RUNNER=/path/to/aws-mwaa-local-runner \
//	DATE=YYYY-MM-DD go generate ./internal/mwaaversions
package mwaaversions

//go:generate sh -c "go run ./gen -repo $MWAA_IMAGES -local-runner $MWAA_LOCAL_RUNNER -date $DATE -out data"

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/*.txt
var dataFS embed.FS

// Status says whether MWAA creates new environments with a version.
type Status string

const (
	// Offered versions can be chosen for a new environment.
	Offered Status = "offered"
	// Retired versions can no longer be chosen for a new environment.
	Retired Status = "retired"
)

// Version is one Airflow version of MWAA.
type Version struct {
	Airflow string // "3.3.1"
	Python  string // X.Y.Z; .0 where the patch level is not published
	// AmazonLinux is the image's base: "2023" or "2".
	AmazonLinux string
	Status      Status
	// EndOfSupport is the date (YYYY-MM-DD) MWAA ended or ends support, "" when not
	// recorded.
	EndOfSupport string
	// Packages is false when the image's packages are not embedded: then Installed and
	// Constraints are empty and say nothing.
	Packages bool
	// ConstraintsURL is the Airflow constraints file the image is built with.
	ConstraintsURL string
	// AppliesConstraints is true where MWAA applies ConstraintsURL to requirements that
	// name no constraints file: "Beginning with Apache Airflow v2.7.2, your requirements
	// file must include a --constraint statement. If you don't provide a constraint,
	// Amazon MWAA will specify one for you" (user guide, airflow-versions.html). Before
	// 2.7.2 pip installs requirements.txt as written.
	AppliesConstraints bool
	// Source is the header of the package data: where it was read, and when.
	Source string
	// Installed maps a normalized project name to its version in the image.
	Installed map[string]string
	// Constraints maps a normalized project name to the version the constraints pin.
	Constraints map[string]string
}

// PythonMinor is "3.12" of "3.12.13".
func (v Version) PythonMinor() string {
	parts := strings.SplitN(v.Python, ".", 3)
	if len(parts) < 2 {
		return v.Python
	}
	return parts[0] + "." + parts[1]
}

var (
	loadOnce sync.Once
	all      []Version
	loadErr  error
)

func load() {
	loadOnce.Do(func() { all, loadErr = parseAll() })
	if loadErr != nil {
		panic("mwaaversions: embedded data: " + loadErr.Error()) // a build defect, caught by the tests
	}
}

func parseAll() ([]Version, error) {
	raw, err := dataFS.ReadFile("data/versions.txt")
	if err != nil {
		return nil, err
	}
	var out []Version
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Fields(t)
		if len(f) != 5 {
			return nil, fmt.Errorf("versions.txt:%d: expected 5 columns", line)
		}
		v := Version{Airflow: f[0], Python: f[1], AmazonLinux: f[2], Status: Status(f[3])}
		v.AppliesConstraints = Compare(v.Airflow, "2.7.2") >= 0
		if f[4] != "-" {
			v.EndOfSupport = f[4]
		}
		if v.Status != Offered && v.Status != Retired {
			return nil, fmt.Errorf("versions.txt:%d: status %q", line, f[3])
		}
		if pkg, err := dataFS.ReadFile("data/" + v.Airflow + ".txt"); err == nil {
			if err := parsePackages(&v, string(pkg)); err != nil {
				return nil, fmt.Errorf("%s.txt: %v", v.Airflow, err)
			}
		}
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool { return Compare(out[i].Airflow, out[j].Airflow) > 0 })
	return out, nil
}

func parsePackages(v *Version, data string) error {
	v.Packages = true
	v.Installed, v.Constraints = map[string]string{}, map[string]string{}
	var src []string
	for i, l := range strings.Split(data, "\n") {
		if strings.HasPrefix(l, "#") {
			src = append(src, strings.TrimSpace(strings.TrimPrefix(l, "#")))
			continue
		}
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		bad := func(what string) error { return fmt.Errorf("line %d: %s", i+1, what) }
		switch f[0] {
		case "airflow":
			if len(f) != 2 || f[1] != v.Airflow {
				return bad("airflow version differs from versions.txt")
			}
		case "python":
			if len(f) != 2 || f[1] != v.Python {
				return bad("python differs from versions.txt")
			}
		case "os":
			if len(f) != 4 || f[3] != v.AmazonLinux {
				return bad("os differs from versions.txt")
			}
		case "constraints":
			if len(f) != 2 {
				return bad("expected constraints URL")
			}
			v.ConstraintsURL = f[1]
		case "i", "c", "ic":
			if len(f) != 3 {
				return bad("expected KIND NAME VERSION")
			}
			if strings.Contains(f[0], "i") {
				v.Installed[f[1]] = f[2]
			}
			if strings.Contains(f[0], "c") {
				v.Constraints[f[1]] = f[2]
			}
		default:
			return bad("unknown line kind " + strconv.Quote(f[0]))
		}
	}
	v.Source = strings.Join(src, "\n")
	return nil
}

// All returns every version MWAA offers or offered, newest first.
func All() []Version {
	load()
	return append([]Version(nil), all...)
}

// Lookup returns the version named exactly ("3.3.1").
func Lookup(airflow string) (Version, bool) {
	load()
	for _, v := range all {
		if v.Airflow == airflow {
			return v, true
		}
	}
	return Version{}, false
}

// OfferedVersions lists the versions MWAA creates new environments with, newest first.
func OfferedVersions() []string {
	load()
	var out []string
	for _, v := range all {
		if v.Status == Offered {
			out = append(out, v.Airflow)
		}
	}
	return out
}

// Default is the version MWAA uses when a new environment names none: the newest it
// offers ("If you do not specify an image version when you create an environment, Amazon
// MWAA creates an environment using the latest supported version").
func Default() string { return OfferedVersions()[0] }

// UnknownError says that a version is not one MWAA ever offered.
type UnknownError struct {
	Version    string
	Suggestion string // "" when none is close
}

func (e *UnknownError) Error() string {
	s := fmt.Sprintf("Airflow version %s is not one MWAA offers", strconv.Quote(e.Version))
	if e.Suggestion != "" {
		s += fmt.Sprintf(" (did you mean %s?)", e.Suggestion)
	}
	return s + ": expected one of " + strings.Join(OfferedVersions(), ", ")
}

// RetiredError says that MWAA no longer creates environments with a version.
type RetiredError struct{ Version Version }

func (e *RetiredError) Error() string {
	when := "its end-of-support date is not recorded here"
	if e.Version.EndOfSupport != "" {
		when = "end of support " + e.Version.EndOfSupport
	}
	return fmt.Sprintf("MWAA no longer creates environments with Airflow %s (%s): choose one of %s", e.Version.Airflow, when, strings.Join(OfferedVersions(), ", "))
}

// ForNewEnvironment returns the version for a new environment, or an *UnknownError (not a
// version MWAA ever had, with a suggestion) or a *RetiredError (no longer offered).
func ForNewEnvironment(airflow string) (Version, error) {
	v, ok := Lookup(airflow)
	if !ok {
		return Version{}, &UnknownError{Version: airflow, Suggestion: Suggest(airflow)}
	}
	if v.Status != Offered {
		return v, &RetiredError{Version: v}
	}
	return v, nil
}

// Suggest returns the offered version closest to s: the newest with the same major and
// minor, else with the same major; "" when s shares no major version with one (9.9.9).
func Suggest(s string) string {
	want := numbers(strings.TrimPrefix(strings.TrimSpace(s), "v"))
	if len(want) == 0 {
		return ""
	}
	best, bestScore := "", 0
	for _, o := range OfferedVersions() {
		have := numbers(o)
		score := 0
		for i := 0; i < len(want) && i < len(have) && i < 2 && want[i] == have[i]; i++ {
			score++
		}
		if score > bestScore {
			best, bestScore = o, score
		}
	}
	return best
}

func numbers(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return out
		}
		out = append(out, n)
	}
	return out
}

// Compare orders two X.Y.Z versions numerically (-1, 0, 1).
func Compare(a, b string) int {
	na, nb := numbers(a), numbers(b)
	for i := 0; i < len(na) || i < len(nb); i++ {
		x, y := 0, 0
		if i < len(na) {
			x = na[i]
		}
		if i < len(nb) {
			y = nb[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
