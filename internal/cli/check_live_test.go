package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// check --live snapshots into a temporary directory through the live collector; against an
// account that denies every call, the environment cannot be read: exit 2 saying so, and
// the temporary directory is gone.
func TestCheckLiveDenied(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"__type":"AccessDeniedException","Message":"denied"}`)
	}))
	defer srv.Close()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	var gotRegion string
	opts := &checkOptions{Live: true, Region: "eu-west-1", Environment: "my-airflow", Format: "text", FailOn: "error",
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			gotRegion = region
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL),
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	err := runCheck(context.Background(), app, opts)
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != ExitInput {
		t.Fatalf("err %v (stdout %q), want exit 2", err, out.String())
	}
	if gotRegion != "eu-west-1" || !strings.Contains(err.Error(), "snapshot") {
		t.Errorf("region %q, error %v", gotRegion, err)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "mwaanet-check-*"))
	if len(left) > 0 {
		t.Errorf("temporary snapshot left behind: %v", left)
	}
}
