package reach

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Hand-built architectures mirroring the designs of use cases 1 and 3 (what
// internal/design produces for them), so that reach is tested on its own.

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func src(id string) model.Source {
	return model.Source{File: "fixture.yaml", Line: 1, Column: 1, ID: id}
}

func allowAllACL(id, vpc string) *model.NetworkACL {
	return &model.NetworkACL{ID: id, VPC: vpc, Default: true, Source: src(id), Entries: []model.ACLEntry{
		{RuleNumber: 100, Protocol: model.AllProtocols, Allow: true, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: src(id + "/in100")},
		{RuleNumber: 100, Egress: true, Protocol: model.AllProtocols, Allow: true, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: src(id + "/out100")},
		{RuleNumber: model.DefaultRuleNumber, Protocol: model.AllProtocols, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1},
		{RuleNumber: model.DefaultRuleNumber, Egress: true, Protocol: model.AllProtocols, CIDR: pfx("0.0.0.0/0"), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1},
	}}
}

func local(cidr string) model.Route {
	return model.Route{Destination: pfx(cidr), Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}}
}

func sgAll(peerGroup string) model.SGRule {
	return model.SGRule{Protocol: model.AllProtocols, Ports: model.AllPorts, Group: peerGroup}
}

func egressAll() []model.SGRule {
	return []model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts, CIDR: pfx("0.0.0.0/0")}}
}

// useCase3 is private routing, PRIVATE_ONLY, endpoints for every service, Client VPN.
func useCase3() *model.Architecture {
	a := &model.Architecture{Name: "uc3", Routing: model.RoutingPrivate}
	a.VPCs = []*model.VPC{{ID: "VPC", CIDRs: []netip.Prefix{pfx("10.192.0.0/16")}, EnableDNSSupport: model.Yes, EnableDNSHostnames: model.Yes, Source: src("VPC")}}
	a.Subnets = []*model.Subnet{
		{ID: "PrivateSubnet1", VPC: "VPC", CIDR: pfx("10.192.20.0/24"), AZ: "${AWS::Region}#0", MapPublicIPOnLaunch: model.No, AvailableIPs: -1},
		{ID: "PrivateSubnet2", VPC: "VPC", CIDR: pfx("10.192.21.0/24"), AZ: "${AWS::Region}#1", MapPublicIPOnLaunch: model.No, AvailableIPs: -1},
	}
	a.RouteTables = []*model.RouteTable{
		{ID: "PrivateRouteTable1", VPC: "VPC", Subnets: []string{"PrivateSubnet1"}, Routes: []model.Route{local("10.192.0.0/16")}, Source: src("PrivateRouteTable1")},
		{ID: "PrivateRouteTable2", VPC: "VPC", Subnets: []string{"PrivateSubnet2"}, Routes: []model.Route{local("10.192.0.0/16")}, Source: src("PrivateRouteTable2")},
	}
	a.NetworkACLs = []*model.NetworkACL{allowAllACL("DefaultAcl", "VPC")}
	a.SecurityGroups = []*model.SecurityGroup{
		{ID: "EnvironmentSecurityGroup", VPC: "VPC", Source: src("EnvironmentSecurityGroup"),
			Ingress: []model.SGRule{sgAll("EnvironmentSecurityGroup"), {Protocol: model.TCP, Ports: model.Port(443), Group: "VpnSecurityGroup"}},
			Egress:  egressAll()},
		{ID: "EndpointSecurityGroup", VPC: "VPC", Source: src("EndpointSecurityGroup"),
			Ingress: []model.SGRule{{Protocol: model.TCP, Ports: model.Port(443), Group: "EnvironmentSecurityGroup"}},
			Egress:  egressAll()},
		{ID: "VpnSecurityGroup", VPC: "VPC", Source: src("VpnSecurityGroup"), Egress: egressAll()},
	}
	for _, s := range append(model.RequiredInterfaceServices("aws"), "sts") {
		a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{
			ID: "Endpoint_" + s, VPC: "VPC", Service: model.ServiceName("", s), Type: model.EndpointInterface,
			PrivateDNS: model.Yes, Subnets: []string{"PrivateSubnet1", "PrivateSubnet2"},
			SecurityGroups: []string{"EndpointSecurityGroup"}, Source: src("Endpoint_" + s)})
	}
	a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "S3GatewayEndpoint", VPC: "VPC", Service: model.ServiceName("", "s3"),
		Type: model.EndpointGateway, RouteTables: []string{"PrivateRouteTable1", "PrivateRouteTable2"}, Source: src("S3GatewayEndpoint")})
	a.ClientVPNs = []*model.ClientVPN{{ID: "ClientVpn", VPC: "VPC", ClientCIDR: pfx("10.100.0.0/22"), SecurityGroups: []string{"VpnSecurityGroup"},
		SplitTunnel: model.Yes, Associations: []string{"PrivateSubnet1", "PrivateSubnet2"},
		AuthorizationRules: []model.ClientVPNAuthorization{{TargetCIDR: pfx("10.192.0.0/16"), AllGroups: true}},
		Routes: []model.ClientVPNRoute{
			{Destination: pfx("10.192.0.0/16"), TargetSubnet: "PrivateSubnet1"},
			{Destination: pfx("10.192.0.0/16"), TargetSubnet: "PrivateSubnet2"},
		}, Source: src("ClientVpn")}}
	a.Environments = []*model.Environment{{ID: "Environment", Name: "uc3", Subnets: []string{"PrivateSubnet1", "PrivateSubnet2"},
		SecurityGroups: []string{"EnvironmentSecurityGroup"}, WebserverAccess: model.PrivateOnly, EndpointManagement: model.ServiceManaged,
		MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1}}
	return a
}

// useCase1 is public routing (2 public subnets with the IGW, 2 NAT gateways, 2 private
// subnets each routing to the NAT of its AZ), PUBLIC_ONLY.
func useCase1() *model.Architecture {
	a := &model.Architecture{Name: "uc1", Routing: model.RoutingPublic}
	a.VPCs = []*model.VPC{{ID: "VPC", CIDRs: []netip.Prefix{pfx("10.192.0.0/16")}, EnableDNSSupport: model.Yes, EnableDNSHostnames: model.Yes}}
	a.InternetGateways = []*model.InternetGateway{{ID: "InternetGateway", VPCs: []string{"VPC"}, Source: src("InternetGateway")}}
	a.Subnets = []*model.Subnet{
		{ID: "PublicSubnet1", VPC: "VPC", CIDR: pfx("10.192.10.0/24"), AZ: "#0", MapPublicIPOnLaunch: model.Yes},
		{ID: "PublicSubnet2", VPC: "VPC", CIDR: pfx("10.192.11.0/24"), AZ: "#1", MapPublicIPOnLaunch: model.Yes},
		{ID: "PrivateSubnet1", VPC: "VPC", CIDR: pfx("10.192.20.0/24"), AZ: "#0", MapPublicIPOnLaunch: model.No},
		{ID: "PrivateSubnet2", VPC: "VPC", CIDR: pfx("10.192.21.0/24"), AZ: "#1", MapPublicIPOnLaunch: model.No},
	}
	a.NATGateways = []*model.NATGateway{
		{ID: "NatGateway1", Subnet: "PublicSubnet1", Public: model.Yes, EIP: "NatGateway1EIP", Source: src("NatGateway1")},
		{ID: "NatGateway2", Subnet: "PublicSubnet2", Public: model.Yes, EIP: "NatGateway2EIP", Source: src("NatGateway2")},
	}
	nat := func(id string) model.Route {
		return model.Route{Destination: pfx("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetNATGateway, ID: id}, Source: src("route-" + id)}
	}
	a.RouteTables = []*model.RouteTable{
		{ID: "PublicRouteTable", VPC: "VPC", Subnets: []string{"PublicSubnet1", "PublicSubnet2"}, Routes: []model.Route{local("10.192.0.0/16"),
			{Destination: pfx("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetInternetGateway, ID: "InternetGateway"}}}},
		{ID: "PrivateRouteTable1", VPC: "VPC", Subnets: []string{"PrivateSubnet1"}, Routes: []model.Route{local("10.192.0.0/16"), nat("NatGateway1")}},
		{ID: "PrivateRouteTable2", VPC: "VPC", Subnets: []string{"PrivateSubnet2"}, Routes: []model.Route{local("10.192.0.0/16"), nat("NatGateway2")}},
	}
	a.NetworkACLs = []*model.NetworkACL{allowAllACL("DefaultAcl", "VPC")}
	a.SecurityGroups = []*model.SecurityGroup{
		{ID: "SecurityGroup", VPC: "VPC", Ingress: []model.SGRule{sgAll("SecurityGroup")}, Egress: egressAll(), Source: src("SecurityGroup")},
	}
	a.Environments = []*model.Environment{{ID: "MwaaEnvironment", Name: "uc1", Subnets: []string{"PrivateSubnet1", "PrivateSubnet2"},
		SecurityGroups: []string{"SecurityGroup"}, WebserverAccess: model.PublicOnly,
		MinWorkers: -1, MaxWorkers: -1, MinWebservers: -1, MaxWebservers: -1, Schedulers: -1}}
	return a
}
