package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func companionUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// runCompanion runs one command built by newCmd with args and fake streams, returning its
// output, error output and exit code as Run would compute them.
func runCompanion(t *testing.T, newCmd func(*App) *cobra.Command, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errOut},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	cmd := newCmd(app)
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	code := ExitOK
	if err != nil {
		code = ExitInput
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
			if ee.Err != nil {
				errOut.WriteString("mwaanet: " + ee.Err.Error() + "\n")
			}
		} else {
			errOut.WriteString("mwaanet: " + err.Error() + "\n")
		}
	}
	return out.String(), errOut.String(), code
}

func TestVpnCertsAndConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vpn")
	out, errOut, code := runCompanion(t, newVpnCmd, "certs", "--out", dir, "--client", "alice", "--client", "bob", "--days", "30", "--region", "eu-west-1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, "aws acm import-certificate") != 3 || !strings.Contains(out, "--region eu-west-1") || !strings.Contains(out, "client-alice.crt") {
		t.Errorf("import commands:\n%s", out)
	}
	if !strings.Contains(errOut, "client-bob.key (0600)") {
		t.Errorf("stderr: %s", errOut)
	}
	if fi, err := os.Stat(filepath.Join(dir, "client-alice.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("client key: %v %v", fi, err)
	}
	if openssl, err := exec.LookPath("openssl"); err == nil {
		for _, c := range [][2]string{{"sslserver", "server.crt"}, {"sslclient", "client-bob.crt"}} {
			if b, err := exec.Command(openssl, "verify", "-CAfile", filepath.Join(dir, "ca.crt"), "-purpose", c[0], filepath.Join(dir, c[1])).CombinedOutput(); err != nil {
				t.Errorf("openssl verify -purpose %s %s: %s", c[0], c[1], b)
			}
		}
	}

	// Refuses to overwrite, exit 2; --force overwrites.
	if _, errOut, code := runCompanion(t, newVpnCmd, "certs", "--out", dir, "--client", "alice"); code != ExitInput || !strings.Contains(errOut, "--force") {
		t.Errorf("second run: exit %d, %s", code, errOut)
	}
	if _, errOut, code := runCompanion(t, newVpnCmd, "certs", "--out", dir, "--client", "alice", "--force"); code != 0 || !strings.Contains(errOut, "using the existing CA") {
		t.Errorf("--force: exit %d, %s", code, errOut)
	}
	// A new client is added with the same CA; only its import command is printed.
	out, errOut, code = runCompanion(t, newVpnCmd, "certs", "--out", dir, "--client", "carol")
	if code != 0 || strings.Count(out, "aws acm import-certificate") != 1 || !strings.Contains(out, "client-carol.crt") {
		t.Errorf("adding carol: exit %d %s\n%s", code, errOut, out)
	}

	_, errOut, code = runCompanion(t, newVpnCmd, "config", "--endpoint-dns", "*.cvpn-endpoint-0abc.prod.clientvpn.eu-west-1.amazonaws.com", "--client", "bob", "--dir", dir)
	if code != 0 {
		t.Fatalf("config: exit %d: %s", code, errOut)
	}
	prof, err := os.ReadFile(filepath.Join(dir, "bob.ovpn"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(prof), "remote cvpn-endpoint-0abc.prod.clientvpn.eu-west-1.amazonaws.com 443\n") || !strings.Contains(string(prof), "<key>") {
		t.Errorf("profile:\n%s", prof)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "bob.ovpn")); fi.Mode().Perm() != 0o600 {
		t.Errorf("profile mode %v", fi.Mode().Perm())
	}
	out, _, code = runCompanion(t, newVpnCmd, "config", "--endpoint-dns", "cvpn.example.com", "--client", "bob", "--dir", dir, "--out", "-", "--proto", "tcp")
	if code != 0 || !strings.Contains(out, "proto tcp\n") {
		t.Errorf("--out -: exit %d\n%s", code, out)
	}
	if _, errOut, code := runCompanion(t, newVpnCmd, "config", "--endpoint-dns", "cvpn.example.com", "--client", "bob", "--dir", dir); code != ExitInput || !strings.Contains(errOut, "exists") {
		t.Errorf("existing profile: exit %d %s", code, errOut)
	}
}

func TestVpnUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"certs"},
		{"certs", "--out", t.TempDir(), "--client", "no/slash"},
		{"certs", "--out", t.TempDir(), "--days", "0"},
		{"config", "--client", "user1"},
		{"config", "--endpoint-dns", "cvpn.example.com", "--client", "user1", "--dir", t.TempDir()},
	} {
		if _, errOut, code := runCompanion(t, newVpnCmd, args...); code != ExitInput || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
