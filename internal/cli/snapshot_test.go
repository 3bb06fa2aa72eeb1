package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/model"
)

func snapshotApp() (*App, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errOut},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}, &out, &errOut
}

func runSnapshotArgs(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	app, out, errOut := snapshotApp()
	cmd := newSnapshotCmd(app)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	code := ExitOK
	if err := cmd.Execute(); err != nil {
		code = ExitInput
		if ee, ok := err.(*ExitError); ok {
			code = ee.Code
		}
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), code
}

func TestSnapshotFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--region", "us-east-1", "--out", "x"}, "snapshot needs --environment NAME or --vpc ID"},
		{[]string{"--region", "us-east-1", "--vpc", "vpc-1"}, "snapshot needs --out DIR"},
		{[]string{"--vpc", "vpc-1", "--out", "x"}, "snapshot needs --region"},
		{[]string{"--region", "us-east-1", "--environment", "../../x\x1b[2J", "--out", "x"}, `--environment "../../x\x1b[2J" is not an MWAA environment name`},
	} {
		_, errOut, code := runSnapshotArgs(t, tc.args...)
		if code != ExitInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	out, _, code := runSnapshotArgs(t, "--print-policy")
	var doc map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &doc) != nil || doc["Version"] != "2012-10-17" {
		t.Errorf("--print-policy: exit %d, %q", code, out)
	}
	if !strings.Contains(out, `"arn:aws:airflow:*:*:environment/*"`) || !strings.Contains(out, `"cloudwatch:DescribeAlarms"`) {
		t.Errorf("--print-policy: %s", out)
	}
	// The ARNs are in the partition of the Region.
	for region, want := range map[string]string{"cn-north-1": `"arn:aws-cn:airflow:`, "us-gov-west-1": `"arn:aws-us-gov:airflow:`} {
		out, _, code := runSnapshotArgs(t, "--print-policy", "--region", region)
		if code != ExitOK || !strings.Contains(out, want) || strings.Contains(out, `"arn:aws:`) {
			t.Errorf("--print-policy --region %s: exit %d, %s", region, code, out)
		}
	}
	out, _, code = runSnapshotArgs(t, "--print-script")
	if code != ExitOK || !strings.HasPrefix(out, "#!/bin/sh") || !strings.Contains(out, "aws ec2 describe-route-tables") {
		t.Errorf("--print-script: exit %d, %q", code, out)
	}
}

// fakeEC2 answers the EC2 Query API with empty results, denies the actions in deny
// (UnauthorizedOperation) and everything that is not EC2 (403), and counts requests.
type fakeEC2 struct {
	mu       sync.Mutex
	deny     map[string]bool
	requests int
	// endpoints is the body of DescribeClientVpnEndpoints (default: none).
	endpoints string
}

func (f *fakeEC2) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	r.ParseForm()
	action := r.PostForm.Get("Action")
	// Not EC2 (another Query API, such as Elastic Load Balancing's 2015-12-01): denied.
	if action == "" || r.PostForm.Get("Version") != "2016-11-15" || f.deny[action] || f.deny["*"] {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>ea966190-example</RequestID></Response>`)
		return
	}
	body := ""
	if action == "DescribeVpcs" {
		body = `<vpcSet><item><vpcId>vpc-0abc1234</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet>`
	}
	if action == "DescribeClientVpnEndpoints" {
		body = f.endpoints
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><`+action+`Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>`+body+`</`+action+`Response>`)
}

func (f *fakeEC2) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// snapshotWith runs the snapshot command (args after the region) against f.
func snapshotWith(t *testing.T, f *fakeEC2, args ...string) (string, string, int) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	app, out, errOut := snapshotApp()
	cmd := snapshotCmd(app, &snapshotOptions{loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
		return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
	}})
	cmd.SetArgs(append([]string{"--region", "eu-west-1"}, args...))
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	code := ExitOK
	if err := cmd.Execute(); err != nil {
		code = ExitInput
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
		}
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), code
}

// listDir returns name -> contents of the files in dir.
func listDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		m[e.Name()] = string(data)
	}
	return m
}

// TestSnapshotDenied: a snapshot where some calls are denied completes, says what it
// could not read and records it; one where every call that reads the network is denied
// exits 2, writes nothing, and leaves the previous snapshot as it was (it replaced a good
// snapshot with only errors.json).
func TestSnapshotDenied(t *testing.T) {
	f := &fakeEC2{deny: map[string]bool{"DescribeNetworkAcls": true}}
	dir := filepath.Join(t.TempDir(), "snap")
	_, errOut, code := snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir)
	if code != ExitOK || !strings.Contains(errOut, "could not read network ACLs: UnauthorizedOperation\n") || !strings.Contains(errOut, "wrote snapshot to "+dir+"\n") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	a, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsUnknown(model.UnknownNetworkACLs) || a.IsUnknown(model.UnknownSubnets) || len(a.IngestFindings) == 0 {
		t.Errorf("unknown %v findings %d", a.Unknown, len(a.IngestFindings))
	}
	before := listDir(t, dir)
	if _, ok := before[ManifestFile]; !ok {
		t.Fatalf("no manifest in %v", before)
	}

	f = &fakeEC2{deny: map[string]bool{"*": true}}
	_, errOut, code = snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir, "--force")
	if code != ExitInput || !strings.Contains(errOut, "every call that reads the network was denied (DescribeVpcs: UnauthorizedOperation,") {
		t.Errorf("all denied: exit %d, stderr %q; want 2", code, errOut)
	}
	if after := listDir(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("the previous snapshot changed: %d files before, %d after", len(before), len(after))
	}
	// A failed first snapshot leaves no new directory behind (nor its parents).
	fresh := filepath.Join(t.TempDir(), "new", "snap")
	_, _, code = snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", fresh)
	if _, err := os.Stat(filepath.Dir(fresh)); code != ExitInput || !os.IsNotExist(err) {
		t.Errorf("exit %d; %s: %v", code, filepath.Dir(fresh), err)
	}
}

// TestSnapshotManifest: a snapshot never replaces files without --force (not even those
// of an earlier snapshot); with --force it replaces only the files a snapshot writes,
// removes only the files of the previous snapshot's manifest that it no longer writes,
// and keeps every other file (saying so of snapshot-like ones it did not write).
func TestSnapshotManifest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snap")
	f := &fakeEC2{}
	if _, errOut, code := snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var man snapshotManifest
	if err := json.Unmarshal([]byte(listDir(t, dir)[ManifestFile]), &man); err != nil || !slices.Contains(man.Files, "describe-vpcs.json") || slices.Contains(man.Files, ManifestFile) {
		t.Fatalf("manifest %+v, %v", man, err)
	}
	// Without --force: refused before any AWS call.
	before := listDir(t, dir)
	f = &fakeEC2{}
	_, errOut, code := snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir)
	if code != ExitInput || !strings.Contains(errOut, "holds a snapshot taken earlier") || !strings.Contains(errOut, "--force") || f.count() != 0 {
		t.Errorf("exit %d, %d requests, stderr %q", code, f.count(), errOut)
	}
	if !reflect.DeepEqual(listDir(t, dir), before) {
		t.Error("a refused snapshot changed DIR")
	}
	// The previous snapshot (per its manifest) had a file this one does not write; the
	// user has files of their own, one of them named like a snapshot file.
	man.Files = append(man.Files, "get-environment.json")
	data, _ := json.Marshal(man)
	os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o600)
	os.WriteFile(filepath.Join(dir, "get-environment.json"), []byte("{}"), 0o600)
	os.WriteFile(filepath.Join(dir, "describe-hosts.json"), []byte(`{"Hosts": []}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	_, errOut, code = snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir, "--force")
	if code != ExitOK {
		t.Fatalf("--force: exit %d, %s", code, errOut)
	}
	got := listDir(t, dir)
	if _, ok := got["get-environment.json"]; ok {
		t.Error("get-environment.json of the previous snapshot's manifest was kept")
	}
	if got["describe-hosts.json"] != `{"Hosts": []}` || got["notes.txt"] != "mine" {
		t.Error("a file the snapshot never wrote was touched")
	}
	if !strings.Contains(errOut, "describe-hosts.json is not part of this snapshot") {
		t.Errorf("stderr %q does not mention describe-hosts.json", errOut)
	}
	parent, _ := os.ReadDir(filepath.Dir(dir))
	if len(parent) != 1 {
		t.Errorf("temporary directories left beside DIR: %d entries", len(parent))
	}
}

// TestSnapshotNoOverwrite: a DIR holding files a snapshot writes (taken with the AWS CLI,
// with no manifest) is refused without --force, and its files are never removed.
func TestSnapshotNoOverwrite(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "describe-vpcs.json"), []byte(`{"Vpcs": [{"VpcId": "vpc-mine"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "describe-client-vpn-routes-cvpn-endpoint-0abc1234.json"), []byte(`{"Routes": []}`), 0o644)
	f := &fakeEC2{}
	_, errOut, code := snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir)
	if code != ExitInput || !strings.Contains(errOut, "describe-vpcs.json already exists") || f.count() != 0 {
		t.Errorf("exit %d, %d requests, stderr %q", code, f.count(), errOut)
	}
	_, errOut, code = snapshotWith(t, f, "--vpc", "vpc-0abc1234", "--out", dir, "--force")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "describe-client-vpn-routes-cvpn-endpoint-0abc1234.json")); err != nil {
		t.Errorf("a file the snapshot did not write was removed: %v", err)
	}
}

// TestSnapshotEscapesAWSMessages: an API's error text reaches the terminal with its
// control characters escaped.
func TestSnapshotEscapesAWSMessages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>bad &#x9;&#xD;value&#x85;</Message></Error></Errors></Response>`)
	}))
	defer srv.Close()
	app, _, errOut := snapshotApp()
	opts := &snapshotOptions{Region: "eu-west-1", VPC: "vpc-0abc1234", Out: filepath.Join(t.TempDir(), "s"),
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	err := runSnapshot(context.Background(), app, opts)
	if err == nil || strings.ContainsAny(err.Error(), "\r\u0085") || !strings.Contains(err.Error(), `\r`) {
		t.Errorf("err %q; stderr %q", err, errOut.String())
	}
}

// TestSnapshotFailureKeepsOldSnapshot: a snapshot that fails (the network is down, the
// endpoint is wrong, Ctrl-C) leaves the previous snapshot in DIR as it was. The collector
// removes the file of every call that failed, so writing into DIR directly deleted a good
// snapshot; the command now collects into a temporary directory and moves the files in
// only when the snapshot is complete.
func TestSnapshotFailureKeepsOldSnapshot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>no</Message></Error></Errors></Response>`)
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "snap")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := map[string]string{"describe-vpcs.json": `{"Vpcs": []}`, "describe-subnets.json": `{"Subnets": []}`, "notes.txt": "mine"}
	for n, c := range old {
		os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644)
	}
	app, _, _ := snapshotApp()
	opts := &snapshotOptions{Region: "eu-west-1", VPC: "vpc-0abc1234", Out: dir,
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	if err := runSnapshot(context.Background(), app, opts); err == nil {
		t.Fatal("a snapshot whose calls fail succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(old) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("DIR holds %v after a failed snapshot; want the old files only", names)
	}
	for n, c := range old {
		if data, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(data) != c {
			t.Errorf("%s: %q, %v; want the old contents", n, data, err)
		}
	}
	parent, _ := os.ReadDir(filepath.Dir(dir))
	if len(parent) != 1 {
		t.Errorf("temporary directories left beside DIR: %d entries", len(parent))
	}
}

// TestSnapshotInterrupted: Ctrl-C (a cancelled context) stops the calls, says
// "interrupted", exits 130 and leaves no temporary directory and no half snapshot.
func TestSnapshotInterrupted(t *testing.T) {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answers
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer srv.Close()
	defer close(done)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	parent := t.TempDir()
	dir := filepath.Join(parent, "snap")
	app, out, errOut := snapshotApp()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	code := RunContext(ctx, app, []string{"snapshot", "--region", "us-east-1", "--vpc", "vpc-1", "--out", dir})
	if code != ExitInterrupted || !strings.Contains(errOut.String(), "mwaanet: interrupted") || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want 130 and 'interrupted'", code, out.String(), errOut.String())
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.Name() != "snap" {
			t.Errorf("%s left beside DIR", e.Name())
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("%d files in DIR after an interrupted first snapshot", len(files))
	}
}
