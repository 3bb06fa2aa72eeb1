package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mwaanet/mwaanet/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sample() *Report {
	return &Report{
		Inputs: []string{"template.yaml"},
		Rules: []Rule{
			{ID: "NET-05/self-reference", Requirement: "NET-05", Severity: model.SeverityError, Summary: "A security group of the environment allows all traffic from itself", HelpURI: "https://docs.aws.amazon.com/mwaa/latest/userguide/vpc-security.html"},
			{ID: "PRV-03/endpoints", Requirement: "PRV-03", Severity: model.SeverityError, Summary: "Interface endpoints exist for every service MWAA uses"},
			{ID: "WEB-03/public-webserver", Requirement: "WEB-03", Severity: model.SeverityWarning, Summary: "The web server is on the internet"},
		},
		Findings: []model.Finding{
			{Rule: "WEB-03/public-webserver", Requirement: "WEB-03", Severity: model.SeverityWarning, Resource: "Environment",
				Source: model.Source{File: "template.yaml", Line: 120, Column: 5}, Message: "The Airflow UI is reachable from the internet (PUBLIC_ONLY).", Fix: "Set WebserverAccessMode: PRIVATE_ONLY and add Client VPN."},
			{Rule: "NET-05/self-reference", Requirement: "NET-05", Severity: model.SeverityError, Resource: "SecurityGroup",
				Source: model.Source{File: "template.yaml", Line: 40, Column: 3}, Message: "SecurityGroup has no inbound rule from itself.", Fix: "Add an ingress rule: IpProtocol -1, SourceSecurityGroupId !Ref SecurityGroup.",
				Related: []model.Source{{File: "template.yaml", Line: 90, Column: 3}}},
			{Rule: "PRV-03/endpoints", Requirement: "PRV-03", Severity: model.SeverityInfo, Resource: "vpc-0abc",
				Source: model.Source{ID: "vpc-0abc"}, Message: "Endpoint policies are not in the snapshot; not verifiable from this input."},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

func render(t *testing.T, f Format, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, sample(), f, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	golden(t, "report.txt", render(t, FormatText, Options{}))
	golden(t, "report.json", render(t, FormatJSON, Options{}))
	golden(t, "report.sarif", render(t, FormatSARIF, Options{Version: "test"}))
	golden(t, "report.junit.xml", render(t, FormatJUnit, Options{}))
}

func TestTextOrderAndColour(t *testing.T) {
	plain := string(render(t, FormatText, Options{}))
	if strings.Contains(plain, "\x1b[") {
		t.Error("colour codes without Color")
	}
	e, w, i := strings.Index(plain, "Errors"), strings.Index(plain, "Warnings"), strings.Index(plain, "Info")
	if !(e >= 0 && e < w && w < i) {
		t.Errorf("not grouped errors, warnings, info:\n%s", plain)
	}
	if !strings.Contains(plain, "FAIL 1 error, 1 warning, 1 info (3 rules)") {
		t.Errorf("summary line missing:\n%s", plain)
	}
	if !strings.Contains(string(render(t, FormatText, Options{Color: true})), "\x1b[31m") {
		t.Error("no red with Color")
	}
	var b bytes.Buffer
	if err := Write(&b, &Report{Rules: sample().Rules}, FormatText, Options{}); err != nil || !strings.HasPrefix(b.String(), "PASS 0 errors") {
		t.Errorf("empty report: %q %v", b.String(), err)
	}
}

func TestJSONShape(t *testing.T) {
	var got struct {
		Findings []map[string]any `json:"findings"`
		Summary  Summary          `json:"summary"`
	}
	if err := json.Unmarshal(render(t, FormatJSON, Options{}), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"rule", "requirement", "severity", "resource", "file", "line", "message", "fix"} {
		if _, ok := got.Findings[0][key]; !ok {
			t.Errorf("finding lacks %q", key)
		}
	}
	if got.Findings[0]["severity"] != "error" || got.Summary.Errors != 1 || got.Summary.Warnings != 1 || got.Summary.Info != 1 {
		t.Errorf("unexpected: %+v", got)
	}
}

func TestJUnitParses(t *testing.T) {
	var s junitSuites
	if err := xml.Unmarshal(render(t, FormatJUnit, Options{}), &s); err != nil {
		t.Fatal(err)
	}
	if s.Tests != 3 || s.Failures != 2 {
		t.Errorf("tests=%d failures=%d, want 3 and 2", s.Tests, s.Failures)
	}
}

// findSchema walks up to the repository's node_modules, where .ci/run installs the SARIF
// schema with npm.
func findSchema(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("SARIF 2.1.0 schema not installed: run npm ci at the repository root (see .ci/run)")
		}
		dir = parent
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	path := findSchema(t)
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(doc []byte) error {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
		if err != nil {
			return err
		}
		return sch.Validate(v)
	}
	if err := validate(render(t, FormatSARIF, Options{Version: "1.0.0"})); err != nil {
		t.Errorf("our SARIF does not validate: %v", err)
	}
	// The validator must be able to fail: a result without a message is invalid SARIF.
	bad := []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","level":"bogus"}]}]}`)
	if err := validate(bad); err == nil {
		t.Error("schema accepted an invalid SARIF log; the test cannot fail")
	}
}

func TestParseFormat(t *testing.T) {
	if _, err := ParseFormat("sarif"); err != nil {
		t.Error(err)
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "text, json, sarif, junit") {
		t.Errorf("bad format error: %v", err)
	}
}
