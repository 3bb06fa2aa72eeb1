package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/mwaanet/mwaanet/internal/model"
)

var updateSynth = flag.Bool("update-synth", false, "rewrite the synth --existing golden file")

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
		{[]string{"extra"}, `synth takes no arguments (got "extra"); give the spec with --spec extra`},
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

// existingSnapshot is a hand-made snapshot of an existing VPC (see internal/design's
// tests): sqs and logs endpoints with private DNS, kms without, an S3 gateway endpoint.
const (
	existingSnapshot = "../design/testdata/existing/private-partial"
	existingSpec     = "../design/testdata/existing/private.yaml"
)

// synth --existing writes only what the VPC lacks, with the notes in the template's
// header (golden file) and on stderr; the same input gives the same bytes.
func TestSynthExistingGolden(t *testing.T) {
	out, errOut, code := runSynthCmd(t, "--spec", existingSpec, "--existing", existingSnapshot)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	again, _, _ := runSynthCmd(t, "--spec", existingSpec, "--existing", existingSnapshot)
	if again != out {
		t.Error("two runs printed different bytes")
	}
	golden := filepath.Join("testdata", "synth-existing-private-partial.yaml")
	if *updateSynth || updatingGolden() {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -run TestSynthExistingGolden -update-synth rewrites it)", err)
	}
	if out != string(want) {
		t.Errorf("stdout differs from %s", golden)
	}
	for _, w := range []string{
		"info PRV-04 sg-0aaa1111bbbb22222: security group sg-0aaa1111bbbb22222 of existing endpoints (logs)",
		"  fix: aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0aaa1111bbbb20003 --private-dns-enabled\n",
	} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
}

// An error note (S3 gateway endpoint missing a route table) still writes the template,
// and exits 1 saying changes must be made by hand.
func TestSynthExistingErrorNote(t *testing.T) {
	out, errOut, code := runSynthCmd(t, "--spec", existingSpec, "--existing", "../design/testdata/existing/private-s3-one-route-table")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1: %s", code, errOut)
	}
	if !strings.Contains(out, "#   error PRV-05 vpce-0aaa1111bbbb20009:") || !strings.Contains(out, "Type: AWS::MWAA::Environment") {
		t.Errorf("the template lacks the error note or the environment:\n%s", out)
	}
	if !strings.Contains(errOut, "fix: aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0aaa1111bbbb20009 --add-route-table-ids rtb-0aaa1111bbbb22222") ||
		!strings.Contains(errOut, "1 change(s) listed above must be made by hand") {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestSynthExistingUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--existing", existingSnapshot, "--live"}, "give --existing DIR or --live, not both"},
		{[]string{"--spec", existingSpec, "--profile", "x"}, "--region and --profile go with --live"},
		{[]string{"--spec", existingSpec, "--existing", existingSnapshot, "-f", "terraform"}, "emit a CloudFormation template"},
		{[]string{"--existing", existingSnapshot}, "--existing and --live need --spec FILE naming the existing VPC"},
		{[]string{"--spec", existingSpec, "--existing", existingSpec}, "not a directory"},
	} {
		_, errOut, code := runSynthCmd(t, c.args...)
		if code != ExitInput || !strings.Contains(errOut, c.want) {
			t.Errorf("synth %v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// synth --live snapshots the spec's VPC through the live collector into a temporary
// directory (in the spec's Region); against an account that denies every call there is
// no snapshot: exit 2 naming the denied calls, and the temporary directory is gone.
func TestSynthLiveDenied(t *testing.T) {
	var mu sync.Mutex
	askedVPC := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err == nil {
			for _, vs := range r.Form {
				if slices.Contains(vs, "vpc-0aaa1111bbbb22220") {
					mu.Lock()
					askedVPC = true
					mu.Unlock()
				}
			}
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error></Errors><RequestID>1</RequestID></Response>`)
	}))
	defer srv.Close()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	var gotRegion string
	opts := &synthOptions{Spec: existingSpec, Format: "yaml", Live: true,
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			gotRegion = region
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL),
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	err := runSynth(context.Background(), app, opts)
	var ee *ExitError
	var ie *model.InputError
	var ies model.InputErrors
	if err == nil || !(errors.As(err, &ee) && ee.Code == ExitInput || errors.As(err, &ie) || errors.As(err, &ies)) {
		t.Fatalf("err %v (stdout %q), want exit 2", err, out.String())
	}
	if !strings.Contains(err.Error(), "snapshot of vpc-0aaa1111bbbb22220: every call that reads the network was denied (DescribeVpcs: UnauthorizedOperation") {
		t.Errorf("error %q does not say the VPC could not be read", err)
	}
	if !strings.Contains(errb.String(), "UnauthorizedOperation") {
		t.Errorf("stderr does not list the denied calls: %q", errb.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if !askedVPC {
		t.Error("no call was filtered to the spec's VPC")
	}
	if gotRegion != "us-east-1" || out.Len() != 0 {
		t.Errorf("region %q, stdout %q", gotRegion, out.String())
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "mwaanet-synth-*"))
	if len(left) > 0 {
		t.Errorf("temporary snapshot left behind: %v", left)
	}
}

// TestSynthNeverOntoStandardInput: synth --spec - --out s.yaml --force < s.yaml would
// replace the spec it is reading; the file behind standard input is an input too.
func TestSynthNeverOntoStandardInput(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(spec, []byte("name: demo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: in, Out: &out, Err: &errb}, Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	err = runSynth(context.Background(), app, &synthOptions{Spec: "-", Format: "yaml", Out: spec, Force: true})
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitInput || !strings.Contains(err.Error(), "(it is standard input)") {
		t.Fatalf("err %v; want exit 2 naming standard input", err)
	}
	if data, _ := os.ReadFile(spec); string(data) != "name: demo\n" {
		t.Errorf("the spec was replaced: %q", data)
	}
}
