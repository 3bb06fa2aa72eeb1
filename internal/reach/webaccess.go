package reach

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Ways in to a PRIVATE_ONLY web server from outside the VPC, as the MWAA user guide lists
// them (vpc-vpe-access: "Accessing the VPC endpoint for your Apache Airflow web server"):
// an AWS Client VPN, a bastion (a Linux instance with a public address in a public subnet),
// a load balancer whose targets are the web server endpoint's addresses, and a network
// that routes to the VPC (Site-to-Site VPN or Direct Connect through a virtual private
// gateway, a transit gateway, a peering connection).
const (
	AccessClientVPN    = "client-vpn"
	AccessInstance     = "instance"
	AccessLoadBalancer = "load-balancer"
	AccessNetwork      = "network"
)

// WebAccess is one way in to the web server that the input shows, and whether it gets
// there: State is Reachable when every leg of the way is, NotReachable when one is
// blocked, Undetermined when the input does not settle it.
type WebAccess struct {
	Kind string
	// ID is the Client VPN, instance, load balancer or gateway.
	ID     string
	Source model.Source
	State  State
	// How says the way in words ("internet -> listener HTTPS 443 of ALB -> 10.0.1.10:443").
	How string
	// Why says what blocks it or what the input does not say ("" when reachable).
	Why string
}

// WebAccessKinds names each kind of way in, for a finding that lists what the input lacks.
var WebAccessKinds = []string{
	"an AWS Client VPN endpoint associated with the VPC",
	"a bastion: an instance with a public address in a public subnet that reaches the web server on 443",
	"an internet-facing load balancer with a listener and the web server endpoint's addresses as IP targets",
	"a route from another network (a virtual private gateway for Site-to-Site VPN or Direct Connect, a transit gateway, or a peering connection)",
}

// WebAccesses lists every way in to the PRIVATE_ONLY web server of the environment that the
// input shows, each traced on 443 (the web server's port). Nil without an environment or
// in PUBLIC_ONLY.
func (an *Analyzer) WebAccesses() []WebAccess {
	if an.env == nil || an.env.WebserverAccess == model.PublicOnly {
		return nil
	}
	vpc := an.envVPC()
	var out []WebAccess
	tcp := func(from, to string, port int32) *Result {
		r, err := an.Trace(PathQuery{From: from, To: to, Protocol: model.TCP, Port: port})
		if err != nil {
			return &Result{State: Undetermined, Unknowns: []Hop{{Code: CodeNotInInput, Message: err.Error()}}}
		}
		return r
	}
	for _, cv := range an.a.ClientVPNs {
		if vpc != "" && cv.VPC != "" && cv.VPC != vpc {
			continue
		}
		r := tcp(cv.ID, PlaceWebserver, 443)
		out = append(out, WebAccess{Kind: AccessClientVPN, ID: cv.ID, Source: cv.Source, State: r.State,
			How: "Client VPN " + cv.ID + " clients -> web server on 443", Why: why(r)})
	}
	// Instances with a public address in the VPC: a bastion users reach from the internet
	// (SSH, or Session Manager), from which they open the UI.
	for _, n := range an.a.NetworkInterfaces {
		if n.Attachment == "" || (n.InterfaceType != "" && n.InterfaceType != "interface") || an.ix.NATGateways[n.Attachment] != nil || an.ix.Endpoints[n.Attachment] != nil {
			continue
		}
		l := an.eniLocation(n)
		if (vpc != "" && l.vpc != vpc) || l.publicIP == model.No || l.forwarder == model.Yes {
			continue
		}
		wa := WebAccess{Kind: AccessInstance, ID: n.Attachment, Source: n.Source,
			How: "instance " + n.Attachment + " (public address, internet gateway) -> web server on 443"}
		if l.publicIP == model.Unknown {
			wa.State, wa.Why = Undetermined, "whether instance "+n.Attachment+" has a public address is not known from the input"
		}
		if !an.subnetRoutesToIGW(n.Subnet) {
			wa.State, wa.Why = NotReachable, "its subnet "+n.Subnet+" has no route to an internet gateway"
		}
		r := tcp(n.ID, PlaceWebserver, 443)
		wa.State, wa.Why = worse(wa.State, wa.Why, r.State, why(r))
		out = append(out, wa)
	}
	for _, lb := range an.a.LoadBalancers {
		if vpc != "" && lb.VPC != "" && lb.VPC != vpc {
			continue
		}
		out = append(out, an.lbAccess(lb)...)
	}
	if l, ok := an.corporateLocation(); ok && l.kind == locCorporate {
		r := tcp(PlaceCorporate, PlaceWebserver, 443)
		out = append(out, WebAccess{Kind: AccessNetwork, ID: l.id, State: r.State,
			How: "the network behind " + l.id + " -> web server on 443", Why: why(r)})
	}
	// Peered VPCs: the CIDRs that the environment VPC's routes send to a peering connection.
	seen := map[string]bool{}
	for _, rt := range an.a.RouteTables {
		if vpc != "" && rt.VPC != vpc {
			continue
		}
		for _, rr := range rt.Routes {
			if rr.Target.Kind != model.TargetPeering || !rr.Destination.IsValid() || seen[rr.Destination.String()] {
				continue
			}
			seen[rr.Destination.String()] = true
			c := rr.Destination
			host := netip.PrefixFrom(c.Addr().Next(), c.Addr().BitLen()) // a host of the peer's block
			r := tcp(host.Addr().String(), PlaceWebserver, 443)
			out = append(out, WebAccess{Kind: AccessNetwork, ID: rr.Target.ID, Source: rr.Source, State: r.State,
				How: "peer VPC " + c.String() + " through " + rr.Target.ID + " -> web server on 443", Why: why(r)})
		}
	}
	return out
}

// lbAccess traces each listener of lb: the internet to the listener, then from the load
// balancer to each IP target, which must be an address of the web server endpoint.
func (an *Analyzer) lbAccess(lb *model.LoadBalancer) []WebAccess {
	var out []WebAccess
	base := WebAccess{Kind: AccessLoadBalancer, ID: lb.ID, Source: lb.Source}
	if lb.Scheme == model.LBInternal {
		base.State, base.Why = NotReachable, "load balancer "+lb.ID+" is internal: the internet cannot reach it"
		base.How = "load balancer " + lb.ID
		return []WebAccess{base}
	}
	if len(lb.Listeners) == 0 {
		base.State, base.Why, base.How = NotReachable, "load balancer "+lb.ID+" has no listener", "load balancer "+lb.ID
		return []WebAccess{base}
	}
	web, webKnown := an.webserverAddrs()
	for _, ls := range lb.Listeners {
		from, fromText := PlaceInternet, "internet"
		if c := an.admittedPublicCIDR(lb, ls.Port); c.IsValid() {
			from, fromText = c.String(), "internet ("+c.String()+")"
		}
		front, err := an.Trace(PathQuery{From: from, To: lb.ID, Protocol: model.TCP, Port: ls.Port})
		if ls.Port < 0 || err != nil {
			wa := base
			wa.State, wa.Why, wa.How = Undetermined, "the port of a listener of "+lb.ID+" is not known from the input", "load balancer "+lb.ID
			out = append(out, wa)
			continue
		}
		if len(ls.TargetGroups) == 0 {
			wa := base
			wa.State, wa.Why = NotReachable, fmt.Sprintf("listener %d of %s forwards to no target group (only the default actions are followed)", ls.Port, lb.ID)
			wa.How = fmt.Sprintf("%s -> listener %s %d of %s", fromText, strings.ToUpper(ls.Protocol), ls.Port, lb.ID)
			out = append(out, wa)
			continue
		}
		for _, tgID := range ls.TargetGroups {
			wa := base
			wa.How = fmt.Sprintf("%s -> listener %s %d of %s -> target group %s", fromText, strings.ToUpper(ls.Protocol), ls.Port, lb.ID, tgID)
			wa.State, wa.Why = front.State, why(front)
			tg := an.tgs[tgID]
			switch {
			case tg == nil:
				wa.State, wa.Why = worse(wa.State, wa.Why, Undetermined, "target group "+tgID+" is not in the input")
			case tg.TargetType != "ip":
				wa.State, wa.Why = worse(wa.State, wa.Why, NotReachable, fmt.Sprintf("target group %s has %s targets; the web server endpoint is reached by IP targets only", tg.ID, orDefault(tg.TargetType, "instance")))
			case tg.TargetsUnknown:
				wa.State, wa.Why = worse(wa.State, wa.Why, Undetermined, "the targets of target group "+tg.ID+" are not in the input")
			case len(tg.Targets) == 0:
				wa.State, wa.Why = worse(wa.State, wa.Why, NotReachable, "target group "+tg.ID+" has no targets")
			default:
				st, w, how := an.targetsAreWebserver(lb, tg, web, webKnown)
				wa.How += how
				wa.State, wa.Why = worse(wa.State, wa.Why, st, w)
			}
			out = append(out, wa)
		}
	}
	return out
}

// admittedPublicCIDR returns the first public CIDR that an ingress rule of lb's security
// groups admits on port: the users the load balancer is open to. Tracing from there asks
// whether those users get in; tracing from "some internet address" could not decide a
// rule that admits only some of them. Zero when no such rule (the trace then starts from
// the internet at large).
func (an *Analyzer) admittedPublicCIDR(lb *model.LoadBalancer, port int32) netip.Prefix {
	for _, g := range lb.SecurityGroups {
		x := an.sgs[g]
		if x == nil {
			continue
		}
		for _, r := range x.in {
			if r.r.CIDR.IsValid() && r.r.CIDR.Addr().Is4() && r.r.CIDR.Bits() > 0 && !isPrivate(r.r.CIDR) &&
				sgProtoMatch(r.r, model.TCP, port, 0) {
				return r.r.CIDR
			}
		}
	}
	return netip.Prefix{}
}

// targetsAreWebserver checks that some target of tg is the web server endpoint's address
// and that the load balancer reaches it on the target port.
func (an *Analyzer) targetsAreWebserver(lb *model.LoadBalancer, tg *model.TargetGroup, web []netip.Addr, webKnown bool) (State, string, string) {
	best, bestWhy, how := NotReachable, "", ""
	for _, tgt := range tg.Targets {
		port := tgt.Port
		if port == 0 {
			port = tg.Port
		}
		st, w := Reachable, ""
		// The load balancer's leg is traced to the web server place (its endpoint's
		// interfaces under the environment's groups), which is what the target must be.
		to := PlaceWebserver
		switch {
		case !tgt.IP.IsValid():
			st, w = Undetermined, "whether the targets of "+tg.ID+" are the web server endpoint's addresses is not known from the input (their addresses are computed when deployed)"
		case webKnown && !containsAddr(web, tgt.IP):
			st, w = NotReachable, fmt.Sprintf("target %s of %s is not an address of the web server endpoint (%s)", tgt.IP, tg.ID, addrsText(web))
		case !webKnown:
			if an.inEnvSubnets(tgt.IP) {
				st, w = Undetermined, fmt.Sprintf("target %s of %s is in the environment's subnets, where MWAA puts the web server endpoint, but the input does not give the endpoint's addresses", tgt.IP, tg.ID)
			} else {
				st, w = NotReachable, fmt.Sprintf("target %s of %s is outside the environment's subnets, so it is not the web server endpoint", tgt.IP, tg.ID)
			}
		}
		if port < 0 {
			st, w = worse(st, w, Undetermined, "the target port of "+tg.ID+" is not known from the input")
		} else if st != NotReachable {
			r, err := an.Trace(PathQuery{From: lb.ID, To: to, Protocol: model.TCP, Port: port})
			if err != nil {
				st, w = worse(st, w, Undetermined, err.Error())
			} else {
				st, w = worse(st, w, r.State, why(r))
			}
		}
		if best == NotReachable && bestWhy == "" || rank(st) < rank(best) {
			best, bestWhy = st, w
			how = fmt.Sprintf(" -> %s:%d", targetText(tgt), port)
		}
	}
	return best, bestWhy, how
}

func targetText(t model.Target) string {
	if t.IP.IsValid() {
		return t.IP.String()
	}
	if t.ID != "" {
		return t.ID
	}
	return "(address not known)"
}

// webserverAddrs returns the web server endpoint's addresses, and whether the input gives
// them all.
func (an *Analyzer) webserverAddrs() ([]netip.Addr, bool) {
	p, err := an.resolve(PlaceWebserver)
	if err != nil || len(p.locs) == 0 {
		return nil, false
	}
	var out []netip.Addr
	for _, l := range p.locs {
		if l.a.kind != addrPrefix || !l.a.p.IsSingleIP() {
			return nil, false
		}
		out = append(out, l.a.p.Addr())
	}
	return out, true
}

func (an *Analyzer) inEnvSubnets(ip netip.Addr) bool {
	for _, s := range an.env.Subnets {
		if sn := an.ix.Subnets[s]; sn != nil && sn.CIDR.IsValid() && sn.CIDR.Contains(ip) {
			return true
		}
	}
	return false
}

func (an *Analyzer) envVPC() string {
	for _, s := range an.env.Subnets {
		if sn := an.ix.Subnets[s]; sn != nil && sn.VPC != "" {
			return sn.VPC
		}
	}
	return ""
}

// subnetRoutesToIGW reports whether the subnet's route table sends 0.0.0.0/0 to an
// internet gateway (a public subnet).
func (an *Analyzer) subnetRoutesToIGW(subnet string) bool {
	x := an.subnetRT[subnet]
	if x == nil {
		return true // not known: the trace says so
	}
	for _, e := range x.routes {
		if e.target.Kind == model.TargetInternetGateway && e.dst.IsValid() && e.dst.Bits() == 0 {
			return true
		}
	}
	return false
}

func containsAddr(xs []netip.Addr, a netip.Addr) bool {
	for _, x := range xs {
		if x == a {
			return true
		}
	}
	return false
}

func addrsText(xs []netip.Addr) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = x.String()
	}
	return strings.Join(s, ", ")
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// rank orders states from best (reachable) to worst (not reachable).
func rank(s State) int {
	switch s {
	case Reachable:
		return 0
	case Undetermined:
		return 1
	}
	return 2
}

// worse combines two legs of one way in: the worse state wins, with its reason.
func worse(s State, w string, s2 State, w2 string) (State, string) {
	if rank(s2) > rank(s) {
		return s2, w2
	}
	if rank(s2) == rank(s) && w == "" {
		return s, w2
	}
	return s, w
}

// why is the first block, else the first unknown, of r ("" when reachable).
func why(r *Result) string {
	switch {
	case r.State == Reachable:
		return ""
	case r.State == NotReachable && len(r.Blocks) > 0:
		return r.Blocks[0].Code + ": " + r.Blocks[0].Message
	case len(r.Unknowns) > 0:
		return r.Unknowns[0].Message
	}
	return r.State.String()
}
