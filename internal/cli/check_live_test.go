package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
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

// check --live against an account that lets mwaanet read the environment and its subnets
// but no other EC2 call: the snapshot completes with what it could read, and check reports what it could
// not verify instead of failing.
func TestCheckLivePartial(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/environments/") {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"Environment": {"Name": "my-airflow", "Arn": "arn:aws:airflow:eu-west-1:111122223333:environment/my-airflow",
				"SourceBucketArn": "arn:aws:s3:::my-dags", "DagS3Path": "dags", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/mwaa",
				"WebserverAccessMode": "PRIVATE_ONLY", "EnvironmentClass": "mw1.small", "MaxWorkers": 2,
				"NetworkConfiguration": {"SubnetIds": ["subnet-0aaa", "subnet-0bbb"], "SecurityGroupIds": ["sg-0ccc"]}}}`)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		if r.ParseForm() == nil && r.Form.Get("Action") == "DescribeSubnets" {
			io.WriteString(w, `<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><subnetSet>
<item><subnetId>subnet-0aaa</subnetId><vpcId>vpc-0abc</vpcId><cidrBlock>10.0.0.0/24</cidrBlock><availabilityZone>eu-west-1a</availabilityZone><availableIpAddressCount>250</availableIpAddressCount></item>
<item><subnetId>subnet-0bbb</subnetId><vpcId>vpc-0abc</vpcId><cidrBlock>10.0.1.0/24</cidrBlock><availabilityZone>eu-west-1b</availabilityZone><availableIpAddressCount>250</availableIpAddressCount></item>
</subnetSet></DescribeSubnetsResponse>`)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error></Errors><RequestID>r</RequestID></Response>`)
	}))
	defer srv.Close()
	t.Setenv("TMPDIR", t.TempDir())
	var out, errb bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	// MWAA prefixes its host with "api."; send every host to the server.
	addr := srv.Listener.Addr().String()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	opts := &checkOptions{Live: true, Region: "eu-west-1", Environment: "my-airflow", Format: "json", FailOn: "error",
		loadConfig: func(ctx context.Context, region, profile string) (aws.Config, error) {
			return aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL), HTTPClient: &http.Client{Transport: tr},
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}, nil
		}}
	err := runCheck(context.Background(), app, opts)
	if err != nil {
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Code != ExitFindings {
			t.Fatalf("err %v\nstderr %s", err, errb.String())
		}
	}
	if !strings.Contains(out.String(), `"live environment my-airflow in eu-west-1"`) || !strings.Contains(out.String(), "not verifiable from this input") || !strings.Contains(errb.String(), "could not read") {
		t.Errorf("stdout %s\nstderr %s", out.String(), errb.String())
	}
}
