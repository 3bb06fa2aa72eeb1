// Command gen writes internal/mwaaversions/data/AIRFLOW.txt, the packages of the Amazon
// MWAA image of each Airflow version, from a clone of
// https://github.com/aws/amazon-mwaa-docker-images (AWS's source of the MWAA images):
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
// Usage (from the repository root):
//
//	git clone https://github.com/aws/amazon-mwaa-docker-images /tmp/mwaa-images
//	go run ./internal/mwaaversions/gen -repo /tmp/mwaa-images -date 2026-12-06
//
// It reads the commit -rev (default HEAD) with git, so a bare mirror works too, and writes
// only the data directory's per-version files; versions.txt (status and dates from the
// MWAA user guide) is written by hand.
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
	rev := flag.String("rev", "HEAD", "the commit to read")
	out := flag.String("out", "internal/mwaaversions/data", "the directory to write")
	date := flag.String("date", "", "the date the sources were read (YYYY-MM-DD), recorded in each file")
	flag.Parse()
	if *repo == "" || *date == "" {
		log.Fatal("give -repo DIR and -date YYYY-MM-DD")
	}
	commit := strings.TrimSpace(git(*repo, "rev-parse", *rev))
	commitDate := strings.TrimSpace(git(*repo, "show", "-s", "--format=%cs", commit))
	var versions []string
	for _, l := range strings.Split(git(*repo, "ls-tree", "--name-only", commit, "images/airflow/"), "\n") {
		v := filepath.Base(l)
		if regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
			versions = append(versions, v)
		}
	}
	for _, v := range versions {
		data, err := one(*repo, commit, commitDate, *date, v)
		if err != nil {
			log.Fatalf("%s: %v", v, err)
		}
		if err := os.WriteFile(filepath.Join(*out, v+".txt"), data, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", filepath.Join(*out, v+".txt"))
	}
}

func git(repo string, args ...string) string {
	cmd := exec.Command("git", append([]string{"-C", repo}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
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
			fmt.Fprintf(&b, "ic %s %s\n", n, iv)
		default:
			if inst {
				fmt.Fprintf(&b, "i %s %s\n", n, iv)
			}
			if pinned {
				fmt.Fprintf(&b, "c %s %s\n", n, cv)
			}
		}
	}
	return b.Bytes(), nil
}
