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
