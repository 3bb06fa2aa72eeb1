package model

// Kinds of facts an input may not give, as recorded in Architecture.Unknown. Readers of
// inputs that can leave a kind out (an AWS CLI snapshot without one of its files, a live
// collection where a call was denied) record these names, so that rules can ask
// a.IsUnknown(UnknownNetworkACLs) and say "not known" instead of treating the absence as
// empty.
const (
	UnknownVPCs                      = "VPCs"
	UnknownDNSSupport                = "VPC DNS support"
	UnknownDNSHostnames              = "VPC DNS hostnames"
	UnknownSubnets                   = "subnets"
	UnknownRouteTables               = "route tables"
	UnknownNetworkACLs               = "network ACLs"
	UnknownSecurityGroups            = "security groups"
	UnknownEndpoints                 = "VPC endpoints"
	UnknownNATGateways               = "NAT gateways"
	UnknownNetworkInterfaces         = "network interfaces"
	UnknownInternetGateways          = "internet gateways"
	UnknownPrefixLists               = "prefix lists"
	UnknownTransitGatewayAttachments = "transit gateway attachments"
	UnknownClientVPNs                = "Client VPN endpoints"
	// UnknownLoadBalancers: ELBv2 load balancers, listeners and target groups (a snapshot
	// without describe-load-balancers.json).
	UnknownLoadBalancers = "load balancers"
	// UnknownClientVPNDetails: target networks, routes or authorization rules of a Client
	// VPN endpoint.
	UnknownClientVPNDetails = "Client VPN target networks, routes and authorization rules"
	UnknownEnvironment      = "MWAA environment"
	UnknownBucketVersioning = "bucket versioning"
	UnknownBucketPAB        = "bucket public access block"
	UnknownBucketEncryption = "bucket encryption"
	UnknownBucketPolicy     = "bucket policy"
	// UnknownEndpointPolicies: a VPC endpoint policy the input does not give (a Terraform
	// plan's policy built from values known only after apply). A nil VPCEndpoint.Policy
	// then does not mean the default full-access policy.
	UnknownEndpointPolicies = "VPC endpoint policies"
	UnknownKeyPolicy        = "KMS key policy"
	UnknownExecutionRole    = "execution role"
	// UnknownRolePolicies: the execution role's inline and attached policies.
	UnknownRolePolicies = "execution role policies"
	// UnknownAlarms: the CloudWatch alarms (a snapshot without describe-alarms.json).
	UnknownAlarms = "CloudWatch alarms"
)
