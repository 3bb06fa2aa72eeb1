package diagram

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Hand-made architectures shaped like the designs of the use cases (until
// internal/design lands): private routing in a new VPC, public routing with NAT
// gateways, and an existing VPC known only by its IDs.

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func fixturePrivate() *model.Architecture {
	a := &model.Architecture{Name: "mwaa-private", Region: "us-east-1", Partition: "aws", Routing: model.RoutingPrivate}
	a.VPCs = []*model.VPC{{ID: "VPC", CIDRs: []netip.Prefix{pfx("10.192.0.0/16")}}}
	a.Subnets = []*model.Subnet{
		{ID: "PrivateSubnet1", VPC: "VPC", CIDR: pfx("10.192.10.0/24"), AZ: "${AWS::Region}#0", AvailableIPs: -1},
		{ID: "PrivateSubnet2", VPC: "VPC", CIDR: pfx("10.192.11.0/24"), AZ: "${AWS::Region}#1", AvailableIPs: -1},
	}
	a.RouteTables = []*model.RouteTable{
		{ID: "PrivateRouteTable1", VPC: "VPC", Subnets: []string{"PrivateSubnet1"}, Routes: []model.Route{{Destination: pfx("10.192.0.0/16"), Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}}}},
		{ID: "PrivateRouteTable2", VPC: "VPC", Subnets: []string{"PrivateSubnet2"}, Routes: []model.Route{{Destination: pfx("10.192.0.0/16"), Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}}}},
	}
	a.SecurityGroups = []*model.SecurityGroup{{ID: "EnvironmentSecurityGroup", VPC: "VPC"}, {ID: "EndpointSecurityGroup", VPC: "VPC"}, {ID: "ClientVpnSecurityGroup", VPC: "VPC"}}
	a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "S3GatewayEndpoint", VPC: "VPC", Service: "com.amazonaws.${AWS::Region}.s3", Type: model.EndpointGateway, RouteTables: []string{"PrivateRouteTable1", "PrivateRouteTable2"}})
	for _, s := range append(model.RequiredInterfaceServices("aws"), "sts") {
		a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "Endpoint" + s, VPC: "VPC", Service: "com.amazonaws.${AWS::Region}." + s, Type: model.EndpointInterface,
			PrivateDNS: model.Yes, Subnets: []string{"PrivateSubnet1", "PrivateSubnet2"}, SecurityGroups: []string{"EndpointSecurityGroup"}})
	}
	a.ClientVPNs = []*model.ClientVPN{{ID: "ClientVpnEndpoint", VPC: "VPC", ClientCIDR: pfx("10.100.0.0/22"), SecurityGroups: []string{"ClientVpnSecurityGroup"},
		TransportProtocol: "udp", VPNPort: 443, Associations: []string{"PrivateSubnet1", "PrivateSubnet2"}}}
	a.Environments = []*model.Environment{env([]string{"PrivateSubnet1", "PrivateSubnet2"}, model.PrivateOnly)}
	a.Buckets = []*model.Bucket{{ID: "DagBucket"}}
	a.Keys = []*model.Key{{ID: "EnvironmentKey", Aliases: []string{"alias/mwaa-private"}}}
	a.Roles = []*model.Role{{ID: "ExecutionRole"}}
	for _, m := range model.LogModules {
		a.LogGroups = append(a.LogGroups, &model.LogGroup{ID: "LogGroup" + m, RetentionInDays: -1})
	}
	a.Alarms = []*model.Alarm{{ID: "SchedulerHeartbeatAlarm"}, {ID: "QueuedTasksAlarm"}}
	return a
}

func env(subnets []string, access string) *model.Environment {
	return &model.Environment{ID: "Environment", Name: "${AWS::StackName}", AirflowVersion: "2.10.3", EnvironmentClass: "mw1.small",
		MinWorkers: 1, MaxWorkers: 10, MinWebservers: 2, MaxWebservers: 2, Schedulers: 2, Subnets: subnets,
		SecurityGroups: []string{"EnvironmentSecurityGroup"}, WebserverAccess: access, EndpointManagement: model.ServiceManaged,
		SourceBucketARN: "${DagBucket.Arn}", ExecutionRoleARN: "${ExecutionRole.Arn}", KMSKey: "${EnvironmentKey.Arn}"}
}

// fixturePublic is use case 1 (vpn false: PUBLIC_ONLY) or 2 (vpn true: PRIVATE_ONLY with
// Client VPN).
func fixturePublic(vpn bool) *model.Architecture {
	a := &model.Architecture{Name: "mwaa-public", Region: "us-east-1", Partition: "aws", Routing: model.RoutingPublic}
	a.VPCs = []*model.VPC{{ID: "VPC", CIDRs: []netip.Prefix{pfx("10.192.0.0/16")}}}
	local := model.Route{Destination: pfx("10.192.0.0/16"), Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}}
	a.InternetGateways = []*model.InternetGateway{{ID: "InternetGateway", VPCs: []string{"VPC"}}}
	a.RouteTables = append(a.RouteTables, &model.RouteTable{ID: "PublicRouteTable", VPC: "VPC", Subnets: []string{"PublicSubnet1", "PublicSubnet2"},
		Routes: []model.Route{local, {Destination: pfx("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetInternetGateway, ID: "InternetGateway"}}}})
	for i, az := range []string{"${AWS::Region}#0", "${AWS::Region}#1"} {
		n := string(rune('1' + i))
		a.Subnets = append(a.Subnets,
			&model.Subnet{ID: "PublicSubnet" + n, VPC: "VPC", CIDR: pfx("10.192." + n + ".0/24"), AZ: az, AvailableIPs: -1},
			&model.Subnet{ID: "PrivateSubnet" + n, VPC: "VPC", CIDR: pfx("10.192.1" + n + ".0/24"), AZ: az, AvailableIPs: -1})
		a.NATGateways = append(a.NATGateways, &model.NATGateway{ID: "NatGateway" + n, Subnet: "PublicSubnet" + n, Public: model.Yes, EIP: "NatEIP" + n})
		a.RouteTables = append(a.RouteTables, &model.RouteTable{ID: "PrivateRouteTable" + n, VPC: "VPC", Subnets: []string{"PrivateSubnet" + n},
			Routes: []model.Route{local, {Destination: pfx("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetNATGateway, ID: "NatGateway" + n}}}})
	}
	access := model.PublicOnly
	if vpn {
		access = model.PrivateOnly
		a.Name = "mwaa-hybrid"
		a.ClientVPNs = []*model.ClientVPN{{ID: "ClientVpnEndpoint", VPC: "VPC", ClientCIDR: pfx("10.100.0.0/22"), TransportProtocol: "udp", VPNPort: 443}}
	}
	a.Environments = []*model.Environment{env([]string{"PrivateSubnet1", "PrivateSubnet2"}, access)}
	a.Buckets = []*model.Bucket{{ID: "DagBucket"}}
	a.Keys = []*model.Key{{ID: "EnvironmentKey"}}
	a.Roles = []*model.Role{{ID: "ExecutionRole"}}
	a.Alarms = []*model.Alarm{{ID: "SchedulerHeartbeatAlarm"}}
	return a
}

// fixtureExisting is use case 4: the VPC and its subnets exist already and are known
// only by ID (not objects of the input); mwaanet adds endpoints, groups and the VPN.
func fixtureExisting() *model.Architecture {
	a := &model.Architecture{Name: "mwaa-existing", Region: "us-east-1", Partition: "aws", Routing: model.RoutingPrivate}
	subnets := []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"}
	for _, s := range []string{"s3"} {
		a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "S3GatewayEndpoint", VPC: "vpc-0123456789abcdef0", Service: "com.amazonaws.us-east-1." + s,
			Type: model.EndpointGateway, RouteTables: []string{"rtb-0123456789abcdef0", "rtb-0123456789abcdef1"}})
	}
	for _, s := range model.RequiredInterfaceServices("aws") {
		a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "Endpoint" + s, VPC: "vpc-0123456789abcdef0", Service: "com.amazonaws.us-east-1." + s,
			Type: model.EndpointInterface, Subnets: subnets})
	}
	a.ClientVPNs = []*model.ClientVPN{{ID: "ClientVpnEndpoint", VPC: "vpc-0123456789abcdef0", ClientCIDR: pfx("10.100.0.0/22")}}
	a.Environments = []*model.Environment{env(subnets, model.PrivateOnly)}
	a.Buckets = []*model.Bucket{{ID: "DagBucket"}}
	a.Keys = []*model.Key{{ID: "EnvironmentKey"}}
	a.Roles = []*model.Role{{ID: "ExecutionRole"}}
	return a
}
