package reach

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Decision is what one component did with the traffic.
type Decision uint8

const (
	Allow   Decision = iota // the component lets the traffic through (or forwards it)
	Deny                    // the component drops it
	Unknown                 // the component's decision needs a value the input does not give
	Skipped                 // not evaluated (no security groups known for a place)
)

func (d Decision) String() string {
	switch d {
	case Allow:
		return "allow"
	case Deny:
		return "deny"
	case Unknown:
		return "unknown"
	case Skipped:
		return "skipped"
	}
	return "?"
}

// MarshalText writes the decision as its name.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Component kinds, as hops name them.
const (
	CompSecurityGroup   = "security-group"
	CompRouteTable      = "route-table"
	CompNetworkACL      = "network-acl"
	CompEndpoint        = "vpc-endpoint"
	CompNATGateway      = "nat-gateway"
	CompNATInstance     = "nat-instance"
	CompInternetGateway = "internet-gateway"
	CompVPNGateway      = "vpn-gateway"
	CompTransitGateway  = "transit-gateway"
	CompPeering         = "vpc-peering"
	CompClientVPN       = "client-vpn"
	CompDNS             = "dns"
	CompInterface       = "network-interface"
	CompSubnet          = "subnet"
	CompMWAA            = "mwaa"
	CompInternet        = "internet"
	CompService         = "aws-service"
	CompCorporate       = "corporate-network"
	CompLoadBalancer    = "load-balancer"
)

// Steps say where on the path a hop's check happens.
const (
	StepEgress        = "egress"
	StepIngress       = "ingress"
	StepRoute         = "route"
	StepReturnEgress  = "return-egress"
	StepReturnIngress = "return-ingress"
	StepReturnRoute   = "return-route"
	StepResolve       = "resolve"
	StepForward       = "forward"
	StepArrive        = "arrive"
)

// Hop is one component on a path and what it decided. Rule names the rule that decided
// (an ACL entry with its number, a route, a security-group rule) or, when none matched,
// says so. Code, Message and Fix are set when the hop does not allow the traffic.
type Hop struct {
	Component string   `json:"component"`
	ID        string   `json:"id,omitempty"`
	Step      string   `json:"step"`
	Rule      string   `json:"rule,omitempty"`
	Decision  Decision `json:"decision"`
	// Where is the position of the deciding rule or component (file:line:column or AWS ID).
	Where   Position `json:"where,omitzero"`
	Code    string   `json:"code,omitempty"`
	Message string   `json:"message,omitempty"`
	Fix     string   `json:"fix,omitempty"`
}

// Codes of blocking and unknown hops: stable, for scripts and for check.
const (
	CodeNoRoute              = "NO_ROUTE"
	CodeBlackhole            = "BLACKHOLE_ROUTE"
	CodeNoRouteTable         = "NO_ROUTE_TABLE"
	CodeACLDeny              = "ACL_DENY"
	CodeReturnACLDeny        = "RETURN_ACL_DENY"
	CodeSGNoAllow            = "SG_NO_ALLOW"
	CodeNoPrivateDNS         = "NO_PRIVATE_DNS"
	CodeNoVPCDNS             = "NO_VPC_DNS"
	CodeNoEndpoint           = "NO_ENDPOINT"
	CodeEndpointState        = "ENDPOINT_NOT_AVAILABLE"
	CodeEndpointNoSubnet     = "ENDPOINT_NO_SUBNETS"
	CodeEndpointService      = "ENDPOINT_WRONG_SERVICE"
	CodeNoPublicIP           = "NO_PUBLIC_IP"
	CodeNoPublicAddress      = "NO_PUBLIC_ADDRESS"
	CodeNoIGW                = "NO_INTERNET_GATEWAY"
	CodeIGWNotAttached       = "IGW_NOT_ATTACHED"
	CodeNATState             = "NAT_NOT_AVAILABLE"
	CodeNATPrivate           = "NAT_PRIVATE"
	CodeNATNoInternet        = "NAT_NO_INTERNET_ROUTE"
	CodeNATInstanceCheck     = "NAT_SOURCE_DEST_CHECK"
	CodeReturnNoRoute        = "RETURN_NO_ROUTE"
	CodeVPNNotAuthorized     = "VPN_NOT_AUTHORIZED"
	CodeVPNNoRoute           = "VPN_NO_ROUTE"
	CodeVPNNotAssociated     = "VPN_NOT_ASSOCIATED"
	CodeVPNInbound           = "VPN_CLIENT_NOT_ADDRESSABLE"
	CodeUnsolicited          = "UNSOLICITED_INBOUND"
	CodeUnknownValue         = "UNKNOWN"
	CodeNotInInput           = "NOT_IN_INPUT"
	CodeNotModelled          = "NOT_MODELLED"
	CodeMWAAEndpointMissing  = "MWAA_ENDPOINT_MISSING"
	CodeWebserverAccessMode  = "WEBSERVER_ACCESS_MODE"
	CodeVPNFullTunnelNoRoute = "VPN_NO_INTERNET"
	CodeNoListener           = "NO_LISTENER"
	CodeClientOS             = "CLIENT_OS"
	CodeLBInternal           = "LB_INTERNAL"
)

// State is the answer to a query.
type State uint8

const (
	Reachable State = iota
	NotReachable
	Undetermined
)

func (s State) String() string {
	switch s {
	case Reachable:
		return "reachable"
	case NotReachable:
		return "not reachable"
	}
	return "undetermined"
}

// Expectation is what a path query should give on a correct MWAA network.
type Expectation uint8

const (
	ExpectNothing Expectation = iota // a plain question: no expectation
	ExpectReachable
	ExpectUnreachable
)

func (e Expectation) String() string {
	switch e {
	case ExpectReachable:
		return "reachable"
	case ExpectUnreachable:
		return "unreachable"
	}
	return ""
}

// MarshalText writes the expectation as its name ("" for none).
func (e Expectation) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// PathQuery is one question: from a place to a place on a protocol and port.
type PathQuery struct {
	From     string         `json:"from"`
	To       string         `json:"to"`
	Protocol model.Protocol `json:"-"`
	Port     int32          `json:"port"`
	// Expect, Requirement and Why are set for the paths MWAA depends on (MWAAPaths).
	Expect      Expectation `json:"expect,omitempty"`
	Requirement string      `json:"requirement,omitempty"`
	Why         string      `json:"why,omitempty"`
}

// String renders q as "env -> service:sqs tcp/443".
func (q PathQuery) String() string {
	return fmt.Sprintf("%s -> %s %s", q.From, q.To, q.ProtoPort())
}

// ProtoPort renders the protocol and port: "tcp/443", "icmp", "all".
func (q PathQuery) ProtoPort() string {
	if q.Protocol.HasPorts() {
		return fmt.Sprintf("%s/%d", q.Protocol, q.Port)
	}
	return q.Protocol.String()
}

// Path is the walk from one interface of the source place to one of the destination.
type Path struct {
	From  string `json:"from"`
	To    string `json:"to"`
	State State  `json:"-"`
	Hops  []Hop  `json:"hops"`
}

// Result is the answer to a PathQuery.
type Result struct {
	Query PathQuery
	State State
	// Partial is true when some but not all of the source/destination pairs get through.
	Partial bool
	// Paths holds every source/destination pair's walk; Hops is the one shown first (the
	// first blocked path, else the first undetermined, else the first).
	Paths []Path
	Hops  []Hop
	// Blocks are the distinct denying hops over all paths; Unknowns the distinct hops that
	// could not decide.
	Blocks   []Hop
	Unknowns []Hop
	// Guarded, when set, says why the path must stay blocked (the internet to MWAA's
	// private interfaces): its blocks are the protection, so they carry no fixes.
	Guarded string
}

// Reachable reports whether every path gets through.
func (r *Result) Reachable() bool { return r.State == Reachable }

// MeetsExpectation reports whether the result is what the query expects: reachable, or
// unreachable on every pair (a partially reachable path does not meet "unreachable").
// Queries without an expectation always meet it. Undetermined never meets one.
func (r *Result) MeetsExpectation() bool {
	switch r.Query.Expect {
	case ExpectReachable:
		return r.State == Reachable
	case ExpectUnreachable:
		return r.State == NotReachable && !r.Partial
	}
	return true
}

// Summary is one line saying what decided the result.
func (r *Result) Summary() string {
	switch r.State {
	case Reachable:
		return "reachable"
	case NotReachable:
		if len(r.Blocks) == 0 {
			return "not reachable"
		}
		b := r.Blocks[0]
		s := b.Code + ": " + b.Message
		if len(r.Blocks) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(r.Blocks)-1)
		}
		if r.Partial {
			s = "partially: " + s
		}
		return s
	}
	if len(r.Unknowns) == 0 {
		return "undetermined"
	}
	return "undetermined: " + r.Unknowns[0].Message
}
