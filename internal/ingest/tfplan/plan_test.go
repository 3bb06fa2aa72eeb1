package tfplan

import (
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func readPlan(t *testing.T, name string) *model.Architecture {
	t.Helper()
	path := "testdata/" + name
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestPlanPrivateNetwork(t *testing.T) {
	a := readPlan(t, "mwaa-private.plan.json")
	if a.Region != "us-east-1" || a.Partition != "aws" || a.Name != "analytics" {
		t.Errorf("region %q partition %q name %q", a.Region, a.Partition, a.Name)
	}
	const vpc = "module.net.aws_vpc.this"
	if len(a.VPCs) != 1 || a.VPCs[0].ID != vpc || a.VPCs[0].CIDRs[0] != netip.MustParsePrefix("10.0.0.0/16") || a.VPCs[0].EnableDNSHostnames != model.Yes {
		t.Errorf("VPCs = %+v", a.VPCs)
	}
	ix := model.NewIndex(a)
	// vpc_id is unknown until apply: the configuration's reference links the subnet.
	s := ix.Subnets["module.net.aws_subnet.private[0]"]
	if s == nil || s.VPC != vpc || s.CIDR != netip.MustParsePrefix("10.0.10.0/24") || s.AZ != "us-east-1a" || s.MapPublicIPOnLaunch != model.No || s.AvailableIPs != -1 {
		t.Fatalf("subnet = %+v", s)
	}
	if s.Source.File != "testdata/mwaa-private.plan.json" || s.Source.Line == 0 || s.Source.ID != "module.net.aws_subnet.private[0]" {
		t.Errorf("subnet source = %+v", s.Source)
	}
	// count.index associations pick the instance with the same key.
	for i, want := range map[string]string{
		"module.net.aws_subnet.private[0]": "module.net.aws_route_table.private",
		"module.net.aws_subnet.private[1]": "module.net.aws_route_table.private",
		"module.net.aws_subnet.public[1]":  "module.net.aws_route_table.public",
	} {
		if rt := ix.SubnetRouteTable[i]; rt == nil || rt.ID != want {
			t.Errorf("%s: route table %v, want %s", i, rt, want)
		}
	}
	priv := ix.RouteTables["module.net.aws_route_table.private"]
	if len(priv.Routes) != 2 || priv.Routes[0].Target.Kind != model.TargetLocal ||
		priv.Routes[1].Target != (model.RouteTarget{Kind: model.TargetNATGateway, ID: "module.net.aws_nat_gateway.this[0]"}) {
		t.Errorf("private routes = %+v", priv.Routes)
	}
	pub := ix.RouteTables["module.net.aws_route_table.public"]
	if len(pub.Routes) != 2 || pub.Routes[1].Target != (model.RouteTarget{Kind: model.TargetInternetGateway, ID: "module.net.aws_internet_gateway.this"}) ||
		pub.Routes[1].Destination != netip.MustParsePrefix("0.0.0.0/0") {
		t.Errorf("public routes = %+v", pub.Routes)
	}
	nat := a.NATGateways[0]
	if nat.Subnet != "module.net.aws_subnet.public[0]" || nat.EIP != "module.net.aws_eip.nat[0]" || nat.Public != model.Yes || nat.PublicIP.IsValid() {
		t.Errorf("NAT = %+v", nat)
	}
	if g := a.InternetGateways[0]; !slices.Equal(g.VPCs, []string{vpc}) {
		t.Errorf("IGW = %+v", g)
	}
	// AWS's main route table and default ACL are added.
	if rt := ix.RouteTables[vpc+".main_route_table"]; rt == nil || !rt.Main {
		t.Errorf("main route table = %+v", rt)
	}
	if acl := ix.SubnetACL["module.net.aws_subnet.private[1]"]; acl == nil || !acl.Default || len(acl.Entries) != 6 || !acl.Entries[0].Allow {
		t.Errorf("default ACL = %+v", acl)
	}
	sg := ix.SecurityGroups["module.net.aws_security_group.mwaa"]
	if sg == nil || sg.VPC != vpc || len(sg.Ingress) != 1 || sg.Ingress[0].Group != sg.ID || sg.Ingress[0].Protocol != model.AllProtocols ||
		len(sg.Egress) != 1 || sg.Egress[0].CIDR != netip.MustParsePrefix("0.0.0.0/0") || !sg.Egress[0].Ports.IsAll() {
		t.Errorf("SG = %+v", sg)
	}
	ep := a.Endpoints[0]
	if ep.Type != model.EndpointGateway || ep.Service != "com.amazonaws.us-east-1.s3" || !slices.Equal(ep.RouteTables, []string{"module.net.aws_route_table.private"}) ||
		ep.Policy == nil || !ep.Policy.Statements[0].HasAction("s3:GetObject") {
		t.Errorf("endpoint = %+v", ep)
	}
	env := a.Environment()
	if env == nil {
		t.Fatal("no environment")
	}
	// Through the module's outputs: private_subnet_ids = aws_subnet.private[*].id.
	if !slices.Equal(env.Subnets, []string{"module.net.aws_subnet.private[0]", "module.net.aws_subnet.private[1]"}) ||
		!slices.Equal(env.SecurityGroups, []string{"module.net.aws_security_group.mwaa"}) {
		t.Errorf("environment network = %v %v", env.Subnets, env.SecurityGroups)
	}
	if env.SourceBucketARN != "arn:${AWS::Partition}:s3:::airflow-analytics-dags" ||
		env.ExecutionRoleARN != "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/analytics-mwaa-exec" {
		t.Errorf("environment ARNs = %q %q", env.SourceBucketARN, env.ExecutionRoleARN)
	}
	if env.WebserverAccess != model.PrivateOnly || env.EndpointManagement != "" || env.MinWebservers != -1 || env.MaxWorkers != 10 ||
		env.Logging["TaskLogs"].Enabled != model.Yes || env.Logging["WebserverLogs"].Enabled != model.No || env.Logging["TaskLogs"].LogLevel != "INFO" {
		t.Errorf("environment = %+v", env)
	}
	b := a.Buckets[0]
	if b.Name != "airflow-analytics-dags" || b.Versioning != model.Yes || b.PublicAccessBlock != [4]model.Tri{model.Yes, model.Yes, model.Yes, model.Yes} || b.Encryption != "AES256" {
		t.Errorf("bucket = %+v", b)
	}
	role := a.Roles[0]
	if role.AssumeRolePolicy == nil || !slices.Equal(role.AssumeRolePolicy.Statements[0].Principal["Service"], model.MWAAServicePrincipals) ||
		len(role.Policies) != 1 || role.Policies[0].Document != nil {
		t.Errorf("role = %+v", role)
	}
	// The inline policy is built from the bucket's ARN: known only after apply.
	var found bool
	for _, f := range a.IngestFindings {
		if f.Rule == RuleUnknownValue && f.Resource == "aws_iam_role_policy.mwaa" {
			found = true
		}
	}
	if !found || !a.IsUnknown(model.UnknownRolePolicies) || a.IsUnknown(model.UnknownExecutionRole) {
		t.Errorf("findings = %+v, unknown %v", a.IngestFindings, a.Unknown)
	}
	// Routes of a table that the configuration does not write are not reported as unknown.
	for _, f := range a.IngestFindings {
		if f.Resource == "module.net.aws_route_table.private" {
			t.Errorf("finding about routes added by aws_route: %+v", f)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{`{"planned_values": [}`, "p.json:1:21: unexpected '}', expected a JSON value"},
		{`[]`, "p.json:1:1: expected a Terraform plan"},
		{`{"format_version": "2.0", "planned_values": {}}`, `p.json:1:20: format_version "2.0" is not supported`},
		{`{"Resources": {}}`, "no planned_values object"},
		{"{\"planned_values\": {\"root_module\": {\"resources\": [\n  {\"address\": \"aws_vpc.a\", \"type\": \"aws_vpc\", \"name\": \"a\", \"mode\": \"managed\", \"values\": {\"cidr_block\": \"10.0.0.0/8x\"}}]}}}",
			`p.json:2:104: aws_vpc.a: cidr_block: "10.0.0.0/8x" is not a CIDR block`},
		{`{"planned_values": {"root_module": {"resources": [{"address": "aws_network_acl.a", "type": "aws_network_acl", "name": "a", "mode": "managed", "values": {"ingress": [{"protocol": "bogus", "rule_no": 1}]}}]}}}`,
			`aws_network_acl.a: protocol: "bogus" is not a protocol`},
		// A member of the wrong JSON type is an error at its position, never an empty plan
		// (issue 11).
		{`{"planned_values": {"root_module": []}}`, "p.json:1:36: planned_values: root_module: expected an object, found an array"},
		{`{"planned_values": {"root_module": {"resources": {}}}}`, "p.json:1:50: planned_values: root_module: resources: expected an array, found an object"},
		{`{"planned_values": {"root_module": {"resources": [{"address": "aws_vpc.a", "type": "aws_vpc", "name": "a", "mode": "managed", "values": "x"}]}}}`,
			"p.json:1:137: aws_vpc.a: values: expected an object, found a string"},
		{`{"planned_values": {"root_module": {"resources": [7]}}}`, "p.json:1:51: planned_values: root_module: resources: element: expected an object, found a number"},
		{`{"planned_values": {"root_module": {"child_modules": {"address": "module.a"}}}}`, "planned_values: root_module: child_modules: expected an array, found an object"},
		{`{"planned_values": {"root_module": {}}, "resource_changes": {}}`, "p.json:1:61: resource_changes: expected an array, found an object"},
		{`{"planned_values": {"root_module": {}}, "configuration": {"root_module": {"resources": null}}}`, "configuration: root_module: resources: expected an array, found null"},
		{`{"planned_values": {"root_module": {}}, "configuration": []}`, "configuration: expected an object, found an array"},
		{`{"values": {"root_module": "x"}}`, "p.json:1:28: values: root_module: expected an object, found a string"},
	} {
		_, err := Read("p.json", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%.40q) = %v, want %q", tc.data, err, tc.want)
		}
	}
}

func TestParseRef(t *testing.T) {
	got := parseRef(`module.a[0].aws_subnet.b["x.y"].id`)
	want := []step{{"module", ""}, {"a", "0"}, {"aws_subnet", ""}, {"b", `"x.y"`}, {"id", ""}}
	if !slices.Equal(got, want) {
		t.Errorf("parseRef = %v, want %v", got, want)
	}
	if p, c := splitModule("module.a[1].module.b[\"k\"]"); p != "module.a[1]" || c != "b" {
		t.Errorf("splitModule = %q %q", p, c)
	}
	if configPath(`module.a[1].module.b["k.z"]`) != "module.a.module.b" {
		t.Error(configPath(`module.a[1].module.b["k.z"]`))
	}
}

// TestPlanModulesForEach reads module instances with for_each keys, an output chosen by
// instance key, a variable passed down, and a policy known only after apply.
func TestPlanModulesForEach(t *testing.T) {
	plan := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"cidr_block": "10.1.0.0/16"}},
      {"address": "aws_vpc_endpoint.sqs", "mode": "managed", "type": "aws_vpc_endpoint", "name": "sqs",
       "values": {"service_name": "com.amazonaws.eu-west-1.sqs", "vpc_endpoint_type": "Interface", "private_dns_enabled": true}}
    ],
    "child_modules": [
      {"address": "module.zone[\"a\"]", "resources": [
        {"address": "module.zone[\"a\"].aws_subnet.this", "mode": "managed", "type": "aws_subnet", "name": "this",
         "values": {"cidr_block": "10.1.1.0/24", "availability_zone": "eu-west-1a"}}]},
      {"address": "module.zone[\"b\"]", "resources": [
        {"address": "module.zone[\"b\"].aws_subnet.this", "mode": "managed", "type": "aws_subnet", "name": "this",
         "values": {"cidr_block": "10.1.2.0/24", "availability_zone": "eu-west-1b"}}]}
    ]}},
  "resource_changes": [
    {"address": "aws_vpc_endpoint.sqs", "change": {"actions": ["create"], "after_unknown": {"subnet_ids": true, "vpc_id": true, "policy": true, "id": true}}},
    {"address": "module.zone[\"a\"].aws_subnet.this", "change": {"actions": ["create"], "after_unknown": {"vpc_id": true, "id": true}}},
    {"address": "module.zone[\"b\"].aws_subnet.this", "change": {"actions": ["create"], "after_unknown": {"vpc_id": true, "id": true}}}
  ],
  "configuration": {"root_module": {
    "resources": [
      {"address": "aws_vpc.main", "type": "aws_vpc", "name": "main", "expressions": {"cidr_block": {"constant_value": "10.1.0.0/16"}}},
      {"address": "aws_vpc_endpoint.sqs", "type": "aws_vpc_endpoint", "name": "sqs", "expressions": {
        "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]},
        "subnet_ids": {"references": ["module.zone[\"b\"].subnet_id", "module.zone[\"b\"]", "module.zone"]},
        "policy": {"references": ["aws_vpc.main.arn", "aws_vpc.main"]}}}
    ],
    "module_calls": {"zone": {"source": "./zone", "for_each_expression": {"constant_value": ["a", "b"]},
      "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
      "module": {
        "outputs": {"subnet_id": {"expression": {"references": ["aws_subnet.this.id", "aws_subnet.this"]}}},
        "resources": [{"address": "aws_subnet.this", "type": "aws_subnet", "name": "this",
          "expressions": {"vpc_id": {"references": ["var.vpc_id"]}}}],
        "variables": {"vpc_id": {}}}}}}}
}`
	a, err := Read("zone.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	ix := model.NewIndex(a)
	for _, id := range []string{`module.zone["a"].aws_subnet.this`, `module.zone["b"].aws_subnet.this`} {
		if s := ix.Subnets[id]; s == nil || s.VPC != "aws_vpc.main" {
			t.Errorf("%s = %+v", id, s)
		}
	}
	e := a.Endpoints[0]
	if e.VPC != "aws_vpc.main" || !slices.Equal(e.Subnets, []string{`module.zone["b"].aws_subnet.this`}) || e.Type != model.EndpointInterface || e.PrivateDNS != model.Yes {
		t.Errorf("endpoint = %+v", e)
	}
	if e.Policy != nil || !a.IsUnknown(model.UnknownEndpointPolicies) || a.Region != "eu-west-1" {
		t.Errorf("policy %v, unknown %v, region %q", e.Policy, a.Unknown, a.Region)
	}
}

func BenchmarkReadPlan(b *testing.B) {
	data, err := os.ReadFile("testdata/mwaa-private.plan.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("plan.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPlanLocalVPC(t *testing.T) {
	plan := `{"planned_values": {"root_module": {"child_modules": [{"address": "module.vpc", "resources": [
  {"address": "module.vpc.aws_vpc.this[0]", "mode": "managed", "type": "aws_vpc", "name": "this", "index": 0, "values": {"cidr_block": "10.0.0.0/16"}},
  {"address": "module.vpc.aws_subnet.private[0]", "mode": "managed", "type": "aws_subnet", "name": "private", "index": 0, "values": {"cidr_block": "10.0.1.0/24"}}]}]}},
 "configuration": {"root_module": {"module_calls": {"vpc": {"module": {"resources": [
  {"address": "aws_subnet.private", "type": "aws_subnet", "name": "private", "expressions": {"vpc_id": {"references": ["local.vpc_id"]}}}]}}}}}}`
	a, err := Read("vpc.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	if a.Subnets[0].VPC != "module.vpc.aws_vpc.this[0]" {
		t.Errorf("subnet VPC = %q", a.Subnets[0].VPC)
	}
}

func TestPlanPrivateVPN(t *testing.T) {
	a := readPlan(t, "private-vpn.plan.json")
	ix := model.NewIndex(a)
	if a.Region != "eu-central-1" {
		t.Errorf("region %q", a.Region)
	}
	// aws_default_route_table manages the main table: no implicit one is added.
	if rt := ix.SubnetRouteTable["aws_subnet.b"]; rt == nil || rt.ID != "aws_default_route_table.main" || !rt.Main || rt.VPC != "aws_vpc.main" {
		t.Errorf("main route table = %+v", rt)
	}
	if _, ok := ix.RouteTables["aws_vpc.main.main_route_table"]; ok {
		t.Error("implicit main route table added although aws_default_route_table manages it")
	}
	acl := ix.SubnetACL["aws_subnet.a"]
	if acl == nil || acl.ID != "aws_network_acl.private" || len(acl.Entries) != 6 {
		t.Fatalf("ACL of subnet a = %+v", acl)
	}
	if e := acl.Entries[0]; e.RuleNumber != 100 || e.Egress || !e.Allow || e.Protocol != model.TCP || e.Ports != model.Port(443) || e.CIDR != netip.MustParsePrefix("10.2.0.0/16") {
		t.Errorf("ingress rule = %+v", e)
	}
	if e := acl.Entries[1]; e.RuleNumber != 200 || !e.Egress || e.Protocol != model.AllProtocols || !e.Ports.IsAll() {
		t.Errorf("aws_network_acl_rule = %+v", e)
	}
	if acl := ix.SubnetACL["aws_subnet.b"]; acl == nil || acl.ID != "aws_vpc.main.default_network_acl" {
		t.Errorf("ACL of subnet b = %+v", acl)
	}
	sg := ix.SecurityGroups["aws_security_group.mwaa"]
	if len(sg.Ingress) != 1 || sg.Ingress[0].Group != "aws_security_group.vpn" || sg.Ingress[0].Ports != model.Port(443) ||
		len(sg.Egress) != 1 || sg.Egress[0].PrefixList != "pl-6ea54007" {
		t.Errorf("SG = %+v", sg)
	}
	if vpn := ix.SecurityGroups["aws_security_group.vpn"]; len(vpn.Egress) != 1 || vpn.Egress[0].CIDR != netip.MustParsePrefix("0.0.0.0/0") || !vpn.Egress[0].Ports.IsAll() {
		t.Errorf("VPN SG = %+v", vpn)
	}
	ep := ix.Endpoints["aws_vpc_endpoint.sqs"]
	if ep.Type != model.EndpointInterface || !slices.Equal(ep.Subnets, []string{"aws_subnet.a"}) || !slices.Equal(ep.SecurityGroups, []string{"aws_security_group.mwaa"}) || ep.Policy != nil {
		t.Errorf("endpoint = %+v", ep)
	}
	if a.IsUnknown(model.UnknownEndpointPolicies) {
		t.Error("an endpoint without a policy in its configuration has the default policy, not an unknown one")
	}
	c := ix.ClientVPNs["aws_ec2_client_vpn_endpoint.admins"]
	if c == nil || c.VPC != "aws_vpc.main" || !slices.Equal(c.SecurityGroups, []string{"aws_security_group.vpn"}) || c.ServerCertificateARN != "aws_acm_certificate.server" ||
		c.ClientRootCertARN != "aws_acm_certificate.ca" || !slices.Equal(c.Associations, []string{"aws_subnet.a"}) || c.SplitTunnel != model.Yes ||
		c.ConnectionLogging != model.No || len(c.DNSServers) != 1 {
		t.Fatalf("Client VPN = %+v", c)
	}
	if len(c.AuthorizationRules) != 1 || !c.AuthorizationRules[0].AllGroups || c.AuthorizationRules[0].TargetCIDR != netip.MustParsePrefix("10.2.0.0/16") {
		t.Errorf("authorization = %+v", c.AuthorizationRules)
	}
	// AWS adds the VPC route for the associated subnet.
	if len(c.Routes) != 1 || c.Routes[0].Destination != netip.MustParsePrefix("10.2.0.0/16") || c.Routes[0].TargetSubnet != "aws_subnet.a" {
		t.Errorf("routes = %+v", c.Routes)
	}
	k := ix.Keys["aws_kms_key.mwaa"]
	if k == nil || k.Rotation != model.Yes || !slices.Equal(k.Aliases, []string{"alias/mwaa"}) || k.Policy != nil || a.IsUnknown(model.UnknownKeyPolicy) {
		t.Errorf("key = %+v, unknown %v", k, a.Unknown)
	}
	// A new bucket without aws_s3_bucket_public_access_block has S3's default: all four on.
	b := ix.Buckets["aws_s3_bucket.dags"]
	if b.Encryption != "aws:kms" || b.KMSKey != "aws_kms_key.mwaa" || b.BucketKey != model.Yes || b.Versioning != model.No || b.PublicAccessBlock != [4]model.Tri{model.Yes, model.Yes, model.Yes, model.Yes} {
		t.Errorf("bucket = %+v", b)
	}
	env := a.Environment()
	if env.KMSKey != "aws_kms_key.mwaa" || env.ExecutionRoleARN != "arn:aws:iam::111122223333:role/existing" || env.SourceBucketARN != "arn:${AWS::Partition}:s3:::airflow-eu-dags" ||
		!slices.Equal(env.Subnets, []string{"aws_subnet.a", "aws_subnet.b"}) {
		t.Errorf("environment = %+v", env)
	}
}

func TestState(t *testing.T) {
	state := `{"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": {"resources": [
  {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"id": "vpc-0abc", "cidr_block": "10.3.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true}},
  {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {"id": "subnet-0a", "vpc_id": "vpc-0abc", "cidr_block": "10.3.1.0/24", "availability_zone": "ap-south-1a"}}]}}}`
	a, err := Read("state.json", []byte(state))
	if err != nil {
		t.Fatal(err)
	}
	// Known IDs map to the addresses of the resources that have them.
	if len(a.Subnets) != 1 || a.Subnets[0].VPC != "aws_vpc.main" || a.Region != "ap-south-1" {
		t.Errorf("subnets = %+v, region %q", a.Subnets, a.Region)
	}
}

// Alarms of the plan are read (LOG-02 looks for them by metric name), with their
// dimensions and the topic they notify.
func TestPlanAlarms(t *testing.T) {
	plan := `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "aws_sns_topic.alarms", "mode": "managed", "type": "aws_sns_topic", "name": "alarms", "values": {"name": "mwaa-alarms"}},
  {"address": "aws_cloudwatch_metric_alarm.heartbeat", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "heartbeat",
   "values": {"alarm_name": "mwaa-heartbeat", "alarm_description": "scheduler heartbeat missing", "namespace": "AmazonMWAA",
    "metric_name": "SchedulerHeartbeat", "dimensions": {"Function": "Scheduler", "Environment": "analytics"}, "statistic": "Sum",
    "period": 300, "evaluation_periods": 2, "threshold": 0.5, "comparison_operator": "LessThanThreshold", "treat_missing_data": "breaching"}},
  {"address": "aws_cloudwatch_metric_alarm.cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "cpu",
   "values": {"alarm_name": "mwaa-cpu", "namespace": "AWS/MWAA", "metric_name": "CPUUtilization", "statistic": "Average", "threshold": 90,
    "comparison_operator": "GreaterThanThreshold", "alarm_actions": ["arn:aws:sns:us-east-1:111122223333:ops"]}}]}},
 "resource_changes": [{"address": "aws_cloudwatch_metric_alarm.heartbeat", "change": {"actions": ["create"], "after_unknown": {"alarm_actions": true, "arn": true}}}],
 "configuration": {"root_module": {"resources": [
  {"address": "aws_cloudwatch_metric_alarm.heartbeat", "type": "aws_cloudwatch_metric_alarm", "name": "heartbeat",
   "expressions": {"alarm_actions": {"references": ["aws_sns_topic.alarms.arn", "aws_sns_topic.alarms"]}}}]}}}`
	a, err := Read("alarms.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Alarms) != 2 {
		t.Fatalf("alarms = %+v", a.Alarms)
	}
	hb := a.Alarms[0]
	if hb.ID != "aws_cloudwatch_metric_alarm.heartbeat" || hb.Name != "mwaa-heartbeat" || hb.Description != "scheduler heartbeat missing" ||
		hb.Namespace != "AmazonMWAA" || hb.MetricName != "SchedulerHeartbeat" || hb.Dimensions["Function"] != "Scheduler" ||
		hb.Statistic != "Sum" || hb.Period != 300 || hb.EvaluationPeriods != 2 || hb.Threshold != 0.5 ||
		hb.ComparisonOperator != "LessThanThreshold" || hb.TreatMissingData != "breaching" ||
		!slices.Equal(hb.AlarmActions, []string{"aws_sns_topic.alarms"}) || hb.Source.Line == 0 {
		t.Errorf("heartbeat alarm = %+v", hb)
	}
	cpu := a.Alarms[1]
	if cpu.MetricName != "CPUUtilization" || cpu.Threshold != 90 || cpu.Period != -1 || cpu.EvaluationPeriods != -1 ||
		!slices.Equal(cpu.AlarmActions, []string{"arn:aws:sns:us-east-1:111122223333:ops"}) {
		t.Errorf("CPU alarm = %+v", cpu)
	}
}
