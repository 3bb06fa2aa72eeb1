package model

import "net/netip"

// VPC is a virtual private cloud.
type VPC struct {
	ID   string
	Name string // Name tag, if any
	// CIDRs holds the primary IPv4 CIDR first, then secondary IPv4 CIDRs. A zero prefix
	// stands for a CIDR that is not known statically.
	CIDRs     []netip.Prefix
	IPv6CIDRs []netip.Prefix
	// EnableDNSSupport and EnableDNSHostnames are the VPC attributes (AWS defaults:
	// support on, hostnames off for non-default VPCs).
	EnableDNSSupport   Tri
	EnableDNSHostnames Tri
	OwnerID            string // account that owns the VPC; "" unknown
	Tags               map[string]string
	Source             Source
}

// Subnet is a subnet of a VPC in one Availability Zone.
type Subnet struct {
	ID       string
	Name     string
	VPC      string       // VPC ID
	CIDR     netip.Prefix // zero: unknown
	IPv6CIDR netip.Prefix // zero: none or unknown
	// AZ names the Availability Zone: a real name ("us-east-1a"), an AZ ID ("use1-az1"),
	// or a symbolic one that is stable within one input ("${AWS::Region}#0" for
	// !Select [0, !GetAZs ""]), so that two subnets are in the same AZ exactly when their
	// AZ strings are equal. "" is unknown.
	AZ                  string
	MapPublicIPOnLaunch Tri
	OwnerID             string // account that owns the subnet (shared VPCs); "" unknown
	// AvailableIPs is the number of free addresses AWS reports; -1 unknown.
	AvailableIPs int
	Tags         map[string]string
	Source       Source
}

// RouteTable is a route table. Subnets lists the subnets explicitly associated with it;
// a subnet with no explicit association uses its VPC's main table (Main).
type RouteTable struct {
	ID      string
	Name    string
	VPC     string
	Main    bool
	Subnets []string
	// Gateways lists gateways (IGW, VGW) associated for edge routing (ingress routing).
	Gateways []string
	Routes   []Route
	Tags     map[string]string
	Source   Source
}

// Route is one route. Exactly one of Destination, DestinationIPv6 or DestinationPrefixList
// is set. The local route of each VPC CIDR is present explicitly (Target.Kind TargetLocal):
// ingest adds it when the input does not show it.
type Route struct {
	Destination           netip.Prefix
	DestinationPrefixList string // prefix-list ID (pl-...) or model ID of a PrefixList
	Target                RouteTarget
	// Blackhole is true when AWS reports the route's state as blackhole (its target is
	// gone). A route that is not active drops traffic.
	Blackhole bool
	// Propagated is true for routes a virtual private gateway propagates.
	Propagated bool
	Source     Source
}

// TargetKind is the kind of a route's target.
type TargetKind string

const (
	TargetLocal            TargetKind = "local"
	TargetInternetGateway  TargetKind = "internet-gateway"
	TargetEgressOnlyIGW    TargetKind = "egress-only-internet-gateway"
	TargetNATGateway       TargetKind = "nat-gateway"
	TargetInstance         TargetKind = "instance" // e.g. a NAT instance
	TargetNetworkInterface TargetKind = "network-interface"
	TargetVPCEndpoint      TargetKind = "vpc-endpoint" // gateway endpoint or GWLB/firewall endpoint
	TargetTransitGateway   TargetKind = "transit-gateway"
	TargetPeering          TargetKind = "vpc-peering-connection"
	TargetVPNGateway       TargetKind = "vpn-gateway"
	TargetCarrierGateway   TargetKind = "carrier-gateway"
	TargetLocalGateway     TargetKind = "local-gateway"
	TargetCoreNetwork      TargetKind = "core-network"
	TargetUnknown          TargetKind = "unknown"
)

// RouteTarget is where a route sends traffic: a kind and the target's ID (model ID or
// AWS ID). ID is "local" for local routes and "" when unknown.
type RouteTarget struct {
	Kind TargetKind
	ID   string
}

// NetworkACL is a network ACL. Subnets lists the subnets associated with it; a subnet with
// no explicit association uses its VPC's default ACL (Default). Ingest adds the VPC's
// default ACL (rule 100 allow all, then * deny, both ways) when the input does not show it.
type NetworkACL struct {
	ID      string
	Name    string
	VPC     string
	Default bool
	Subnets []string
	Entries []ACLEntry
	Tags    map[string]string
	Source  Source
}

// ACLEntry is one numbered ACL rule. RuleNumber 32767 is the default "*" rule that ingest
// appends (deny all, IPv4 and IPv6) to every ACL in both directions; AWS always has it.
type ACLEntry struct {
	RuleNumber int
	Egress     bool
	Protocol   Protocol
	Allow      bool
	CIDR       netip.Prefix // IPv4 or IPv6 (AWS's CidrBlock or Ipv6CidrBlock)
	Ports      PortRange    // for tcp/udp; AllPorts otherwise
	ICMPType   int32        // for icmp; -1 any
	ICMPCode   int32        // for icmp; -1 any
	Source     Source
}

// DefaultRuleNumber is the number we give the implicit "*" rule.
const DefaultRuleNumber = 32767

// SecurityGroup is a security group with its rules.
type SecurityGroup struct {
	ID          string
	Name        string // group name
	Description string
	VPC         string
	Ingress     []SGRule
	Egress      []SGRule
	Tags        map[string]string
	Source      Source
}

// SGRule is one security-group rule (ingress: who may send to the group; egress: where the
// group may send). Exactly one peer is set: CIDR (IPv4 or IPv6), Group (a security group ID,
// possibly the rule's own group: a self reference), or PrefixList. A peer that is not
// known statically leaves all three empty and sets PeerUnknown.
type SGRule struct {
	Protocol    Protocol
	Ports       PortRange // AllPorts for protocol all; for icmp From/To are type/code
	CIDR        netip.Prefix
	Group       string
	PrefixList  string
	PeerUnknown bool
	Description string
	Source      Source
}

// EndpointType is a VPC endpoint's type.
type EndpointType string

const (
	EndpointInterface           EndpointType = "Interface"
	EndpointGateway             EndpointType = "Gateway"
	EndpointGatewayLoadBalancer EndpointType = "GatewayLoadBalancer"
)

// VPCEndpoint is a VPC endpoint. Interface endpoints have Subnets (one ENI each) and
// SecurityGroups; gateway endpoints have RouteTables (AWS adds a route to the service's
// prefix list in each). Service is the full service name, e.g.
// "com.amazonaws.us-east-1.sqs", or symbolic ("com.amazonaws.${AWS::Region}.sqs"); use
// ServiceShortName for the part after the region.
type VPCEndpoint struct {
	ID             string
	Name           string
	VPC            string
	Service        string
	Type           EndpointType
	PrivateDNS     Tri
	Subnets        []string
	SecurityGroups []string
	RouteTables    []string
	Policy         *PolicyDocument // nil: the default full-access policy
	// State is AWS's state ("available", "pendingAcceptance", ...); "" when not deployed
	// (templates, specs), which counts as what the input asks for.
	State string
	// IPs maps a subnet ID to the endpoint's private address there, when known.
	IPs    map[string]netip.Addr
	Tags   map[string]string
	Source Source
}

// NATGateway is a NAT gateway (Public: with an Elastic IP, to the internet through the IGW;
// private connectivity: to other networks only).
type NATGateway struct {
	ID        string
	Name      string
	Subnet    string
	Public    Tri
	EIP       string     // allocation (model ID of an ElasticIP or AWS eipalloc-...)
	PublicIP  netip.Addr // when known
	PrivateIP netip.Addr // when known
	State     string
	Tags      map[string]string
	Source    Source
}

// ElasticIP is an Elastic IP address.
type ElasticIP struct {
	ID       string
	PublicIP netip.Addr
	// Association is the ID of what it is attached to (NAT gateway, ENI, instance), if any.
	Association string
	Source      Source
}

// InternetGateway is an internet gateway and the VPCs it is attached to.
type InternetGateway struct {
	ID     string
	Name   string
	VPCs   []string
	Egress bool // true for an egress-only internet gateway (IPv6)
	Tags   map[string]string
	Source Source
}

// PrefixList is a managed prefix list (AWS-managed ones such as com.amazonaws.REGION.s3,
// or customer-managed). Entries may be unknown (nil) for AWS-managed lists in templates.
type PrefixList struct {
	ID      string
	Name    string
	Entries []netip.Prefix
	Source  Source
}

// TransitGatewayAttachment attaches a VPC (through some of its subnets) to a transit gateway.
type TransitGatewayAttachment struct {
	ID             string
	TransitGateway string
	VPC            string
	Subnets        []string
	State          string
	Source         Source
}

// PeeringConnection is a VPC peering connection.
type PeeringConnection struct {
	ID           string
	RequesterVPC string
	AccepterVPC  string
	// PeerCIDRs are the other side's CIDRs when that VPC is outside the input.
	PeerCIDRs []netip.Prefix
	State     string
	Source    Source
}

// VPNGateway is a virtual private gateway attached to VPCs; traffic sent to it leaves for
// the corporate network (Site-to-Site VPN or Direct Connect).
type VPNGateway struct {
	ID     string
	VPCs   []string
	Source Source
}

// ClientVPN is an AWS Client VPN endpoint.
type ClientVPN struct {
	ID         string
	Name       string
	VPC        string
	ClientCIDR netip.Prefix
	// SecurityGroups apply to the endpoint's ENIs in its associated subnets; traffic from VPN
	// clients leaves from these ENIs (source address translated to the ENI's).
	SecurityGroups []string
	SplitTunnel    Tri
	// Authentication lists the methods: "certificate-authentication" (mutual TLS),
	// "federated-authentication", "directory-service-authentication".
	Authentication       []string
	ServerCertificateARN string // symbolic, e.g. "${ServerCertificateArn}"
	ClientRootCertARN    string // for mutual TLS
	TransportProtocol    string
	VPNPort              int
	DNSServers           []netip.Addr
	Associations         []string // target-network subnets
	AuthorizationRules   []ClientVPNAuthorization
	Routes               []ClientVPNRoute
	ConnectionLogging    Tri
	Tags                 map[string]string
	Source               Source
}

// ClientVPNAuthorization is an authorization rule: who may reach TargetCIDR.
type ClientVPNAuthorization struct {
	TargetCIDR  netip.Prefix
	AllGroups   bool
	AccessGroup string
	Source      Source
}

// ClientVPNRoute is a route of the Client VPN endpoint: Destination through TargetSubnet.
// AWS adds the VPC CIDR route for each associated subnet; ingest adds those when the input
// does not show them.
type ClientVPNRoute struct {
	Destination  netip.Prefix
	TargetSubnet string
	Source       Source
}

// NetworkInterface is an elastic network interface (an instance's, a NAT gateway's, an
// endpoint's, MWAA's, ...). Snapshots and instances bring them; reach places traffic on them.
type NetworkInterface struct {
	ID             string
	Subnet         string
	PrivateIPs     []netip.Addr // primary first
	PublicIP       netip.Addr
	SecurityGroups []string
	// InterfaceType is AWS's type ("interface", "nat_gateway", "vpc_endpoint", ...).
	InterfaceType string
	// Attachment is the instance ID or other owner (endpoint ID, NAT gateway ID) when known.
	Attachment  string
	Description string
	// SourceDestCheck off lets the interface forward traffic (NAT instances).
	SourceDestCheck Tri
	Tags            map[string]string
	Source          Source
	// PublicIPAssigned says the interface gets a public address whose value the input
	// does not give (a template's AssociatePublicIpAddress: true).
	PublicIPAssigned bool `json:",omitempty"`
	// PublicIPFromSubnet says the input does not say whether the interface gets a public
	// address at launch (an instance without AssociatePublicIpAddress): AWS then follows
	// its subnet's MapPublicIpOnLaunch.
	PublicIPFromSubnet bool `json:",omitempty"`
}
