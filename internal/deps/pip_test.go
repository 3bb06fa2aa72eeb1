package deps

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The differential test: the same wheels and requirements resolved by this package and by
// pip itself (pip install --dry-run --no-index --find-links --report), on this machine's
// CPython. It skips when python3 with pip >= 22.2 is not installed.

type pipWheel struct {
	name, version string
	requires      []string
	tag           string // default py3-none-any
}

func writePipWheel(t *testing.T, dir string, w pipWheel) (string, []byte) {
	t.Helper()
	tag := w.tag
	if tag == "" {
		tag = "py3-none-any"
	}
	file := strings.ReplaceAll(w.name, "-", "_") + "-" + w.version + "-" + tag + ".whl"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	dist := strings.ReplaceAll(w.name, "-", "_") + "-" + w.version + ".dist-info/"
	meta := "Metadata-Version: 2.1\nName: " + w.name + "\nVersion: " + w.version + "\n"
	for _, r := range w.requires {
		if strings.HasPrefix(r, "Provides-Extra:") || strings.HasPrefix(r, "Requires-Python:") {
			meta += r + "\n"
			continue
		}
		meta += "Requires-Dist: " + r + "\n"
	}
	for name, body := range map[string]string{
		dist + "METADATA": meta + "\n",
		dist + "WHEEL":    "Wheel-Version: 1.0\nGenerator: mwaanet-test\nRoot-Is-Purelib: true\nTag: " + tag + "\n",
		dist + "RECORD":   "",
	} {
		f, _ := zw.Create(name)
		f.Write([]byte(body))
	}
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, file), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, buf.Bytes()
}

func pipAvailable(t *testing.T) (string, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("pip differential test skipped in -short mode")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed; skipping the comparison with pip")
	}
	out, err := exec.Command(py, "-c", "import platform, pip; v = tuple(int(x) for x in pip.__version__.split('.')[:2]); print(platform.python_version() if v >= (22, 2) else 'old')").Output()
	if err != nil || strings.TrimSpace(string(out)) == "old" {
		t.Skip("python3 has no pip >= 22.2 (needed for --dry-run --report); skipping the comparison with pip")
	}
	return py, strings.TrimSpace(string(out))
}

func TestResolutionMatchesPip(t *testing.T) {
	py, pyVersion := pipAvailable(t)
	pv := MustVersion(pyVersion)
	if len(pv.Release) < 2 || pv.Release[0] != 3 || pv.Release[1] < 10 {
		t.Skipf("python3 is %s; the comparison needs 3.10 or later", pyVersion)
	}
	airflow := "2.10.3" // any version: only its Python is overridden below
	scenarios := []struct {
		name        string
		wheels      []pipWheel
		reqs        string
		constraints string
		wantFail    bool // pip is expected to fail (so is Check)
	}{
		{"backtracking", []pipWheel{
			{name: "a", version: "2.0", requires: []string{"c<2"}}, {name: "a", version: "1.0", requires: []string{"c"}},
			{name: "b", version: "1.0", requires: []string{"c>=2"}}, {name: "c", version: "1.0"}, {name: "c", version: "2.0"},
		}, "a\nb\n", "", false},
		{"extras and markers", []pipWheel{
			{name: "x", version: "1.0", requires: []string{"Provides-Extra: fast", `y>=1; extra == "fast"`, `w; sys_platform == "win32"`, `old; python_version < "3.8"`, `z; python_version >= "3.8" and platform_machine == "x86_64"`}},
			{name: "y", version: "1.0"}, {name: "y", version: "1.5"}, {name: "z", version: "0.1"},
		}, "x[fast]\n", "", false},
		{"specifier forms", []pipWheel{
			{name: "p", version: "1.4.2"}, {name: "p", version: "1.4.9"}, {name: "p", version: "1.5.0"}, {name: "p", version: "2.0"},
			{name: "q", version: "1.0"}, {name: "q", version: "1.0.post1"}, {name: "q", version: "1.0.5"}, {name: "q", version: "1.1"},
			{name: "r", version: "3.0"}, {name: "r", version: "3.1"}, {name: "r", version: "3.2"},
			{name: "s", version: "1.0"}, {name: "s", version: "1.0+local.1"},
		}, "p~=1.4.2\nq>1.0,<1.1\nr==3.*,!=3.2\ns==1.0\n", "", false},
		{"pre-releases", []pipWheel{
			{name: "only", version: "2.0b1"}, {name: "mixed", version: "1.0"}, {name: "mixed", version: "2.0rc1"},
			{name: "asked", version: "1.0"}, {name: "asked", version: "1.1a1"},
		}, "only\nmixed\nasked>=1.1a1\n", "", false},
		{"constraints", []pipWheel{
			{name: "top", version: "1.0", requires: []string{"dep>=1"}},
			{name: "dep", version: "1.0"}, {name: "dep", version: "1.2"}, {name: "dep", version: "2.0"},
		}, "-c constraints.txt\ntop\n", "dep<2\nunused==9\n", false},
		{"requires-python", []pipWheel{
			{name: "rp", version: "1.0"}, {name: "rp", version: "2.0", requires: []string{"Requires-Python: <3.8"}},
		}, "rp\n", "", false},
		{"names", []pipWheel{
			{name: "Foo.Bar_baz", version: "1.0", requires: []string{"Zope-Interface>=5"}}, {name: "zope.interface", version: "6.0"},
		}, "foo-bar-baz\n", "", false},
		{"missing", []pipWheel{
			{name: "needs", version: "1.0", requires: []string{"absent>=1"}},
		}, "needs\n", "", true},
		{"conflict", []pipWheel{
			{name: "l", version: "1.0", requires: []string{"m<2"}}, {name: "k", version: "1.0", requires: []string{"m>=2"}},
			{name: "m", version: "1.0"}, {name: "m", version: "2.0"},
		}, "l\nk\n", "", true},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			dir := t.TempDir()
			wheelDir := filepath.Join(dir, "plugins")
			os.MkdirAll(wheelDir, 0o755)
			files := map[string][]byte{}
			for _, w := range sc.wheels {
				name, data := writePipWheel(t, wheelDir, w)
				files[name] = data
			}
			req := filepath.Join(dir, "requirements.txt")
			os.WriteFile(req, []byte(sc.reqs), 0o644)
			if sc.constraints != "" {
				os.WriteFile(filepath.Join(dir, "constraints.txt"), []byte(sc.constraints), 0o644)
			}

			cmd := exec.Command(py, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index",
				"--find-links", wheelDir, "--report", "-", "--quiet", "--disable-pip-version-check", "-r", req)
			cmd.Dir = dir
			// --dry-run installs nothing; PIP_BREAK_SYSTEM_PACKAGES lets it run under a
			// distribution's externally managed Python (Debian's python3-pip).
			cmd.Env = append(os.Environ(), "PIP_CONFIG_FILE=/dev/null", "PIP_NO_INPUT=1", "PIP_BREAK_SYSTEM_PACKAGES=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			pipErr := cmd.Run()
			if pipErr != nil && strings.Contains(stderr.String(), "externally-managed-environment") {
				t.Skip("this python3's pip refuses to run in an externally managed environment")
			}
			var pipSet []string
			if pipErr == nil {
				var rep struct {
					Install []struct {
						Metadata struct{ Name, Version string } `json:"metadata"`
					} `json:"install"`
				}
				if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
					t.Fatalf("pip report: %v\n%s", err, stdout.String())
				}
				for _, i := range rep.Install {
					pipSet = append(pipSet, NormalizeName(i.Metadata.Name)+"=="+MustVersion(i.Metadata.Version).String())
				}
				sort.Strings(pipSet)
			}

			rep, err := Check(Options{
				RequirementsName: req, RequirementsData: []byte("--no-index\n--find-links /usr/local/airflow/plugins\n" + sc.reqs),
				Plugins: pluginsZip(t, files), AirflowVersion: airflow, PythonVersion: pyVersion, BareImage: true,
				ReadLocal: func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.Base(p))) },
			})
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			var ours []string
			for _, p := range rep.Resolved {
				if p.From == "installed" {
					continue
				}
				ours = append(ours, p.Name+"=="+MustVersion(p.Version).String())
			}
			sort.Strings(ours)
			if (pipErr != nil) != sc.wantFail {
				t.Fatalf("pip: err %v, want failure %v: %s", pipErr, sc.wantFail, stderr.String())
			}
			if pipErr != nil {
				if !rep.HasErrors() {
					t.Fatalf("pip fails (%v: %s) but Check reports no error:\n%s", pipErr, stderr.String(), dump(rep))
				}
				return
			}
			if rep.HasErrors() {
				t.Fatalf("pip resolves %v but Check reports errors:\n%s", pipSet, dump(rep))
			}
			if strings.Join(pipSet, " ") != strings.Join(ours, " ") {
				t.Fatalf("pip resolves %v, Check %v", pipSet, ours)
			}
		})
	}
}
