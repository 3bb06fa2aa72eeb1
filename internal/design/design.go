package design

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// Fixed logical IDs other packages may name.
const (
	IDVPC                      = "VPC"
	IDInternetGateway          = "InternetGateway"
	IDPublicRouteTable         = "PublicRouteTable"
	IDNetworkACL               = "NetworkAcl"
	IDEnvironmentSecurityGroup = "EnvironmentSecurityGroup"
	IDEndpointSecurityGroup    = "EndpointSecurityGroup"
	IDClientVPNSecurityGroup   = "ClientVpnSecurityGroup"
	IDS3GatewayEndpoint        = "S3GatewayEndpoint"
	IDS3PrefixList             = "S3PrefixList"
	IDDagBucket                = "DagBucket"
	IDKey                      = "Key"
	IDExecutionRole            = "ExecutionRole"
	IDExecutionPolicy          = "ExecutionPolicy"
	IDClientVPN                = "ClientVpnEndpoint"
	IDEnvironment              = "Environment"
	IDDatabaseEndpoint         = "DatabaseEndpoint"
	IDWebserverEndpoint        = "WebserverEndpoint"
	IDAlarmTopic               = "AlarmTopic"

	ParamServerCertificateARN     = "ServerCertificateArn"
	ParamClientRootCertificateARN = "ClientRootCertificateArn"
)

// PrivateSubnetID, PublicSubnetID, PrivateRouteTableID, NATGatewayID and EIPID name the
// per-AZ objects of a new VPC (i from 0).
func PrivateSubnetID(i int) string     { return fmt.Sprintf("PrivateSubnet%d", i+1) }
func PublicSubnetID(i int) string      { return fmt.Sprintf("PublicSubnet%d", i+1) }
func PrivateRouteTableID(i int) string { return fmt.Sprintf("PrivateRouteTable%d", i+1) }
func NATGatewayID(i int) string        { return fmt.Sprintf("NatGateway%d", i+1) }
func EIPID(i int) string               { return NATGatewayID(i) + "EIP" }

// EndpointID returns the logical ID of the interface endpoint of a service short name:
// "ecr.dkr" -> "EcrDkrEndpoint", "airflow.api" -> "AirflowApiEndpoint".
func EndpointID(service string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(service, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	b.WriteString("Endpoint")
	return b.String()
}

// Build turns a spec into its architecture. The spec is defaulted first (a copy is not
// made: ApplyDefaults is idempotent). Errors are *model.InputError at the spec position
// that makes the plan impossible.
func Build(s *spec.Spec) (*model.Architecture, error) {
	if s == nil {
		return nil, fmt.Errorf("design: no spec")
	}
	spec.ApplyDefaults(s)
	if err := checkModes(s); err != nil {
		return nil, err
	}
	plan, err := PlanAddresses(s)
	if err != nil {
		return nil, err
	}
	if err := checkCapacity(s, plan); err != nil {
		return nil, err
	}
	b := &builder{s: s, plan: plan, a: &model.Architecture{
		Name:          s.Name,
		Region:        s.Region,
		Partition:     s.Partition,
		Routing:       s.Routing,
		ExtraServices: append([]string(nil), s.Services...),
	}}
	if b.a.Partition == "" {
		b.a.Partition = model.PartitionOf(s.Region)
	}
	b.network()
	b.securityGroups()
	b.endpoints()
	b.storage()
	b.role()
	b.environment()
	b.vpn()
	b.alarms()
	b.outputs()
	return b.a, nil
}

// checkModes rejects mode values a spec built in code (rather than parsed, which
// validates them) might carry: Build must never guess what an unknown mode means.
func checkModes(s *spec.Spec) error {
	for _, m := range []struct {
		path, val string
		allowed   []string
	}{
		{"routing", s.Routing, []string{model.RoutingPublic, model.RoutingPrivate}},
		{"webserverAccess", s.WebserverAccess, []string{model.PublicOnly, model.PrivateOnly}},
		{"endpointManagement", s.EndpointManagement, []string{model.ServiceManaged, model.CustomerManaged}},
	} {
		if !slices.Contains(m.allowed, m.val) {
			return model.Errorf(s.Source(m.path), "%s: %q is not one of %s", m.path, m.val, strings.Join(m.allowed, ", "))
		}
	}
	return nil
}

// builder holds one Build.
type builder struct {
	s    *spec.Spec
	plan *Plan
	a    *model.Architecture

	vpcID          string   // model ID of the VPC (logical or vpc-...)
	privateSubnets []string // environment subnets
	privateRTs     []string // their route tables (model IDs or rtb-...)
	bucketARN      string   // symbolic
	keyARN         string   // symbolic; "" none
}

func (b *builder) private() bool  { return b.s.Routing == model.RoutingPrivate }
func (b *builder) existing() bool { return b.s.IsExisting() }

// src is the spec position of a key path (synthesized objects point at what asked for them).
func (b *builder) src(path, id string) model.Source {
	src := b.s.Source(path)
	src.ID = id
	return src
}

// name prefixes a resource name with the environment name.
func (b *builder) name(suffix string) string { return b.s.Name + "-" + suffix }

func (b *builder) tags(name string) map[string]string {
	return map[string]string{"Name": name}
}

var anyIPv4 = netip.MustParsePrefix("0.0.0.0/0")

func localRoute(cidr netip.Prefix) model.Route {
	return model.Route{Destination: cidr, Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}}
}

// network adds the VPC, subnets, gateways, route tables and the network ACL (new VPC), or
// the existing VPC and subnets as the spec describes them.
func (b *builder) network() {
	s, p := b.s, b.plan
	if e := s.VPC.Existing; e != nil {
		b.vpcID = e.VPCID
		b.a.VPCs = append(b.a.VPCs, &model.VPC{
			ID: e.VPCID, CIDRs: []netip.Prefix{p.VPC}, OwnerID: e.OwnerAccountID,
			Source: b.src("vpc.existing.vpcId", e.VPCID),
		})
		for i, sn := range e.Subnets {
			b.a.Subnets = append(b.a.Subnets, &model.Subnet{
				ID: sn.ID, VPC: e.VPCID, CIDR: p.Private[i], AZ: sn.AZ, MapPublicIPOnLaunch: model.Unknown,
				OwnerID: e.OwnerAccountID, AvailableIPs: -1,
				Source: b.src(fmt.Sprintf("vpc.existing.subnets[%d].id", i), sn.ID),
			})
			b.privateSubnets = append(b.privateSubnets, sn.ID)
			b.privateRTs = append(b.privateRTs, sn.RouteTableID)
		}
		// A spec names the existing VPC, its subnets and their route tables, and says
		// nothing of the rest: consumers must say "not known", not "absent".
		b.a.Unknown = append(b.a.Unknown, model.UnknownDNSSupport, model.UnknownDNSHostnames,
			model.UnknownRouteTables, model.UnknownNetworkACLs, model.UnknownInternetGateways,
			model.UnknownNATGateways, model.UnknownTransitGatewayAttachments)
		return
	}
	b.vpcID = IDVPC
	b.a.VPCs = append(b.a.VPCs, &model.VPC{
		ID: IDVPC, Name: b.name("vpc"), CIDRs: []netip.Prefix{p.VPC},
		EnableDNSSupport: model.Yes, EnableDNSHostnames: model.Yes,
		Tags: b.tags(b.name("vpc")), Source: b.src("vpc.cidr", IDVPC),
	})
	public := s.Routing == model.RoutingPublic
	if public {
		b.a.InternetGateways = append(b.a.InternetGateways, &model.InternetGateway{
			ID: IDInternetGateway, Name: b.name("igw"), VPCs: []string{IDVPC},
			Tags: b.tags(b.name("igw")), Source: b.src("routing", IDInternetGateway),
		})
	}
	for i := range p.Private {
		id := PrivateSubnetID(i)
		b.a.Subnets = append(b.a.Subnets, &model.Subnet{
			ID: id, Name: b.name(fmt.Sprintf("private-%d", i+1)), VPC: IDVPC, CIDR: p.Private[i], AZ: p.AZs[i],
			MapPublicIPOnLaunch: model.No, AvailableIPs: -1,
			Tags: b.tags(b.name(fmt.Sprintf("private-%d", i+1))), Source: b.src("vpc.cidr", id),
		})
		b.privateSubnets = append(b.privateSubnets, id)
	}
	var publicSubnets []string
	for i := range p.Public {
		id := PublicSubnetID(i)
		b.a.Subnets = append(b.a.Subnets, &model.Subnet{
			ID: id, Name: b.name(fmt.Sprintf("public-%d", i+1)), VPC: IDVPC, CIDR: p.Public[i], AZ: p.AZs[i],
			MapPublicIPOnLaunch: model.No, AvailableIPs: -1,
			Tags: b.tags(b.name(fmt.Sprintf("public-%d", i+1))), Source: b.src("routing", id),
		})
		publicSubnets = append(publicSubnets, id)
	}
	if public {
		for i := range p.Public {
			b.a.ElasticIPs = append(b.a.ElasticIPs, &model.ElasticIP{
				ID: EIPID(i), Association: NATGatewayID(i), Source: b.src("routing", EIPID(i)),
			})
			b.a.NATGateways = append(b.a.NATGateways, &model.NATGateway{
				ID: NATGatewayID(i), Name: b.name(fmt.Sprintf("nat-%d", i+1)), Subnet: PublicSubnetID(i),
				Public: model.Yes, EIP: EIPID(i), Tags: b.tags(b.name(fmt.Sprintf("nat-%d", i+1))),
				Source: b.src("routing", NATGatewayID(i)),
			})
		}
		b.a.RouteTables = append(b.a.RouteTables, &model.RouteTable{
			ID: IDPublicRouteTable, Name: b.name("public"), VPC: IDVPC, Subnets: publicSubnets,
			Routes: []model.Route{
				localRoute(p.VPC),
				{Destination: anyIPv4, Target: model.RouteTarget{Kind: model.TargetInternetGateway, ID: IDInternetGateway},
					Source: b.src("routing", "PublicDefaultRoute")},
			},
			Tags: b.tags(b.name("public")), Source: b.src("routing", IDPublicRouteTable),
		})
	}
	for i := range p.Private {
		id := PrivateRouteTableID(i)
		routes := []model.Route{localRoute(p.VPC)}
		if public {
			routes = append(routes, model.Route{
				Destination: anyIPv4, Target: model.RouteTarget{Kind: model.TargetNATGateway, ID: NATGatewayID(i)},
				Source: b.src("routing", fmt.Sprintf("PrivateDefaultRoute%d", i+1)),
			})
		}
		b.a.RouteTables = append(b.a.RouteTables, &model.RouteTable{
			ID: id, Name: b.name(fmt.Sprintf("private-%d", i+1)), VPC: IDVPC, Subnets: []string{PrivateSubnetID(i)},
			Routes: routes, Tags: b.tags(b.name(fmt.Sprintf("private-%d", i+1))), Source: b.src("routing", id),
		})
		b.privateRTs = append(b.privateRTs, id)
	}
	// What AWS creates with every VPC: the main route table (local route only; no subnet
	// uses it here) and the default network ACL (no subnet uses it either).
	mainID := IDVPC + ".MainRouteTable"
	b.a.RouteTables = append(b.a.RouteTables, &model.RouteTable{
		ID: mainID, Name: "main route table of " + IDVPC, VPC: IDVPC, Main: true,
		Routes: []model.Route{localRoute(p.VPC)}, Source: b.src("vpc.cidr", mainID),
	})
	defID := IDVPC + ".DefaultNetworkAcl"
	b.a.NetworkACLs = append(b.a.NetworkACLs, &model.NetworkACL{
		ID: defID, Name: "default network ACL of " + IDVPC, VPC: IDVPC, Default: true,
		Entries: allowAllACL(), Source: b.src("vpc.cidr", defID),
	})
	// The recommended ACL (NET-07): rule 100 allow all, then the default * deny, both ways.
	b.a.NetworkACLs = append(b.a.NetworkACLs, &model.NetworkACL{
		ID: IDNetworkACL, Name: b.name("nacl"), VPC: IDVPC,
		Subnets: append(append([]string(nil), b.privateSubnets...), publicSubnets...),
		Entries: allowAllACL(), Tags: b.tags(b.name("nacl")), Source: b.src("vpc.cidr", IDNetworkACL),
	})
}

var anyIPv6 = netip.MustParsePrefix("::/0")

// allowAllACL is rule 100 allow all, then AWS's "*" deny rules (IPv4 and IPv6), both ways.
func allowAllACL() []model.ACLEntry {
	var entries []model.ACLEntry
	for _, egress := range []bool{false, true} {
		entries = append(entries, model.ACLEntry{RuleNumber: 100, Egress: egress, Protocol: model.AllProtocols, Allow: true,
			CIDR: anyIPv4, Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1})
		for _, c := range []netip.Prefix{anyIPv4, anyIPv6} {
			entries = append(entries, model.ACLEntry{RuleNumber: model.DefaultRuleNumber, Egress: egress,
				Protocol: model.AllProtocols, Allow: false, CIDR: c, Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1})
		}
	}
	return entries
}
