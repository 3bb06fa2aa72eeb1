package deps

import (
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/mwaaversions"
)

// deps check knows MWAA's image (issue 12): what the image has needs no wheel, a
// requirement against the image's constraints is reported, retired versions are refused
// and a version without package data says so.

func imageCheck(t *testing.T, airflow, reqs string, plugins *Plugins) *Report {
	t.Helper()
	r, err := Check(Options{RequirementsName: "requirements.txt", RequirementsData: []byte(reqs), Plugins: plugins, AirflowVersion: airflow})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return r
}

func TestImagePackagesNeedNoWheel(t *testing.T) {
	for _, airflow := range []string{"2.10.3", "2.11.0", "3.0.6", "3.3.1"} {
		r := imageCheck(t, airflow, privateHeader+"requests\napache-airflow-providers-amazon\nboto3>=1.20\n", nil)
		if r.HasErrors() {
			t.Fatalf("%s: the image has these, yet:\n%s", airflow, dump(r))
		}
		got := map[string]string{}
		for _, p := range r.Resolved {
			got[p.Name] = p.From
		}
		for _, n := range []string{"requests", "apache-airflow-providers-amazon", "boto3"} {
			if got[n] != "installed" {
				t.Errorf("%s: %s resolved from %q, want installed", airflow, n, got[n])
			}
		}
	}
}

// The images before 2.9.2 (from AWS's MWAA local runner) are known too: what they have
// needs no wheel and no --installed, and there is no image-unknown warning (before their
// data was embedded, 2.8.1 warned and wanted a wheel for requests).
func TestLocalRunnerImagesNeedNoWheel(t *testing.T) {
	for _, c := range []struct{ airflow, amazon string }{{"2.4.3", "6.0.0"}, {"2.5.1", "7.1.0"}, {"2.6.3", "8.2.0"}, {"2.7.2", "8.7.1"}, {"2.8.1", "8.16.0"}} {
		r := imageCheck(t, c.airflow, privateHeader+"requests\napache-airflow-providers-amazon=="+c.amazon+"\nboto3>=1.20\n", nil)
		errs := 0
		for _, f := range r.Findings {
			if f.Severity == model.SeverityError && f.Rule != "PRV-08/version-retired" { // 2.4.3 to 2.6.3 are retired
				errs++
			}
		}
		if errs != 0 || len(findings(r, "PRV-08/image-unknown")) != 0 {
			t.Fatalf("%s: the image has these, yet:\n%s", c.airflow, dump(r))
		}
		got := map[string]string{}
		for _, p := range r.Resolved {
			got[p.Name] = p.From
		}
		for _, n := range []string{"requests", "apache-airflow-providers-amazon", "boto3"} {
			if got[n] != "installed" {
				t.Errorf("%s: %s resolved from %q, want installed", c.airflow, n, got[n])
			}
		}
		// A provider the image does not install still needs a wheel.
		r = imageCheck(t, c.airflow, privateHeader+"apache-airflow-providers-google\n", nil)
		if f := findings(r, "PRV-08/missing"); len(f) != 1 || f[0].Resource != "apache-airflow-providers-google" {
			t.Errorf("%s: google provider not reported missing:\n%s", c.airflow, dump(r))
		}
	}
}

// MWAA applies its constraints to requirements that name none from 2.7.2 on only: a pin
// against them is an error on 2.8.1, not on 2.6.3.
func TestImageConstraintsFrom272(t *testing.T) {
	plugins := pluginsZip(t, map[string][]byte{
		"requests-2.0.0-py3-none-any.whl": wheelFile(t, "requests-2.0.0-py3-none-any.whl", synthMetadata("requests", "2.0.0")),
	})
	r := imageCheck(t, "2.8.1", privateHeader+"requests==2.0.0\n", plugins)
	if !strings.Contains(dump(r), "constrained to ==2.31.0 by https://raw.githubusercontent.com/apache/airflow/constraints-2.8.1/constraints-3.11.txt") {
		t.Errorf("2.8.1: the image's pin not applied:\n%s", dump(r))
	}
	r = imageCheck(t, "2.6.3", privateHeader+"requests==2.0.0\n", plugins)
	if len(findings(r, "PRV-08/missing")) != 0 || strings.Contains(dump(r), "constrained to") || strings.Contains(r.PipDownload, "--constraint") {
		t.Errorf("2.6.3: MWAA applies no constraints before 2.7.2:\n%s\n%s", dump(r), r.PipDownload)
	}
}

func TestImageLacksAPackage(t *testing.T) {
	// pandas is pinned by the constraints but not installed in the image: a wheel is needed.
	r := imageCheck(t, "2.10.3", privateHeader+"pandas\n", nil)
	f := findings(r, "PRV-08/missing")
	if len(f) != 1 || f[0].Resource != "pandas" || !strings.Contains(f[0].Message, "no wheel in plugins.zip satisfies pandas") {
		t.Fatalf("pandas not reported missing:\n%s", dump(r))
	}
}

func TestImageConstraintConflict(t *testing.T) {
	plugins := pluginsZip(t, map[string][]byte{
		"requests-2.0.0-py3-none-any.whl": wheelFile(t, "requests-2.0.0-py3-none-any.whl", synthMetadata("requests", "2.0.0")),
	})
	r := imageCheck(t, "2.10.3", privateHeader+"requests==2.0.0\n", plugins)
	var msgs []string
	for _, f := range r.Findings {
		if f.Severity == model.SeverityError && f.Resource == "requests" {
			msgs = append(msgs, f.Message)
		}
	}
	want := "constrained to ==2.32.3 by https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"
	if len(msgs) != 1 || !strings.Contains(msgs[0], want) {
		t.Fatalf("conflict with the image's pin not reported (want %q):\n%s", want, dump(r))
	}
	// The same requirement within the pin passes.
	if r := imageCheck(t, "2.10.3", privateHeader+"requests==2.32.3\n", nil); r.HasErrors() {
		t.Fatalf("requests==2.32.3 is the image's:\n%s", dump(r))
	}
}

func TestImageConstraintsOnlyStandForThemselves(t *testing.T) {
	own := "-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\n"
	r := imageCheck(t, "2.10.3", privateHeader+own+"requests\n", nil)
	// (private routing cannot download the URL: that error stays, as on MWAA.)
	if len(findings(r, "PRV-08/constraints-not-read")) != 0 || len(findings(r, "PRV-08/constraints-url")) != 1 || len(findings(r, "PRV-08/missing")) != 0 {
		t.Fatalf("the image's own constraints URL should read the embedded copy:\n%s", dump(r))
	}
	other := "-c https://raw.githubusercontent.com/apache/airflow/constraints-2.9.2/constraints-3.11.txt\n"
	r = imageCheck(t, "2.10.3", privateHeader+other+"requests\n", nil)
	if f := findings(r, "PRV-08/constraints-not-read"); len(f) != 1 || !strings.Contains(f[0].Message, "constraints-2.9.2") {
		t.Fatalf("another version's constraints must not be replaced by 2.10.3's:\n%s", dump(r))
	}
}

func TestRetiredVersionRefused(t *testing.T) {
	r := imageCheck(t, "2.0.2", privateHeader+"requests\n", nil)
	f := findings(r, "PRV-08/version-retired")
	if len(f) != 1 || f[0].Severity != model.SeverityError || !strings.Contains(f[0].Message, "MWAA no longer creates environments with Airflow 2.0.2") ||
		!strings.Contains(f[0].Message, "choose one of 3.3.1") {
		t.Fatalf("retired version not refused:\n%s", dump(r))
	}
	// Retired at the end-of-support date of the user guide's table of deprecated versions.
	r = imageCheck(t, "2.6.3", privateHeader+"requests\n", nil)
	if f := findings(r, "PRV-08/version-retired"); len(f) != 1 || !strings.Contains(f[0].Message, "Airflow 2.6.3 (end of support 2025-12-30)") {
		t.Fatalf("2.6.3 not refused with its date:\n%s", dump(r))
	}
	if r := imageCheck(t, "3.3.1", privateHeader+"requests\n", nil); len(findings(r, "PRV-08/version-retired")) != 0 {
		t.Fatalf("3.3.1 is offered:\n%s", dump(r))
	}
}

func TestVersionWithoutImageDataSaysSo(t *testing.T) {
	// 2.2.2 (retired) is the newest version with no image source.
	r := imageCheck(t, "2.2.2", privateHeader+"requests\n", nil)
	if f := findings(r, "PRV-08/image-unknown"); len(f) != 1 || !strings.Contains(f[0].Message, "not embedded") {
		t.Fatalf("missing image data not reported:\n%s", dump(r))
	}
	if len(findings(r, "PRV-08/missing")) != 1 {
		t.Fatalf("without image data requests needs a wheel:\n%s", dump(r))
	}
	// --installed says what the image has: no warning then.
	r2, err := Check(Options{RequirementsName: "requirements.txt", RequirementsData: []byte(privateHeader + "requests\n"), AirflowVersion: "2.2.2",
		InstalledName: "freeze.txt", InstalledData: []byte("requests==2.31.0\n")})
	if err != nil || len(findings(r2, "PRV-08/missing")) != 0 || len(findings(r2, "PRV-08/image-unknown")) != 0 {
		t.Fatalf("with --installed: %v\n%s", err, dump(r2))
	}
}

func TestDefaultVersionIsNewest(t *testing.T) {
	r := imageCheck(t, "", privateHeader+"requests\n", nil)
	if r.Platform.Airflow != "3.3.1" || r.Platform.Python != "3.12.13" {
		t.Fatalf("default platform %+v, want Airflow 3.3.1 on Python 3.12.13", r.Platform)
	}
}

func TestImageDataParses(t *testing.T) {
	for _, v := range mwaaversions.All() {
		for kind, m := range map[string]map[string]string{"installed": v.Installed, "constraints": v.Constraints} {
			for n, ver := range m {
				if NormalizeName(n) != n {
					t.Errorf("%s %s: %s is not a normalized name", v.Airflow, kind, n)
				}
				if _, err := ParseVersion(ver); err != nil {
					t.Errorf("%s %s: %s %s: %v", v.Airflow, kind, n, ver, err)
				}
			}
		}
		if _, err := PlatformFor(v.Airflow, ""); err != nil {
			t.Errorf("%s: %v", v.Airflow, err)
		}
	}
}

func TestPipDownloadWithinImageConstraints(t *testing.T) {
	r := imageCheck(t, "2.10.3", privateHeader+"pandas\n", nil)
	if !strings.Contains(r.PipDownload, "--constraint https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt") {
		t.Fatalf("pip download ignores the image's constraints: %s", r.PipDownload)
	}
}

func TestRequirementsWithByteOrderMark(t *testing.T) {
	text := privateHeader + "requests\n"
	utf16le := []byte{0xff, 0xfe}
	for _, r := range text {
		utf16le = append(utf16le, byte(r), 0)
	}
	for name, data := range map[string][]byte{"utf-8 BOM": append([]byte{0xef, 0xbb, 0xbf}, text...), "utf-16le": utf16le} {
		r, err := Check(Options{RequirementsName: "requirements.txt", RequirementsData: data, AirflowVersion: "2.10.3"})
		if err != nil || r.HasErrors() {
			t.Errorf("%s: %v\n%s", name, err, dump(r))
		}
	}
}
