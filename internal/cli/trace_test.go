package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/spec"

	"github.com/mwaanet/mwaanet/internal/testshared"
)

func init() {
	// Golden files are rewritten with -update; another test file of this package may
	// already define the flag.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// runTraceCLI runs "mwaanet ARGS" with trace registered, returning the exit code and
// the streams.
func runTraceCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	root := NewRootCmd(app)
	if c, _, err := root.Find([]string{"trace"}); err != nil || c == root {
		root.AddCommand(newTraceCmd(app))
	}
	code := runRoot(app, root, args)
	return code, out.String(), errb.String()
}

// runRoot mirrors Run for a root command built by the test.
func runRoot(app *App, root interface {
	SetArgs([]string)
	Execute() error
}, args []string) int {
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	if ee, ok := err.(*ExitError); ok {
		if ee.Err != nil {
			app.Err.Write([]byte("mwaanet: " + ee.Err.Error() + "\n"))
		}
		return ee.Code
	}
	app.Err.Write([]byte("mwaanet: " + err.Error() + "\n"))
	return ExitInput
}

// useCaseSpec writes the spec of use case n to a temporary file.
func useCaseSpec(t *testing.T, n int) string {
	t.Helper()
	text, err := spec.UseCaseText(n)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(p, text, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type traceJSON struct {
	Reachable    bool `json:"reachable"`
	Undetermined bool `json:"undetermined"`
	// MustStayBlocked: the internet to MWAA's private places; blocks then carry no fix.
	MustStayBlocked string `json:"must_stay_blocked"`
	Hops            []struct {
		Component string `json:"component"`
		ID        string `json:"id"`
		Step      string `json:"step"`
		Rule      string `json:"rule"`
		Decision  string `json:"decision"`
	} `json:"hops"`
	Explanation struct {
		Summary string `json:"summary"`
		Blocks  []struct {
			Code      string `json:"code"`
			Component string `json:"component"`
			ID        string `json:"id"`
			Fix       string `json:"fix"`
		} `json:"blocks"`
	} `json:"explanation"`
}

func (j traceJSON) components() string {
	var s []string
	for _, h := range j.Hops {
		s = append(s, h.Component)
	}
	return strings.Join(s, " ")
}

func (j traceJSON) codes() string {
	var s []string
	for _, b := range j.Explanation.Blocks {
		s = append(s, b.Code)
	}
	return strings.Join(s, " ")
}

// The acceptance answers of the issue: use case 3 is the embedded default.
func TestTraceAcceptance(t *testing.T) {
	uc1 := useCaseSpec(t, 1)
	cases := []struct {
		input, from, to, port string
		code                  int
		hop                   string // a component the path must go through
		block                 string // a code the explanation must give
	}{
		{"", "env", "service:sqs", "443", 0, "vpc-endpoint", ""},
		{"", "env", "service:s3", "443", 0, "vpc-endpoint", ""},
		{"", "env", "service:airflow.ops", "443", 0, "dns", ""},
		{"", "env", "database", "5432", 0, "security-group", ""},
		{"", "vpn", "webserver", "443", 0, "client-vpn", ""},
		{"", "env", "internet", "443", 1, "", "NO_ROUTE"},
		{"", "internet", "webserver", "443", 1, "", "NO_PUBLIC_ADDRESS"},
		{uc1, "env", "internet", "443", 0, "nat-gateway", ""},
		{uc1, "env", "service:sqs", "443", 0, "nat-gateway", ""},
		{uc1, "internet", "env", "22", 1, "", "NO_PUBLIC_ADDRESS"},
	}
	for _, c := range cases {
		args := []string{"trace"}
		if c.input != "" {
			args = append(args, c.input)
		}
		args = append(args, "--from", c.from, "--to", c.to, "--port", c.port, "--format", "json")
		code, out, errOut := runTraceCLI(t, args...)
		name := strings.Join(args[1:], " ")
		if code != c.code {
			t.Errorf("%s: exit %d, want %d; stderr: %s\n%s", name, code, c.code, errOut, out)
			continue
		}
		var j traceJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Errorf("%s: output is not JSON: %v\n%s", name, err, out)
			continue
		}
		if j.Reachable != (c.code == 0) || j.Undetermined {
			t.Errorf("%s: reachable=%v undetermined=%v", name, j.Reachable, j.Undetermined)
		}
		if c.hop != "" && !strings.Contains(j.components(), c.hop) {
			t.Errorf("%s: hops %q lack %s", name, j.components(), c.hop)
		}
		if c.block != "" && !strings.Contains(j.codes(), c.block) {
			t.Errorf("%s: blocks %q lack %s", name, j.codes(), c.block)
		}
		if c.code == 1 {
			guarded := c.from == "internet" && (c.to == "env" || c.to == "webserver")
			if guarded != (j.MustStayBlocked != "") {
				t.Errorf("%s: must_stay_blocked %q", name, j.MustStayBlocked)
			}
			for _, b := range j.Explanation.Blocks {
				if (b.Fix == "") != guarded {
					t.Errorf("%s: block %s %s has fix %q (a path that must stay blocked offers none, others one each)", name, b.Code, b.ID, b.Fix)
				}
			}
		}
	}
}

func TestTraceUnknownPlace(t *testing.T) {
	code, out, errOut := runTraceCLI(t, "trace", "--from", "env", "--to", "mainframe")
	if code != ExitInput {
		t.Fatalf("exit %d, want 2; out %s", code, out)
	}
	for _, want := range []string{`unknown place "mainframe"`, "env", "webserver", "database", "internet", "vpn", "service:sqs", "PrivateSubnet1"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
}

func TestTraceUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"trace", "--from", "env"},
		{"trace", "--from", "env", "--to", "internet", "--protocol", "sctp"},
		{"trace", "--from", "env", "--to", "internet", "--format", "xml"},
		{"trace", "--all", "--from", "env"},
		{"trace", "--from", "env", "--to", "internet", "--port", "70000"},
		{"trace", "--from", "service:sqs", "--to", "env"},
		{"trace", "no-such-file.yaml", "--from", "env", "--to", "internet"},
		{"trace", "testdata/trace/uc1.yaml", "testdata/trace/uc3.yaml", "--from", "env", "--to", "internet"},
	} {
		code, _, errOut := runTraceCLI(t, args...)
		if code != ExitInput || !strings.HasPrefix(errOut, "mwaanet: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, errOut)
		}
	}
}

// Golden outputs: the traceroute-like text, the JSON and the --all tables.
func TestTraceGolden(t *testing.T) {
	// Inputs copied into testdata (regenerated with -update), so that positions in the
	// output name a fixed file and an edit of the embedded specs does not move them.
	uc1 := filepath.Join("testdata", "trace", "uc1.yaml")
	uc3 := filepath.Join("testdata", "trace", "uc3.yaml")
	if updatingGolden() {
		for n, p := range map[int]string{1: uc1, 3: uc3} {
			text, err := spec.UseCaseText(n)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, text, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"uc3-env-internet.txt", []string{uc3, "--from", "env", "--to", "internet"}, 1},
		{"uc3-env-sqs.txt", []string{uc3, "--from", "env", "--to", "service:sqs"}, 0},
		{"uc3-vpn-webserver.json", []string{uc3, "--from", "vpn", "--to", "webserver", "--format", "json"}, 0},
		{"uc3-all.txt", []string{uc3, "--all"}, 0},
		{"uc3-env-database-paths.txt", []string{uc3, "--from", "env", "--to", "database", "--port", "5432", "--paths"}, 0},
		{"uc1-env-internet.txt", []string{uc1, "--from", "env", "--to", "internet"}, 0},
		{"uc1-internet-env-22.txt", []string{uc1, "--from", "internet", "--to", "env", "--port", "22"}, 1},
		{"uc1-all.txt", []string{uc1, "--all"}, 0},
	}
	for _, c := range cases {
		code, out, errOut := runTraceCLI(t, append([]string{"trace"}, c.args...)...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d; stderr %s", c.name, code, c.code, errOut)
		}
		golden := filepath.Join("testdata", "trace", c.name)
		if updatingGolden() {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("%s: output differs from the golden file (go test ./internal/cli -run TestTraceGolden -update)\n--- got\n%s\n--- want\n%s", c.name, out, want)
		}
	}
}

// The same query twice gives the same bytes.
func TestTraceDeterministic(t *testing.T) {
	_, a, _ := runTraceCLI(t, "trace", "--all", "--format", "json")
	_, b, _ := runTraceCLI(t, "trace", "--all", "--format", "json")
	if a != b || a == "" {
		t.Fatal("two runs of trace --all --format json differ")
	}
}

// Snapshots: instance IDs as places; --all needs an environment.
func TestTraceSnapshot(t *testing.T) {
	dir := testshared.Dir() + "/corpus/batfish-aws/test-subnet/aws_configs"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	code, out, errOut := runTraceCLI(t, "trace", dir, "--from", "i-08ef86e76fceabd8d", "--to", "i-07519d6ba3f9497e4", "--port", "80")
	if code != ExitFindings || !strings.Contains(out, "SG_NO_ALLOW") {
		t.Errorf("instance to instance on 80: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runTraceCLI(t, "trace", dir, "--from", "i-08ef86e76fceabd8d", "--to", "i-07519d6ba3f9497e4", "--port", "22")
	if code != ExitOK {
		t.Errorf("instance to instance on 22: exit %d %s", code, errOut)
	}
	code, _, errOut = runTraceCLI(t, "trace", dir, "--all")
	if code != ExitInput || !strings.Contains(errOut, "no MWAA environment") {
		t.Errorf("--all without an environment: exit %d %s", code, errOut)
	}
}
