package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mwaanet/mwaanet/internal/spec"

	"github.com/mwaanet/mwaanet/internal/testshared"
)

var (
	quickStartTemplate = testshared.Dir() + "/corpus/cloudformation/aws-mwaa-quick-start.yaml"
	quickStartSnapshot = testshared.Dir() + "/corpus/snapshot/aws-mwaa-quick-start"
)

// runCLI runs "mwaanet ARGS" with the given environment variables and terminal answer.
func runCLI(t testing.TB, env map[string]string, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(k string) string { return env[k] }, IsTerminal: func(io.Writer) bool { return terminal }}
	code := Run(app, args)
	return code, out.String(), errb.String()
}

func corpus(t testing.TB, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return path
}

type checkJSON struct {
	Inputs   []string `json:"inputs"`
	Findings []struct {
		Rule        string `json:"rule"`
		Requirement string `json:"requirement"`
		Severity    string `json:"severity"`
		Resource    string `json:"resource"`
		File        string `json:"file"`
		Line        int    `json:"line"`
		Message     string `json:"message"`
		Fix         string `json:"fix"`
		Related     []struct {
			Line int `json:"line"`
		} `json:"related"`
	} `json:"findings"`
	Summary struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Rules    int `json:"rules"`
	} `json:"summary"`
}

func checkAsJSON(t *testing.T, wantCode int, args ...string) checkJSON {
	t.Helper()
	code, out, errs := runCLI(t, nil, false, append([]string{"check", "--format", "json"}, args...)...)
	if code != wantCode {
		t.Fatalf("check %v exited %d, want %d\nstdout: %s\nstderr: %s", args, code, wantCode, out, errs)
	}
	var r checkJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, out)
	}
	return r
}

// The quick-start template: both duplicates are reported naming both lines (SecurityGroup,
// defined twice differently, as an error; SecurityGroupIngress, the same definition twice,
// as a warning); nothing else is an error; the expected warnings are there.
func TestCheckQuickStartTemplate(t *testing.T) {
	r := checkAsJSON(t, ExitFindings, corpus(t, quickStartTemplate))
	dups := map[string][2]int{}
	for _, f := range r.Findings {
		if f.Severity != "error" && f.Rule != "INPUT/cfn-duplicate-same-value" {
			continue
		}
		if f.Requirement != "INPUT" {
			t.Errorf("unexpected error finding %s %s line %d: %s", f.Rule, f.Resource, f.Line, f.Message)
			continue
		}
		other := 0
		if len(f.Related) > 0 {
			other = f.Related[0].Line
		}
		dups[f.Resource] = [2]int{other, f.Line}
	}
	want := map[string][2]int{"SecurityGroup": {225, 286}, "SecurityGroupIngress": {232, 293}}
	for id, lines := range want {
		if dups[id] != lines {
			t.Errorf("duplicate %s reported at lines %v, want %v", id, dups[id], lines)
		}
	}
	warned := map[string]bool{}
	for _, f := range r.Findings {
		if f.Severity == "warning" {
			warned[f.Rule] = true
		}
	}
	for _, rule := range []string{"WEB-03/public-only", "S3-02/bucket-encryption", "KMS-01/customer-key"} {
		if !warned[rule] {
			t.Errorf("no %s warning on the quick-start template", rule)
		}
	}
}

func TestCheckQuickStartSnapshot(t *testing.T) {
	r := checkAsJSON(t, ExitOK, corpus(t, quickStartSnapshot))
	if r.Summary.Errors != 0 || r.Summary.Warnings == 0 {
		t.Errorf("snapshot: %d errors, %d warnings; want none and some", r.Summary.Errors, r.Summary.Warnings)
	}
}

// Every use case's spec checks clean (what synth would build), and so does the default.
func TestCheckSpecsAndDefault(t *testing.T) {
	for n := 1; n <= 4; n++ {
		r := checkAsJSON(t, ExitOK, useCaseSpec(t, n))
		if r.Summary.Errors != 0 {
			t.Errorf("use case %d: %d errors", n, r.Summary.Errors)
		}
	}
	r := checkAsJSON(t, ExitOK)
	if len(r.Inputs) != 1 || !strings.Contains(r.Inputs[0], "embedded default") {
		t.Errorf("inputs %v, want the embedded default", r.Inputs)
	}
	if r.Summary.Rules < 40 {
		t.Errorf("%d rules ran", r.Summary.Rules)
	}
}

// synthTemplate returns the CloudFormation template synth makes for use case n.
func synthTemplate(t testing.TB, n int) string {
	t.Helper()
	args := []string{"synth"}
	if n != 3 {
		text, err := spec.UseCaseText(n)
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, "--spec", writeTemp(t, "spec.yaml", string(text)))
	}
	code, out, errs := runCLI(t, nil, false, args...)
	if code != 0 {
		t.Fatalf("synth: %d %s", code, errs)
	}
	return out
}

// networkOnly cuts a synthesized use case 3 template down to its network: everything
// before the key, without the S3 endpoint's policy (which names the bucket).
func networkOnly(t testing.TB) string {
	tpl := synthTemplate(t, 3)
	tpl = tpl[:strings.Index(tpl, "\n  Key:\n")+1]
	i := strings.Index(tpl, "\n  S3GatewayEndpoint:\n")
	j := i + strings.Index(tpl[i:], "      PolicyDocument:\n")
	k := j + strings.Index(tpl[j:], "      Tags:\n")
	return tpl[:j] + tpl[k:]
}

func writeTemp(t testing.TB, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckNetworkOnly(t *testing.T) {
	p := writeTemp(t, "network.yaml", networkOnly(t))
	// Inferred: one pair of private subnets, one candidate security group.
	code, out, errs := runCLI(t, nil, false, "check", p)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "environment inferred: subnets PrivateSubnet1, PrivateSubnet2; security group EnvironmentSecurityGroup") {
		t.Errorf("output does not say what was inferred:\n%s", out)
	}
	// Given by flags.
	r := checkAsJSON(t, ExitOK, p, "--subnets", "PrivateSubnet1,PrivateSubnet2", "--security-groups", "EnvironmentSecurityGroup", "--routing", "private", "--access", "PRIVATE_ONLY")
	if !strings.Contains(strings.Join(r.Inputs, "\n"), "given by flags") {
		t.Errorf("inputs %v do not say the environment came from flags", r.Inputs)
	}
	// One subnet: NET-01 error.
	r = checkAsJSON(t, ExitFindings, p, "--subnets", "PrivateSubnet1", "--security-groups", "EnvironmentSecurityGroup")
	found := false
	for _, f := range r.Findings {
		found = found || (f.Rule == "NET-01/subnets" && f.Severity == "error")
	}
	if !found {
		t.Error("one subnet gives no NET-01 error")
	}
	// Several candidate security groups: cannot infer, exit 2 naming them.
	two := strings.Replace(networkOnly(t), "\n  EndpointSecurityGroup:\n", "\n  SpareSecurityGroup:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: spare\n      VpcId: !Ref VPC\n  EndpointSecurityGroup:\n", 1)
	code, _, errs = runCLI(t, nil, false, "check", writeTemp(t, "two.yaml", two))
	if code != ExitInput || !strings.Contains(errs, "--security-groups") || !strings.Contains(errs, "SpareSecurityGroup") {
		t.Errorf("two candidate security groups: exit %d, stderr %q; want 2 naming them and the flag", code, errs)
	}
	// Flags with an input that declares an environment: usage error.
	code, _, errs = runCLI(t, nil, false, "check", useCaseSpec(t, 3), "--subnets", "A,B")
	if code != ExitInput || !strings.Contains(errs, "network-only") {
		t.Errorf("flags with an environment: exit %d, stderr %q", code, errs)
	}
}

func TestCheckExitCodesAndFlags(t *testing.T) {
	// Use case 1 has a warning (PUBLIC_ONLY): 0 by default, 1 with --fail-on warning.
	spec1 := useCaseSpec(t, 1)
	if code, _, _ := runCLI(t, nil, false, "check", spec1); code != ExitOK {
		t.Errorf("use case 1: exit %d, want 0", code)
	}
	if code, _, _ := runCLI(t, nil, false, "check", spec1, "--fail-on", "warning"); code != ExitFindings {
		t.Errorf("use case 1 --fail-on warning: exit %d, want 1", code)
	}
	bad := writeTemp(t, "spec.yaml", "routing: sideways\n")
	code, _, errs := runCLI(t, nil, false, "check", bad)
	if code != ExitInput || !strings.Contains(errs, "spec.yaml:1:10") {
		t.Errorf("bad spec: exit %d, stderr %q; want 2 with file:line:column", code, errs)
	}
	broken := writeTemp(t, "t.yaml", "Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties: [\n")
	code, _, errs = runCLI(t, nil, false, "check", broken)
	if code != ExitInput || !strings.Contains(errs, "t.yaml:") {
		t.Errorf("broken template: exit %d, stderr %q", code, errs)
	}
	for _, args := range [][]string{
		{"check", "--format", "xml"}, {"check", "--fail-on", "info"}, {"check", "--routing", "sideways"},
		{"check", "--access", "PUBLIC"}, {"check", "--live"}, {"check", "--live", "x.yaml"},
		{"check", "--environment", "e"}, {"check", "/nonexistent/input.yaml"},
	} {
		if code, _, errs := runCLI(t, nil, false, args...); code != ExitInput || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errs)
		}
	}
}

// Text output is grouped by severity; colours only on a terminal without NO_COLOR.
func TestCheckTextColour(t *testing.T) {
	spec1 := useCaseSpec(t, 1)
	_, plain, _ := runCLI(t, nil, false, "check", spec1)
	if strings.Contains(plain, "\x1b[") || !strings.Contains(plain, "Warnings") {
		t.Errorf("plain output:\n%s", plain)
	}
	_, coloured, _ := runCLI(t, nil, true, "check", spec1)
	if !strings.Contains(coloured, "\x1b[") {
		t.Error("no colour on a terminal")
	}
	_, nocolor, _ := runCLI(t, map[string]string{"NO_COLOR": "1"}, true, "check", spec1)
	if strings.Contains(nocolor, "\x1b[") {
		t.Error("colour despite NO_COLOR")
	}
	_, dumb, _ := runCLI(t, map[string]string{"TERM": "dumb"}, true, "check", spec1)
	if strings.Contains(dumb, "\x1b[") {
		t.Error("colour on TERM=dumb (a terminal that cannot show it, such as Emacs shell buffers)")
	}
}

func TestCheckJUnit(t *testing.T) {
	_, out, _ := runCLI(t, nil, false, "check", "--format", "junit", corpus(t, quickStartTemplate))
	var v struct {
		XMLName xml.Name
	}
	if err := xml.Unmarshal([]byte(out), &v); err != nil || !strings.HasPrefix(v.XMLName.Local, "testsuite") {
		t.Errorf("junit output does not parse (%v): %s", err, out[:min(len(out), 300)])
	}
}

// findSARIFSchema walks up to the repository's node_modules (.ci/run installs it with npm).
func findSARIFSchema(t *testing.T) string {
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

// Real check output validates against the SARIF 2.1.0 schema, and findings are located at
// the template line.
func TestCheckSARIFValidates(t *testing.T) {
	sch, err := jsonschema.NewCompiler().Compile(findSARIFSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{corpus(t, quickStartTemplate), corpus(t, quickStartSnapshot), useCaseSpec(t, 3), useCaseSpec(t, 4)} {
		_, out, errs := runCLI(t, nil, false, "check", "--format", "sarif", in)
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v %s", in, err, errs)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", in, err)
		}
	}
	_, out, _ := runCLI(t, nil, false, "check", "--format", "sarif", quickStartTemplate)
	if !strings.Contains(out, `"startLine": 286`) {
		t.Error("SARIF does not locate the duplicate SecurityGroup at line 286")
	}
}

func TestRulesCommand(t *testing.T) {
	code, out, _ := runCLI(t, nil, false, "rules")
	if code != 0 || !strings.Contains(out, "NET-05/self-reference") || !strings.Contains(out, "PRV-04/path") || !strings.Contains(out, "INPUT/cfn-duplicate-logical-id") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, false, "rules", "--format", "json")
	var rs []ruleJSON
	if err := json.Unmarshal([]byte(out), &rs); err != nil || code != 0 {
		t.Fatalf("rules --format json: %d %v", code, err)
	}
	reqs := map[string]bool{}
	for _, r := range rs {
		if r.Requirement != "INPUT" {
			reqs[r.Requirement] = true
		}
		if r.Summary == "" || r.Severity == "" {
			t.Errorf("rule %+v lacks summary or severity", r)
		}
	}
	if len(reqs) != 37 {
		t.Errorf("rules cover %d requirements, want 37", len(reqs))
	}
	if code, _, _ := runCLI(t, nil, false, "rules", "--format", "xml"); code != ExitInput {
		t.Errorf("rules --format xml: exit %d", code)
	}
}

// quickStartLines returns the quick-start template's lines (1-based: lines[0] is "").
func quickStartLines(t *testing.T) []string {
	data, err := os.ReadFile(corpus(t, quickStartTemplate))
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{""}, strings.Split(string(data), "\n")...)
}

// AWS's own template passes once its duplicate logical IDs are gone (the first
// SecurityGroup and SecurityGroupIngress, lines 225-237, removed; CloudFormation would have
// used the second ones anyway).
func TestCheckQuickStartWithoutDuplicates(t *testing.T) {
	lines := quickStartLines(t)
	if !strings.HasPrefix(lines[225], "  SecurityGroup:") || !strings.HasPrefix(lines[232], "  SecurityGroupIngress:") {
		t.Fatalf("the corpus template changed: lines 225/232 are %q/%q", lines[225], lines[232])
	}
	text := strings.Join(append(append([]string{}, lines[1:225]...), lines[238:]...), "\n")
	r := checkAsJSON(t, ExitOK, writeTemp(t, "quick-start.yaml", text))
	if r.Summary.Errors != 0 {
		t.Errorf("%d errors", r.Summary.Errors)
	}
}

// The network part of AWS's template (up to its first security group, without the
// environment): check infers the environment and finds no error.
func TestCheckQuickStartNetworkOnly(t *testing.T) {
	lines := quickStartLines(t)
	text := strings.Join(lines[1:238], "\n")
	code, out, errs := runCLI(t, nil, false, "check", writeTemp(t, "network.yaml", text), "--access", "PUBLIC_ONLY")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "environment inferred: subnets PrivateSubnet1, PrivateSubnet2; security group SecurityGroup") {
		t.Errorf("no inference note:\n%s", out)
	}
}
