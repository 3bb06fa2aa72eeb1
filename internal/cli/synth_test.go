package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runSynthCmd runs the synth command with fake streams and returns its output, error
// output and exit code as Run would compute it.
func runSynthCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errOut},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	cmd := newSynthCmd(app)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	code := ExitOK
	if err != nil {
		code = ExitInput // as Run: anything but an ExitError is exit 2
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
		}
		errOut.WriteString("mwaanet: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), code
}

func TestSynthDefaultIsDeterministic(t *testing.T) {
	first, _, code := runSynthCmd(t)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	second, _, _ := runSynthCmd(t)
	if first != second {
		t.Error("two runs of synth printed different bytes")
	}
	want, err := os.ReadFile(filepath.Join("..", "render", "cfn", "testdata", "usecase-3.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if first != string(want) {
		t.Error("synth without arguments does not print the use-case-3 template")
	}
}

func TestSynthJSONToDir(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runSynthCmd(t, "--format", "json", "--out", dir)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, "template.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("{\n  \"AWSTemplateFormatVersion\"")) {
		t.Errorf("template.json starts with %q", data[:40])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want only template.json", len(entries))
	}
}

func TestSynthSpecFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(p, []byte("routing: public\nwebserverAccess: PUBLIC_ONLY\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runSynthCmd(t, "--spec", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "AWS::EC2::NatGateway") || strings.Contains(out, "AWS::EC2::ClientVpnEndpoint") {
		t.Error("a public PUBLIC_ONLY spec should give NAT gateways and no Client VPN")
	}
}

func TestSynthErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("vpc:\n  cidr: 10.0.0.0/24\n  subnetPrefixLength: 24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `--format "xml" is not one of yaml, json, terraform`},
		{[]string{"--spec", filepath.Join(dir, "missing.yaml")}, "cannot read spec"},
		{[]string{"--spec", bad}, bad + ":3:23: vpc.subnetPrefixLength"},
		{[]string{"extra"}, "unknown command"},
	} {
		_, errOut, code := runSynthCmd(t, c.args...)
		if code != ExitInput || !strings.Contains(errOut, c.want) {
			t.Errorf("synth %v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

func TestSynthTerraform(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := runSynthCmd(t, "--format", "terraform", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no files written: %v", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	if !strings.Contains(errOut, "wrote ") {
		t.Errorf("stderr %q does not list the files written", errOut)
	}
}
