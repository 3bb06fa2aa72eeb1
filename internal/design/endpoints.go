package design

import (
	"github.com/mwaanet/mwaanet/internal/model"
)

// securityGroups adds the environment's group (self-referencing, egress all: NET-05,
// NET-06), the endpoints' group (443 from the environment: PRV-04) and the Client VPN's.
func (b *builder) securityGroups() {
	vpcCIDR := b.plan.VPC
	env := &model.SecurityGroup{
		ID: IDEnvironmentSecurityGroup, Name: b.name("environment"), VPC: b.vpcID,
		Description: "MWAA environment " + b.s.Name + ": all traffic between its own members (NET-05)",
		Ingress: []model.SGRule{{
			Protocol: model.AllProtocols, Ports: model.AllPorts, Group: IDEnvironmentSecurityGroup,
			Description: "All traffic between the environment members (NET-05)",
			Source:      b.src("routing", "EnvironmentSecurityGroupSelfIngress"),
		}},
		Egress: []model.SGRule{{
			Protocol: model.AllProtocols, Ports: model.AllPorts, CIDR: anyIPv4,
			Description: "All outbound traffic (NET-06)",
		}},
		Tags: b.tags(b.name("environment")), Source: b.src("routing", IDEnvironmentSecurityGroup),
	}
	if b.s.VPNEnabled() {
		env.Ingress = append(env.Ingress, model.SGRule{
			Protocol: model.TCP, Ports: model.Port(443), Group: IDClientVPNSecurityGroup,
			Description: "HTTPS to the Airflow web server from Client VPN users (WEB-02)",
			Source:      b.src("vpn", "EnvironmentSecurityGroupVpnIngress"),
		})
	}
	b.a.SecurityGroups = append(b.a.SecurityGroups, env)
	if b.private() {
		b.a.SecurityGroups = append(b.a.SecurityGroups, &model.SecurityGroup{
			ID: IDEndpointSecurityGroup, Name: b.name("endpoints"), VPC: b.vpcID,
			Description: "VPC interface endpoints of MWAA environment " + b.s.Name + ": HTTPS from the environment (PRV-04)",
			Ingress: []model.SGRule{{
				Protocol: model.TCP, Ports: model.Port(443), Group: IDEnvironmentSecurityGroup,
				Description: "HTTPS from the MWAA environment (PRV-04)",
				Source:      b.src("routing", "EndpointSecurityGroupIngress"),
			}},
			Egress: []model.SGRule{{
				Protocol: model.AllProtocols, Ports: model.AllPorts, CIDR: vpcCIDR,
				Description: "Replies inside the VPC only",
			}},
			Tags: b.tags(b.name("endpoints")), Source: b.src("routing", IDEndpointSecurityGroup),
		})
	}
	if b.s.VPNEnabled() {
		b.a.SecurityGroups = append(b.a.SecurityGroups, &model.SecurityGroup{
			ID: IDClientVPNSecurityGroup, Name: b.name("client-vpn"), VPC: b.vpcID,
			Description: "Client VPN endpoint of MWAA environment " + b.s.Name + ": HTTPS into the VPC only",
			Egress: []model.SGRule{{
				Protocol: model.TCP, Ports: model.Port(443), CIDR: vpcCIDR,
				Description: "HTTPS to the Airflow web server inside the VPC",
			}},
			Tags: b.tags(b.name("client-vpn")), Source: b.src("vpn", IDClientVPNSecurityGroup),
		})
	}
}

// InterfaceServices returns the short names of the interface endpoints private routing
// gets: the ones MWAA needs (PRV-03) and then the spec's extra services, without
// duplicates.
func InterfaceServices(partition string, extra []string) []string {
	out := model.RequiredInterfaceServices(partition)
	seen := map[string]bool{}
	for _, s := range out {
		seen[s] = true
	}
	for _, s := range extra {
		if !seen[s] && s != "s3" {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// serviceName is the symbolic endpoint service name of a short name.
func (b *builder) serviceName(short string) string {
	if b.a.Partition == "aws-cn" && short != "s3" { // S3 keeps com.amazonaws. in China
		return "cn.com.amazonaws." + model.PseudoRegion + "." + short
	}
	return model.ServiceName("", short)
}

// endpoints adds the interface endpoints and the S3 gateway endpoint (private routing), and
// the endpoints to MWAA's own services when the customer manages them (EPM-02).
func (b *builder) endpoints() {
	if b.private() {
		for _, svc := range InterfaceServices(b.a.Partition, b.s.Services) {
			id := EndpointID(svc)
			path := "routing"
			for i, x := range b.s.Services {
				if x == svc {
					path = "services[" + itoa(i) + "]"
				}
			}
			b.a.Endpoints = append(b.a.Endpoints, &model.VPCEndpoint{
				ID: id, Name: b.name(svc), VPC: b.vpcID, Service: b.serviceName(svc),
				Type: model.EndpointInterface, PrivateDNS: model.Yes,
				Subnets:        append([]string(nil), b.privateSubnets...),
				SecurityGroups: []string{IDEndpointSecurityGroup},
				Source:         b.src(path, id),
			})
		}
		b.s3GatewayEndpoint()
	}
	if b.s.EndpointManagement == model.CustomerManaged {
		add := func(id, attr, what string) {
			b.a.Endpoints = append(b.a.Endpoints, &model.VPCEndpoint{
				ID: id, Name: b.name(what), VPC: b.vpcID, Service: model.Att(IDEnvironment, attr),
				Type: model.EndpointInterface, PrivateDNS: model.No,
				Subnets:        append([]string(nil), b.privateSubnets...),
				SecurityGroups: []string{IDEnvironmentSecurityGroup},
				Source:         b.src("endpointManagement", id),
			})
		}
		add(IDDatabaseEndpoint, "DatabaseVpcEndpointService", "database")
		if b.s.WebserverAccess == model.PrivateOnly {
			add(IDWebserverEndpoint, "WebserverVpcEndpointService", "webserver")
		}
	}
}

// s3GatewayEndpoint adds the S3 gateway endpoint on the environment subnets' route tables,
// with a policy that allows the DAG bucket and ECR's layer bucket (PRV-05).
func (b *builder) s3GatewayEndpoint() {
	bucket := b.bucketRef()
	policy := &model.PolicyDocument{Version: "2012-10-17", Statements: []model.Statement{
		{
			Sid: "DagBucket", Effect: "Allow", Principal: map[string][]string{"*": {"*"}},
			Action:   []string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"},
			Resource: []string{bucket, bucket + "/*"},
		},
		{
			Sid: "EcrImageLayers", Effect: "Allow", Principal: map[string][]string{"*": {"*"}},
			Action:   []string{"s3:GetObject"},
			Resource: []string{model.ECRLayerBucketARN},
		},
	}}
	b.a.Endpoints = append(b.a.Endpoints, &model.VPCEndpoint{
		ID: IDS3GatewayEndpoint, Name: b.name("s3"), VPC: b.vpcID, Service: b.serviceName("s3"),
		Type: model.EndpointGateway, PrivateDNS: model.No,
		RouteTables: append([]string(nil), b.privateRTs...),
		Policy:      policy,
		Source:      b.src("routing", IDS3GatewayEndpoint),
	})
	b.a.PrefixLists = append(b.a.PrefixLists, &model.PrefixList{
		ID: IDS3PrefixList, Name: b.serviceName("s3"), Source: b.src("routing", IDS3PrefixList),
	})
	for _, rt := range b.a.RouteTables {
		for _, id := range b.privateRTs {
			if rt.ID == id {
				rt.Routes = append(rt.Routes, model.Route{
					DestinationPrefixList: IDS3PrefixList,
					Target:                model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: IDS3GatewayEndpoint},
					Source:                b.src("routing", IDS3GatewayEndpoint),
				})
			}
		}
	}
}
