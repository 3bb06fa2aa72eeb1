// Command gen writes internal/mwaaversions/data/AIRFLOW.txt, the packages of the Amazon
// MWAA image of each Airflow version, from two of AWS's repositories.
//
// From a clone of https://github.com/aws/amazon-mwaa-docker-images (AWS's source of the
// MWAA images, 2.9.2 and later), for each images/airflow/V:
//
//   - images/airflow/V/etc/airflow_constraints.txt: Apache Airflow's published constraints
//     file for V and the image's Python (the file says which URL it copies, e.g.
//     https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt);
//     MWAA applies it to requirements.txt when the file names no constraints.
//   - images/airflow/V/BillOfMaterials/V/Python-Packages-BOM.txt: the licences of the
//     Python packages installed in the image, each under its .dist-info directory (or, for
//     some providers, under airflow/providers/NAME/): the packages the image has.
//   - images/airflow/V/Dockerfiles/Dockerfile.base: the image's Python (ENV PYTHON_VERSION)
//     and base (FROM).
//
// From a clone of https://github.com/aws/aws-mwaa-local-runner (AWS's local copy of the
// MWAA image, one branch per version; the versions before 2.9.2), for each branch given:
//
//   - docker/Dockerfile: the Airflow version (ARG AIRFLOW_VERSION), Python (ENV
//     PYTHON_VERSION), base (FROM), and which repository file is which path in the image
//     (COPY).
//   - docker/script/bootstrap.sh: the pip install commands that build the image, with the
//     constraints file they pass and the requirements files they install (MWAA's base
//     providers, docker/config/mwaa-base-providers-requirements.txt).
//   - docker/config/constraints.txt: the Airflow constraints the image is built with.
//
// The local runner records no bill of materials, so installed is approximated there: the
// packages bootstrap.sh names (with the providers of apache-airflow's extras and of its
// requirements files) at their constraints pin, plus, for their dependencies, what the
// constraints pin and the image of -closure-from (the oldest image with a bill of
// materials, read from its data file, so run -repo first) installs, providers excepted.
// Each file's header says so and lists the named packages.
//
// Usage (from the repository root):
//
//	git clone https://github.com/aws/amazon-mwaa-docker-images /tmp/mwaa-images
//	git clone https://github.com/aws/aws-mwaa-local-runner /tmp/mwaa-local-runner
//	go run ./internal/mwaaversions/gen -repo /tmp/mwaa-images -local-runner /tmp/mwaa-local-runner -date 2026-12-06
//
// It reads commits with git (-rev for -repo, default HEAD; the branches, by name, for
// -local-runner), so bare mirrors work too, and writes only the data directory's
// per-version files; versions.txt (status and dates from the MWAA user guide) is written by
// hand.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	repo := flag.String("repo", "", "a clone (or bare mirror) of github.com/aws/amazon-mwaa-docker-images")
	rev := flag.String("rev", "HEAD", "the commit of -repo to read")
	runner := flag.String("local-runner", "", "a clone (or bare mirror) of github.com/aws/aws-mwaa-local-runner")
	branches := flag.String("branches", defaultBranches, "the branches of -local-runner to read, comma-separated (BRANCH@COMMIT reads a commit of one)")
	closureFrom := flag.String("closure-from", "2.9.2", "the version whose data file stands in for the dependencies of the -local-runner images")
	out := flag.String("out", "internal/mwaaversions/data", "the directory to write")
	date := flag.String("date", "", "the date the sources were read (YYYY-MM-DD), recorded in each file")
	flag.Parse()
	if (*repo == "" && *runner == "") || *date == "" {
		log.Fatal("give -repo DIR and/or -local-runner DIR, and -date YYYY-MM-DD")
	}
	if *repo != "" {
		images(*repo, *rev, *date, *out)
	}
	if *runner != "" {
		ref, err := os.ReadFile(filepath.Join(*out, *closureFrom+".txt"))
		if err != nil {
			log.Fatalf("-closure-from %s: %v", *closureFrom, err)
		}
		reference := readReference(string(ref))
		if len(reference) == 0 {
			log.Fatalf("-closure-from %s: no installed packages in %s.txt", *closureFrom, *closureFrom)
		}
		for _, br := range strings.Split(*branches, ",") {
			v, data, err := localRunner(*runner, strings.TrimSpace(br), *date, *closureFrom, reference)
			if err != nil {
				log.Fatalf("%s: %v", br, err)
			}
			write(*out, v, data)
		}
	}
}

func write(dir, v string, data []byte) {
	p := filepath.Join(dir, v+".txt")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", p)
}

// images writes the data of every version in images/airflow/ of amazon-mwaa-docker-images.
func images(repo, rev, date, out string) {
	commit := strings.TrimSpace(git(repo, "rev-parse", rev))
	commitDate := strings.TrimSpace(git(repo, "show", "-s", "--format=%cs", commit))
	var versions []string
	for _, l := range strings.Split(git(repo, "ls-tree", "--name-only", commit, "images/airflow/"), "\n") {
		v := filepath.Base(l)
		if regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
			versions = append(versions, v)
		}
	}
	for _, v := range versions {
		data, err := one(repo, commit, commitDate, date, v)
		if err != nil {
			log.Fatalf("%s: %v", v, err)
		}
		write(out, v, data)
	}
}

func git(repo string, args ...string) string {
	out, err := gitErr(repo, args...)
	if err != nil {
		log.Fatal(err)
	}
	return out
}

func gitErr(repo string, args ...string) (string, error) {
	out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out), nil
}

func show(repo, commit, path string) (string, error) {
	out, err := exec.Command("git", "-C", repo, "show", commit+":"+path).Output()
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return string(out), nil
}

var (
	pinRE       = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*$`)
	urlRE       = regexp.MustCompile(`https://raw\.githubusercontent\.com/apache/airflow/constraints-[0-9.]+/constraints-[0-9.]+\.txt`)
	distInfoRE  = regexp.MustCompile(`site-packages/([A-Za-z0-9][A-Za-z0-9._]*)-([^/-]+)\.dist-info/`)
	providerRE  = regexp.MustCompile(`site-packages/airflow/providers/([a-z0-9_/]+)/LICENSE`)
	pythonRE    = regexp.MustCompile(`(?m)^ENV PYTHON_VERSION=(\S+)`)
	fromRE      = regexp.MustCompile(`(?m)^FROM \S*amazonlinux:(\S+)`)
	normalizeRE = regexp.MustCompile(`[-_.]+`)
)

func normalize(n string) string { return normalizeRE.ReplaceAllString(strings.ToLower(n), "-") }

func one(repo, commit, commitDate, date, v string) ([]byte, error) {
	base := "images/airflow/" + v + "/"
	cons, err := show(repo, commit, base+"etc/airflow_constraints.txt")
	if err != nil {
		return nil, err
	}
	bom, err := show(repo, commit, base+"BillOfMaterials/"+v+"/Python-Packages-BOM.txt")
	if err != nil {
		return nil, err
	}
	docker, err := show(repo, commit, base+"Dockerfiles/Dockerfile.base")
	if err != nil {
		return nil, err
	}
	url := urlRE.FindString(cons)
	if url == "" {
		return nil, fmt.Errorf("airflow_constraints.txt names no apache/airflow constraints URL")
	}
	py := pythonRE.FindStringSubmatch(docker)
	from := fromRE.FindStringSubmatch(docker)
	if py == nil || from == nil {
		return nil, fmt.Errorf("Dockerfile.base: no ENV PYTHON_VERSION or FROM amazonlinux")
	}
	osName := "Amazon Linux " + from[1]

	pins := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(cons))
	for sc.Scan() {
		if m := pinRE.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
			pins[normalize(m[1])] = m[2]
		}
	}
	installed := map[string]string{}
	for _, m := range distInfoRE.FindAllStringSubmatch(bom, -1) {
		installed[normalize(m[1])] = m[2]
	}
	// Providers whose licence the BOM lists under airflow/providers/NAME/ only: installed,
	// at the version the constraints pin.
	for _, m := range providerRE.FindAllStringSubmatch(bom, -1) {
		n := "apache-airflow-providers-" + strings.ReplaceAll(m[1], "/", "-")
		if _, ok := installed[n]; ok {
			continue
		}
		if pv, ok := pins[n]; ok {
			installed[n] = pv
		}
	}
	if _, ok := installed["apache-airflow"]; !ok {
		installed["apache-airflow"] = v
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "# The Python packages of the Amazon MWAA image for Apache Airflow %s.\n", v)
	fmt.Fprintf(&b, "# Generated by go run ./internal/mwaaversions/gen on %s from\n", date)
	fmt.Fprintf(&b, "# https://github.com/aws/amazon-mwaa-docker-images commit %s (%s):\n", commit, commitDate)
	fmt.Fprintf(&b, "#   %setc/airflow_constraints.txt, a copy of\n#   %s\n", base, url)
	fmt.Fprintf(&b, "#   %sBillOfMaterials/%s/Python-Packages-BOM.txt (installed packages)\n", base, v)
	fmt.Fprintf(&b, "#   %sDockerfiles/Dockerfile.base (Python, base image)\n", base)
	fmt.Fprintf(&b, "# Lines: i NAME VERSION is installed in the image; c NAME VERSION is pinned by the\n")
	fmt.Fprintf(&b, "# constraints file; ic is both at the same version.\n")
	fmt.Fprintf(&b, "airflow %s\npython %s\nos %s\nconstraints %s\n", v, py[1], osName, url)
	writeLines(&b, installed, pins)
	return b.Bytes(), nil
}

// writeLines writes the i, c and ic lines of the installed and pinned packages, by name.
func writeLines(b *bytes.Buffer, installed, pins map[string]string) {
	names := map[string]bool{}
	for n := range pins {
		names[n] = true
	}
	for n := range installed {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		iv, inst := installed[n]
		cv, pinned := pins[n]
		switch {
		case inst && pinned && iv == cv:
			fmt.Fprintf(b, "ic %s %s\n", n, iv)
		default:
			if inst {
				fmt.Fprintf(b, "i %s %s\n", n, iv)
			}
			if pinned {
				fmt.Fprintf(b, "c %s %s\n", n, cv)
			}
		}
	}
}
