package deps

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/mwaaversions"
)

// Platform is what MWAA's workers install wheels into.
type Platform struct {
	Airflow    string // Apache Airflow version
	Python     string // X.Y.Z (the patch level where known, else .0)
	GlibcMajor int
	GlibcMinor int
	OS         string // the image's base
}

// MWAAVersions lists the Airflow versions MWAA offers or offered, newest first, with the
// Python and glibc of their image: from package mwaaversions (the MWAA user guide's
// version table and AWS's image sources; see internal/mwaaversions/data). Images for
// 2.7.2 and later are built FROM amazonlinux:2023 (glibc 2.34), earlier ones ran on Amazon
// Linux 2 (glibc 2.26). Where the Python patch level is not published (1.10.12 to 2.2.2)
// it is .0: pass --python-version to evaluate python_full_version markers against another
// one.
var MWAAVersions = platforms()

func platforms() []Platform {
	var out []Platform
	for _, v := range mwaaversions.All() {
		p := Platform{Airflow: v.Airflow, Python: v.Python, GlibcMajor: 2, GlibcMinor: 26, OS: "Amazon Linux " + v.AmazonLinux}
		if v.AmazonLinux == "2023" {
			p.GlibcMinor = 34
		}
		out = append(out, p)
	}
	return out
}

// DefaultAirflowVersion is used when none is given: the newest version MWAA offers, as
// MWAA itself uses when an environment names none.
var DefaultAirflowVersion = mwaaversions.Default()

// PlatformFor returns the platform of an Airflow version, and pythonOverride ("3.11.9")
// replaces its Python when not "".
func PlatformFor(airflow, pythonOverride string) (Platform, error) {
	var p Platform
	found := false
	for _, v := range MWAAVersions {
		if v.Airflow == airflow {
			p, found = v, true
			break
		}
	}
	if !found {
		return Platform{}, &mwaaversions.UnknownError{Version: airflow, Suggestion: mwaaversions.Suggest(airflow)}
	}
	if pythonOverride != "" {
		v, err := ParseVersion(pythonOverride)
		if err != nil || len(v.Release) < 2 || v.Release[0] != 3 {
			return Platform{}, fmt.Errorf("Python version %s: expected 3.Y or 3.Y.Z", quote(pythonOverride))
		}
		for len(v.Release) < 3 {
			v.Release = append(v.Release, 0)
		}
		p.Python = v.String()
	}
	return p, nil
}

// PythonMinor is "3.11" of "3.11.9".
func (p Platform) PythonMinor() string {
	parts := strings.Split(p.Python, ".")
	return parts[0] + "." + parts[1]
}

func (p Platform) pythonXY() (int, int) {
	parts := strings.Split(p.Python, ".")
	x, _ := strconv.Atoi(parts[0])
	y, _ := strconv.Atoi(parts[1])
	return x, y
}

// MarkerEnv is the marker environment of the platform's workers.
func (p Platform) MarkerEnv() MarkerEnv { return MWAAMarkerEnv(p.Python) }

// MWAAMarkerEnv is the marker environment of CPython pythonFull on Linux x86_64.
func MWAAMarkerEnv(pythonFull string) MarkerEnv {
	parts := strings.Split(pythonFull, ".")
	minor := pythonFull
	if len(parts) >= 2 {
		minor = parts[0] + "." + parts[1]
	}
	return MarkerEnv{
		"python_version":                 minor,
		"python_full_version":            pythonFull,
		"os_name":                        "posix",
		"sys_platform":                   "linux",
		"platform_system":                "Linux",
		"platform_machine":               "x86_64",
		"platform_python_implementation": "CPython",
		"implementation_name":            "cpython",
		"implementation_version":         pythonFull,
		"platform_release":               "",
		"platform_version":               "",
		"extra":                          "",
	}
}

// TagSupported reports whether one wheel tag triple installs on the platform, as pip's
// compatibility tags for CPython X.Y on manylinux x86_64 decide.
func (p Platform) TagSupported(py, abi, plat string) bool {
	if !p.platformSupported(plat) {
		return false
	}
	x, y := p.pythonXY()
	cp := fmt.Sprintf("cp%d%d", x, y)
	switch {
	case abi == cp:
		return py == cp
	case abi == "abi3":
		if plat == "any" {
			return false
		}
		var px, py2 int
		if n, _ := fmt.Sscanf(py, "cp%1d%d", &px, &py2); n == 2 && px == x && py2 >= 2 && py2 <= y {
			return true
		}
		return false
	case abi == "none":
		if py == cp {
			return true
		}
		if py == fmt.Sprintf("py%d", x) {
			return true
		}
		var px, pyy int
		if n, _ := fmt.Sscanf(py, "py%1d%d", &px, &pyy); n == 2 && px == x && pyy <= y {
			return true
		}
		return false
	}
	return false
}

func (p Platform) platformSupported(plat string) bool {
	switch plat {
	case "any", "linux_x86_64":
		return true
	case "manylinux1_x86_64":
		return p.glibcAtLeast(2, 5)
	case "manylinux2010_x86_64":
		return p.glibcAtLeast(2, 12)
	case "manylinux2014_x86_64":
		return p.glibcAtLeast(2, 17)
	}
	var a, b int
	var arch string
	if n, _ := fmt.Sscanf(plat, "manylinux_%d_%d_%s", &a, &b, &arch); n == 3 && arch == "x86_64" {
		return p.glibcAtLeast(a, b)
	}
	return false
}

func (p Platform) glibcAtLeast(a, b int) bool {
	return p.GlibcMajor > a || (p.GlibcMajor == a && p.GlibcMinor >= b)
}

// DownloadPlatforms are the --platform values for `pip download` that fetch wheels this
// platform installs.
func (p Platform) DownloadPlatforms() []string {
	out := []string{fmt.Sprintf("manylinux_%d_%d_x86_64", p.GlibcMajor, p.GlibcMinor)}
	if p.glibcAtLeast(2, 17) {
		out = append(out, "manylinux2014_x86_64")
	}
	sort.Strings(out)
	return out
}

// Describe is "CPython 3.11 on Linux x86_64 (glibc 2.34, Amazon Linux 2023)".
func (p Platform) Describe() string {
	return fmt.Sprintf("CPython %s on Linux x86_64 (glibc %d.%d, %s), Airflow %s", p.Python, p.GlibcMajor, p.GlibcMinor, p.OS, p.Airflow)
}
