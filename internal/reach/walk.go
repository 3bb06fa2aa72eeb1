package reach

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// tracer walks one source/destination pair and records the hops.
type tracer struct {
	an    *Analyzer
	q     *PathQuery
	hops  []Hop
	depth int // forwarding hops taken (NAT instances), to stop loops
	// client is the ephemeral port range of the connection's client (the destination ports
	// of its replies); clientKnown is false when it depends on an operating system the
	// input does not say (an instance, a VPN user's laptop, a host on the internet).
	client      model.PortRange
	clientKnown bool
}

// setClient sets the client's ephemeral ports from the source: MWAA's containers run
// Amazon Linux (NET-07); a NAT gateway or load balancer uses 1024-65535; any other
// client's operating system is not known.
func (t *tracer) setClient(src location) {
	switch src.comp {
	case CompMWAA:
		t.client, t.clientKnown = model.AmazonLinuxEphemeralPorts, true
	case CompNATGateway, CompLoadBalancer:
		t.client, t.clientKnown = model.ServiceEphemeralPorts, true
	default:
		t.client, t.clientKnown = model.ServiceEphemeralPorts, false
	}
}

func (t *tracer) add(h Hop) { t.hops = append(t.hops, h) }

func (t *tracer) state() State {
	s := Reachable
	for i := range t.hops {
		switch t.hops[i].Decision {
		case Deny:
			return NotReachable
		case Unknown:
			s = Undetermined
		}
	}
	return s
}

func (t *tracer) proto() string { return t.q.ProtoPort() }

// walk traces src -> dst.
func (t *tracer) walk(src, dst location) {
	if dst.missing != "" {
		t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepResolve, Decision: Deny, Code: CodeMWAAEndpointMissing,
			Rule: "no endpoint", Message: dst.missing, Fix: dst.missingFix})
	}
	if dst.lb != nil {
		t.listener(dst)
	}
	t.setClient(src)
	switch src.kind {
	case locENI:
		t.fromENI(src, dst)
	case locInternet:
		t.fromInternet(src, dst)
	case locVPNClient:
		t.fromVPN(src, dst)
	case locCorporate:
		t.fromCorporate(src, dst)
	}
}

// fromENI: the interface's egress rules, then its subnet's route table.
func (t *tracer) fromENI(src, dst location) {
	t.sg(src, dst, true)
	t.route(src, dst)
}

// arrive records the delivery at dst.
func (t *tracer) arrive(dst location, rule string) {
	for i := range t.hops {
		if t.hops[i].Decision == Deny {
			rule += " (once the blocks above are fixed)"
			break
		}
	}
	t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepArrive, Decision: Allow, Rule: rule})
}

// deliver records the delivery at an interface.
func (t *tracer) deliver(dst location) { t.arrive(dst, dst.arrival) }

// sg checks iface's security groups: egress towards peer, or ingress from peer.
func (t *tracer) sg(iface, peer location, egress bool) {
	step := StepIngress
	if egress {
		step = StepEgress
	}
	if !iface.sgKnown {
		t.add(Hop{Component: CompSecurityGroup, ID: iface.id, Step: step, Decision: Skipped,
			Rule: "no interface known for " + iface.label + ": security groups not evaluated"})
		return
	}
	if iface.comp == CompNATGateway || iface.noSGs {
		return // NAT gateways (and network load balancers created without groups) have none
	}
	groups := iface.sgs
	if len(groups) == 0 {
		if d := t.an.defaultSG[iface.vpc]; d != "" {
			groups = []string{d}
		}
	}
	if t.an.sgUnknown || len(groups) == 0 {
		t.add(Hop{Component: CompSecurityGroup, ID: iface.id, Step: step, Decision: Unknown, Code: CodeNotInInput,
			Message: "the security groups of " + iface.label + " are not in the input"})
		return
	}
	p := sgPeer{a: peer.a}
	if peer.noSGs {
		p.groupsOK = true // no groups at all: no group reference matches it
	} else if peer.kind == locENI && peer.vpc != "" && peer.vpc == iface.vpc && peer.sgKnown {
		p.groups, p.groupsOK = peer.sgs, true
		if len(p.groups) == 0 {
			if d := t.an.defaultSG[peer.vpc]; d != "" {
				p.groups = []string{d}
			}
		}
		// Every interface has a security group: none known (a template parameter without a
		// default) means they are not known, and a group reference may match them.
		p.groupsOK = len(p.groups) > 0
	}
	icmp := int32(icmpEchoRequest)
	r := t.an.evaluateSGs(groups, egress, t.q.Protocol, t.q.Port, icmp, p)
	h := Hop{Component: CompSecurityGroup, ID: r.group, Step: step, Decision: r.d}
	if r.rule != nil {
		h.Rule, h.Where = r.rule.text, r.rule.where
	}
	switch r.d {
	case Deny:
		h.ID = joinIDs(groups)
		if x := t.an.sgs[groups[0]]; x != nil {
			h.Where = x.where
		}
		dir, prep := "outbound", "to"
		if !egress {
			dir, prep = "inbound", "from"
		}
		h.Rule = "no rule allows " + t.proto() + " " + prep + " " + peer.a.String()
		h.Code = CodeSGNoAllow
		h.Message = fmt.Sprintf("no rule of security group %s (%s) allows %s %s %s %s", h.ID, iface.label, dir, t.proto(), prep, peerText(peer, p))
		h.Fix = fmt.Sprintf("add an %s rule to security group %s allowing %s %s %s", dir, groups[0], t.proto(), prep, peerFix(peer, p))
	case Unknown:
		h.Code = CodeUnknownValue
		if r.rule == nil {
			h.Code = CodeNotInInput
			h.Message = fmt.Sprintf("security group %s of %s is not in the input", r.group, iface.label)
		} else {
			h.Message = fmt.Sprintf("whether rule %q of security group %s matches %s is not known from the input", r.rule.text, r.group, peer.a)
		}
	}
	t.add(h)
}

func peerText(peer location, p sgPeer) string {
	if p.groupsOK && len(p.groups) > 0 {
		return peer.a.String() + " (security groups " + joinIDs(p.groups) + ")"
	}
	return peer.a.String()
}

func peerFix(peer location, p sgPeer) string {
	if p.groupsOK && len(p.groups) > 0 {
		return "security group " + p.groups[0]
	}
	if peer.a.kind == addrPrefix {
		return peer.a.p.String()
	}
	if peer.kind == locInternet {
		return "the clients' public CIDR (never 0.0.0.0/0 for MWAA's interfaces)"
	}
	return "0.0.0.0/0"
}

func joinIDs(ids []string) string {
	switch len(ids) {
	case 0:
		return ""
	case 1:
		return ids[0]
	}
	s := ids[0]
	for _, id := range ids[1:] {
		s += "," + id
	}
	return s
}

// acl checks the network ACL of subnet for traffic leaving (egress) or entering it,
// exchanged with peer; reply marks the return direction (ephemeral destination ports).
func (t *tracer) acl(subnet string, egress, reply bool, peer addr) {
	step := StepIngress
	switch {
	case egress && reply:
		step = StepReturnEgress
	case egress:
		step = StepEgress
	case reply:
		step = StepReturnIngress
	}
	x := t.an.subnetACL[subnet]
	if t.an.aclUnknown || x == nil {
		h := Hop{Component: CompNetworkACL, ID: subnet, Step: step, Decision: Unknown, Code: CodeNotInInput,
			Message: "the network ACL of subnet " + subnet + " is not in the input"}
		if t.an.aclUnknown {
			h.Message = "the input does not show network ACLs (subnet " + subnet + ")"
		}
		t.add(h)
		return
	}
	ports := model.Port(t.q.Port)
	icmp := int32(icmpEchoRequest)
	if reply {
		ports, icmp = t.client, icmpEchoReply
		if ports == (model.PortRange{}) {
			ports = model.ServiceEphemeralPorts
		}
	}
	if !t.q.Protocol.HasPorts() {
		ports = model.AllPorts
	}
	d, e := x.evaluate(egress, t.q.Protocol, ports, icmp, peer)
	osDependent := ""
	if reply && d == Deny && !t.clientKnown && t.q.Protocol.HasPorts() {
		// The client's OS picks its ports: replies that some common OS's range would get
		// through are undetermined, not dropped.
		for _, r := range []struct {
			name  string
			ports model.PortRange
		}{{"Linux", model.AmazonLinuxEphemeralPorts}, {"Windows", model.WindowsEphemeralPorts}} {
			if d2, _ := x.evaluate(egress, t.q.Protocol, r.ports, icmp, peer); d2 == Allow {
				osDependent = fmt.Sprintf("network ACL %s of subnet %s allows replies to %s's ephemeral ports %s but not to all of %s; whether replies get through depends on the client's operating system, which the input does not say",
					x.acl.ID, subnet, r.name, r.ports, model.ServiceEphemeralPorts)
				break
			}
		}
	}
	h := Hop{Component: CompNetworkACL, ID: x.acl.ID, Step: step, Decision: d, Where: x.where}
	if e != nil {
		h.Rule, h.Where = e.text, e.where
	} else {
		h.Rule = "no rule matches (implicit deny)"
	}
	if osDependent != "" {
		h.Decision, h.Code, h.Message = Unknown, CodeClientOS, osDependent
		t.add(h)
		return
	}
	if d == Allow {
		t.add(h)
		return
	}
	what := protoPorts(t.q.Protocol, ports)
	dir, prep := "inbound", "from"
	if egress {
		dir, prep = "outbound", "to"
	}
	switch d {
	case Deny:
		h.Code = CodeACLDeny
		if reply {
			h.Code = CodeReturnACLDeny
			what += " (return traffic)"
		}
		h.Message = fmt.Sprintf("network ACL %s of subnet %s denies %s %s %s %s", x.acl.ID, subnet, dir, what, prep, peer)
		before := ""
		if e != nil {
			before = fmt.Sprintf(" numbered below %d", e.e.RuleNumber)
		}
		h.Fix = fmt.Sprintf("add an %s allow rule%s to network ACL %s for %s %s %s", dir, before, x.acl.ID, what, prep, aclPeerFix(peer))
	case Unknown:
		h.Code = CodeUnknownValue
		h.Message = fmt.Sprintf("whether rule %q of network ACL %s matches %s is not known from the input", h.Rule, x.acl.ID, peer)
	}
	t.add(h)
}

func aclPeerFix(a addr) string {
	if a.kind == addrPrefix {
		return a.p.String()
	}
	return "0.0.0.0/0"
}

// route looks up dst in the route table of from's subnet and follows the route.
func (t *tracer) route(from, dst location) {
	x := t.an.subnetRT[from.subnet]
	if x == nil {
		msg := "the route table of subnet " + from.subnet + " is not in the input"
		if t.an.ix.Subnets[from.subnet] == nil {
			msg = "subnet " + from.subnet + " is not in the input"
		}
		t.add(Hop{Component: CompRouteTable, ID: from.subnet, Step: StepRoute, Decision: Unknown, Code: CodeNoRouteTable, Message: msg})
		return
	}
	d, e := x.lookup(dst.a)
	h := Hop{Component: CompRouteTable, ID: x.rt.ID, Step: StepRoute, Decision: d, Where: x.where}
	if e != nil {
		h.Rule, h.Where = e.text, e.where
	}
	switch {
	case d == Unknown:
		h.Code = CodeUnknownValue
		h.Message = fmt.Sprintf("whether route %q of route table %s matches %s is not known from the input", e.text, x.rt.ID, dst.a)
		t.add(h)
		return
	case d == Deny:
		h.Rule = "no route matches " + dst.a.String()
		if dst.needsEndpoint {
			h.Code = CodeNoEndpoint
			h.Message = fmt.Sprintf("no interface endpoint for %s in VPC %s, and no route to its public addresses from subnet %s (private routing)", dst.svc, from.vpc, from.subnet)
			h.Fix = fmt.Sprintf("create an interface endpoint %s with private DNS in the environment's subnets (PRV-03)", model.ServiceName(t.an.a.Region, dst.svc))
			if dst.svc == "s3" {
				h.Fix = fmt.Sprintf("create a gateway endpoint %s on the route table %s (PRV-05)", model.ServiceName(t.an.a.Region, "s3"), x.rt.ID)
			}
		} else {
			h.Code = CodeNoRoute
			h.Message = fmt.Sprintf("route table %s (subnet %s) has no route to %s", x.rt.ID, from.subnet, dst.a)
			h.Fix = routeFix(x.rt.ID, dst)
		}
		t.add(h)
		return
	case e.blackhole:
		h.Decision, h.Code = Deny, CodeBlackhole
		h.Message = fmt.Sprintf("route %s of route table %s is a blackhole: its target no longer exists", e.text, x.rt.ID)
		h.Fix = "point the route at an existing target or delete it"
		t.add(h)
		return
	}
	t.add(h)
	switch e.target.Kind {
	case model.TargetLocal:
		t.local(from, dst)
	case model.TargetInternetGateway:
		t.viaIGW(from, e.target.ID, dst)
	case model.TargetNATGateway:
		t.viaNAT(from, e.target.ID, dst)
	case model.TargetInstance, model.TargetNetworkInterface:
		t.viaInstance(from, e.target, dst)
	case model.TargetVPCEndpoint:
		t.viaGatewayEndpoint(from, e.target.ID, dst)
	case model.TargetVPNGateway, model.TargetTransitGateway:
		t.viaCorporateGateway(from, e.target, dst)
	case model.TargetPeering:
		t.viaPeering(from, e.target.ID, dst)
	default:
		t.add(Hop{Component: CompRouteTable, ID: x.rt.ID, Step: StepForward, Decision: Unknown, Code: CodeNotModelled, Rule: e.text,
			Message: fmt.Sprintf("traffic leaves through %s %s; what lies beyond is not modelled", e.target.Kind, e.target.ID)})
	}
}

func routeFix(rt string, dst location) string {
	if dst.gatewayEndpoint != "" {
		return fmt.Sprintf("add route table %s to the route tables of gateway endpoint %s (PRV-05)", rt, dst.gatewayEndpoint)
	}
	switch dst.kind {
	case locInternet, locService, locMWAAPublic:
		return fmt.Sprintf("add a route 0.0.0.0/0 to a NAT gateway in a public subnet to route table %s (PUB-04)", rt)
	case locCorporate:
		return fmt.Sprintf("add a route for %s to the virtual private gateway or transit gateway in route table %s", dst.a, rt)
	case locVPNClient:
		return "traffic to Client VPN clients cannot be initiated from the VPC; initiate it from the client"
	}
	return fmt.Sprintf("add a route for %s to route table %s", dst.a, rt)
}

// local delivers inside the VPC: ACLs both ways when the subnets differ, the receiving
// interface's ingress rules.
func (t *tracer) local(from, dst location) {
	if dst.kind != locENI {
		t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepArrive, Decision: Unknown, Code: CodeNotModelled,
			Message: fmt.Sprintf("the local route matches %s, but no interface of it is in the VPC", dst.label)})
		return
	}
	cross := dst.subnet != from.subnet
	if cross {
		t.acl(from.subnet, true, false, dst.a)
		t.acl(dst.subnet, false, false, from.a)
	}
	t.sg(dst, from, false)
	if cross {
		t.acl(dst.subnet, true, true, from.a)
		t.acl(from.subnet, false, true, dst.a)
	}
	t.deliver(dst)
}
