package main

// The images of the Airflow versions MWAA offered before 2.9.2, read from AWS's MWAA local
// runner (https://github.com/aws/aws-mwaa-local-runner), one branch per version. It has
// no bill of materials, so what the image installs is derived from how it is built; see
// localRunner.

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// The default branches: every version MWAA offered before 2.9.2 whose local runner is
// built with the Airflow constraints and MWAA's base providers.
const defaultBranches = "v2.4.3,v2.5.1,v2.6.3,v2.7.2,v2.8.1"

var (
	argRE      = regexp.MustCompile(`(?m)^(?:ARG|ENV) ([A-Za-z_][A-Za-z0-9_]*)=("?)([^"\s]*)("?)\s*$`)
	copyRE     = regexp.MustCompile(`(?m)^COPY (\S+) (\S+)\s*$`)
	assignRE   = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$`)
	altRE      = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*):\+([^}]*)\}`)
	varRE      = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)
	reqRE      = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?(.*)$`)
	urlLineRE  = regexp.MustCompile(`^#\s*(https://raw\.githubusercontent\.com/apache/airflow/constraints-[0-9.]+/constraints-[0-9.]+\.txt)\s*$`)
	pipCmdRE   = regexp.MustCompile(`\bpip3? install\b`)
	providerNS = "apache-airflow-providers-"
)

// referenceOnly are packages of the reference image (2.9.2) that come from what its
// build installs and the local runner's does not (images/airflow/2.9.2/bootstrap/
// 02-airflow/001-install-required-pip-packages.sh of amazon-mwaa-docker-images names
// apache-airflow-providers-amazon[aiobotocore] and virtualenv; bootstrap.sh names
// neither): they do not stand for a dependency of the older images. Only packages that
// nothing else in the reference image requires are listed; fluent-logger and boto3-stubs,
// also named only there, are not pinned by the constraints, so never taken.
var referenceOnly = map[string]string{
	"aiobotocore":  "the aiobotocore extra of apache-airflow-providers-amazon",
	"aioitertools": "a dependency of aiobotocore",
	"virtualenv":   "virtualenv",
	"distlib":      "a dependency of virtualenv",
}

// pipOptionsWithValue are the pip install options of bootstrap.sh that take a value.
var pipOptionsWithValue = map[string]bool{
	"-c": true, "--constraint": true, "-r": true, "--requirement": true,
	"--use-deprecated": true, "-i": true, "--index-url": true, "--extra-index-url": true,
	"-f": true, "--find-links": true, "-t": true, "--target": true,
}

// install is one requirement that one pip install command of bootstrap.sh names.
type install struct {
	name        string   // normalized
	extras      []string // as written
	spec        string   // "==2.8.1", or ""
	constrained bool     // the command passes the constraints file
	from        string   // "bootstrap.sh" or the requirements file it came from
}

// localRunner writes the package data of one branch of the local runner. reference is the
// installed set of the oldest image with a bill of materials (data/2.9.2.txt): it stands
// in for the dependency closure, which the local runner does not record.
// branch is a branch name, or BRANCH@COMMIT to read a commit of it (the header names both).
func localRunner(repo, branch, date, refVersion string, reference map[string]string) (string, []byte, error) {
	branch, rev, found := strings.Cut(branch, "@")
	if !found {
		rev = branch
	}
	commit, err := gitErr(repo, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return "", nil, fmt.Errorf("no commit %s in %s", rev, repo)
	}
	commit = strings.TrimSpace(commit)
	commitDate := strings.TrimSpace(git(repo, "show", "-s", "--format=%cs", commit))
	docker, err := show(repo, commit, "docker/Dockerfile")
	if err != nil {
		return "", nil, err
	}
	boot, err := show(repo, commit, "docker/script/bootstrap.sh")
	if err != nil {
		return "", nil, err
	}
	env := map[string]string{}
	for _, m := range argRE.FindAllStringSubmatch(docker, -1) {
		env[m[1]] = m[3]
	}
	airflow, python := env["AIRFLOW_VERSION"], env["PYTHON_VERSION"]
	from := fromRE.FindStringSubmatch(docker)
	if airflow == "" || python == "" || from == nil {
		return "", nil, fmt.Errorf("docker/Dockerfile: no ARG AIRFLOW_VERSION, ENV PYTHON_VERSION or FROM amazonlinux")
	}
	pyParts := strings.SplitN(python, ".", 3)
	if len(pyParts) != 3 {
		return "", nil, fmt.Errorf("docker/Dockerfile: PYTHON_VERSION %q is not X.Y.Z", python)
	}
	pyMinor := pyParts[0] + "." + pyParts[1]
	// Paths in the image -> files of the repository (COPY config/constraints.txt /constraints.txt).
	copies := map[string]string{}
	for _, m := range copyRE.FindAllStringSubmatch(docker, -1) {
		copies[m[2]] = "docker/" + m[1]
	}

	installs, err := bootstrapInstalls(boot, env)
	if err != nil {
		return "", nil, fmt.Errorf("docker/script/bootstrap.sh: %v", err)
	}
	// The constraints file the image is built with, and the requirements files it installs.
	consPath := ""
	var expanded []install
	for _, in := range installs {
		if in.name == "" && strings.HasPrefix(in.from, "-c ") {
			p := copies[strings.TrimPrefix(in.from, "-c ")]
			if p == "" {
				return "", nil, fmt.Errorf("bootstrap.sh uses %s, which the Dockerfile does not COPY", strings.TrimPrefix(in.from, "-c "))
			}
			if consPath != "" && consPath != p {
				return "", nil, fmt.Errorf("bootstrap.sh uses two constraints files, %s and %s", consPath, p)
			}
			consPath = p
			continue
		}
		if in.name == "" && strings.HasPrefix(in.from, "-r ") {
			p := copies[strings.TrimPrefix(in.from, "-r ")]
			if p == "" {
				return "", nil, fmt.Errorf("bootstrap.sh installs -r %s, which the Dockerfile does not COPY", strings.TrimPrefix(in.from, "-r "))
			}
			text, err := show(repo, commit, p)
			if err != nil {
				return "", nil, err
			}
			for _, l := range strings.Split(text, "\n") {
				l = strings.TrimSpace(strings.SplitN(l, "#", 2)[0])
				if l == "" {
					continue
				}
				r, ok := parseReq(l)
				if !ok {
					return "", nil, fmt.Errorf("%s: cannot read %q", p, l)
				}
				r.constrained, r.from = in.constrained, p
				expanded = append(expanded, r)
			}
			continue
		}
		expanded = append(expanded, in)
	}
	if consPath == "" {
		return "", nil, fmt.Errorf("bootstrap.sh installs with no --constraint file")
	}
	cons, err := show(repo, commit, consPath)
	if err != nil {
		return "", nil, err
	}
	pins := map[string]string{}
	url := ""
	sc := bufio.NewScanner(strings.NewReader(cons))
	for first := true; sc.Scan(); first = false {
		t := strings.TrimSpace(sc.Text())
		if m := urlLineRE.FindStringSubmatch(t); first && m != nil {
			url = m[1]
		}
		if m := pinRE.FindStringSubmatch(t); m != nil {
			pins[normalize(m[1])] = m[2]
		}
	}
	urlNote := "a copy of"
	if url == "" {
		// The older copies do not name their URL: Airflow publishes one constraints file
		// per version and Python minor, and the image's Python says which.
		url = "https://raw.githubusercontent.com/apache/airflow/constraints-" + airflow + "/constraints-" + pyMinor + ".txt"
		urlNote = "which names no URL; taken as a copy of Airflow's published"
	} else if !strings.Contains(url, "constraints-"+airflow+"/constraints-"+pyMinor+".txt") {
		return "", nil, fmt.Errorf("%s copies %s, not Airflow %s's for Python %s", consPath, url, airflow, pyMinor)
	}

	// What the image installs.
	installed := map[string]string{"apache-airflow": airflow}
	var named, unknown, unconstrained []string
	addNamed := func(n, v string) {
		if _, ok := installed[n]; !ok {
			installed[n] = v
			named = append(named, n)
		}
	}
	for _, in := range expanded {
		v := ""
		switch {
		case strings.HasPrefix(in.spec, "=="):
			v = strings.TrimPrefix(in.spec, "==")
		case pins[in.name] != "":
			v = pins[in.name]
			if _, before := installed[in.name]; !in.constrained && !before {
				// pip keeps what an earlier, constrained command installed.
				unconstrained = append(unconstrained, in.name)
			}
		}
		if in.name == "apache-airflow" {
			if v != airflow {
				return "", nil, fmt.Errorf("bootstrap.sh installs apache-airflow%s, not %s", in.spec, airflow)
			}
		} else if v == "" {
			unknown = append(unknown, in.name)
		} else {
			addNamed(in.name, v)
		}
		// An extra brings its provider (apache-airflow[celery]) or its project
		// (apache-airflow[statsd]), where the constraints pin one.
		for _, e := range in.extras {
			e = normalize(e)
			for _, n := range []string{providerNS + e, e} {
				if pv := pins[n]; pv != "" {
					addNamed(n, pv)
				}
			}
		}
	}
	// The dependency closure: what the constraints pin and the reference image installs,
	// providers excepted (an image has only the providers it names).
	closure := 0
	for n, pv := range pins {
		if _, ok := installed[n]; ok || strings.HasPrefix(n, providerNS) || referenceOnly[n] != "" {
			continue
		}
		if _, ok := reference[n]; ok {
			installed[n] = pv
			closure++
		}
	}
	sort.Strings(named)
	unknown = dedupe(unknown)
	unconstrained = dedupe(unconstrained)

	var b bytes.Buffer
	fmt.Fprintf(&b, "# The Python packages of the Amazon MWAA image for Apache Airflow %s.\n", airflow)
	fmt.Fprintf(&b, "# Generated by go run ./internal/mwaaversions/gen on %s from AWS's MWAA local runner,\n", date)
	fmt.Fprintf(&b, "# https://github.com/aws/aws-mwaa-local-runner branch %s commit %s (%s):\n", branch, commit, commitDate)
	fmt.Fprintf(&b, "#   %s, %s\n#   %s\n", consPath, urlNote, url)
	fmt.Fprintf(&b, "#   docker/script/bootstrap.sh (what the image installs, and how)\n")
	for _, p := range requirementFiles(expanded) {
		fmt.Fprintf(&b, "#   %s (installed by bootstrap.sh)\n", p)
	}
	fmt.Fprintf(&b, "#   docker/Dockerfile (Python, base image)\n")
	fmt.Fprintf(&b, "# Installed is approximated: the local runner has no bill of materials.\n")
	fmt.Fprintf(&b, "#   - Named by bootstrap.sh, its requirements files or an extra of apache-airflow,\n")
	fmt.Fprintf(&b, "#     at their constraints pin: %s.\n", wrapList(named, 31, "#     "))
	if len(unconstrained) > 0 {
		fmt.Fprintf(&b, "#     Of these, %s installed without the constraints file: the\n", isAre(unconstrained))
		fmt.Fprintf(&b, "#     version is the pin, not necessarily the one pip chose.\n")
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "#   - Installed at a version nothing records, so left out:\n#     %s.\n", wrapList(unknown, 6, "#     "))
	}
	fmt.Fprintf(&b, "#   - Their dependencies (%d packages): what the constraints pin and the MWAA image of\n", closure)
	fmt.Fprintf(&b, "#     Airflow %s (%s.txt, read from its bill of materials) installs, at this file's\n", refVersion, refVersion)
	fmt.Fprintf(&b, "#     pin; except providers (an image has the providers it names) and what only\n")
	fmt.Fprintf(&b, "#     %s's build installs: %s.\n", refVersion, wrapList(slices.Sorted(maps.Keys(referenceOnly)), 34, "#     "))
	fmt.Fprintf(&b, "#     A dependency that %s no longer has is missing here.\n", refVersion)
	fmt.Fprintf(&b, "# Lines: i NAME VERSION is installed in the image; c NAME VERSION is pinned by the\n")
	fmt.Fprintf(&b, "# constraints file; ic is both at the same version.\n")
	fmt.Fprintf(&b, "airflow %s\npython %s\nos Amazon Linux %s\nconstraints %s\n", airflow, python, from[1], url)
	writeLines(&b, installed, pins)
	return airflow, b.Bytes(), nil
}

// bootstrapInstalls lists what the pip install commands of bootstrap.sh name. Variables
// take their Dockerfile ARG/ENV value or their last assignment in the script, else
// empty; a requirements file (-r) or constraints file (-c) is returned as an install
// with no name and from "-r PATH" / "-c PATH".
func bootstrapInstalls(script string, env map[string]string) ([]install, error) {
	vars := map[string]string{}
	for k, v := range env {
		vars[k] = v
	}
	expand := func(s string) string {
		s = altRE.ReplaceAllStringFunc(s, func(m string) string {
			sm := altRE.FindStringSubmatch(m)
			if vars[sm[1]] != "" {
				return sm[2]
			}
			return ""
		})
		s = varRE.ReplaceAllStringFunc(s, func(m string) string {
			sm := varRE.FindStringSubmatch(m)
			return vars[sm[1]+sm[2]]
		})
		return strings.NewReplacer(`"`, "", `'`, "").Replace(s)
	}
	var out []install
	for _, line := range strings.Split(strings.ReplaceAll(script, "\\\n", " "), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if m := assignRE.FindStringSubmatch(t); m != nil {
			vars[m[1]] = expand(m[2])
			continue
		}
		loc := pipCmdRE.FindStringIndex(t)
		if loc == nil {
			continue
		}
		// A guarded install (if [ -n "${PYTHON_DEPS}" ]; then ...) whose variable is
		// empty installs nothing: after expansion it names no requirement.
		cmd := expand(t[loc[1]:])
		if i := strings.IndexAny(cmd, ";&|"); i >= 0 {
			cmd = cmd[:i]
		}
		f := strings.Fields(cmd)
		constrained := false
		var reqs []install
		for i := 0; i < len(f); i++ {
			a := f[i]
			if !strings.HasPrefix(a, "-") {
				r, ok := parseReq(a)
				if !ok {
					return nil, fmt.Errorf("cannot read requirement %q", a)
				}
				reqs = append(reqs, r)
				continue
			}
			name, val, hasVal := strings.Cut(a, "=")
			if pipOptionsWithValue[name] && !hasVal {
				if i+1 >= len(f) {
					return nil, fmt.Errorf("%s without a value", a)
				}
				i++
				val = f[i]
			}
			switch name {
			case "-c", "--constraint":
				constrained = true
				out = append(out, install{from: "-c " + val})
			case "-r", "--requirement":
				reqs = append(reqs, install{from: "-r " + val})
			}
		}
		for _, r := range reqs {
			r.constrained = constrained
			if r.from == "" {
				r.from = "bootstrap.sh"
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func parseReq(s string) (install, bool) {
	m := reqRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return install{}, false
	}
	in := install{name: normalize(m[1]), spec: strings.TrimSpace(m[3])}
	if m[2] != "" {
		for _, e := range strings.Split(m[2], ",") {
			if e = strings.TrimSpace(e); e != "" {
				in.extras = append(in.extras, e)
			}
		}
	}
	return in, true
}

func requirementFiles(ins []install) []string {
	var out []string
	for _, in := range ins {
		if in.from != "bootstrap.sh" && in.from != "" {
			out = append(out, in.from)
		}
	}
	return dedupe(out)
}

func dedupe(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// wrapList joins names with ", " after a line prefix of width start, breaking lines
// before 90 columns and going on after indent.
func wrapList(names []string, start int, indent string) string {
	var b strings.Builder
	col := start
	for i, n := range names {
		if i > 0 {
			b.WriteString(",")
			col++
			if col+1+len(n)+1 > 90 {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(n)
		col += len(n)
	}
	return b.String()
}

// readReference reads the installed packages of a data file written by this generator.
func readReference(data string) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(data, "\n") {
		f := strings.Fields(l)
		if len(f) == 3 && (f[0] == "i" || f[0] == "ic") {
			out[f[1]] = f[2]
		}
	}
	return out
}

func isAre(names []string) string {
	if len(names) == 1 {
		return names[0] + " is"
	}
	return strings.Join(names, ", ") + " are"
}
