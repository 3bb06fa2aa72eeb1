package model

import "net/netip"

// Load balancer types (ELBv2 Type).
const (
	LBApplication = "application"
	LBNetwork     = "network"
	LBGateway     = "gateway"
)

// Load balancer schemes (ELBv2 Scheme). AWS's default is internet-facing.
const (
	LBInternetFacing = "internet-facing"
	LBInternal       = "internal"
)

// LoadBalancer is an Elastic Load Balancing v2 load balancer (application, network or
// gateway). It has an interface in each of its subnets; an internet-facing one has public
// addresses there (its subnets must route to an internet gateway to be reached). Clients
// connect to a listener; the load balancer opens a new connection to a target, from its
// own interfaces and (application, and network with groups) under its own security groups.
type LoadBalancer struct {
	ID   string
	Name string
	// Type is LBApplication, LBNetwork or LBGateway; "" unknown (AWS's default is
	// application).
	Type string
	// Scheme is LBInternetFacing or LBInternal; "" unknown.
	Scheme  string
	VPC     string // "" when known only through the subnets
	Subnets []string
	// SecurityGroups are the load balancer's groups. None given: an application load
	// balancer gets the VPC's default group; a network load balancer created without
	// groups has none (no security-group check on its traffic).
	SecurityGroups []string
	// SecurityGroupsKnown is false when the input says nothing about the groups (a
	// snapshot without them, a value known only after apply).
	SecurityGroupsKnown bool
	Listeners           []*Listener
	State               string // AWS's state ("active", ...); "" not deployed
	Tags                map[string]string
	Source              Source
}

// Listener is a load balancer listener: it accepts Protocol on Port and forwards to the
// target groups of its default actions (listener rules are not modelled: they choose
// among target groups by request content, which a network check cannot know).
type Listener struct {
	ID       string
	Port     int32 // -1 unknown
	Protocol string
	// Certificates are the ARNs of the server certificates (HTTPS, TLS listeners).
	Certificates []string
	// TargetGroups are the IDs of the target groups the default actions forward to.
	TargetGroups []string
	Source       Source
}

// TargetGroup is an ELBv2 target group.
type TargetGroup struct {
	ID   string
	Name string
	// TargetType is "instance", "ip", "lambda" or "alb" (AWS's default: instance).
	TargetType string
	Protocol   string
	Port       int32 // -1 unknown
	VPC        string
	// HealthCheckCodes is the matcher ("200", "200,302"); "" AWS's default.
	HealthCheckCodes string
	Targets          []Target
	// TargetsUnknown: the input does not list the targets (registered outside it, or
	// values known only after apply).
	TargetsUnknown bool
	Source         Source
}

// Target is one registered target: an instance ID (TargetType instance) or an IP address
// (TargetType ip). IP is the zero value when the address is not known statically (a
// template's value computed by a custom resource).
type Target struct {
	ID     string
	IP     netip.Addr
	Port   int32 // 0: the target group's port
	Source Source
}
