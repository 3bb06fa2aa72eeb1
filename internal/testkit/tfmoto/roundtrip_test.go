package tfmoto_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/mwaanet/mwaanet/internal/cli"
	"github.com/mwaanet/mwaanet/internal/testkit/tfmoto"
	"github.com/mwaanet/mwaanet/internal/testkit/usecase"
)

var roundTrip = flag.Bool("moto-roundtrip", false, "run the round trip through moto (terraform apply, snapshot, check)")

// TestRoundTripUseCase1 creates use case 1 (as synth --format terraform writes it) in
// moto with terraform apply, snapshots the VPC with mwaanet snapshot (AWS_ENDPOINT_URL at
// moto), and checks the snapshot: no error. Then it applies defects in moto (the
// environment's self-referencing rule deleted; the NAT route of one private route table
// deleted) and finds them from a new snapshot.
//
// Where moto 5.2.1 is not AWS, and what the test does about it:
//   - aws_mwaa_environment is not applied: the provider sends MWAA's CreateEnvironment to
//     the host-prefixed endpoint api.127.0.0.1 (the MWAA API's "api." host prefix), which
//     does not resolve; the check names the environment's subnets and security group
//     instead (--subnets, --security-groups, --routing public --access PUBLIC_ONLY).
//   - CloudWatch's RPCv2 CBOR protocol (the SDK's DescribeAlarms) is not implemented: the
//     proxy answers it as denied (alarms then "not verifiable" in the SDK's snapshot).
//   - DescribeClientVpnEndpoints answers HTTP 500 (not implemented in moto; AWS answers
//     an empty clientVpnEndpoint set for an account without Client VPN endpoints). A
//     proxy in front of moto answers that call as AWS's API reference documents it;
//     every other call reaches moto unchanged.
func TestRoundTripUseCase1(t *testing.T) {
	if !*roundTrip {
		t.Skip("the round trip applies Terraform in moto (many minutes): run it with go test ./internal/testkit/tfmoto -run TestRoundTrip -moto-roundtrip -timeout 60m")
	}
	m := tfmoto.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	dir, ids, proxy := applyUseCase(t, m, ctx, 1, nil)

	checkArgs := []string{"--subnets", ids["aws_subnet.private_subnet_1"] + "," + ids["aws_subnet.private_subnet_2"],
		"--security-groups", ids["aws_security_group.environment_security_group"], "--routing", "public", "--access", "PUBLIC_ONLY"}

	out := snapshotAndCheck(t, ids["aws_vpc.main"], checkArgs, 0)
	if !strings.Contains(out, "PASS 0 errors") {
		t.Errorf("check of the applied use case 1:\n%s", out)
	}
	// The AWS CLI script (snapshot --print-script) on the same emulated account: the same
	// errors and warnings.
	if aws, err := exec.LookPath("aws"); err != nil {
		t.Log("the AWS CLI is not installed: the --print-script half of the round trip is left out")
	} else {
		script := scriptSnapshot(t, aws, ids["aws_vpc.main"], proxy)
		var sout, serr bytes.Buffer
		if c := cli.Main(append([]string{"check", script}, checkArgs...), cli.Streams{In: strings.NewReader(""), Out: &sout, Err: &serr}); c != 0 {
			t.Errorf("check of the AWS CLI snapshot: exit %d: %s%s", c, sout.String(), serr.String())
		}
		if got, want := verdicts(sout.String()), verdicts(out); !slices.Equal(got, want) {
			t.Errorf("AWS CLI snapshot verdicts %q, live collector's %q", got, want)
		}
	}

	// Defects applied in moto.
	for _, d := range []struct{ target, want string }{
		{"aws_vpc_security_group_ingress_rule.environment_security_group_self_ingress", "error NET-05/self-reference"},
		{"aws_route.private_default_route_1", "error PUB-04/path"},
	} {
		if _, err := m.Terraform(ctx, dir, "destroy", "-no-color", "-input=false", "-auto-approve", "-target="+d.target); err != nil {
			t.Fatal(err)
		}
		out := snapshotAndCheck(t, ids["aws_vpc.main"], checkArgs, 1)
		if !strings.Contains(out, d.want) {
			t.Errorf("%s deleted in moto: want %q in:\n%s", d.target, d.want, out)
		}
	}
}

// applyUseCase renders use case n as synth --format terraform writes it, leaves out what
// moto cannot create (the MWAA environment; with skip, whole files such as vpn.tf, and
// outputs naming them), applies it in moto with vars, and points the AWS SDK and CLI of
// this test at moto through a proxy that answers what moto does not implement. It returns
// the module's directory, the IDs of its resources and the proxy's URL.
func applyUseCase(t *testing.T, m *tfmoto.Moto, ctx context.Context, n int, vars map[string]string, skip ...string) (string, map[string]string, string) {
	t.Helper()
	_, files := usecase.Terraform(t, n)
	mod := tfmoto.Module{Files: map[string][]byte{}}
	for name, data := range files {
		if slices.Contains(skip, name) {
			continue
		}
		text := strings.ReplaceAll(string(data), "data.aws_region.current.region", "data.aws_region.current.name")
		switch name {
		case "mwaa.tf":
			text = dropBlock(t, text, `resource "aws_mwaa_environment" "environment"`)
		case "monitoring.tf":
			// The alarms' Environment dimension: the environment's name is var.name.
			text = strings.ReplaceAll(text, "aws_mwaa_environment.environment.name", "var.name")
		case "outputs.tf":
			text = dropBlock(t, text, `output "webserver_url"`)
			text = dropBlock(t, text, `output "environment_arn"`)
			if slices.Contains(skip, "vpn.tf") {
				text = dropBlock(t, text, `output "client_vpn_endpoint_id"`)
			}
		}
		mod.Files[name] = []byte(text)
	}
	dir := m.Workdir(t, mod)
	if err := m.Apply(ctx, dir, vars); err != nil {
		t.Fatal(err)
	}
	ids := stateIDs(t, m, ctx, dir)
	proxy := awsLikeProxy(t, m.Endpoint)
	t.Setenv("AWS_ENDPOINT_URL", proxy)
	t.Setenv("AWS_ACCESS_KEY_ID", "mwaanet-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "mwaanet-test")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_PROFILE", "")
	return dir, ids, proxy
}

// TestRoundTripUseCase3 creates use case 3 (private routing: interface endpoints for
// every service, the S3 gateway endpoint, no NAT, no internet gateway) in moto, as use
// case 1's test does, without its Client VPN (vpn.tf: moto implements no Client VPN), and
// checks the snapshot: no error but the one moto causes (below). Without the VPN the PRIVATE_ONLY web server has no way in
// (WEB-01, a warning), which is what AWS would have too. Then the environment's
// self-referencing rule and the SQS endpoint are deleted in moto and found from a new
// snapshot (NET-05; PRV-04: the deleted endpoint is not available).
func TestRoundTripUseCase3(t *testing.T) {
	if !*roundTrip {
		t.Skip("the round trip applies Terraform in moto (many minutes): run it with go test ./internal/testkit/tfmoto -run TestRoundTrip -moto-roundtrip -timeout 60m")
	}
	m := tfmoto.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cert := "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f1"
	dir, ids, _ := applyUseCase(t, m, ctx, 3, map[string]string{"server_certificate_arn": cert, "client_root_certificate_arn": cert}, "vpn.tf")
	checkArgs := []string{"--subnets", ids["aws_subnet.private_subnet_1"] + "," + ids["aws_subnet.private_subnet_2"],
		"--security-groups", ids["aws_security_group.environment_security_group"], "--routing", "private", "--access", "PRIVATE_ONLY"}
	// moto gives the interface endpoints' network interfaces addresses outside the VPC
	// (10.x.y.z at random; AWS takes them from the endpoint's subnets), so the routes to
	// them are missing and PRV-03/path is the one error: that is moto, not the network,
	// and the test accepts exactly that and nothing else.
	out := snapshotAndCheck(t, ids["aws_vpc.main"], checkArgs, 1)
	for _, v := range verdicts(out) {
		if strings.HasPrefix(v, "error ") && !strings.HasPrefix(v, "error PRV-03/path ") {
			t.Errorf("check of the applied use case 3: %s\n%s", v, out)
		}
	}
	if !strings.Contains(out, "has no route to") {
		t.Errorf("check of the applied use case 3: moto's endpoint addresses are inside the VPC now; expect PASS:\n%s", out)
	}
	for _, d := range []struct{ target, want string }{
		{"aws_vpc_security_group_ingress_rule.environment_security_group_self_ingress", "error NET-05/self-reference"},
		// A deleted endpoint stays in describe-vpc-endpoints with state "deleted" for a
		// while (in AWS and in moto): the path to SQS is broken at it.
		{`aws_vpc_endpoint.interface["sqs"]`, "is deleted, not available"},
	} {
		if _, err := m.Terraform(ctx, dir, "destroy", "-no-color", "-input=false", "-auto-approve", "-target="+d.target,
			"-var", "server_certificate_arn="+cert, "-var", "client_root_certificate_arn="+cert); err != nil {
			t.Fatal(err)
		}
		out := snapshotAndCheck(t, ids["aws_vpc.main"], checkArgs, 1)
		if !strings.Contains(out, d.want) {
			t.Errorf("%s deleted in moto: want %q in:\n%s", d.target, d.want, out)
		}
	}
}

// snapshotAndCheck runs mwaanet snapshot of the VPC, then mwaanet check of the snapshot,
// and returns check's standard output; check must exit with code.
func snapshotAndCheck(t *testing.T, vpc string, checkArgs []string, code int) string {
	t.Helper()
	snap := filepath.Join(t.TempDir(), "snap")
	var out, errOut bytes.Buffer
	streams := cli.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut}
	if c := cli.Main([]string{"snapshot", "--region", tfmoto.Region, "--vpc", vpc, "--out", snap}, streams); c != 0 {
		t.Fatalf("snapshot: exit %d: %s%s", c, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if c := cli.Main(append([]string{"check", snap}, checkArgs...), streams); c != code {
		t.Fatalf("check: exit %d, want %d: %s%s", c, code, out.String(), errOut.String())
	}
	return out.String()
}

// scriptSnapshot runs the script of mwaanet snapshot --print-script with the AWS CLI
// against the emulator and returns the snapshot directory.
func scriptSnapshot(t *testing.T, aws, vpc, endpoint string) string {
	t.Helper()
	var script, errOut bytes.Buffer
	if c := cli.Main([]string{"snapshot", "--print-script"}, cli.Streams{In: strings.NewReader(""), Out: &script, Err: &errOut}); c != 0 {
		t.Fatalf("snapshot --print-script: exit %d: %s", c, errOut.String())
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "snap")
	cmd := exec.Command("sh", "-c", script.String())
	cmd.Dir = dir
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "AWS_PROFILE=") { // the AWS CLI looks for a profile named ""
			env = append(env, e)
		}
	}
	cmd.Env = append(env, "REGION="+tfmoto.Region, "VPC="+vpc, "OUT="+out, "AWS_ENDPOINT_URL="+endpoint,
		"AWS_ACCESS_KEY_ID=mwaanet-test", "AWS_SECRET_ACCESS_KEY=mwaanet-test", "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the AWS CLI script (%s): %v\n%s", aws, err, b)
	}
	return out
}

// verdicts returns check's error and warning lines without their file positions.
func verdicts(out string) []string {
	var v []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "SNAPSHOT/not-read describe-alarms.json") {
			continue // the SDK's CloudWatch call is denied by the proxy (moto has no CBOR)
		}
		if i := strings.Index(line, ": error "); i >= 0 {
			v = append(v, line[i+2:])
		} else if i := strings.Index(line, ": warning "); i >= 0 {
			v = append(v, line[i+2:])
		}
	}
	sort.Strings(v)
	return v
}

// stateIDs returns the IDs of the applied resources by address.
func stateIDs(t *testing.T, m *tfmoto.Moto, ctx context.Context, dir string) map[string]string {
	t.Helper()
	data, err := m.Terraform(ctx, dir, "show", "-json")
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range state.Values.RootModule.Resources {
		if id, ok := r.Values["id"].(string); ok {
			ids[r.Address] = id
		}
	}
	for _, a := range []string{"aws_vpc.main", "aws_subnet.private_subnet_1", "aws_subnet.private_subnet_2", "aws_security_group.environment_security_group"} {
		if ids[a] == "" {
			t.Fatalf("no ID for %s in the state", a)
		}
	}
	return ids
}

// awsLikeProxy forwards every request to moto, but answers DescribeClientVpnEndpoints,
// which moto 5.2.1 does not implement (HTTP 500), with the empty answer AWS gives an
// account without Client VPN endpoints (EC2 API reference, DescribeClientVpnEndpoints:
// clientVpnEndpoint set, requestId).
func awsLikeProxy(t *testing.T, moto string) string {
	u, err := url.Parse(moto)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if q, _ := url.ParseQuery(string(body)); q.Get("Action") == "DescribeClientVpnEndpoints" {
				w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
				fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<DescribeClientVpnEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>00000000-0000-0000-0000-000000000000</requestId><clientVpnEndpoint/></DescribeClientVpnEndpointsResponse>`)
				return
			}
		}
		if strings.HasPrefix(r.URL.Path, "/service/GraniteServiceVersion20100801/") {
			// moto 5.2.1 does not speak CloudWatch's RPCv2 CBOR protocol, which the SDK's
			// DescribeAlarms uses (the AWS CLI's query protocol it does speak): answered as
			// a denied call, which the collector records and goes on.
			w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
			w.Header().Set("Content-Type", "application/cbor")
			w.Header().Set("X-Amzn-Query-Error", "AccessDenied;Sender")
			w.WriteHeader(http.StatusForbidden)
			w.Write(cbor.Encode(cbor.Map{"__type": cbor.String("AccessDenied"), "message": cbor.String("CloudWatch RPCv2 CBOR is not implemented by moto")}))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// dropBlock removes the top-level block that starts with header from text.
func dropBlock(t *testing.T, text, header string) string {
	t.Helper()
	i := strings.Index(text, header+" {")
	if i < 0 {
		t.Fatalf("no %s in the synthesized Terraform", header)
	}
	j := strings.Index(text[i:], "\n}\n")
	if j < 0 {
		t.Fatalf("%s does not end", header)
	}
	return text[:i] + text[i+j+3:]
}
