package deps

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Platform is what MWAA's workers install wheels into.
type Platform struct {
	Airflow    string // Apache Airflow version
	Python     string // X.Y.Z (the patch level where known, else .0)
	GlibcMajor int
	GlibcMinor int
	OS         string // the image's base
}

// MWAAVersions lists the Airflow versions MWAA supports or supported, with their Python
// (from the user guide's version table, read 2026-11-26:
// https://docs.aws.amazon.com/mwaa/latest/userguide/airflow-versions.html) and the
// image's glibc. The images for 2.9.2 and later are built FROM amazonlinux:2023 (glibc
// 2.34) with Python 3.11.9 for 2.9.2 (aws/amazon-mwaa-docker-images,
// images/airflow/2.9.2/Dockerfiles/Dockerfile.base); earlier images ran on Amazon Linux 2
// (glibc 2.26). Patch levels other than 3.11.9 are not published there and are given as
// .0: pass --python-version to evaluate python_full_version markers against another one.
var MWAAVersions = []Platform{
	{Airflow: "3.3.1", Python: "3.12.0", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "3.2.1", Python: "3.12.0", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "3.0.6", Python: "3.12.0", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "2.11.2", Python: "3.12.0", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "2.11.0", Python: "3.12.0", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "2.10.3", Python: "3.11.9", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "2.10.1", Python: "3.11.9", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "2.9.2", Python: "3.11.9", GlibcMajor: 2, GlibcMinor: 34, OS: "Amazon Linux 2023"},
	{Airflow: "2.8.1", Python: "3.11.0", GlibcMajor: 2, GlibcMinor: 26, OS: "Amazon Linux 2"},
	{Airflow: "2.7.2", Python: "3.11.0", GlibcMajor: 2, GlibcMinor: 26, OS: "Amazon Linux 2"},
	{Airflow: "2.6.3", Python: "3.10.0", GlibcMajor: 2, GlibcMinor: 26, OS: "Amazon Linux 2"},
	{Airflow: "2.5.1", Python: "3.10.0", GlibcMajor: 2, GlibcMinor: 26, OS: "Amazon Linux 2"},
	{Airflow: "2.4.3", Python: "3.10.0", GlibcMajor: 2, GlibcMinor: 26, OS: "Amazon Linux 2"},
}

// DefaultAirflowVersion is used when none is given: the newest Airflow 2 release MWAA
// runs (the spec's default may differ; the command passes the spec's).
const DefaultAirflowVersion = "2.10.3"

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
		var known []string
		for _, v := range MWAAVersions {
			known = append(known, v.Airflow)
		}
		return Platform{}, fmt.Errorf("Airflow version %q is not one MWAA runs: expected one of %s", airflow, strings.Join(known, ", "))
	}
	if pythonOverride != "" {
		v, err := ParseVersion(pythonOverride)
		if err != nil || len(v.Release) < 2 || v.Release[0] != 3 {
			return Platform{}, fmt.Errorf("Python version %q: expected 3.Y or 3.Y.Z", pythonOverride)
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
