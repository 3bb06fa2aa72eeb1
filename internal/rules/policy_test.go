package rules

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func testContext() *Context {
	a := &model.Architecture{Region: "eu-west-1", Partition: "aws",
		Buckets:      []*model.Bucket{{ID: "DagBucket"}},
		Keys:         []*model.Key{{ID: "Key"}},
		Environments: []*model.Environment{{ID: "Env", SourceBucketARN: "${DagBucket.Arn}"}}}
	return NewContext(a)
}

func TestPolicyAllows(t *testing.T) {
	c := testContext()
	bucket := c.bucketARN()
	if bucket != "arn:aws:s3:::<DagBucket>" {
		t.Fatalf("bucket ARN %q", bucket)
	}
	doc := func(sts ...model.Statement) *model.PolicyDocument { return &model.PolicyDocument{Statements: sts} }
	allow := model.Statement{Effect: "Allow", Action: []string{"s3:GetObject*"}, Resource: []string{"${DagBucket.Arn}/*"}}
	for _, tc := range []struct {
		name     string
		doc      *model.PolicyDocument
		action   string
		resource string
		want     bool
	}{
		{"nil policy is full access", nil, "s3:GetObject", bucket + "/dags/x", true},
		{"symbolic bucket ARN", doc(allow), "s3:GetObject", bucket + "/dags/x", true},
		{"other action", doc(allow), "s3:PutObject", bucket + "/dags/x", false},
		{"other bucket", doc(allow), "s3:GetObject", "arn:aws:s3:::other/x", false},
		{"pseudo parameters", doc(model.Statement{Effect: "Allow", Action: []string{"s3:GetObject"},
			Resource: []string{"arn:${AWS::Partition}:s3:::prod-${AWS::Region}-starport-layer-bucket/*"}}),
			"s3:GetObject", c.norm(model.ECRLayerBucketARN), true},
		{"wrong region", doc(model.Statement{Effect: "Allow", Action: []string{"s3:GetObject"},
			Resource: []string{"arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*"}}),
			"s3:GetObject", c.norm(model.ECRLayerBucketARN), false},
		{"unconditional deny wins", doc(allow, model.Statement{Effect: "Deny", Action: []string{"s3:*"}, Resource: []string{"*"}}),
			"s3:GetObject", bucket + "/dags/x", false},
		{"conditional deny (TLS only) does not", doc(allow, model.Statement{Effect: "Deny", Action: []string{"s3:*"}, Resource: []string{"*"},
			Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}}}),
			"s3:GetObject", bucket + "/dags/x", true},
		{"key ARN by reference", doc(model.Statement{Effect: "Allow", Action: []string{"kms:Decrypt"}, Resource: []string{"arn:aws:kms:*:*:key/*"}}),
			"kms:Decrypt", c.norm("${Key.Arn}"), true},
		{"key ARN, same reference", doc(model.Statement{Effect: "Allow", Action: []string{"kms:Decrypt"}, Resource: []string{"${Key.Arn}"}}),
			"kms:Decrypt", c.norm("${Key.Arn}"), true},
		{"NotAction", doc(model.Statement{Effect: "Allow", NotAction: []string{"iam:*"}, Resource: []string{"*"}}),
			"sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:airflow-celery-x", true},
		{"NotResource", doc(model.Statement{Effect: "Allow", Action: []string{"kms:Decrypt"}, NotResource: []string{"arn:aws:kms:*:*:key/*"}}),
			"kms:Decrypt", "arn:aws:kms:eu-west-1:1:key/abc", false},
	} {
		if got := c.policyAllows(tc.doc, tc.action, tc.resource); got != tc.want {
			t.Errorf("%s: policyAllows = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func network() *model.Architecture {
	p := netip.MustParsePrefix
	a := &model.Architecture{Region: "eu-west-1",
		VPCs: []*model.VPC{{ID: "V", CIDRs: []netip.Prefix{p("10.0.0.0/16")}}},
		Subnets: []*model.Subnet{
			{ID: "A", VPC: "V", AZ: "a", CIDR: p("10.0.0.0/24"), AvailableIPs: -1},
			{ID: "B", VPC: "V", AZ: "b", CIDR: p("10.0.1.0/24"), AvailableIPs: -1},
			{ID: "Pub", VPC: "V", AZ: "a", CIDR: p("10.0.2.0/24"), AvailableIPs: -1}},
		InternetGateways: []*model.InternetGateway{{ID: "IGW", VPCs: []string{"V"}}},
		RouteTables: []*model.RouteTable{{ID: "PubRT", VPC: "V", Subnets: []string{"Pub"}, Routes: []model.Route{
			{Destination: p("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetInternetGateway, ID: "IGW"}}}}},
		SecurityGroups: []*model.SecurityGroup{{ID: "default", Name: "default", VPC: "V"}, {ID: "SG", VPC: "V"}},
	}
	return a
}

func TestInferEnvironment(t *testing.T) {
	env, note, err := InferEnvironment(network(), EnvironmentSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(env.Subnets, ",") != "A,B" || strings.Join(env.SecurityGroups, ",") != "SG" || env.WebserverAccess != model.PrivateOnly {
		t.Errorf("inferred %+v", env)
	}
	if note != "environment inferred: subnets A, B; security group SG (the only security group in VPC V that is neither its default group nor used by an endpoint or Client VPN) (override with --subnets and --security-groups)" {
		t.Errorf("note %q", note)
	}
	// Given values are kept and not announced as inferred.
	env, note, err = InferEnvironment(network(), EnvironmentSpec{Subnets: []string{"A", "Pub"}, SecurityGroups: []string{"SG"}, Access: model.PublicOnly})
	if err != nil || note != "" || env.Subnets[1] != "Pub" || env.WebserverAccess != model.PublicOnly {
		t.Errorf("given: %+v %q %v", env, note, err)
	}
	// A third private subnet: no single pair.
	a := network()
	a.Subnets = append(a.Subnets, &model.Subnet{ID: "C", VPC: "V", AZ: "c"})
	if _, _, err := InferEnvironment(a, EnvironmentSpec{}); err == nil || !strings.Contains(err.Error(), "A, B, C") {
		t.Errorf("three private subnets: %v", err)
	}
	// Two candidate security groups.
	a = network()
	a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "SG2", VPC: "V"})
	if _, _, err := InferEnvironment(a, EnvironmentSpec{}); err == nil || !strings.Contains(err.Error(), "SG, SG2") {
		t.Errorf("two security groups: %v", err)
	}
	// A security group used by an endpoint is not a candidate.
	a = network()
	a.SecurityGroups = append(a.SecurityGroups, &model.SecurityGroup{ID: "EpSG", VPC: "V"})
	a.Endpoints = []*model.VPCEndpoint{{ID: "E", VPC: "V", SecurityGroups: []string{"EpSG"}}}
	if env, _, err := InferEnvironment(a, EnvironmentSpec{}); err != nil || env.SecurityGroups[0] != "SG" {
		t.Errorf("endpoint group: %v %v", env, err)
	}
	// The user guide's layout: the environment shares the endpoints' only group.
	a = network()
	a.Endpoints = []*model.VPCEndpoint{{ID: "E", VPC: "V", SecurityGroups: []string{"SG"}}}
	env, note, err = InferEnvironment(a, EnvironmentSpec{})
	if err != nil || env.SecurityGroups[0] != "SG" || !strings.Contains(note, "its VPC endpoints use it too") {
		t.Errorf("shared group: %v %q %v", env, note, err)
	}
	// A Client VPN's group is never the environment's.
	a.ClientVPNs = []*model.ClientVPN{{ID: "CV", VPC: "V", SecurityGroups: []string{"SG"}}}
	if _, _, err := InferEnvironment(a, EnvironmentSpec{}); err == nil || !strings.Contains(err.Error(), "no security group in VPC V other than its default group") {
		t.Errorf("VPN group only: %v", err)
	}
}

// Path findings of one component and code are merged, naming every path they break.
func TestPathFindingsMerged(t *testing.T) {
	a := network()
	a.Environments = []*model.Environment{{ID: "Env", Subnets: []string{"A", "B"}, SecurityGroups: []string{"SG"},
		MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1}}
	a.Routing = model.RoutingPublic // SG has no egress rule: nothing leaves the environment
	c := NewContext(a)
	fs := c.pathFindings()["NET-06"]
	if len(fs) != 1 || fs[0].resource != "SG" || fs[0].code != "SG_NO_ALLOW" {
		t.Fatalf("NET-06 path findings %+v, want one at SG", fs)
	}
	for _, f := range fs {
		if len(f.queries) < 2 {
			t.Errorf("%s %s breaks %v; want every service and the internet", f.resource, f.code, f.queries)
		}
	}
}
