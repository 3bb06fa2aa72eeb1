package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
	out, _, code = runSnapshotArgs(t, "--print-script")
	if code != ExitOK || !strings.HasPrefix(out, "#!/bin/sh") || !strings.Contains(out, "aws ec2 describe-route-tables") {
		t.Errorf("--print-script: exit %d, %q", code, out)
	}
}

// TestSnapshotDenied runs the command against a server that denies every EC2 call: the
// snapshot still completes, says what it could not read, and records it.
func TestSnapshotDenied(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>ea966190-example</RequestID></Response>`)
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "snap")
	app, out, errOut := snapshotApp()
	app.IsTerminal = func(w io.Writer) bool { return w == app.Err } // progress on a terminal
	opts := &snapshotOptions{Region: "eu-west-1", VPC: "vpc-0abc", Out: dir,
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL),
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	if err := runSnapshot(context.Background(), app, opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "\rsnapshot of vpc-0abc: 14/14 calls done\n") ||
		!strings.Contains(errOut.String(), "could not read network ACLs: UnauthorizedOperation\n") || !strings.Contains(errOut.String(), "wrote snapshot to "+dir+"\n") || out.String() != "" {
		t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, awscli.ErrorsFile)); err != nil {
		t.Fatal(err)
	}
	a, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsUnknown(model.UnknownSubnets) || !a.IsUnknown(model.UnknownNetworkACLs) || len(a.IngestFindings) == 0 {
		t.Errorf("unknown %v findings %d", a.Unknown, len(a.IngestFindings))
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
	opts := &snapshotOptions{Region: "eu-west-1", VPC: "vpc-0abc", Out: dir,
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

// TestSnapshotReplacesOldSnapshot: a complete snapshot replaces the previous one's files,
// removes snapshot files it no longer writes, and keeps the user's other files.
func TestSnapshotReplacesOldSnapshot(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error></Errors></Response>`)
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "snap")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "describe-vpcs.json"), []byte(`{"Vpcs": [{"VpcId": "vpc-old"}]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "get-environment.json"), []byte(`{}`), 0o644) // not written by a --vpc snapshot
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	app, _, _ := snapshotApp()
	opts := &snapshotOptions{Region: "eu-west-1", VPC: "vpc-0abc", Out: dir,
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL),
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	if err := runSnapshot(context.Background(), app, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "describe-vpcs.json")); err == nil {
		t.Error("describe-vpcs.json of the old snapshot is still there (the call was denied this time)")
	}
	if _, err := os.Stat(filepath.Join(dir, "get-environment.json")); err == nil {
		t.Error("stale get-environment.json left in DIR")
	}
	if _, err := os.Stat(filepath.Join(dir, awscli.ErrorsFile)); err != nil {
		t.Errorf("errors.json: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
		t.Error("the user's own file in DIR was touched")
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
