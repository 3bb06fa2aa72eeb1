package design

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

func build(t *testing.T, n int) *model.Architecture {
	t.Helper()
	s, err := spec.UseCase(n)
	if err != nil {
		t.Fatalf("use case %d: %v", n, err)
	}
	a, err := Build(s)
	if err != nil {
		t.Fatalf("use case %d: %v", n, err)
	}
	return a
}

func countEndpoints(a *model.Architecture, typ model.EndpointType) int {
	n := 0
	for _, ep := range a.Endpoints {
		if ep.Type == typ {
			n++
		}
	}
	return n
}

// TestComponentsPerUseCase asserts what each use case needs is there, and what it must
// not have is not.
func TestComponentsPerUseCase(t *testing.T) {
	type want struct {
		vpcs, subnets, igws, nats, eips, routeTables, acls int
		interfaceEndpoints, gatewayEndpoints               int
		sgs, vpns, params, buckets, keys, roles, alarms    int
		routing, access                                    string
	}
	cases := map[int]want{
		1: {vpcs: 1, subnets: 4, igws: 1, nats: 2, eips: 2, routeTables: 4, acls: 2, sgs: 1, vpns: 0, params: 0,
			buckets: 1, keys: 1, roles: 1, alarms: 6, routing: "public", access: model.PublicOnly},
		2: {vpcs: 1, subnets: 4, igws: 1, nats: 2, eips: 2, routeTables: 4, acls: 2, sgs: 2, vpns: 1, params: 2,
			buckets: 1, keys: 1, roles: 1, alarms: 6, routing: "public", access: model.PrivateOnly},
		3: {vpcs: 1, subnets: 2, routeTables: 3, acls: 2, interfaceEndpoints: 10, gatewayEndpoints: 1, sgs: 3, vpns: 1, params: 2,
			buckets: 1, keys: 1, roles: 1, alarms: 6, routing: "private", access: model.PrivateOnly},
		4: {vpcs: 1, subnets: 2, interfaceEndpoints: 9, gatewayEndpoints: 1, sgs: 3, vpns: 1, params: 2,
			buckets: 1, keys: 1, roles: 1, alarms: 6, routing: "private", access: model.PrivateOnly},
	}
	for n, w := range cases {
		a := build(t, n)
		got := want{
			vpcs: len(a.VPCs), subnets: len(a.Subnets), igws: len(a.InternetGateways), nats: len(a.NATGateways),
			eips: len(a.ElasticIPs), routeTables: len(a.RouteTables), acls: len(a.NetworkACLs),
			interfaceEndpoints: countEndpoints(a, model.EndpointInterface), gatewayEndpoints: countEndpoints(a, model.EndpointGateway),
			sgs: len(a.SecurityGroups), vpns: len(a.ClientVPNs), params: len(a.Parameters), buckets: len(a.Buckets),
			keys: len(a.Keys), roles: len(a.Roles), alarms: len(a.Alarms), routing: a.Routing,
		}
		if env := a.Environment(); env != nil {
			got.access = env.WebserverAccess
		}
		if got != w {
			t.Errorf("use case %d:\n got %+v\nwant %+v", n, got, w)
		}
	}
}

// TestPrivateRouting checks the private-routing network of use case 3 in detail.
func TestPrivateRouting(t *testing.T) {
	a := build(t, 3)
	ix := model.NewIndex(a)
	vpc := ix.VPCs[IDVPC]
	if vpc.EnableDNSSupport != model.Yes || vpc.EnableDNSHostnames != model.Yes {
		t.Errorf("VPC DNS support/hostnames: %v/%v, want both on (NET-04)", vpc.EnableDNSSupport, vpc.EnableDNSHostnames)
	}
	env := a.Environment()
	if len(env.Subnets) != 2 {
		t.Fatalf("environment subnets: %v", env.Subnets)
	}
	azs := map[string]bool{}
	for _, id := range env.Subnets {
		sn := ix.Subnets[id]
		azs[sn.AZ] = true
		if !vpc.CIDRs[0].Contains(sn.CIDR.Addr()) {
			t.Errorf("%s %s is outside the VPC %s", id, sn.CIDR, vpc.CIDRs[0])
		}
		rt := ix.SubnetRouteTable[id]
		if rt == nil {
			t.Fatalf("%s has no route table", id)
		}
		var local, s3 bool
		for _, r := range rt.Routes {
			switch r.Target.Kind {
			case model.TargetLocal:
				local = r.Destination == vpc.CIDRs[0]
			case model.TargetVPCEndpoint:
				s3 = r.DestinationPrefixList == IDS3PrefixList && r.Target.ID == IDS3GatewayEndpoint
			case model.TargetNATGateway, model.TargetInternetGateway:
				t.Errorf("%s routes %v to %s in private routing (PRV-01)", rt.ID, r.Destination, r.Target.Kind)
			}
		}
		if !local || !s3 {
			t.Errorf("%s: local route %v, S3 prefix-list route %v; want both", rt.ID, local, s3)
		}
	}
	if len(azs) != 2 {
		t.Errorf("environment subnets in %d AZs, want 2", len(azs))
	}
	var services []string
	for _, ep := range a.Endpoints {
		if ep.Type != model.EndpointInterface {
			continue
		}
		services = append(services, model.ServiceShortName(ep.Service))
		if ep.PrivateDNS != model.Yes || len(ep.Subnets) != 2 || len(ep.SecurityGroups) != 1 || ep.SecurityGroups[0] != IDEndpointSecurityGroup {
			t.Errorf("%s: private DNS %v, subnets %v, groups %v", ep.ID, ep.PrivateDNS, ep.Subnets, ep.SecurityGroups)
		}
	}
	if got := strings.Join(services, ","); got != "monitoring,ecr.dkr,ecr.api,logs,sqs,kms,airflow.api,airflow.env,airflow.ops,sts" {
		t.Errorf("interface endpoints: %s", got)
	}
	s3 := ix.Endpoints[IDS3GatewayEndpoint]
	var allowsLayers, allowsBucket bool
	for _, st := range s3.Policy.Statements {
		for _, r := range st.Resource {
			allowsLayers = allowsLayers || r == model.ECRLayerBucketARN
			allowsBucket = allowsBucket || r == "${DagBucket.Arn}/*"
		}
	}
	if !allowsLayers || !allowsBucket {
		t.Errorf("S3 endpoint policy: ECR layers %v, DAG bucket %v (PRV-05)", allowsLayers, allowsBucket)
	}
	sg := ix.SecurityGroups[IDEnvironmentSecurityGroup]
	if len(sg.Ingress) == 0 || sg.Ingress[0].Group != IDEnvironmentSecurityGroup || sg.Ingress[0].Protocol != model.AllProtocols {
		t.Errorf("environment group has no self-referencing all-traffic rule: %+v", sg.Ingress)
	}
	for _, g := range a.SecurityGroups {
		for _, r := range g.Ingress {
			if r.CIDR.IsValid() && r.CIDR.Bits() == 0 {
				t.Errorf("%s allows ingress from %s", g.ID, r.CIDR)
			}
		}
	}
	acl := ix.NetworkACLs[IDNetworkACL]
	var defaults int
	for _, e := range acl.Entries {
		if e.RuleNumber == model.DefaultRuleNumber && !e.Allow {
			defaults++
		}
	}
	if defaults != 4 || len(acl.Subnets) != 2 { // IPv4 and IPv6, both ways
		t.Errorf("ACL: %d default deny rules, subnets %v", defaults, acl.Subnets)
	}
	vpn := a.ClientVPNs[0]
	if vpn.ClientCIDR.Overlaps(vpc.CIDRs[0]) || vpn.SplitTunnel != model.Yes || len(vpn.Associations) != 2 ||
		len(vpn.AuthorizationRules) != 1 || vpn.AuthorizationRules[0].TargetCIDR != vpc.CIDRs[0] ||
		vpn.ServerCertificateARN != "${ServerCertificateArn}" {
		t.Errorf("Client VPN: %+v", vpn)
	}
	if len(env.Logging) != 5 {
		t.Errorf("logging: %d modules, want 5", len(env.Logging))
	}
}

// TestPublicRouting checks use case 1's NAT routing: each private subnet to the NAT
// gateway of its own AZ, the public table to the internet gateway.
func TestPublicRouting(t *testing.T) {
	a := build(t, 1)
	ix := model.NewIndex(a)
	for i, id := range a.Environment().Subnets {
		rt := ix.SubnetRouteTable[id]
		var nat string
		for _, r := range rt.Routes {
			if r.Destination.Bits() == 0 && r.Target.Kind == model.TargetNATGateway {
				nat = r.Target.ID
			}
		}
		if nat != NATGatewayID(i) {
			t.Errorf("%s: default route to %q, want %s", id, nat, NATGatewayID(i))
		}
		if ix.Subnets[ix.NATGateways[nat].Subnet].AZ != ix.Subnets[id].AZ {
			t.Errorf("%s uses a NAT gateway in another AZ", id)
		}
	}
	pub := ix.SubnetRouteTable[PublicSubnetID(0)]
	if pub.ID != IDPublicRouteTable || pub.Routes[1].Target.Kind != model.TargetInternetGateway {
		t.Errorf("public route table: %+v", pub)
	}
	if len(a.Endpoints) != 0 {
		t.Errorf("public routing has %d endpoints", len(a.Endpoints))
	}
}

// TestExistingVPC checks use case 4 refers to the existing IDs and adds what is missing.
func TestExistingVPC(t *testing.T) {
	a := build(t, 4)
	if a.VPCs[0].ID != "vpc-0123456789abcdef0" || len(a.RouteTables) != 0 || len(a.NetworkACLs) != 0 {
		t.Errorf("existing VPC: %+v, %d route tables, %d ACLs", a.VPCs[0], len(a.RouteTables), len(a.NetworkACLs))
	}
	if !a.IsUnknown(model.UnknownRouteTables) || !a.IsUnknown(model.UnknownNetworkACLs) {
		t.Errorf("an existing VPC's route tables and ACLs must be unknown, not absent: %v", a.Unknown)
	}
	if b := build(t, 3); len(b.Unknown) != 0 {
		t.Errorf("a new VPC is fully known, got unknown %v", b.Unknown)
	}
	s3 := model.NewIndex(a).Endpoints[IDS3GatewayEndpoint]
	if strings.Join(s3.RouteTables, ",") != "rtb-0123456789abcdef0,rtb-0123456789abcdef1" {
		t.Errorf("S3 endpoint route tables: %v", s3.RouteTables)
	}
	if strings.Join(a.Environment().Subnets, ",") != "subnet-0123456789abcdef0,subnet-0123456789abcdef1" {
		t.Errorf("environment subnets: %v", a.Environment().Subnets)
	}
}

// TestCustomerEndpoints: CUSTOMER management adds endpoints to the environment's own
// endpoint services (EPM-02).
func TestCustomerEndpoints(t *testing.T) {
	s, err := spec.UseCase(4)
	if err != nil {
		t.Fatal(err)
	}
	s.EndpointManagement = model.CustomerManaged
	a, err := Build(s)
	if err != nil {
		t.Fatal(err)
	}
	ix := model.NewIndex(a)
	for id, svc := range map[string]string{
		IDDatabaseEndpoint:  "${Environment.DatabaseVpcEndpointService}",
		IDWebserverEndpoint: "${Environment.WebserverVpcEndpointService}",
	} {
		if ep := ix.Endpoints[id]; ep == nil || ep.Service != svc {
			t.Errorf("%s: %+v, want service %s", id, ep, svc)
		}
	}
	// SERVICE management: none of them.
	if ep := model.NewIndex(build(t, 4)).Endpoints[IDDatabaseEndpoint]; ep != nil {
		t.Errorf("SERVICE management has %s", ep.ID)
	}
}

// TestImpossiblePlans: plans that cannot work are input errors at the spec position.
func TestImpossiblePlans(t *testing.T) {
	parse := func(text string) *spec.Spec {
		s, err := spec.Parse("spec.yaml", []byte(text))
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		return s
	}
	cases := []struct {
		name, text, want string
	}{
		{"exact fit", "routing: public\nwebserverAccess: PUBLIC_ONLY\nvpc:\n  cidr: 10.0.0.0/24\n  subnetPrefixLength: 26\n  privateSubnetCidrs: [10.0.0.0/26, 10.0.0.64/26]\n  publicSubnetCidrs: [10.0.0.128/26, 10.0.0.192/26]\n", ""},
		{"no room", "routing: public\nwebserverAccess: PUBLIC_ONLY\nvpc:\n  cidr: 10.0.0.0/24\n  subnetPrefixLength: 25\n", "spec.yaml:4:9: vpc.cidr: 10.0.0.0/24 has room for only 2 free /25 subnet(s) but the plan needs 4"},
		{"subnets too small", "vpc:\n  cidr: 10.0.0.0/24\n  subnetPrefixLength: 28\n", "spec.yaml:3:23: vpc.subnetPrefixLength: the private subnet 10.0.0.0/28 has 11 usable addresses but the environment needs up to 19 in each subnet (9 interface endpoints, 2 MWAA endpoints, 1 Client VPN, 7 Airflow containers"},
		{"given subnet too small", "routing: public\nwebserverAccess: PUBLIC_ONLY\nvpc:\n  privateSubnetCidrs: [10.192.0.0/28, 10.192.1.0/24]\nenvironment:\n  maxWorkers: 25\n", "spec.yaml:4:24: vpc.privateSubnetCidrs[0]: the private subnet 10.192.0.0/28 has 11 usable addresses but the environment needs up to 16"},
		{"small but enough", "routing: public\nwebserverAccess: PUBLIC_ONLY\nvpc:\n  privateSubnetCidrs: [10.192.0.0/28, 10.192.1.0/28]\n", ""},
		{"prefix too short", "vpc:\n  cidr: 10.0.0.0/24\n  subnetPrefixLength: 24\n", "spec.yaml:3:23: vpc.subnetPrefixLength: /24 subnets cannot be carved"},
	}
	for _, c := range cases {
		_, err := Build(parse(c.text))
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var ie *model.InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: got %v, want an InputError", c.name, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %s...", c.name, err, c.want)
		}
	}
}

// TestVPNClientCIDRMoves: a default client range that would overlap the VPC moves to a
// free /22; a written one is an error.
func TestVPNClientCIDRMoves(t *testing.T) {
	s := &spec.Spec{VPC: spec.VPC{CIDR: "10.100.0.0/16"}}
	spec.ApplyDefaults(s)
	a, err := Build(s)
	if err != nil {
		t.Fatal(err)
	}
	got := a.ClientVPNs[0].ClientCIDR
	if got.Overlaps(netip.MustParsePrefix("10.100.0.0/16")) {
		t.Errorf("client CIDR %s overlaps the VPC", got)
	}
	s.Pos["vpn.clientCidr"] = model.Source{File: "spec.yaml", Line: 9, Column: 15}
	s.VPN.ClientCIDR = "10.100.4.0/22"
	_, err = Build(s)
	if err == nil || !strings.HasPrefix(err.Error(), "spec.yaml:9:15: vpn.clientCidr: 10.100.4.0/22 overlaps") {
		t.Errorf("got %v", err)
	}
}

func TestEndpointID(t *testing.T) {
	for in, want := range map[string]string{"ecr.dkr": "EcrDkrEndpoint", "airflow.api": "AirflowApiEndpoint",
		"sqs": "SqsEndpoint", "secretsmanager": "SecretsmanagerEndpoint", "execute-api": "ExecuteApiEndpoint"} {
		if got := EndpointID(in); got != want {
			t.Errorf("EndpointID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnknownModes: a spec built in code with a mode design does not know is an error.
func TestUnknownModes(t *testing.T) {
	s := &spec.Spec{Routing: "sideways"}
	_, err := Build(s)
	if err == nil || err.Error() != `routing: "sideways" is not one of public, private` {
		t.Errorf("got %v", err)
	}
}
