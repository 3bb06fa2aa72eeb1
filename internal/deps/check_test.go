package deps

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

// wheelFile makes a wheel (a zip with NAME-VERSION.dist-info/METADATA) from metadata.
func wheelFile(t *testing.T, filename string, metadata []byte) []byte {
	return wheelFileB(t, filename, metadata)
}

func wheelFileB(t testing.TB, filename string, metadata []byte) []byte {
	t.Helper()
	w, err := ParseWheelFilename(filename)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	dist := w.Name + "-" + w.VersionText + ".dist-info/"
	for name, body := range map[string][]byte{
		dist + "METADATA":                        metadata,
		dist + "WHEEL":                           []byte("Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"),
		strings.ToLower(w.Name) + "/__init__.py": []byte(""),
	} {
		f, _ := zw.Create(name)
		f.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

func testMetadata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "metadata", name+".METADATA"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func synthMetadata(name, version string, lines ...string) []byte {
	s := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"
	for _, l := range lines {
		s += l + "\n"
	}
	return []byte(s + "\nbody\n")
}

// pluginsZip builds plugins.zip from path -> file contents and reads it back.
func pluginsZip(t *testing.T, files map[string][]byte) *Plugins { return pluginsZipB(t, files) }

func pluginsZipB(t testing.TB, files map[string][]byte) *Plugins {
	t.Helper()
	data := zipBytes(t, files)
	p, err := ReadPlugins("plugins.zip", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// realWheels are wheels of the packages in testdata/metadata.
func realWheels(t *testing.T, skip ...string) map[string][]byte {
	t.Helper()
	all := map[string]string{
		"requests-2.32.3-py3-none-any.whl":   "requests-2.32.3",
		"urllib3-2.2.3-py3-none-any.whl":     "urllib3-2.2.3",
		"idna-3.10-py3-none-any.whl":         "idna-3.10",
		"certifi-2024.8.30-py3-none-any.whl": "certifi-2024.8.30",
		"charset_normalizer-3.4.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl": "charset_normalizer-3.4.0",
		"python_dateutil-2.9.0.post0-py2.py3-none-any.whl":                                    "python_dateutil-2.9.0.post0",
		"six-1.16.0-py2.py3-none-any.whl":                                                     "six-1.16.0",
	}
	out := map[string][]byte{}
	for file, meta := range all {
		omit := false
		for _, s := range skip {
			if strings.HasPrefix(file, s) {
				omit = true
			}
		}
		if !omit {
			out[file] = wheelFile(t, file, testMetadata(t, meta))
		}
	}
	return out
}

const privateHeader = "--no-index\n--find-links /usr/local/airflow/plugins\n"

func check(t *testing.T, reqs string, plugins *Plugins, mod ...func(*Options)) *Report {
	t.Helper()
	o := Options{RequirementsName: "requirements.txt", RequirementsData: []byte(reqs), Plugins: plugins, AirflowVersion: "2.10.3", BareImage: true}
	for _, m := range mod {
		m(&o)
	}
	r, err := Check(o)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return r
}

func findings(r *Report, rule string) []model.Finding {
	var out []model.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func dump(r *Report) string {
	var b bytes.Buffer
	r.WriteText(&b)
	return b.String()
}

func TestCompletePluginsPasses(t *testing.T) {
	r := check(t, privateHeader+"requests==2.32.3\npython-dateutil>=2.8\n", pluginsZip(t, realWheels(t)))
	if r.HasErrors() || len(r.Findings) != 0 {
		t.Fatalf("complete plugins.zip has findings:\n%s", dump(r))
	}
	if len(r.Resolved) != 7 || !r.Checked || r.PipDownload != "" {
		t.Fatalf("resolved %d projects, want 7:\n%s", len(r.Resolved), dump(r))
	}
}

func TestMissingTransitiveWheel(t *testing.T) {
	r := check(t, privateHeader+"requests==2.32.3\npython-dateutil>=2.8\n", pluginsZip(t, realWheels(t, "six-")))
	miss := findings(r, "PRV-08/missing")
	if !r.HasErrors() || len(miss) != 1 || miss[0].Resource != "six" {
		t.Fatalf("want one missing six:\n%s", dump(r))
	}
	f := miss[0]
	if f.Source.File != "requirements.txt" || f.Source.Line != 4 || !strings.Contains(f.Message, "python-dateutil 2.9.0.post0 requires six>=1.5") {
		t.Errorf("finding %+v", f)
	}
	if !strings.Contains(r.PipDownload, "six>=1.5") || !strings.Contains(r.PipDownload, "--python-version 3.11") || !strings.Contains(r.PipDownload, "--platform manylinux_2_34_x86_64") {
		t.Errorf("pip download: %s", r.PipDownload)
	}
}

func TestPlatformTags(t *testing.T) {
	files := realWheels(t, "charset_normalizer-")
	files["charset_normalizer-3.4.0-cp311-cp311-macosx_10_9_x86_64.whl"] = wheelFile(t, "charset_normalizer-3.4.0-cp311-cp311-macosx_10_9_x86_64.whl", testMetadata(t, "charset_normalizer-3.4.0"))
	files["idna-3.10-py3-none-win_amd64.whl"] = wheelFile(t, "idna-3.10-py3-none-win_amd64.whl", testMetadata(t, "idna-3.10"))
	r := check(t, privateHeader+"requests\n", pluginsZip(t, files))
	plat := findings(r, "PRV-08/platform")
	var errs, warns int
	for _, f := range plat {
		if f.Severity == model.SeverityError && f.Resource == "charset-normalizer" && strings.Contains(f.Message, "macosx_10_9_x86_64") {
			errs++
		}
		if f.Severity == model.SeverityWarning && f.Resource == "idna" {
			warns++
		}
	}
	if errs != 1 || warns != 1 {
		t.Fatalf("want an error for the macOS-only charset-normalizer and a warning for the unneeded Windows idna:\n%s", dump(r))
	}
	// cp312 wheels do not install on Python 3.11, but do on Airflow 3.0.6 (3.12).
	files = realWheels(t, "charset_normalizer-")
	files["charset_normalizer-3.4.0-cp312-cp312-manylinux_2_17_x86_64.whl"] = wheelFile(t, "charset_normalizer-3.4.0-cp312-cp312-manylinux_2_17_x86_64.whl", testMetadata(t, "charset_normalizer-3.4.0"))
	if r := check(t, privateHeader+"requests\n", pluginsZip(t, files)); len(findings(r, "PRV-08/platform")) != 1 {
		t.Errorf("cp312 wheel accepted on 3.11:\n%s", dump(r))
	}
	if r := check(t, privateHeader+"requests\n", pluginsZip(t, files), func(o *Options) { o.AirflowVersion = "3.0.6" }); r.HasErrors() {
		t.Errorf("cp312 wheel refused on Airflow 3.0.6:\n%s", dump(r))
	}
}

func TestTagSupport(t *testing.T) {
	al2023, _ := PlatformFor("2.10.3", "")
	al2, _ := PlatformFor("2.6.3", "")
	al2023old, _ := PlatformFor("2.8.1", "") // 2.7 and later run on Amazon Linux 2023 (user guide FAQ)
	cases := []struct {
		p             Platform
		py, abi, plat string
		want          bool
	}{
		{al2023, "cp311", "cp311", "manylinux_2_28_x86_64", true},
		{al2, "cp310", "cp310", "manylinux_2_28_x86_64", false},
		{al2, "cp310", "cp310", "manylinux2014_x86_64", true},
		{al2023old, "cp311", "cp311", "manylinux_2_28_x86_64", true},
		{al2023old, "cp311", "cp311", "manylinux_2_35_x86_64", false},
		{al2023, "cp311", "cp311", "manylinux_2_17_aarch64", false},
		{al2023, "cp311", "cp311", "musllinux_1_1_x86_64", false},
		{al2023, "cp38", "abi3", "manylinux2014_x86_64", true},
		{al2023, "cp312", "abi3", "manylinux2014_x86_64", false},
		{al2023, "py3", "none", "any", true},
		{al2023, "py2", "none", "any", false},
		{al2023, "py310", "none", "any", true},
		{al2023, "py312", "none", "any", false},
		{al2023, "cp311", "none", "any", true},
		{al2023, "cp310", "cp310", "manylinux2014_x86_64", false},
		{al2023, "cp311", "cp311", "linux_x86_64", true},
	}
	for _, c := range cases {
		if got := c.p.TagSupported(c.py, c.abi, c.plat); got != c.want {
			t.Errorf("%s %s-%s-%s: got %v", c.p.Airflow, c.py, c.abi, c.plat, got)
		}
	}
}

func TestBacktracking(t *testing.T) {
	files := map[string][]byte{
		"a-2.0-py3-none-any.whl": wheelFile(t, "a-2.0-py3-none-any.whl", synthMetadata("a", "2.0", "Requires-Dist: c<2")),
		"a-1.0-py3-none-any.whl": wheelFile(t, "a-1.0-py3-none-any.whl", synthMetadata("a", "1.0", "Requires-Dist: c")),
		"b-1.0-py3-none-any.whl": wheelFile(t, "b-1.0-py3-none-any.whl", synthMetadata("b", "1.0", "Requires-Dist: c>=2")),
		"c-1.0-py3-none-any.whl": wheelFile(t, "c-1.0-py3-none-any.whl", synthMetadata("c", "1.0")),
		"c-2.0-py3-none-any.whl": wheelFile(t, "c-2.0-py3-none-any.whl", synthMetadata("c", "2.0")),
	}
	r := check(t, privateHeader+"a\nb\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("backtracking should find a 1.0, b 1.0, c 2.0:\n%s", dump(r))
	}
	got := map[string]string{}
	for _, p := range r.Resolved {
		got[p.Name] = p.Version
	}
	if got["a"] != "1.0" || got["c"] != "2.0" {
		t.Fatalf("resolved %v", got)
	}
	// Without a 1.0 there is no solution: a conflict on c is reported.
	delete(files, "a-1.0-py3-none-any.whl")
	r = check(t, privateHeader+"a\nb\n", pluginsZip(t, files))
	conf := findings(r, "PRV-08/conflict")
	if len(conf) == 0 || conf[0].Resource != "c" || !strings.Contains(conf[0].Message, "a 2.0 requires c<2") || !strings.Contains(conf[0].Message, "b 1.0 requires c>=2") {
		t.Fatalf("want a conflict on c:\n%s", dump(r))
	}
}

func TestUnsatisfiedAndConstraints(t *testing.T) {
	plugins := pluginsZip(t, realWheels(t))
	r := check(t, privateHeader+"requests>=3\n", plugins)
	if f := findings(r, "PRV-08/unsatisfied"); len(f) != 1 || f[0].Source.Line != 3 || !strings.Contains(f[0].Message, "available: 2.32.3") {
		t.Fatalf("want requests>=3 unsatisfied at line 3:\n%s", dump(r))
	}
	r = check(t, privateHeader+"-c constraints.txt\nrequests\n", plugins, func(o *Options) {
		o.ReadLocal = func(p string) ([]byte, error) {
			if p != "constraints.txt" {
				t.Errorf("read %q", p)
			}
			return []byte("urllib3==1.26.20\nsix==1.16.0\n"), nil
		}
	})
	f := findings(r, "PRV-08/unsatisfied")
	if len(f) != 1 || f[0].Resource != "urllib3" || !strings.Contains(f[0].Message, "constrained to ==1.26.20 by constraints.txt:1") {
		t.Fatalf("want urllib3 held by the constraint:\n%s", dump(r))
	}
}

func TestExtrasAndMarkers(t *testing.T) {
	plugins := pluginsZip(t, realWheels(t))
	r := check(t, privateHeader+"requests[socks]\n", plugins)
	if f := findings(r, "PRV-08/missing"); len(f) != 1 || f[0].Resource != "pysocks" {
		t.Fatalf("requests[socks] should need PySocks:\n%s", dump(r))
	}
	// Markers: the win32-only and old-Python dependencies are not needed.
	files := realWheels(t)
	files["tool-1.0-py3-none-any.whl"] = wheelFile(t, "tool-1.0-py3-none-any.whl", synthMetadata("tool", "1.0",
		`Requires-Dist: pywin32>=300; sys_platform == "win32"`,
		`Requires-Dist: importlib-metadata; python_version < "3.8"`,
		`Requires-Dist: six; platform_machine == "x86_64" and python_version >= "3.10"`))
	r = check(t, privateHeader+"tool\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("markers not evaluated for MWAA:\n%s", dump(r))
	}
	found := false
	for _, p := range r.Resolved {
		found = found || p.Name == "six"
	}
	if !found {
		t.Errorf("six (marker true on MWAA) not resolved")
	}
}

func TestInstalledAirflow(t *testing.T) {
	files := map[string][]byte{
		"prov-1.0-py3-none-any.whl": wheelFile(t, "prov-1.0-py3-none-any.whl", synthMetadata("prov", "1.0", "Requires-Dist: apache-airflow>=2.8.0")),
		"new-1.0-py3-none-any.whl":  wheelFile(t, "new-1.0-py3-none-any.whl", synthMetadata("new", "1.0", "Requires-Dist: apache-airflow>=3.0")),
	}
	r := check(t, privateHeader+"prov\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("installed apache-airflow 2.10.3 should satisfy >=2.8.0:\n%s", dump(r))
	}
	r = check(t, privateHeader+"new\n", pluginsZip(t, files))
	if f := findings(r, "PRV-08/unsatisfied"); len(f) != 1 || f[0].Resource != "apache-airflow" || !strings.Contains(f[0].Message, "2.10.3 (installed)") {
		t.Fatalf("apache-airflow>=3.0 on 2.10.3 should fail:\n%s", dump(r))
	}
	r = check(t, privateHeader+"prov\nboto3>=1.30\n", pluginsZip(t, files), func(o *Options) {
		o.InstalledName, o.InstalledData = "freeze.txt", []byte("boto3==1.34.90\n")
	})
	if r.HasErrors() {
		t.Fatalf("installed boto3 should satisfy:\n%s", dump(r))
	}
}

func TestPrivateRoutingLines(t *testing.T) {
	plugins := pluginsZip(t, realWheels(t))
	r := check(t, "six\n", plugins)
	if len(findings(r, "PRV-08/no-index")) != 1 || len(findings(r, "PRV-08/find-links")) != 1 {
		t.Fatalf("want no-index and find-links errors:\n%s", dump(r))
	}
	r = check(t, privateHeader+"--extra-index-url https://pypi.example.com/simple\n-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\nsix\n", plugins)
	if len(findings(r, "PRV-08/index-url")) != 1 || len(findings(r, "PRV-08/constraints-url")) != 1 || len(findings(r, "PRV-08/constraints-not-read")) != 1 {
		t.Fatalf("want index-url, constraints-url and constraints-not-read:\n%s", dump(r))
	}
	// The same file in public routing: warnings and info only, closure not checked.
	r = check(t, "--extra-index-url https://pypi.example.com/simple\nsix\n", plugins, func(o *Options) { o.Routing = "public" })
	if r.HasErrors() || r.Checked || len(findings(r, "PRV-08/not-resolved")) != 1 {
		t.Fatalf("public routing:\n%s", dump(r))
	}
	// A constraints file in plugins.zip is read from the zip.
	files := realWheels(t)
	files["constraints.txt"] = []byte("six==1.15.0\n")
	r = check(t, privateHeader+"-c /usr/local/airflow/plugins/constraints.txt\nsix\n", pluginsZip(t, files))
	if f := findings(r, "PRV-08/unsatisfied"); len(f) != 1 || !strings.Contains(f[0].Message, "plugins.zip:constraints.txt:1") {
		t.Fatalf("constraints from plugins.zip not applied:\n%s", dump(r))
	}
}

func TestWheelLocationAndSdist(t *testing.T) {
	files := realWheels(t, "six-")
	files["wheels/six-1.16.0-py2.py3-none-any.whl"] = wheelFile(t, "six-1.16.0-py2.py3-none-any.whl", testMetadata(t, "six-1.16.0"))
	files["mypkg-1.0.tar.gz"] = []byte("not really")
	r := check(t, privateHeader+"six\n", pluginsZip(t, files))
	if len(findings(r, "PRV-08/wheel-location")) != 1 || len(findings(r, "PRV-08/missing")) != 1 || len(findings(r, "PRV-08/sdist")) != 1 {
		t.Fatalf("want wheel-location, missing six and sdist:\n%s", dump(r))
	}
	r = check(t, privateHeader+"--find-links /usr/local/airflow/plugins/wheels\nsix\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("six in wheels/ with its --find-links should resolve:\n%s", dump(r))
	}
	r = check(t, privateHeader+"/usr/local/airflow/plugins/wheels/six-1.16.0-py2.py3-none-any.whl\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("six named by path should resolve:\n%s", dump(r))
	}
	r = check(t, privateHeader+"six @ file:///usr/local/airflow/plugins/wheels/six-1.16.0-py2.py3-none-any.whl\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("six named by file URL should resolve:\n%s", dump(r))
	}
	r = check(t, privateHeader+"six @ file:///usr/local/airflow/plugins/six-1.17.0-py2.py3-none-any.whl\n", pluginsZip(t, files))
	if f := findings(r, "PRV-08/wheel-path"); len(f) != 1 || f[0].Source.Line != 3 {
		t.Fatalf("a file URL to a wheel plugins.zip lacks should be reported:\n%s", dump(r))
	}
}

func TestPrereleaseAndRequiresPython(t *testing.T) {
	files := map[string][]byte{
		"beta-2.0b1-py3-none-any.whl": wheelFile(t, "beta-2.0b1-py3-none-any.whl", synthMetadata("beta", "2.0b1")),
		"old-1.0-py3-none-any.whl":    wheelFile(t, "old-1.0-py3-none-any.whl", synthMetadata("old", "1.0", "Requires-Python: <3.10")),
	}
	r := check(t, privateHeader+"beta\n", pluginsZip(t, files))
	if r.HasErrors() {
		t.Fatalf("a pre-release that is the only candidate should be taken:\n%s", dump(r))
	}
	r = check(t, privateHeader+"old\n", pluginsZip(t, files))
	if f := findings(r, "PRV-08/platform"); len(f) != 1 || !strings.Contains(f[0].Message, "Requires-Python <3.10") {
		t.Fatalf("Requires-Python not applied:\n%s", dump(r))
	}
}

func TestInputErrors(t *testing.T) {
	plugins := pluginsZip(t, realWheels(t))
	for _, tc := range []struct{ reqs, want string }{
		{"six\nrequests >= \n", "requirements.txt:2:"},
		{"--frobnicate\n", "requirements.txt:1: unknown pip option"},
		{"-r missing.txt\n", `requirements.txt:1: cannot read "missing.txt": no such file`},
		{"six ; python_version >> '3'\n", "requirements.txt:1:"},
	} {
		_, err := Check(Options{RequirementsName: "requirements.txt", RequirementsData: []byte(tc.reqs), Plugins: plugins, BareImage: true,
			ReadLocal: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
		if err == nil || !IsInputError(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want input error containing %q", tc.reqs, err, tc.want)
		}
	}
	if _, err := ReadPlugins("plugins.zip", bytes.NewReader([]byte("nope")), 4); !errors.Is(err, ErrUnreadable) {
		t.Errorf("corrupt zip: %v", err)
	}
	bad := pluginsZipRaw(t, map[string][]byte{"six-1.16.0-py3-none-any.whl": []byte("not a zip")})
	if _, err := ReadPlugins("plugins.zip", bytes.NewReader(bad), int64(len(bad))); !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "six-1.16.0-py3-none-any.whl") {
		t.Errorf("corrupt wheel: %v", err)
	}
	if _, err := Check(Options{RequirementsName: "r.txt", AirflowVersion: "9.9.9"}); err == nil || !strings.Contains(err.Error(), `"9.9.9" is not one MWAA offers: expected one of 3.3.1, `) {
		t.Errorf("unknown Airflow version: %v", err)
	}
}

func pluginsZipRaw(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		f, _ := zw.Create(name)
		f.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

func TestRequirementsFileSyntax(t *testing.T) {
	data := "# comment\n--no-index  # trailing\n--find-links=/usr/local/airflow/plugins\nrequests==2.32.3 \\\n  --hash=sha256:abc\n-r more.txt\n--constraint \"/usr/local/airflow/dags/constraints.txt\"\n"
	rf, err := ParseRequirementsFile("requirements.txt", []byte(data), FileSource{
		ReadLocal: func(p string) ([]byte, error) { return []byte("six>=1.5 ; python_version >= '3'\n"), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if rf.NoIndex == nil || len(rf.FindLinks) != 1 || rf.FindLinks[0].Value != "/usr/local/airflow/plugins" {
		t.Errorf("options %+v", rf)
	}
	if len(rf.Requirements) != 2 || rf.Requirements[0].Pos.Line != 4 || rf.Requirements[1].Pos.File != "more.txt" {
		t.Errorf("requirements %+v", rf.Requirements)
	}
	if len(rf.UnreadConstraints) != 1 || rf.UnreadConstraints[0].Value != "/usr/local/airflow/dags/constraints.txt" {
		t.Errorf("unread constraints %+v", rf.UnreadConstraints)
	}
	// The given constraints file stands in for the unreadable one.
	rf, err = ParseRequirementsFile("requirements.txt", []byte(data), FileSource{
		ReadLocal:       func(p string) ([]byte, error) { return []byte("six\n"), nil },
		ConstraintsName: "c.txt", ConstraintsData: []byte("six==1.16.0\n"),
	})
	if err != nil || len(rf.UnreadConstraints) != 0 || len(rf.Constraints) != 1 || rf.Constraints[0].Pos.File != "c.txt" {
		t.Errorf("given constraints: %+v %v", rf, err)
	}
}

func TestGoldenReport(t *testing.T) {
	files := realWheels(t, "six-")
	files["idna-3.10-py3-none-win_amd64.whl"] = wheelFile(t, "idna-3.10-py3-none-win_amd64.whl", testMetadata(t, "idna-3.10"))
	r := check(t, privateHeader+"requests[socks]==2.32.3\npython-dateutil>=2.8\n", pluginsZip(t, files))
	var txt, js bytes.Buffer
	r.WriteText(&txt)
	r.WriteJSON(&js)
	for name, got := range map[string][]byte{"report.txt": txt.Bytes(), "report.json": js.Bytes()} {
		p := filepath.Join("testdata", name)
		if *update {
			os.WriteFile(p, got, 0o644)
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs:\n%s", name, got)
		}
	}
}

// An empty requirements.txt installs nothing: pip reaches for no index, so the
// --no-index/--find-links findings of private routing do not apply; one requirement
// brings them back.
func TestEmptyRequirementsNeedNoIndexLines(t *testing.T) {
	private := func(o *Options) { o.Routing = model.RoutingPrivate }
	if r := check(t, "# nothing yet\n", pluginsZip(t, realWheels(t)), private); len(findings(r, "PRV-08/no-index")) != 0 {
		t.Errorf("empty requirements reported:\n%s", dump(r))
	}
	if r := check(t, "six\n", pluginsZip(t, realWheels(t)), private); len(findings(r, "PRV-08/no-index")) != 1 {
		t.Errorf("a requirement without --no-index not reported:\n%s", dump(r))
	}
}
