package live

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/model"
)

func TestCollectEnvironment(t *testing.T) {
	fake := newFake(t)
	fake.throttle["DescribeRouteTables"] = 2
	fake.deny["DescribeNetworkAcls"] = true
	fake.deny["GetPublicAccessBlock"] = true
	cfg := fake.config(t)
	dir := t.TempDir()
	var log, progress bytes.Buffer
	err := Collect(context.Background(), cfg, Options{Environment: "analytics", Dir: dir, Log: &log, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if got := log.String(); got != "could not read network ACLs: UnauthorizedOperation\ncould not read bucket public access block: AccessDenied\n" {
		t.Errorf("log = %q", got)
	}
	if !strings.Contains(progress.String(), "\rsnapshot of vpc-0a1b2c3d: 20/20 calls done\n") {
		t.Errorf("progress = %q", progress.String())
	}
	// At most one paginated call per resource type (the environment adds one
	// DescribeSubnets lookup of its first subnet, to find the VPC).
	for action, n := range fake.calls {
		want := 1
		switch action {
		case "DescribeSubnets":
			want = 2
		case "DescribeVpcAttribute":
			want = 2 // one per attribute
		}
		if n != want {
			t.Errorf("%s: %d calls, want %d", action, n, want)
		}
	}
	t.Logf("calls per action: %v; HTTP requests: %v", fake.calls, fake.requests)
	if fake.requests["DescribeRouteTables"] != 3 {
		t.Errorf("DescribeRouteTables: %d requests, want 2 throttled + 1", fake.requests["DescribeRouteTables"])
	}
	if fake.requests["DescribeSubnets"] != 3 {
		t.Errorf("DescribeSubnets: %d requests, want lookup + 2 pages", fake.requests["DescribeSubnets"])
	}
	if _, err := os.Stat(filepath.Join(dir, "describe-network-acls.json")); !os.IsNotExist(err) {
		t.Errorf("denied call left a file: %v", err)
	}

	a, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.VPCs) != 1 || !slices.Equal(a.VPCs[0].CIDRs, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("100.64.0.0/16")}) ||
		a.VPCs[0].EnableDNSHostnames != model.Yes || a.VPCs[0].EnableDNSSupport != model.Yes {
		t.Errorf("VPC = %+v", a.VPCs[0])
	}
	var subnets []string
	for _, s := range a.Subnets {
		subnets = append(subnets, s.ID)
	}
	if !slices.Equal(subnets, []string{"subnet-0aaa1111", "subnet-0ccc3333", "subnet-0bbb2222"}) {
		t.Errorf("subnets = %v (both pages)", subnets)
	}
	ix := model.NewIndex(a)
	// The secondary CIDR's local route, which the fixture leaves out, is added first.
	if rt := ix.SubnetRouteTable["subnet-0bbb2222"]; rt == nil || rt.ID != "rtb-0private" || len(rt.Routes) != 4 ||
		rt.Routes[0].Destination != netip.MustParsePrefix("100.64.0.0/16") || rt.Routes[0].Target.Kind != model.TargetLocal ||
		rt.Routes[2].Target != (model.RouteTarget{Kind: model.TargetNATGateway, ID: "nat-0abc"}) ||
		rt.Routes[3].DestinationPrefixList != "pl-63a5400a" || rt.Routes[3].Target.Kind != model.TargetVPCEndpoint {
		t.Errorf("private route table = %+v", rt)
	}
	if !a.IsUnknown(model.UnknownNetworkACLs) || !a.IsUnknown(model.UnknownBucketPAB) || a.IsUnknown(model.UnknownSubnets) {
		t.Errorf("unknown = %v", a.Unknown)
	}
	if len(a.IngestFindings) != 2 || a.IngestFindings[1].Message != "could not read bucket public access block: AccessDenied (Access Denied)" ||
		!strings.HasPrefix(a.IngestFindings[0].Message, "could not read network ACLs: UnauthorizedOperation") {
		t.Errorf("findings = %+v", a.IngestFindings)
	}
	sg := a.SecurityGroups[0]
	if len(sg.Ingress) != 1 || sg.Ingress[0].Group != "sg-0aaa1111" || len(sg.Egress) != 1 || sg.Egress[0].CIDR != netip.MustParsePrefix("0.0.0.0/0") {
		t.Errorf("SG = %+v", sg)
	}
	if e := a.Endpoints[0]; e.Type != model.EndpointGateway || !slices.Equal(e.RouteTables, []string{"rtb-0private"}) || e.Policy == nil {
		t.Errorf("endpoint = %+v", e)
	}
	if n := a.NATGateways[0]; n.PublicIP != netip.MustParseAddr("203.0.113.5") || a.NetworkInterfaces[0].Attachment != "nat-0abc" {
		t.Errorf("NAT = %+v, ENI %+v", n, a.NetworkInterfaces[0])
	}
	if len(a.ClientVPNs) != 1 {
		t.Fatalf("Client VPNs = %d, want the VPC's one", len(a.ClientVPNs))
	}
	c := a.ClientVPNs[0]
	if c.ClientCIDR != netip.MustParsePrefix("172.16.0.0/22") || !slices.Equal(c.Associations, []string{"subnet-0aaa1111"}) || len(c.Routes) != 1 ||
		len(c.AuthorizationRules) != 1 || !c.AuthorizationRules[0].AllGroups || c.SplitTunnel != model.Yes || c.ClientRootCertARN == "" {
		t.Errorf("Client VPN = %+v", c)
	}
	env := a.Environment()
	if env == nil || env.Name != "analytics" || env.WebserverAccess != model.PrivateOnly || !slices.Equal(env.Subnets, []string{"subnet-0aaa1111", "subnet-0bbb2222"}) ||
		env.Logging["TaskLogs"].Enabled != model.Yes || env.Tags["team"] != "data" {
		t.Errorf("environment = %+v", env)
	}
	if a.Region != "us-east-1" || a.AccountID != "111122223333" {
		t.Errorf("region %q account %q", a.Region, a.AccountID)
	}
	if len(a.Buckets) != 1 || a.Buckets[0].Name != "analytics-dags" || a.Buckets[0].Versioning != model.Yes {
		t.Errorf("buckets = %+v", a.Buckets)
	}
	if len(a.Keys) != 1 || a.Keys[0].Policy == nil || len(a.Roles) != 1 || a.Roles[0].AssumeRolePolicy == nil ||
		!slices.Equal(a.Roles[0].AssumeRolePolicy.Statements[0].Principal["Service"], model.MWAAServicePrincipals) {
		t.Errorf("keys = %+v roles = %+v", a.Keys, a.Roles)
	}

	// Files are in the AWS CLI's shape: PascalCase keys, no nulls.
	data, err := os.ReadFile(filepath.Join(dir, "describe-subnets.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `"SubnetId": "subnet-0aaa1111"`) || !strings.Contains(s, `"MapPublicIpOnLaunch": false`) || strings.Contains(s, "null") {
		t.Errorf("describe-subnets.json:\n%s", s)
	}

	// A second snapshot where nothing is denied has no errors.json; same input, same bytes.
	delete(fake.deny, "DescribeNetworkAcls")
	delete(fake.deny, "GetPublicAccessBlock")
	dir = t.TempDir()
	if err := Collect(context.Background(), cfg, Options{Environment: "analytics", Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, awscli.ErrorsFile)); !os.IsNotExist(err) {
		t.Errorf("errors.json still there: %v", err)
	}
	again, _ := os.ReadFile(filepath.Join(dir, "describe-subnets.json"))
	if !bytes.Equal(data, again) {
		t.Error("describe-subnets.json differs between two snapshots of the same account")
	}
	a, err = awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a.IsUnknown(model.UnknownNetworkACLs) || len(a.IngestFindings) != 0 || a.Buckets[0].PublicAccessBlock[0] != model.Yes {
		t.Errorf("after a full snapshot: unknown %v findings %v", a.Unknown, a.IngestFindings)
	}
}

func TestCollectVPCOnly(t *testing.T) {
	fake := newFake(t)
	dir := t.TempDir()
	if err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if fake.calls["GetEnvironment"] != 0 || fake.calls["DescribeSubnets"] != 1 || fake.calls["GetRole"] != 0 {
		t.Errorf("calls = %v", fake.calls)
	}
	a, err := awscli.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsUnknown(model.UnknownEnvironment) || len(a.Subnets) != 3 {
		t.Errorf("unknown %v, %d subnets", a.Unknown, len(a.Subnets))
	}
	if len(a.Alarms) != 1 || a.Alarms[0].MetricName != "SchedulerHeartbeat" || a.Alarms[0].Threshold != 1 {
		t.Errorf("alarms = %+v", a.Alarms)
	}
}

// TestCollectNeedsAnEmptyDirectory: Collect only writes new files; it never replaces or
// removes files in a directory (mwaanet snapshot moves them in with a manifest).
func TestCollectNeedsAnEmptyDirectory(t *testing.T) {
	fake := newFake(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "get-environment.json"), []byte("{}"), 0o644)
	err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "is not empty") || len(fake.requests) != 0 {
		t.Errorf("err %v, requests %v", err, fake.requests)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "get-environment.json")); string(data) != "{}" {
		t.Error("the file in the directory was touched")
	}
	// A directory Collect creates is removed again when it fails.
	fresh := filepath.Join(t.TempDir(), "new")
	fake.throttle["DescribeVpcs"] = 100
	if err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: fresh}); err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a failed Collect left %s: %v", fresh, err)
	}
}

// TestCollectEssentialDenied: when every call that reads the network is denied, Collect
// fails with a *DeniedError that names the calls; a snapshot with only some denied is one.
func TestCollectEssentialDenied(t *testing.T) {
	fake := newFake(t)
	for _, a := range []string{"DescribeVpcs", "DescribeSubnets", "DescribeRouteTables", "DescribeNetworkAcls", "DescribeSecurityGroups"} {
		fake.deny[a] = true
	}
	err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: t.TempDir()})
	var de *DeniedError
	if !errors.As(err, &de) || len(de.Calls) != 5 || !strings.Contains(err.Error(), "DescribeSecurityGroups: UnauthorizedOperation") {
		t.Fatalf("err = %v, want a DeniedError naming the 5 calls", err)
	}
	delete(fake.deny, "DescribeSecurityGroups")
	if err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: t.TempDir()}); err != nil {
		t.Errorf("security groups readable: %v", err)
	}
}

// TestCollectRefusesBadIDs: an ID that becomes part of a file name is checked against
// AWS ID syntax; "/../../../x" never becomes a path outside the snapshot directory.
func TestCollectRefusesBadIDs(t *testing.T) {
	for _, id := range []string{"/../../../x", "cvpn-endpoint-../../x", "cvpn-endpoint-0abc", "cvpn-endpoint-0ABC1234", "cvpn-endpoint-0abc1234 x", "cvpn-endpoint-0abc1234/.."} {
		fake := newFake(t)
		fake.fixtures["DescribeClientVpnEndpoints"] = `<clientVpnEndpoint><item><clientVpnEndpointId>` + id + `</clientVpnEndpointId><vpcId>vpc-0a1b2c3d</vpcId><clientCidrBlock>172.16.0.0/22</clientCidrBlock></item></clientVpnEndpoint>`
		base := t.TempDir()
		dir := filepath.Join(base, "a", "b", "c", "snap")
		err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: dir})
		if err == nil || !strings.Contains(err.Error(), "is not a cvpn-endpoint ID") || strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%q: err = %v", id, err)
		}
		if fake.calls["DescribeClientVpnRoutes"] != 0 {
			t.Errorf("%q: the endpoint's routes were read", id)
		}
		filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				t.Errorf("%q: %s written", id, p)
			}
			return nil
		})
	}
	for _, c := range []struct {
		kind, id string
		ok       bool
	}{{"vpc", "vpc-0a1b2c3d", true}, {"vpc", "vpc-0123456789abcdef0", true}, {"vpc", "vpc-0abc", false}, {"vpc", "subnet-0a1b2c3d", false},
		{"cvpn-endpoint", "cvpn-endpoint-0a1b2c3d", true}, {"cvpn-endpoint", "endpoint-0a1b2c3d", false}, {"vpc", "vpc-0a1b2c3d/..", false}} {
		if ValidID(c.kind, c.id) != c.ok {
			t.Errorf("ValidID(%q, %q) = %v", c.kind, c.id, !c.ok)
		}
	}
	for name, ok := range map[string]bool{"analytics": true, "My_env-1": true, "1env": false, "../x": false, "a/b": false, "": false, strings.Repeat("a", 81): false} {
		if ValidEnvironmentName(name) != ok {
			t.Errorf("ValidEnvironmentName(%q) = %v", name, !ok)
		}
	}
	fake := newFake(t)
	if err := Collect(context.Background(), fake.config(t), Options{Environment: "../../x", Dir: t.TempDir()}); err == nil || len(fake.requests) != 0 {
		t.Errorf("environment ../../x: %v, requests %v", err, fake.requests)
	}
}

func TestCollectErrors(t *testing.T) {
	fake := newFake(t)
	cfg := fake.config(t)
	err := Collect(context.Background(), cfg, Options{Environment: "nope", Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFoundException") {
		t.Errorf("unknown environment: %v", err)
	}
	if err := Collect(context.Background(), cfg, Options{Dir: t.TempDir()}); err == nil {
		t.Error("no environment and no VPC: no error")
	}
	// Throttled beyond the retry budget: the error is returned, not recorded.
	fake.throttle["DescribeSecurityGroups"] = 100
	err = Collect(context.Background(), cfg, Options{VPC: "vpc-0a1b2c3d", Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "RequestLimitExceeded") {
		t.Errorf("throttled: %v", err)
	}
}

// policyActions returns the actions the policy allows, and its resources.
func policyActions(t *testing.T, policy string) (map[string]bool, []string) {
	t.Helper()
	var doc struct {
		Statement []struct {
			Action   any
			Resource any
		}
	}
	if err := json.Unmarshal([]byte(policy), &doc); err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{}
	var resources []string
	for _, st := range doc.Statement {
		switch a := st.Action.(type) {
		case string:
			allowed[a] = true
		case []any:
			for _, x := range a {
				allowed[x.(string)] = true
			}
		}
		if r, ok := st.Resource.(string); ok {
			resources = append(resources, r)
		}
	}
	return allowed, resources
}

// collectorActions returns the IAM actions of every call the collector makes, from the
// requests the fake AWS saw (a snapshot of an environment, which makes every call).
func collectorActions(t *testing.T) map[string]bool {
	fake := newFake(t)
	if err := Collect(context.Background(), fake.config(t), Options{Environment: "analytics", Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	service := map[string]string{"GetEnvironment": "airflow", "GetBucketVersioning": "s3", "GetPublicAccessBlock": "s3",
		"GetKeyPolicy": "kms", "GetRole": "iam", "DescribeAlarms": "cloudwatch",
		"DescribeLoadBalancers": "elasticloadbalancing", "DescribeListeners": "elasticloadbalancing",
		"DescribeTargetGroups": "elasticloadbalancing", "DescribeTargetHealth": "elasticloadbalancing"}
	out := map[string]bool{}
	for action := range fake.requests {
		svc := service[action]
		if svc == "" {
			svc = "ec2"
		}
		if action == "GetPublicAccessBlock" {
			action = "GetBucketPublicAccessBlock" // the IAM action's name
		}
		out[svc+":"+action] = true
	}
	return out
}

// scriptCall is an AWS CLI call in Script: "aws SERVICE OPERATION".
var scriptCall = regexp.MustCompile(`\baws ([a-z0-9]+) ([a-z0-9-]+)`)

// scriptActions returns the IAM actions of every AWS CLI call in Script.
func scriptActions(t *testing.T) map[string]bool {
	service := map[string]string{"ec2": "ec2", "mwaa": "airflow", "s3api": "s3", "kms": "kms", "iam": "iam", "cloudwatch": "cloudwatch", "elbv2": "elasticloadbalancing"}
	rename := map[string]string{"s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock"}
	out := map[string]bool{}
	for _, m := range scriptCall.FindAllStringSubmatch(Script, -1) {
		svc, ok := service[m[1]]
		if !ok {
			t.Errorf("Script calls aws %s, a service this test does not know", m[1])
			continue
		}
		var op strings.Builder
		for _, w := range strings.Split(m[2], "-") {
			op.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
		a := svc + ":" + op.String()
		if r, ok := rename[a]; ok {
			a = r
		}
		out[a] = true
	}
	return out
}

// TestPolicyMatchesCalls: the policy allows every call of the collector and of the
// script, and nothing else (it is the minimal policy). Both sets are derived from the
// code: the requests the fake AWS saw, and the aws commands in Script.
func TestPolicyMatchesCalls(t *testing.T) {
	allowed, _ := policyActions(t, IAMPolicy("us-east-1"))
	calls := collectorActions(t)
	script := scriptActions(t)
	for a := range calls {
		if !allowed[a] {
			t.Errorf("the collector calls %s; the policy does not allow it", a)
		}
		if !script[a] {
			t.Errorf("the collector calls %s; the script does not", a)
		}
	}
	for a := range script {
		if !allowed[a] {
			t.Errorf("the script calls %s; the policy does not allow it", a)
		}
		if !calls[a] {
			t.Errorf("the script calls %s; the collector does not", a)
		}
	}
	for a := range allowed {
		if !calls[a] && !script[a] {
			t.Errorf("the policy allows %s, which neither the collector nor the script calls", a)
		}
	}
	if !allowed["cloudwatch:DescribeAlarms"] {
		t.Error("the policy lacks cloudwatch:DescribeAlarms, which the script calls")
	}
}

// TestPolicyPartition: the policy's ARNs are in the partition of the Region.
func TestPolicyPartition(t *testing.T) {
	for region, want := range map[string]string{"us-east-1": "arn:aws:", "": "arn:aws:", "cn-north-1": "arn:aws-cn:",
		"cn-northwest-1": "arn:aws-cn:", "us-gov-west-1": "arn:aws-us-gov:", "eu-west-1": "arn:aws:"} {
		_, resources := policyActions(t, IAMPolicy(region))
		n := 0
		for _, r := range resources {
			if r == "*" {
				continue
			}
			n++
			if !strings.HasPrefix(r, want) {
				t.Errorf("%q: resource %s; want %s...", region, r, want)
			}
		}
		if n == 0 {
			t.Errorf("%q: no ARN in the policy", region)
		}
	}
}

func TestCollectTemp(t *testing.T) {
	fake := newFake(t)
	dir, err := CollectTemp(context.Background(), fake.config(t), Options{Environment: "analytics"})
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	a, err := awscli.ReadDir(dir)
	if err != nil || a.Environment() == nil || a.Environment().Name != "analytics" {
		t.Errorf("read %s: %v", dir, err)
	}
	if _, err := CollectTemp(context.Background(), fake.config(t), Options{Environment: "nope"}); err == nil {
		t.Error("unknown environment: no error")
	}
}

func TestCollectNoCredentials(t *testing.T) {
	fake := newFake(t)
	cfg := fake.config(t)
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("no EC2 IMDS role found")
	})
	err := Collect(context.Background(), cfg, Options{VPC: "vpc-0a1b2c3d", Dir: t.TempDir()})
	if err == nil || !strings.HasPrefix(err.Error(), "no AWS credentials (set AWS_PROFILE") || !strings.HasSuffix(err.Error(), ": no EC2 IMDS role found") || len(fake.requests) != 0 {
		t.Errorf("err = %v, requests %v", err, fake.requests)
	}
}

func TestCollectManyFailures(t *testing.T) {
	fake := newFake(t)
	for _, a := range []string{"DescribeSecurityGroups", "DescribeSubnets", "DescribeVpcs"} {
		fake.throttle[a] = 100
	}
	err := Collect(context.Background(), fake.config(t), Options{VPC: "vpc-0a1b2c3d", Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "(and 2 more calls failed)") || strings.Count(err.Error(), "RequestLimitExceeded") != 1 {
		t.Errorf("err = %v", err)
	}
}
