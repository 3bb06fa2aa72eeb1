package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestBootstrapInstalls(t *testing.T) {
	script := `#!/bin/sh
pip3 install $PIP_OPTION --upgrade 'pip<23'
sudo -u airflow pip3 install $PIP_OPTION --constraint /constraints.txt wheel
sudo -u airflow pip3 install $PIP_OPTION --constraint /constraints.txt --use-deprecated legacy-resolver apache-airflow[celery,statsd"${AIRFLOW_DEPS:+,}${AIRFLOW_DEPS}"]=="${AIRFLOW_VERSION}"
sudo -u airflow pip3 install $PIP_OPTION celery[sqs]
# sudo -u airflow pip3 install commented-out
if [ -n "${PYTHON_DEPS}" ]; then sudo -u airflow pip3 install $PIP_OPTION "${PYTHON_DEPS}"; fi
PROVIDERS=/providers.txt
sudo -u airflow pip3 install --constraint /constraints.txt $PIP_OPTION -r $PROVIDERS
`
	ins, err := bootstrapInstalls(script, map[string]string{"AIRFLOW_VERSION": "2.8.1", "AIRFLOW_DEPS": "", "PYTHON_DEPS": ""})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range ins {
		got = append(got, in.name+"|"+strings.Join(in.extras, ",")+"|"+in.spec+"|"+in.from+"|"+map[bool]string{true: "c", false: "-"}[in.constrained])
	}
	want := []string{
		"||<23|bootstrap.sh|-",
		"|||-c /constraints.txt|-", "wheel|||bootstrap.sh|c",
		"|||-c /constraints.txt|-", "apache-airflow|celery,statsd|==2.8.1|bootstrap.sh|c",
		"celery|sqs||bootstrap.sh|-",
		"|||-c /constraints.txt|-", "|||-r /providers.txt|c",
	}
	want[0] = "pip" + want[0]
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// With AIRFLOW_DEPS set, its extras are added.
	ins, _ = bootstrapInstalls(script, map[string]string{"AIRFLOW_VERSION": "2.8.1", "AIRFLOW_DEPS": "postgres"})
	for _, in := range ins {
		if in.name == "apache-airflow" && strings.Join(in.extras, ",") != "celery,statsd,postgres" {
			t.Errorf("extras %v", in.extras)
		}
	}
	if _, err := bootstrapInstalls("pip3 install --constraint\n", nil); err == nil {
		t.Error("an option without its value was accepted")
	}
}

// fixture makes a git repository with one branch laid out like the MWAA local runner's.
func fixture(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for p, text := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", "v9.1.0"}, {"add", "."},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "fixture", "--date", "2024-01-02T00:00:00Z"},
	} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE=2024-01-02T00:00:00Z", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

var runnerFiles = map[string]string{
	"docker/Dockerfile": `FROM amazonlinux:2
ARG AIRFLOW_VERSION=9.1.0
ARG AIRFLOW_DEPS=""
ENV PYTHON_VERSION=3.10.9
COPY config/constraints.txt /constraints.txt
COPY config/providers.txt /providers.txt
`,
	"docker/script/bootstrap.sh": `pip3 install --upgrade 'pip<23'
sudo -u airflow pip3 install --constraint /constraints.txt apache-airflow[celery,statsd"${AIRFLOW_DEPS:+,}${AIRFLOW_DEPS}"]=="${AIRFLOW_VERSION}"
sudo -u airflow pip3 install psycopg2
sudo -u airflow pip3 install --constraint /constraints.txt -r /providers.txt
`,
	"docker/config/constraints.txt": `#
# generated for the v9-1-test branch
apache-airflow-providers-amazon==1.0.0
apache-airflow-providers-celery==2.0.0
apache-airflow-providers-google==3.0.0
aiobotocore==2.0.0
boto3==1.1.0
celery==5.0.0
psycopg2==2.9.0
requests==2.30.0
statsd==4.0.0
pandas==2.0.0
`,
	"docker/config/providers.txt": "apache-airflow-providers-amazon==1.0.0\n",
}

func TestLocalRunner(t *testing.T) {
	dir := fixture(t, runnerFiles)
	// The reference image has requests, boto3 and aiobotocore (and a provider and a
	// package the constraints do not pin); not pandas.
	reference := map[string]string{"requests": "2.31.0", "boto3": "1.2.0", "aiobotocore": "2.1.0", "apache-airflow-providers-google": "3.1.0", "msgpack": "1.0"}
	v, data, err := localRunner(dir, "v9.1.0", "2026-12-06", "2.9.2", reference)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if v != "9.1.0" {
		t.Errorf("version %s", v)
	}
	commit := regexp.MustCompile(`branch v9\.1\.0 commit ([0-9a-f]{40}) \(2024-01-02\)`).FindStringSubmatch(text)
	if commit == nil {
		t.Fatalf("source not recorded:\n%s", text)
	}
	for _, want := range []string{
		"#   docker/config/constraints.txt, which names no URL; taken as a copy of Airflow's published\n#   https://raw.githubusercontent.com/apache/airflow/constraints-9.1.0/constraints-3.10.txt\n",
		"#   docker/config/providers.txt (installed by bootstrap.sh)\n",
		"apache-airflow-providers-amazon,\n#     apache-airflow-providers-celery, celery, psycopg2, statsd.\n",
		"Of these, psycopg2 is installed without the constraints file",
		"left out:\n#     pip.\n",
		"#   - Their dependencies (2 packages)",
		"airflow 9.1.0\npython 3.10.9\nos Amazon Linux 2\nconstraints https://raw.githubusercontent.com/apache/airflow/constraints-9.1.0/constraints-3.10.txt\n",
		"\nc aiobotocore 2.0.0\n",                      // only 2.9.2's build installs it
		"\nic apache-airflow-providers-amazon 1.0.0\n", // the providers file
		"\nic apache-airflow-providers-celery 2.0.0\n", // apache-airflow[celery]
		"\nc apache-airflow-providers-google 3.0.0\n",  // a provider nothing names
		"\ni apache-airflow 9.1.0\n",
		"\nic boto3 1.1.0\n",     // a dependency, at this version's pin
		"\nic celery 5.0.0\n",    // apache-airflow[celery]
		"\nc pandas 2.0.0\n",     // the reference image lacks it
		"\nic requests 2.30.0\n", // a dependency, at this version's pin
		"\nic statsd 4.0.0\n",    // apache-airflow[statsd]
	} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, "msgpack") {
		t.Errorf("a package the constraints do not pin was taken from the reference:\n%s", text)
	}
	// Same input, same bytes; BRANCH@COMMIT reads that commit and names the branch.
	_, again, err := localRunner(dir, "v9.1.0@"+commit[1], "2026-12-06", "2.9.2", reference)
	if err != nil || !bytes.Equal(again, data) {
		t.Errorf("v9.1.0@%s differs (%v)", commit[1], err)
	}

	if _, _, err := localRunner(dir, "v0.0.0", "2026-12-06", "2.9.2", reference); err == nil || !strings.Contains(err.Error(), "no commit v0.0.0") {
		t.Errorf("missing branch: %v", err)
	}
}

func TestLocalRunnerRefusesAnotherVersionsConstraints(t *testing.T) {
	files := map[string]string{}
	for k, v := range runnerFiles {
		files[k] = v
	}
	files["docker/config/constraints.txt"] = "# https://raw.githubusercontent.com/apache/airflow/constraints-9.0.0/constraints-3.10.txt\nrequests==2.30.0\n"
	dir := fixture(t, files)
	if _, _, err := localRunner(dir, "v9.1.0", "2026-12-06", "2.9.2", map[string]string{"requests": "1"}); err == nil || !strings.Contains(err.Error(), "not Airflow 9.1.0's") {
		t.Errorf("another version's constraints accepted: %v", err)
	}
}

// TestEmbeddedDataMatchesSources regenerates the embedded data from the commits its
// headers record and compares the bytes. It needs clones of both repositories, named by
// MWAA_IMAGES and MWAA_LOCAL_RUNNER as for go generate.
func TestEmbeddedDataMatchesSources(t *testing.T) {
	images, runner := os.Getenv("MWAA_IMAGES"), os.Getenv("MWAA_LOCAL_RUNNER")
	if images == "" || runner == "" {
		t.Skip("set MWAA_IMAGES and MWAA_LOCAL_RUNNER to clones of aws/amazon-mwaa-docker-images and aws/aws-mwaa-local-runner to compare the embedded data with its sources")
	}
	files, err := filepath.Glob("../data/*.*.*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no data files: %v", err)
	}
	imagesRE := regexp.MustCompile(`(?m)^# Generated by go run \./internal/mwaaversions/gen on (\S+) from\n# https://github\.com/aws/amazon-mwaa-docker-images commit ([0-9a-f]{40}) \((\S+)\):`)
	runnerRE := regexp.MustCompile(`(?m)^# Generated by go run \./internal/mwaaversions/gen on (\S+) from AWS's MWAA local runner,\n# https://github\.com/aws/aws-mwaa-local-runner branch (\S+) commit ([0-9a-f]{40}) `)
	ref, err := os.ReadFile("../data/2.9.2.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v := strings.TrimSuffix(filepath.Base(f), ".txt")
		var got []byte
		if m := imagesRE.FindSubmatch(want); m != nil {
			got, err = one(images, string(m[2]), string(m[3]), string(m[1]), v)
		} else if m := runnerRE.FindSubmatch(want); m != nil {
			_, got, err = localRunner(runner, string(m[2])+"@"+string(m[3]), string(m[1]), "2.9.2", readReference(string(ref)))
		} else {
			t.Errorf("%s: no source in its header", f)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what its source gives: regenerate with go generate ./internal/mwaaversions", f)
		}
	}
}
