package cfn

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func readStacks(t *testing.T, opts Options) *model.Architecture {
	t.Helper()
	return mustRead(t, opts, readFile(t, "testdata/stacks/network.yaml"), readFile(t, "testdata/stacks/app.yaml"))
}

func TestTwoStacksWithImports(t *testing.T) {
	a := readStacks(t, Options{StackName: "mwaa-network", Params: map[string]string{"ServerCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc"}})
	env := a.Environment()
	if env == nil {
		t.Fatal("no environment")
	}
	// ImportValue resolves to the exporting template's resources, including an export
	// name built with !Sub from the stack name.
	if got := strings.Join(env.Subnets, ","); got != "SubnetA,SubnetB" {
		t.Errorf("environment subnets = %q, want SubnetA,SubnetB", got)
	}
	if got := strings.Join(env.SecurityGroups, ","); got != "EnvSecurityGroup" {
		t.Errorf("environment security groups = %q", got)
	}
	if env.ExecutionRoleARN != "${Role.Arn}" || env.EnvironmentClass != "mw1.small" || env.MinWorkers != 1 || env.MaxWorkers != 5 ||
		env.WebserverAccess != model.PrivateOnly || env.AirflowConfig["core.default_timezone"] != "utc" || env.AirflowConfig["webserver.expose_config"] != "False" {
		t.Errorf("environment = %+v", env)
	}
	// A joined list exported by one stack and split by the other is its resources again.
	ix := model.NewIndex(a)
	if e := ix.Endpoints["LogsEndpoint"]; e == nil || strings.Join(e.Subnets, ",") != "SubnetA,SubnetB" || e.VPC != "Vpc" {
		t.Errorf("logs endpoint = %+v", e)
	}
	if a.Name != "mwaa-env" || a.Region != "us-east-1" || a.Partition != "aws" {
		t.Errorf("architecture name/region = %q %q %q", a.Name, a.Region, a.Partition)
	}
}

func TestNetworkResources(t *testing.T) {
	a := readStacks(t, Options{})
	ix := model.NewIndex(a)
	pfx := netip.MustParsePrefix

	v := ix.VPCs["Vpc"]
	if len(v.CIDRs) != 2 || v.CIDRs[0] != pfx("10.10.0.0/16") || v.CIDRs[1] != pfx("100.64.0.0/24") || v.Name != "mwaa-private" {
		t.Errorf("VPC = %+v", v)
	}
	if a, b := ix.Subnets["SubnetA"], ix.Subnets["SubnetB"]; a.CIDR != pfx("10.10.0.0/24") || b.CIDR != pfx("10.10.1.0/24") || a.AZ == b.AZ {
		t.Errorf("subnets = %+v %+v", a, b)
	}
	if ix.Subnets["NeverCreated"] != nil {
		t.Error("a resource whose condition is false was created")
	}
	// Routes: local for both VPC CIDRs, then the template's, with their kinds.
	rt := ix.SubnetRouteTable["SubnetB"]
	var kinds []string
	for _, r := range rt.Routes {
		kinds = append(kinds, r.Destination.String()+">"+string(r.Target.Kind)+":"+r.Target.ID)
	}
	want := "10.10.0.0/16>local:local 100.64.0.0/24>local:local 172.16.0.0/12>transit-gateway:TransitGateway 192.168.0.0/16>vpn-gateway:Vgw"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("routes = %s\nwant     %s", got, want)
	}
	// ACLs: SubnetA uses the explicit ACL, SubnetB the VPC's default ACL with the template's
	// extra deny entry before AWS's rules.
	acl := ix.SubnetACL["SubnetA"]
	if acl.ID != "Acl" || len(acl.Entries) != 6 {
		t.Fatalf("ACL of SubnetA = %+v", acl)
	}
	in := acl.Entries[0]
	if in.RuleNumber != 100 || in.Egress || in.Protocol != model.TCP || !in.Allow || in.Ports != model.Port(443) || in.CIDR != pfx("10.10.0.0/16") || in.Source.Line == 0 {
		t.Errorf("ACL entry = %+v", in)
	}
	last := acl.Entries[5]
	if last.RuleNumber != model.DefaultRuleNumber || last.Allow || !last.Egress {
		t.Errorf("ACL does not end with the * deny rule: %+v", last)
	}
	def := ix.SubnetACL["SubnetB"]
	if def.ID != "Vpc.DefaultNetworkAcl" || !def.Default || def.Entries[2].RuleNumber != 90 || def.Entries[2].Protocol != model.UDP || def.Entries[2].Allow {
		t.Errorf("default ACL = %+v", def)
	}
	// Security groups: inline egress replaces the default rule; the referenced default SG
	// exists; the endpoint SG's VPC comes through !GetAtt SubnetA.VpcId.
	sg := ix.SecurityGroups["EnvSecurityGroup"]
	if len(sg.Egress) != 2 || sg.Egress[0].Ports != model.Port(443) || sg.Egress[1].Group != "Vpc.DefaultSecurityGroup" {
		t.Errorf("env SG egress = %+v", sg.Egress)
	}
	if len(sg.Ingress) != 1 || sg.Ingress[0].Group != "EnvSecurityGroup" {
		t.Errorf("env SG ingress = %+v", sg.Ingress)
	}
	if d := ix.SecurityGroups["Vpc.DefaultSecurityGroup"]; d == nil || d.VPC != "Vpc" || len(d.Egress) != 1 {
		t.Errorf("default SG = %+v", d)
	}
	esg := ix.SecurityGroups["EndpointSecurityGroup"]
	if esg.VPC != "Vpc" || len(esg.Ingress) != 2 || esg.Ingress[0].Group != "EnvSecurityGroup" || esg.Ingress[0].Description != "HTTPS from MWAA" ||
		esg.Ingress[1].Protocol != model.ICMP || esg.Ingress[1].Ports != (model.PortRange{From: 8, To: -1}) || len(esg.Egress) != 1 || esg.Egress[0].CIDR != pfx("0.0.0.0/0") {
		t.Errorf("endpoint SG = %+v", esg)
	}
	if esg.Ingress[0].Source.Line <= esg.Source.Line {
		t.Errorf("inline rule source %+v should be inside the group at %+v", esg.Ingress[0].Source, esg.Source)
	}
	// Endpoints.
	sqs, s3 := ix.Endpoints["SqsEndpoint"], ix.Endpoints["S3Endpoint"]
	if sqs.Service != "com.amazonaws.us-east-1.sqs" || sqs.Type != model.EndpointInterface || sqs.PrivateDNS != model.Yes ||
		strings.Join(sqs.Subnets, ",") != "SubnetA,SubnetB" || strings.Join(sqs.SecurityGroups, ",") != "EndpointSecurityGroup" || sqs.Policy != nil {
		t.Errorf("sqs endpoint = %+v", sqs)
	}
	if s3.Type != model.EndpointGateway || strings.Join(s3.RouteTables, ",") != "PrivateRoutes" || s3.Policy == nil ||
		strings.Join(s3.Policy.Statements[0].Resource, " ") != "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/* ${DagBucket.Arn}/*" ||
		s3.Policy.Statements[0].Principal["*"][0] != "*" {
		t.Errorf("s3 endpoint = %+v", s3)
	}
	if pl := ix.PrefixLists["CorpPrefixes"]; pl == nil || len(pl.Entries) != 2 || pl.Name != "corporate" {
		t.Errorf("prefix list = %+v", pl)
	}
	if len(a.TransitGatewayAttachments) != 1 || a.TransitGatewayAttachments[0].TransitGateway != "TransitGateway" {
		t.Errorf("TGW attachments = %+v", a.TransitGatewayAttachments)
	}
	if len(a.VPNGateways) != 1 || strings.Join(a.VPNGateways[0].VPCs, ",") != "Vpc" {
		t.Errorf("VPN gateways = %+v", a.VPNGateways)
	}
	if g := ix.InternetGateways["Ipv6Egress"]; g == nil || !g.Egress || strings.Join(g.VPCs, ",") != "Vpc" {
		t.Errorf("egress-only IGW = %+v", g)
	}
	// Client VPN with its parts; the server certificate has no value: symbolic.
	vpn := ix.ClientVPNs["ClientVpn"]
	if vpn == nil || vpn.ClientCIDR != pfx("10.200.0.0/22") || vpn.SplitTunnel != model.Yes || vpn.ServerCertificateARN != "${ServerCertificateArn}" ||
		strings.Join(vpn.Authentication, ",") != "certificate-authentication" || vpn.ConnectionLogging != model.No || vpn.VPNPort != 443 ||
		strings.Join(vpn.Associations, ",") != "SubnetA" || len(vpn.AuthorizationRules) != 1 || !vpn.AuthorizationRules[0].AllGroups {
		t.Fatalf("client VPN = %+v", vpn)
	}
	var vpnRoutes []string
	for _, r := range vpn.Routes {
		vpnRoutes = append(vpnRoutes, r.Destination.String()+">"+r.TargetSubnet)
	}
	if got := strings.Join(vpnRoutes, " "); got != "192.168.0.0/16>SubnetA 10.10.0.0/16>SubnetA 100.64.0.0/24>SubnetA" {
		t.Errorf("client VPN routes = %s", got)
	}
	// The rest of the architecture.
	k := ix.Keys["Key"]
	if k.Rotation != model.Yes || k.MultiRegion != model.No || strings.Join(k.Aliases, ",") != "alias/mwaa" || len(k.Policy.Statements) != 2 ||
		k.Policy.Statements[0].Principal["AWS"][0] != "arn:aws:iam::${AWS::AccountId}:root" ||
		k.Policy.Statements[1].Condition["ArnLike"]["kms:EncryptionContext:aws:logs:arn"][0] != "arn:aws:logs:us-east-1:${AWS::AccountId}:*" {
		t.Errorf("key = %+v", k)
	}
	b := ix.Buckets["DagBucket"]
	if b.Encryption != "aws:kms" || b.KMSKey != "${Key.Arn}" || b.BucketKey != model.Yes ||
		b.PublicAccessBlock != [4]model.Tri{model.Yes, model.Yes, model.No, model.No} || b.Policy == nil ||
		b.Policy.Statements[0].Condition["Bool"]["aws:SecureTransport"][0] != "false" || b.PolicySource.Line == 0 {
		t.Errorf("bucket = %+v", b)
	}
	if len(a.LogGroups) != 1 || a.LogGroups[0].RetentionInDays != 30 || a.LogGroups[0].KMSKey != "${Key.Arn}" {
		t.Errorf("log groups = %+v", a.LogGroups)
	}
	al := a.Alarms[0]
	if al.MetricName != "SchedulerHeartbeat" || al.Threshold != 0.5 || al.Dimensions["Function"] != "Scheduler" || al.Period != 300 {
		t.Errorf("alarm = %+v", al)
	}
	r := ix.Roles["Role"]
	if r == nil || len(r.AssumeRolePolicy.Statements[0].Principal["Service"]) != 2 || len(r.Policies) != 1 ||
		r.Policies[0].Document.Statements[0].Resource[0] != "arn:aws:airflow:us-east-1:${AWS::AccountId}:environment/${AWS::StackName}" {
		t.Errorf("role = %+v", r)
	}
	if len(a.ManagedPolicies) != 1 || !a.ManagedPolicies[0].Inline || a.ManagedPolicies[0].Roles[0] != "Role" {
		t.Errorf("policies = %+v", a.ManagedPolicies)
	}
	// Findings: the unsupported Lambda is reported (info), nothing is an error.
	var unsupported int
	for _, f := range a.IngestFindings {
		if f.Severity == model.SeverityError {
			t.Errorf("unexpected error finding: %+v", f)
		}
		if f.Rule == RuleUnsupportedType && f.Resource == "Notifier" {
			unsupported++
		}
	}
	if unsupported != 1 {
		t.Errorf("findings = %+v, want the Lambda reported once", a.IngestFindings)
	}
	if len(a.Topics) != 1 || a.Topics[0].KMSKey != "alias/aws/sns" || len(a.Topics[0].Subscriptions) != 2 || a.Topics[0].Subscriptions[1].Protocol != "https" {
		t.Errorf("topics = %+v", a.Topics)
	}
	golden(t, "testdata/stacks/stacks.golden.json", a)
}

func TestConditionsAndParams(t *testing.T) {
	bad := readStacks(t, Options{Params: map[string]string{"WithVpn": "maybe"}})
	var notAllowed bool
	for _, f := range bad.IngestFindings {
		notAllowed = notAllowed || (f.Rule == RuleParamNotAllowed && f.Resource == "WithVpn" && f.Severity == model.SeverityError)
	}
	if !notAllowed {
		t.Errorf("--param WithVpn=maybe not reported: %+v", bad.IngestFindings)
	}
	a := readStacks(t, Options{Params: map[string]string{"WithVpn": "false", "VpcCidr": "10.20.0.0/16", "Bogus": "1"}, Region: "eu-west-1"})
	for _, f := range a.IngestFindings {
		if f.Rule == RuleParamNotAllowed {
			t.Errorf("allowed value reported: %+v", f)
		}
	}
	if len(a.ClientVPNs) != 0 {
		t.Errorf("Client VPN created although its condition is false")
	}
	if a.VPCs[0].CIDRs[0].String() != "10.20.0.0/16" || a.Subnets[1].CIDR.String() != "10.20.1.0/24" {
		t.Errorf("--param VpcCidr not applied: %v %v", a.VPCs[0].CIDRs, a.Subnets[1].CIDR)
	}
	var unused bool
	for _, f := range a.IngestFindings {
		if f.Rule == RuleUnusedParam && f.Resource == "Bogus" {
			unused = true
		}
	}
	if !unused {
		t.Errorf("--param Bogus not reported: %+v", a.IngestFindings)
	}
	// The import name built with !Sub from a parameter resolves; the export whose name uses
	// AWS::StackName (not given) cannot be imported and is reported.
	env := a.Environment()
	if strings.Join(env.Subnets, ",") != "SubnetA,SubnetB" {
		t.Errorf("subnets = %v", env.Subnets)
	}
	var unknownExport bool
	for _, f := range a.IngestFindings {
		if f.Rule == RuleBadProperty && f.Resource == "VpcId" && strings.Contains(f.Message, "export name is not known statically") {
			unknownExport = true
		}
	}
	if !unknownExport {
		t.Errorf("export with an unknown name not reported: %+v", a.IngestFindings)
	}
}

func TestUnknownCondition(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("u.yaml", `
Parameters:
  Mode: {Type: String}
Conditions:
  Private: !Equals [!Ref Mode, private]
Resources:
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Condition: Private
    Properties: {VpcId: vpc-0123, ServiceName: com.amazonaws.us-east-1.sqs, VpcEndpointType: Interface}
`))
	if len(a.Endpoints) != 1 || a.Endpoints[0].VPC != "vpc-0123" {
		t.Fatalf("endpoints = %+v", a.Endpoints)
	}
	if len(a.IngestFindings) != 1 || a.IngestFindings[0].Rule != RuleUnknownCondition || a.IngestFindings[0].Source.Line != 9 {
		t.Errorf("findings = %+v", a.IngestFindings)
	}
}

func TestLogicalIDCollisionAcrossTemplates(t *testing.T) {
	one := yamlFile("dir/one.yaml", "Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties: {GroupDescription: a, VpcId: vpc-1}\n")
	two := yamlFile("two.json", `{"Resources": {"Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "b", "VpcId": "vpc-1"}}}}`)
	a := mustRead(t, Options{}, one, two)
	if len(a.SecurityGroups) != 2 || a.SecurityGroups[0].ID != "one/Sg" || a.SecurityGroups[1].ID != "two/Sg" {
		t.Errorf("IDs = %s %s", a.SecurityGroups[0].ID, a.SecurityGroups[1].ID)
	}
}

func TestTransformsAreReported(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("x.yaml", `
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Buckets:
    - Name
    - [a, b]
    - Bucket${Name}:
        Type: AWS::S3::Bucket
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
`))
	var rules []string
	for _, f := range a.IngestFindings {
		rules = append(rules, f.Resource)
	}
	if got := strings.Join(rules, ","); got != "Fn::ForEach::Buckets,AWS::Serverless-2016-10-31" {
		t.Errorf("findings about = %s", got)
	}
	if len(a.VPCs) != 1 || len(a.Buckets) != 0 {
		t.Errorf("VPCs %d buckets %d", len(a.VPCs), len(a.Buckets))
	}
}

func TestUnknownInputsStayUnknown(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("existing.yaml", `
Parameters:
  SubnetIds: {Type: "List<AWS::EC2::Subnet::Id>"}
  AccessMode: {Type: String}
  Az: {Type: "AWS::EC2::AvailabilityZone::Name"}
  VpcId: {Type: "AWS::EC2::VPC::Id"}
Resources:
  Extra:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VpcId, CidrBlock: 10.0.9.0/24, AvailabilityZone: !Ref Az}
  Env:
    Type: AWS::MWAA::Environment
    Properties:
      Name: env
      WebserverAccessMode: !Ref AccessMode
      NetworkConfiguration: {SubnetIds: !Ref SubnetIds, SecurityGroupIds: [sg-0123]}
`))
	env := a.Environment()
	if env.WebserverAccess != "" || len(env.Subnets) != 0 || strings.Join(env.SecurityGroups, ",") != "sg-0123" {
		t.Errorf("environment = %+v", env)
	}
	if s := a.Subnets[0]; s.AZ != "" || s.VPC != "" || s.CIDR.String() != "10.0.9.0/24" {
		t.Errorf("subnet = %+v", s)
	}
	var warned bool
	for _, f := range a.IngestFindings {
		if f.Resource == "Env" && strings.Contains(f.Message, "NetworkConfiguration.SubnetIds is not known statically (parameter SubnetIds has no Default") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("unknown subnets not reported: %+v", a.IngestFindings)
	}
}

func TestDefaultEgressRule(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("sg.yaml", `
Resources:
  None:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: a, VpcId: vpc-1}
  Empty:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: b, VpcId: vpc-1, SecurityGroupEgress: []}
  Narrow:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: c
      VpcId: vpc-1
      SecurityGroupEgress: [{IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 127.0.0.1/32}]
  Extra:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: {GroupId: !Ref None, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
`))
	ix := model.NewIndex(a)
	for id, want := range map[string]string{"None": "all:0.0.0.0/0 443:10.0.0.0/8", "Empty": "all:0.0.0.0/0", "Narrow": "-1:127.0.0.1/32"} {
		var got []string
		for _, r := range ix.SecurityGroups[id].Egress {
			got = append(got, r.Ports.String()+":"+r.CIDR.String())
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s egress = %v, want %s", id, got, want)
		}
	}
}

func TestIPv6Defaults(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("v6.yaml", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  V6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, Ipv6CidrBlock: "2600:1f18::/56"}
`))
	acl := a.NetworkACLs[0]
	var rules []string
	for _, e := range acl.Entries {
		rules = append(rules, fmt.Sprintf("%d/%v/%v/%s", e.RuleNumber, e.Egress, e.Allow, e.CIDR))
	}
	want := "100/false/true/0.0.0.0/0 100/true/true/0.0.0.0/0 101/false/true/::/0 101/true/true/::/0 " +
		"32767/false/false/0.0.0.0/0 32767/false/false/::/0 32767/true/false/0.0.0.0/0 32767/true/false/::/0"
	if got := strings.Join(rules, " "); got != want {
		t.Errorf("default ACL = %s\nwant          %s", got, want)
	}
	if rt := a.RouteTables[0]; len(rt.Routes) != 2 || rt.Routes[1].Destination.String() != "2600:1f18::/56" || rt.Routes[1].Target.Kind != model.TargetLocal {
		t.Errorf("main route table = %+v", rt.Routes)
	}
}

func TestPortsThatAreNotKnown(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("ports.yaml", `
Parameters:
  Port: {Type: Number}
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: a
      VpcId: vpc-1
      SecurityGroupIngress:
        - {IpProtocol: tcp, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties: {VpcId: vpc-1}
  Entry:
    Type: AWS::EC2::NetworkAclEntry
    Properties: {NetworkAclId: !Ref Acl, RuleNumber: 1, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0}
`))
	var msgs []string
	for _, f := range a.IngestFindings {
		msgs = append(msgs, f.Message)
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"a tcp rule needs FromPort and ToPort", "the ports of a tcp rule are not known statically", "a tcp entry needs a PortRange"} {
		if !strings.Contains(got, want) {
			t.Errorf("findings lack %q:\n%s", want, got)
		}
	}
	if len(msgs) != 3 {
		t.Errorf("findings = %s", got)
	}
}

func TestSupportedTypesCoverTheIssue(t *testing.T) {
	supported := strings.Join(SupportedTypes(), " ")
	for _, typ := range []string{"VPC", "Subnet", "RouteTable", "Route", "SubnetRouteTableAssociation", "InternetGateway",
		"VPCGatewayAttachment", "NatGateway", "EIP", "NetworkAcl", "NetworkAclEntry", "SubnetNetworkAclAssociation",
		"SecurityGroup", "SecurityGroupIngress", "SecurityGroupEgress", "VPCEndpoint", "PrefixList", "TransitGateway",
		"TransitGatewayAttachment", "ClientVpnEndpoint", "ClientVpnTargetNetworkAssociation", "ClientVpnAuthorizationRule", "ClientVpnRoute"} {
		if !strings.Contains(supported+" ", "AWS::EC2::"+typ+" ") {
			t.Errorf("AWS::EC2::%s is not supported", typ)
		}
	}
	for _, typ := range []string{"AWS::MWAA::Environment", "AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::KMS::Key", "AWS::IAM::Role",
		"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Logs::LogGroup", "AWS::CloudWatch::Alarm"} {
		if !strings.Contains(supported+" ", typ+" ") {
			t.Errorf("%s is not supported", typ)
		}
	}
}

func TestChangesOutsideTheTemplates(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("edge.yaml", `
Resources:
  ToExisting:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: rtb-0123, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: nat-1}
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Edge:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Igw:
    Type: AWS::EC2::InternetGateway
  EdgeAssoc:
    Type: AWS::EC2::GatewayRouteTableAssociation
    Properties: {RouteTableId: !Ref Edge, GatewayId: !Ref Igw}
  Peering:
    Type: AWS::EC2::VPCPeeringConnection
    Properties: {VpcId: !Ref Vpc, PeerVpcId: vpc-0peer}
  PeerRoute:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Edge, DestinationCidrBlock: 172.31.0.0/16, VpcPeeringConnectionId: !Ref Peering}
  Literal:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Edge, DestinationCidrBlock: 192.168.0.0/16, GatewayId: vgw-0abc}
  Named:
    Type: AWS::IAM::Role
    Properties:
      RoleName: mwaa-exec
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: airflow.amazonaws.com}, Action: sts:AssumeRole}]}
  ByName:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [mwaa-exec, someone-else]
      PolicyDocument: {Statement: {Effect: Allow, Action: "s3:*", Resource: "*"}}
`))
	var outside []string
	for _, f := range a.IngestFindings {
		if f.Rule == RuleOutsideTemplate {
			outside = append(outside, f.Resource+": "+f.Message)
		}
	}
	// A route in an existing table by literal ID is an amendment that applies once a
	// snapshot defining rtb-0123 is merged in (model.Merge), not an unmodelled change.
	if len(outside) != 0 {
		t.Errorf("outside findings = %v", outside)
	}
	if len(a.Amendments) != 1 || a.Amendments[0].Target != "rtb-0123" || a.Amendments[0].Route == nil ||
		a.Amendments[0].Route.Target != (model.RouteTarget{Kind: model.TargetNATGateway, ID: "nat-1"}) {
		t.Errorf("amendments = %+v", a.Amendments)
	}
	ix := model.NewIndex(a)
	edge := ix.RouteTables["Edge"]
	if strings.Join(edge.Gateways, ",") != "Igw" || len(edge.Routes) != 3 ||
		edge.Routes[1].Target != (model.RouteTarget{Kind: model.TargetPeering, ID: "Peering"}) ||
		edge.Routes[2].Target != (model.RouteTarget{Kind: model.TargetVPNGateway, ID: "vgw-0abc"}) {
		t.Errorf("edge route table = %+v", edge)
	}
	if len(a.PeeringConnections) != 1 || a.PeeringConnections[0].AccepterVPC != "vpc-0peer" {
		t.Errorf("peering = %+v", a.PeeringConnections)
	}
	if p := a.ManagedPolicies[0]; strings.Join(p.Roles, ",") != "Named,someone-else" || !p.Inline || len(p.Document.Statements) != 1 {
		t.Errorf("policy = %+v", p)
	}
}

func TestNATInstanceAndInterfaces(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("natinstance.yaml", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, AmazonProvidedIpv6CidrBlock: false}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}
  PublicV6:
    Type: AWS::EC2::SubnetCidrBlock
    Properties: {SubnetId: !Ref Public, Ipv6CidrBlock: "2600:1f18:1:1::/64"}
  NatSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: nat, VpcId: !Ref Vpc}
  NatInstance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123
      SourceDestCheck: false
      NetworkInterfaces:
        - {DeviceIndex: "0", SubnetId: !Ref Public, GroupSet: [!Ref NatSg], PrivateIpAddress: 10.0.0.10, AssociatePublicIpAddress: true}
  Bastion:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-0123, SubnetId: !Ref Public, SecurityGroupIds: [!Ref NatSg]}
  Eni:
    Type: AWS::EC2::NetworkInterface
    Properties: {SubnetId: !Ref Public, GroupSet: [!Ref NatSg], PrivateIpAddress: 10.0.0.20}
  EniAttach:
    Type: AWS::EC2::NetworkInterfaceAttachment
    Properties: {NetworkInterfaceId: !Ref Eni, InstanceId: !Ref Bastion, DeviceIndex: "1"}
  Routes:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  ViaNat:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Routes, DestinationCidrBlock: 0.0.0.0/0, InstanceId: !Ref NatInstance}
`))
	ix := model.NewIndex(a)
	nat := ix.NetworkInterfaces["NatInstance"]
	if nat == nil || nat.Subnet != "Public" || nat.SourceDestCheck != model.No || nat.Attachment != "NatInstance" ||
		strings.Join(nat.SecurityGroups, ",") != "NatSg" || len(nat.PrivateIPs) != 1 || nat.PrivateIPs[0].String() != "10.0.0.10" {
		t.Errorf("NAT instance = %+v", nat)
	}
	if b := ix.NetworkInterfaces["Bastion"]; b == nil || b.SourceDestCheck != model.Yes || b.Subnet != "Public" {
		t.Errorf("bastion = %+v", b)
	}
	if e := ix.NetworkInterfaces["Eni"]; e == nil || e.Attachment != "Bastion" || e.PrivateIPs[0].String() != "10.0.0.20" {
		t.Errorf("ENI = %+v", e)
	}
	if r := ix.RouteTables["Routes"].Routes[1]; r.Target != (model.RouteTarget{Kind: model.TargetInstance, ID: "NatInstance"}) {
		t.Errorf("route = %+v", r)
	}
	if s := ix.Subnets["Public"]; s.IPv6CIDR.String() != "2600:1f18:1:1::/64" {
		t.Errorf("subnet IPv6 = %v", s.IPv6CIDR)
	}
}

func TestSecondaryBlocks(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("blocks.yaml", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Secondary:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.1.0.0/16}
  AmazonV6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
`))
	v := a.VPCs[0]
	if len(v.CIDRs) != 2 || v.CIDRs[1].String() != "10.1.0.0/16" || len(v.IPv6CIDRs) != 1 || v.IPv6CIDRs[0].IsValid() {
		t.Errorf("VPC blocks = %v %v, want a secondary IPv4 block and one IPv6 block not known statically", v.CIDRs, v.IPv6CIDRs)
	}
}

// A template mwaanet synthesized names the Region it was made for in Metadata; without
// --region that Region (and its partition) is used, and --region still wins.
func TestRegionHint(t *testing.T) {
	src := `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Metadata:
  mwaanet: {Region: cn-north-1}
`
	a := mustRead(t, Options{}, yamlFile("hint.yaml", src))
	if a.Region != "cn-north-1" || a.Partition != "aws-cn" {
		t.Errorf("without --region: region %q partition %q, want cn-north-1 aws-cn", a.Region, a.Partition)
	}
	a = mustRead(t, Options{Region: "eu-west-1"}, yamlFile("hint.yaml", src))
	if a.Region != "eu-west-1" {
		t.Errorf("--region eu-west-1 lost to the hint: %q", a.Region)
	}
	a = mustRead(t, Options{}, yamlFile("plain.yaml", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"))
	if a.Region != "us-east-1" {
		t.Errorf("no hint, no --region: %q, want us-east-1", a.Region)
	}
}
