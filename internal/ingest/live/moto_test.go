package live

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/testkit/tfmoto"
)

// startMoto starts moto_server (the moto AWS API emulator) on a free local port and
// returns an SDK configuration that talks to it; the test is skipped when moto_server is
// not installed (MWAANET_MOTO_SERVER names it elsewhere).
func startMoto(t *testing.T) aws.Config {
	t.Helper()
	endpoint := tfmoto.StartServer(t).Endpoint
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("mwaanet-test", "mwaanet-test", ""),
		HTTPClient:  &http.Client{Transport: motoGaps{}}}
}

// motoGaps answers, in moto's place, the calls of the collector that moto does not
// implement (it answers them with a 500 and an HTML page): as denied, which the
// collector records in errors.json and goes on. Every other request goes to moto.
type motoGaps struct{}

var motoMissing = map[string]bool{"DescribeClientVpnEndpoints": true}

func (motoGaps) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && r.Body != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		if a := form.Get("Action"); motoMissing[a] {
			return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"text/xml"}}, Request: r,
				Body: io.NopCloser(strings.NewReader(ec2Error("UnauthorizedOperation", a+" is not implemented by moto")))}, nil
		}
	}
	if strings.HasPrefix(r.URL.Path, cloudWatchPath) {
		// moto does not speak CloudWatch's RPCv2 CBOR protocol.
		return &http.Response{StatusCode: http.StatusForbidden, Request: r,
			Header: http.Header{"Smithy-Protocol": {"rpc-v2-cbor"}, "Content-Type": {"application/cbor"}, "X-Amzn-Query-Error": {"AccessDenied;Sender"}},
			Body:   io.NopCloser(bytes.NewReader(cbor.Encode(cbor.Map{"__type": cbor.String("AccessDenied"), "message": cbor.String("CloudWatch RPCv2 CBOR is not implemented by moto")})))}, nil
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestCollectLoadBalancersMoto: against moto's ELBv2 (another implementation of the API
// than the fake's), the collector writes the VPC's load balancer, its listener, the target
// group and its IP targets in files awscli reads, and leaves out the load balancer of
// another VPC.
func TestCollectLoadBalancersMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("starts moto_server")
	}
	cfg := startMoto(t)
	ctx := context.Background()
	e, lb := ec2.NewFromConfig(cfg), elbv2.NewFromConfig(cfg)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	network := func(cidr string) (string, []string, string) {
		v, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
		must(err)
		vpc := aws.ToString(v.Vpc.VpcId)
		var subnets []string
		for i, az := range []string{"us-east-1a", "us-east-1b"} {
			s, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), AvailabilityZone: aws.String(az),
				CidrBlock: aws.String(strings.Replace(cidr, ".0.0/16", fmt.Sprintf(".%d.0/24", i+1), 1))})
			must(err)
			subnets = append(subnets, aws.ToString(s.Subnet.SubnetId))
		}
		g, err := e.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(vpc), GroupName: aws.String("lb-" + vpc), Description: aws.String("lb")})
		must(err)
		return vpc, subnets, aws.ToString(g.GroupId)
	}
	vpc, subnets, sg := network("10.0.0.0/16")
	other, otherSubnets, otherSG := network("10.9.0.0/16")

	front, err := lb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("web-front"), Subnets: subnets, SecurityGroups: []string{sg},
		Scheme: elbtypes.LoadBalancerSchemeEnumInternetFacing, Type: elbtypes.LoadBalancerTypeEnumApplication})
	must(err)
	_, err = lb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("other-vpc"), Subnets: otherSubnets, SecurityGroups: []string{otherSG},
		Scheme: elbtypes.LoadBalancerSchemeEnumInternal})
	must(err)
	tg, err := lb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("web-ips"), Protocol: elbtypes.ProtocolEnumHttps, Port: aws.Int32(443),
		VpcId: aws.String(vpc), TargetType: elbtypes.TargetTypeEnumIp})
	must(err)
	_, err = lb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("other-tg"), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80),
		VpcId: aws.String(other), TargetType: elbtypes.TargetTypeEnumIp})
	must(err)
	tgARN := tg.TargetGroups[0].TargetGroupArn
	_, err = lb.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: tgARN, Targets: []elbtypes.TargetDescription{
		{Id: aws.String("10.0.1.20"), Port: aws.Int32(443)}, {Id: aws.String("10.0.2.20"), Port: aws.Int32(443)}}})
	must(err)
	_, err = lb.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: front.LoadBalancers[0].LoadBalancerArn, Port: aws.Int32(80), Protocol: elbtypes.ProtocolEnumHttp,
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tgARN}}})
	must(err)

	dir := t.TempDir()
	var log strings.Builder
	if err := Collect(ctx, cfg, Options{VPC: vpc, Dir: dir, Log: &log}); err != nil {
		t.Fatal(err)
	}
	t.Logf("not read: %s", log.String())
	for _, name := range []string{"describe-load-balancers.json", "describe-listeners-web-front.json", "describe-target-groups.json", "describe-target-health-web-ips.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "describe-listeners-other-vpc.json")); !os.IsNotExist(err) {
		t.Errorf("the other VPC's load balancer was read: %v", err)
	}
	a, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.LoadBalancers) != 1 || len(a.TargetGroups) != 1 {
		t.Fatalf("load balancers %+v, target groups %+v", a.LoadBalancers, a.TargetGroups)
	}
	l, g := a.LoadBalancers[0], a.TargetGroups[0]
	if l.ID != "web-front" || l.Scheme != "internet-facing" || len(l.Listeners) != 1 || l.Listeners[0].Port != 80 ||
		len(l.Listeners[0].TargetGroups) != 1 || l.Listeners[0].TargetGroups[0] != "web-ips" ||
		g.TargetType != "ip" || g.TargetsUnknown || len(g.Targets) != 2 || g.Targets[0].IP.String() != "10.0.1.20" {
		t.Errorf("load balancer %+v (listeners %+v), target group %+v", l, l.Listeners, g)
	}
}
