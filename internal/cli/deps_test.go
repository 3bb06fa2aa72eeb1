package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// depsWheel is a wheel holding only NAME-VERSION.dist-info/METADATA.
func depsWheel(t *testing.T, name, version string, requires ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create(name + "-" + version + ".dist-info/METADATA")
	meta := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"
	for _, r := range requires {
		meta += "Requires-Dist: " + r + "\n"
	}
	f.Write([]byte(meta + "\n"))
	zw.Close()
	return buf.Bytes()
}

// depsFixture writes requirements.txt and plugins.zip into a temporary directory.
func depsFixture(t *testing.T, reqs string, wheels map[string][]byte) (string, string) {
	t.Helper()
	dir := t.TempDir()
	req := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(req, []byte(reqs), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range wheels {
		f, _ := zw.Create(name)
		f.Write(body)
	}
	zw.Close()
	plugins := filepath.Join(dir, "plugins.zip")
	if err := os.WriteFile(plugins, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return req, plugins
}

func depsWheels(t *testing.T, withSix bool) map[string][]byte {
	w := map[string][]byte{
		"my_dateutil-2.9.0.post0-py2.py3-none-any.whl": depsWheel(t, "my_dateutil", "2.9.0.post0", "mysix >=1.5"),
		"mylib-1.0-py3-none-any.whl":                   depsWheel(t, "mylib", "1.0", "my-dateutil>=2.8", `pywin32; sys_platform == "win32"`),
	}
	if withSix {
		w["mysix-1.16.0-py2.py3-none-any.whl"] = depsWheel(t, "mysix", "1.16.0")
	}
	return w
}

const depsHeader = "--no-index\n--find-links /usr/local/airflow/plugins\n"

func TestDepsCheckExitCodes(t *testing.T) {
	req, plugins := depsFixture(t, depsHeader+"mylib==1.0\n", depsWheels(t, true))
	out, errOut, code := runCompanion(t, newDepsCmd, "check", "--requirements", req, "--plugins", plugins, "--airflow-version", "2.10.3")
	if code != ExitOK || !strings.Contains(out, "0 error(s)") || !strings.Contains(out, "mysix==1.16.0") {
		t.Fatalf("complete plugins.zip: exit %d %s\n%s", code, errOut, out)
	}

	req, plugins = depsFixture(t, depsHeader+"mylib==1.0\n", depsWheels(t, false))
	out, _, code = runCompanion(t, newDepsCmd, "check", "--requirements", req, "--plugins", plugins)
	if code != ExitFindings || !strings.Contains(out, "requirements.txt:3: error PRV-08/missing [mysix]") || !strings.Contains(out, "pip download") {
		t.Fatalf("missing mysix: exit %d\n%s", code, out)
	}

	out, _, code = runCompanion(t, newDepsCmd, "check", "--requirements", req, "--plugins", plugins, "--format", "json")
	var rep struct {
		Findings []struct {
			Rule, Package, File string
			Line                int
		} `json:"findings"`
		PipDownload string               `json:"pip_download"`
		Summary     struct{ Errors int } `json:"summary"`
	}
	if code != ExitFindings || json.Unmarshal([]byte(out), &rep) != nil || rep.Summary.Errors != 1 || rep.Findings[0].Package != "mysix" || rep.Findings[0].Line != 3 || !strings.Contains(rep.PipDownload, "mysix>=1.5") {
		t.Fatalf("json: exit %d\n%s", code, out)
	}

	// Private routing without --no-index/--find-links: errors even when every wheel is there.
	req, plugins = depsFixture(t, "mylib==1.0\n", depsWheels(t, true))
	out, _, code = runCompanion(t, newDepsCmd, "check", "--requirements", req, "--plugins", plugins)
	if code != ExitFindings || !strings.Contains(out, "PRV-08/no-index") || !strings.Contains(out, "PRV-08/find-links") {
		t.Fatalf("no --no-index: exit %d\n%s", code, out)
	}
	out, _, code = runCompanion(t, newDepsCmd, "check", "--requirements", req, "--plugins", plugins, "--routing", "public")
	if code != ExitOK || !strings.Contains(out, "PRV-08/not-resolved") {
		t.Fatalf("public routing: exit %d\n%s", code, out)
	}
}

func TestDepsCheckInputErrors(t *testing.T) {
	req, plugins := depsFixture(t, depsHeader+"mylib==1.0\nsix >= \n", depsWheels(t, true))
	dir := filepath.Dir(req)
	notZip := filepath.Join(dir, "notzip.zip")
	os.WriteFile(notZip, []byte("hello"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--requirements", req, "--plugins", plugins}, "requirements.txt:4:"},
		{[]string{"check", "--requirements", filepath.Join(dir, "nope.txt")}, "cannot read requirements"},
		{[]string{"check", "--requirements", req, "--plugins", notZip}, "notzip.zip: not a zip archive"},
		{[]string{"check", "--requirements", req, "--airflow-version", "9.9.9"}, "9.9.9"},
		{[]string{"check", "--plugins", plugins}, "--requirements"},
		{[]string{"check", "--requirements", req, "--format", "yaml"}, "--format"},
	} {
		_, errOut, code := runCompanion(t, newDepsCmd, tc.args...)
		if code != ExitInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}
