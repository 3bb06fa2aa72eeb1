package awscli

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"

	"github.com/mwaanet/mwaanet/internal/testshared"
)

const corpus = "../../../../shared/corpus"

func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(corpus, sub)
	if _, err := os.Stat(dir); err != nil {
		// The corpus lives beside the repository in the team's workspace.
		dir = filepath.Join(testshared.Dir(), "corpus", sub)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("corpus %s not available: %v", sub, err)
		}
	}
	return dir
}

func TestQuickStartSnapshot(t *testing.T) {
	a, err := ReadDir(corpusDir(t, "snapshot/aws-mwaa-quick-start"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Region != "us-east-1" || a.Partition != "aws" || a.AccountID != "111122223333" || a.Name != "mwaa-quick-start-MwaaEnvironment" {
		t.Errorf("region %q partition %q account %q name %q", a.Region, a.Partition, a.AccountID, a.Name)
	}
	if len(a.VPCs) != 1 || a.VPCs[0].ID != "vpc-0515efa95f035b910" || a.VPCs[0].CIDRs[0] != netip.MustParsePrefix("10.192.0.0/16") ||
		a.VPCs[0].EnableDNSSupport != model.Yes || a.VPCs[0].EnableDNSHostnames != model.Yes || a.VPCs[0].Name != "MWAAEnvironment" {
		t.Errorf("VPCs = %+v", a.VPCs[0])
	}
	ix := model.NewIndex(a)
	var public, private []string
	for _, s := range a.Subnets {
		rt := ix.SubnetRouteTable[s.ID]
		if rt == nil {
			t.Fatalf("subnet %s has no route table", s.ID)
		}
		for _, r := range rt.Routes {
			if r.Destination == netip.MustParsePrefix("0.0.0.0/0") {
				switch r.Target.Kind {
				case model.TargetInternetGateway:
					public = append(public, s.ID)
				case model.TargetNATGateway:
					private = append(private, s.ID)
				}
			}
		}
		if acl := ix.SubnetACL[s.ID]; acl == nil || !acl.Default {
			t.Errorf("subnet %s: ACL %v, want the default ACL", s.ID, acl)
		}
	}
	if len(public) != 2 || len(private) != 2 {
		t.Errorf("public %v private %v, want 2 and 2", public, private)
	}
	if len(a.InternetGateways) != 1 || !slices.Equal(a.InternetGateways[0].VPCs, []string{"vpc-0515efa95f035b910"}) {
		t.Errorf("IGWs = %+v", a.InternetGateways)
	}
	if len(a.NATGateways) != 2 || a.NATGateways[0].Public != model.Yes || a.NATGateways[0].PublicIP != netip.MustParseAddr("198.51.100.10") ||
		a.NATGateways[0].EIP != "eipalloc-03213bbb79f885d3c" || a.NATGateways[0].Subnet != "subnet-0bf0729e5676e255b" {
		t.Errorf("NATs = %+v", a.NATGateways[0])
	}
	mains := 0
	for _, rt := range a.RouteTables {
		if rt.Main {
			mains++
		}
		if rt.Routes[0].Target.Kind != model.TargetLocal || rt.Routes[0].Destination != netip.MustParsePrefix("10.192.0.0/16") {
			t.Errorf("%s: first route %+v, want local", rt.ID, rt.Routes[0])
		}
	}
	if mains != 1 || len(a.RouteTables) != 4 {
		t.Errorf("%d route tables, %d main", len(a.RouteTables), mains)
	}
	if len(a.NetworkACLs) != 1 || len(a.NetworkACLs[0].Entries) != 4 || !a.NetworkACLs[0].Entries[0].Allow || a.NetworkACLs[0].Entries[1].Allow {
		t.Errorf("ACLs = %+v", a.NetworkACLs)
	}
	if len(a.SecurityGroups) != 2 {
		t.Fatalf("SGs = %d", len(a.SecurityGroups))
	}
	sg := a.SecurityGroups[0]
	if sg.ID != "sg-0455e978145d118aa" || len(sg.Ingress) != 1 || sg.Ingress[0].Group != sg.ID || sg.Ingress[0].Protocol != model.AllProtocols ||
		len(sg.Egress) != 2 || sg.Egress[0].CIDR != netip.MustParsePrefix("0.0.0.0/0") {
		t.Errorf("SG = %+v", sg)
	}
	if sg.Ingress[0].Source.File == "" || sg.Ingress[0].Source.Line != 13 {
		t.Errorf("SG rule source = %+v, want describe-security-groups.json line 13", sg.Ingress[0].Source)
	}
	env := a.Environment()
	if env == nil {
		t.Fatal("no environment")
	}
	if env.WebserverAccess != model.PublicOnly || !slices.Equal(env.Subnets, private) || !slices.Equal(env.SecurityGroups, []string{"sg-0455e978145d118aa"}) ||
		env.Schedulers != 2 || env.MaxWorkers != 10 || env.EndpointManagement != model.ServiceManaged || env.Logging["TaskLogs"].Enabled != model.No {
		t.Errorf("environment = %+v", env)
	}
	for _, eni := range a.NetworkInterfaces {
		if !strings.HasPrefix(eni.Attachment, "nat-") {
			t.Errorf("ENI %s attachment %q, want its NAT gateway", eni.ID, eni.Attachment)
		}
	}
	if len(a.PrefixLists) != 1 || a.PrefixLists[0].Name != "com.amazonaws.us-east-1.s3" || a.PrefixLists[0].Entries != nil {
		t.Errorf("prefix lists = %+v", a.PrefixLists)
	}
	// The optional files are absent: their kinds are unknown; the network's are known.
	for _, k := range []string{model.UnknownBucketVersioning, model.UnknownBucketPAB, model.UnknownKeyPolicy, model.UnknownExecutionRole} {
		if !a.IsUnknown(k) {
			t.Errorf("%q should be unknown", k)
		}
	}
	for _, k := range []string{model.UnknownNetworkACLs, model.UnknownSubnets, model.UnknownEnvironment, model.UnknownDNSSupport, model.UnknownClientVPNs} {
		if a.IsUnknown(k) {
			t.Errorf("%q should be known", k)
		}
	}
	if len(a.Buckets)+len(a.Keys)+len(a.Roles) != 0 {
		t.Errorf("resources without files: %d buckets %d keys %d roles", len(a.Buckets), len(a.Keys), len(a.Roles))
	}
}

func TestMissingFileIsUnknown(t *testing.T) {
	src := corpusDir(t, "snapshot/aws-mwaa-quick-start")
	files := readAll(t, src)
	delete(files, filepath.Join(src, "describe-network-acls.json"))
	a, err := Read(files)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsUnknown(model.UnknownNetworkACLs) || len(a.NetworkACLs) != 0 {
		t.Errorf("unknown %v, ACLs %d", a.Unknown, len(a.NetworkACLs))
	}
	if a.IsUnknown(model.UnknownRouteTables) {
		t.Error("route tables should be known")
	}
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = data
	}
	return files
}

func TestBatfish(t *testing.T) {
	for _, tc := range []struct {
		dir        string
		subnets    int
		instances  int
		endpoints  int
		natGateway bool
	}{
		{"test-nat-gateway", 3, 3, 0, true},
		{"test-vpc-endpoint-gateway", 2, 2, 1, false},
		{"test-vpc-endpoint-interface", 2, 2, 1, false},
		{"test-subnet", 1, 2, 0, false},
		{"test-public-subnet", 1, 1, 0, false},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			a, err := ReadDir(corpusDir(t, filepath.Join("batfish-aws", tc.dir)))
			if err != nil {
				t.Fatal(err)
			}
			if len(a.VPCs) != 1 || len(a.Subnets) != tc.subnets || len(a.Endpoints) != tc.endpoints || (len(a.NATGateways) > 0) != tc.natGateway {
				t.Errorf("VPCs %d subnets %d endpoints %d NATs %d", len(a.VPCs), len(a.Subnets), len(a.Endpoints), len(a.NATGateways))
			}
			instances := map[string]bool{}
			for _, eni := range a.NetworkInterfaces {
				if strings.HasPrefix(eni.Attachment, "i-") {
					instances[eni.Attachment] = true
					if len(eni.PrivateIPs) == 0 || eni.Subnet == "" || len(eni.SecurityGroups) == 0 {
						t.Errorf("instance ENI %s incomplete: %+v", eni.ID, eni)
					}
				}
			}
			if len(instances) != tc.instances {
				t.Errorf("%d instances with ENIs, want %d", len(instances), tc.instances)
			}
			if !a.IsUnknown(model.UnknownEnvironment) {
				t.Error("environment should be unknown")
			}
			for _, acl := range a.NetworkACLs {
				if !hasDefaultRule(acl.Entries, true) || !hasDefaultRule(acl.Entries, false) {
					t.Errorf("ACL %s lacks the * rule", acl.ID)
				}
			}
		})
	}
}

func TestBatfishFacts(t *testing.T) {
	a, err := ReadDir(corpusDir(t, "batfish-aws/test-nat-gateway"))
	if err != nil {
		t.Fatal(err)
	}
	// "the non-default ACL has rule 100 ICMP from 10.1.1.0/24, rule 200 allow all inbound"
	var found bool
	for _, acl := range a.NetworkACLs {
		if acl.Default {
			continue
		}
		for _, e := range acl.Entries {
			if !e.Egress && e.RuleNumber == 100 && e.Protocol == model.ICMP && e.CIDR == netip.MustParsePrefix("10.1.1.0/24") {
				found = true
			}
		}
	}
	if !found {
		t.Error("rule 100 ICMP from 10.1.1.0/24 not read")
	}
	if rt := model.NewIndex(a).SubnetRouteTable["subnet-06f469bcee42e408e"]; rt == nil || rt.Routes[1].Target != (model.RouteTarget{Kind: model.TargetNATGateway, ID: "nat-07ab4846da51f4612"}) {
		t.Errorf("private route table = %+v", rt)
	}
	a, err = ReadDir(corpusDir(t, "batfish-aws/test-vpc-endpoint-interface"))
	if err != nil {
		t.Fatal(err)
	}
	e := a.Endpoints[0]
	if e.Type != model.EndpointInterface || e.PrivateDNS != model.Yes || e.Policy == nil || len(e.Policy.Statements) != 1 {
		t.Errorf("endpoint = %+v", e)
	}
	var ip netip.Addr
	for _, v := range e.IPs {
		ip = v
	}
	if ip != netip.MustParseAddr("10.1.101.97") {
		t.Errorf("endpoint IPs = %v, want 10.1.101.97", e.IPs)
	}
	a, err = ReadDir(corpusDir(t, "batfish-aws/test-vpc-endpoint-gateway"))
	if err != nil {
		t.Fatal(err)
	}
	if e := a.Endpoints[0]; e.Type != model.EndpointGateway || len(e.RouteTables) != 2 {
		t.Errorf("endpoint = %+v", e)
	}
	// The private subnet 10.1.101.0/24 routes the S3 prefix list to the endpoint.
	ix := model.NewIndex(a)
	rt := ix.SubnetRouteTable["subnet-01e5f0945f6d6f47c"]
	if rt == nil || len(rt.Routes) != 2 || rt.Routes[1].DestinationPrefixList != "pl-63a5400a" || rt.Routes[1].Target != (model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: "vpce-0b7357542bb7b83ec"}) {
		t.Errorf("private route table = %+v", rt)
	}
	var s3 *model.PrefixList
	for _, pl := range a.PrefixLists {
		if pl.Name == "com.amazonaws.us-east-1.s3" {
			s3 = pl
		}
	}
	if s3 == nil || len(s3.Entries) == 0 {
		t.Errorf("S3 prefix list = %+v", s3)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"describe-vpcs.json", "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/33\"}\n  ]\n}", "describe-vpcs.json:3:37: CidrBlock: \"10.0.0.0/33\" is not a CIDR block"},
		{"describe-subnets.json", "{\"Subnets\": [{\"SubnetId\": 7}]}", "describe-subnets.json:1:27: SubnetId: expected a string, found a number"},
		{"describe-subnets.json", "{\"Subnets\": {}}", "describe-subnets.json:1:13: Subnets: expected an array, found an object"},
		{"x.json", "{\"Vpcs\": [\n  {\"VpcId\": \"vpc-1\",}\n]}", "x.json:2:21: expected a quoted member name, found '}'"},
		{"x.json", "[]", "x.json:1:1: expected a JSON object as the AWS CLI prints it, found an array"},
		{"x.json", "", "x.json: empty file"},
		{"acl.json", `{"NetworkAcls":[{"NetworkAclId":"acl-1","Entries":[{"Protocol":"bogus"}]}]}`, `acl.json:1:64: Protocol: "bogus" is not a protocol`},
		{"rt.json", `{"RouteTables":[{"VpcId":"vpc-1"}]}`, "rt.json:1:17: route table without RouteTableId"},
	} {
		_, err := Read(map[string][]byte{tc.name: []byte(tc.data)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %q: err = %v, want %q", tc.name, tc.data, err, tc.want)
		}
	}
}

func TestSnapshotErrorsAndOptionalFiles(t *testing.T) {
	files := map[string][]byte{
		"d/get-environment.json":         []byte(`{"Environment": {"Name": "env", "Arn": "arn:aws:airflow:eu-west-1:1:environment/env", "SourceBucketArn": "arn:aws:s3:::dags", "KmsKey": "arn:aws:kms:eu-west-1:1:key/k"}}`),
		"d/get-bucket-versioning.json":   []byte(""),
		"d/get-public-access-block.json": []byte(`{"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": false}}`),
		"d/get-key-policy.json":          []byte(`{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}", "PolicyName": "default"}`),
		"d/get-role.json":                []byte(`{"Role": {"RoleName": "r", "Arn": "arn:aws:iam::1:role/r", "Path": "/", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}}}`),
		"d/errors.json":                  []byte(`{"SnapshotErrors": [{"File": "describe-network-acls.json", "Operation": "DescribeNetworkAcls", "Kind": "network ACLs", "Code": "UnauthorizedOperation", "Message": "You are not authorized"}]}`),
	}
	a, err := Read(files)
	if err != nil {
		t.Fatal(err)
	}
	if a.Region != "eu-west-1" {
		t.Errorf("region %q", a.Region)
	}
	if len(a.Buckets) != 1 || a.Buckets[0].Name != "dags" || a.Buckets[0].Versioning != model.No || a.Buckets[0].PublicAccessBlock != [4]model.Tri{model.Yes, model.Yes, model.Yes, model.No} {
		t.Errorf("buckets = %+v", a.Buckets)
	}
	if len(a.Keys) != 1 || a.Keys[0].ID != "arn:aws:kms:eu-west-1:1:key/k" || !a.Keys[0].Policy.Statements[0].HasAction("kms:Decrypt") {
		t.Errorf("keys = %+v", a.Keys)
	}
	if len(a.Roles) != 1 || len(a.Roles[0].AssumeRolePolicy.Statements[0].Principal["Service"]) != 2 {
		t.Errorf("roles = %+v", a.Roles)
	}
	if len(a.IngestFindings) != 1 || a.IngestFindings[0].Message != "could not read network ACLs: UnauthorizedOperation (You are not authorized)" {
		t.Errorf("findings = %+v", a.IngestFindings)
	}
	if !a.IsUnknown(model.UnknownNetworkACLs) || a.IsUnknown(model.UnknownBucketVersioning) || !a.IsUnknown(model.UnknownRolePolicies) {
		t.Errorf("unknown = %v", a.Unknown)
	}
}

func BenchmarkReadQuickStart(b *testing.B) {
	dir := corpusDir(b, "snapshot/aws-mwaa-quick-start")
	files := map[string][]byte{}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		files[filepath.Join(dir, e.Name())] = data
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(files); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDuplicate(t *testing.T) {
	sub := `{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}`
	a, err := Read(map[string][]byte{"a/describe-subnets.json": []byte(sub), "b/Subnets.json": []byte(sub)})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Subnets) != 1 || len(a.IngestFindings) != 1 || a.IngestFindings[0].Rule != RuleDuplicate ||
		a.IngestFindings[0].Source.File != "b/Subnets.json" || a.IngestFindings[0].Related[0].File != "a/describe-subnets.json" {
		t.Errorf("subnets %d, findings %+v", len(a.Subnets), a.IngestFindings)
	}
}

// `aws cloudwatch describe-alarms` output is read (LOG-02 looks for MWAA's alarms).
func TestAlarms(t *testing.T) {
	files := map[string][]byte{"d/describe-alarms.json": []byte(`{
    "MetricAlarms": [
        {
            "AlarmName": "mwaa-heartbeat",
            "AlarmArn": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:mwaa-heartbeat",
            "AlarmDescription": "scheduler heartbeat missing",
            "ActionsEnabled": true,
            "OKActions": [],
            "AlarmActions": ["arn:aws:sns:us-east-1:111122223333:ops"],
            "InsufficientDataActions": [],
            "StateValue": "OK",
            "MetricName": "SchedulerHeartbeat",
            "Namespace": "AmazonMWAA",
            "Statistic": "Sum",
            "Dimensions": [{"Name": "Function", "Value": "Scheduler"}, {"Name": "Environment", "Value": "analytics"}],
            "Period": 300,
            "EvaluationPeriods": 2,
            "Threshold": 0.5,
            "ComparisonOperator": "LessThanThreshold",
            "TreatMissingData": "breaching"
        }
    ],
    "CompositeAlarms": []
}`)}
	a, err := Read(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Alarms) != 1 {
		t.Fatalf("alarms = %+v", a.Alarms)
	}
	al := a.Alarms[0]
	if al.ID != "mwaa-heartbeat" || al.Name != "mwaa-heartbeat" || al.Description != "scheduler heartbeat missing" || al.Namespace != "AmazonMWAA" ||
		al.MetricName != "SchedulerHeartbeat" || al.Statistic != "Sum" || al.Dimensions["Environment"] != "analytics" || al.Period != 300 ||
		al.EvaluationPeriods != 2 || al.Threshold != 0.5 || al.ComparisonOperator != "LessThanThreshold" || al.TreatMissingData != "breaching" ||
		len(al.AlarmActions) != 1 || al.Source.File != "d/describe-alarms.json" || al.Source.Line == 0 {
		t.Errorf("alarm = %+v", al)
	}
	if _, err := Read(map[string][]byte{"d/a.json": []byte(`{"MetricAlarms": [{"AlarmName": "x", "Threshold": "high"}]}`)}); err == nil ||
		!strings.Contains(err.Error(), "d/a.json:1:") || !strings.Contains(err.Error(), "Threshold") {
		t.Errorf("a threshold that is not a number: err = %v", err)
	}
}
