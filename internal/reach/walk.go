package reach

import (
	"fmt"
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// tracer walks one source/destination pair and records the hops.
type tracer struct {
	an    *Analyzer
	q     *PathQuery
	hops  []Hop
	depth int // forwarding hops taken (NAT instances), to stop loops
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
	if iface.comp == CompNATGateway {
		return // NAT gateways have no security groups
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
	if peer.kind == locENI && peer.vpc != "" && peer.vpc == iface.vpc && peer.sgKnown {
		p.groups, p.groupsOK = peer.sgs, true
		if len(p.groups) == 0 {
			if d := t.an.defaultSG[peer.vpc]; d != "" {
				p.groups = []string{d}
			}
		}
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
		ports, icmp = model.EphemeralPorts, icmpEchoReply
	}
	if !t.q.Protocol.HasPorts() {
		ports = model.AllPorts
	}
	d, e := x.evaluate(egress, t.q.Protocol, ports, icmp, peer)
	h := Hop{Component: CompNetworkACL, ID: x.acl.ID, Step: step, Decision: d, Where: x.where}
	if e != nil {
		h.Rule, h.Where = e.text, e.where
	} else {
		h.Rule = "no rule matches (implicit deny)"
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

// checkPublicDst records a block when an internet gateway is asked to deliver to a
// private address.
func (t *tracer) checkPublicDst(gw string, dst location) bool {
	if dst.a.public() {
		return true
	}
	d, code := Deny, CodeNoRoute
	if dst.a.kind == addrUnknown {
		d, code = Unknown, CodeUnknownValue
	}
	t.add(Hop{Component: CompInternetGateway, ID: gw, Step: StepForward, Decision: d, Code: code,
		Message: fmt.Sprintf("%s is not a public address: the internet gateway cannot deliver to it", dst.a)})
	return false
}

// viaIGW: an interface with a public address leaves through the internet gateway.
func (t *tracer) viaIGW(from location, id string, dst location) {
	h := Hop{Component: CompInternetGateway, ID: id, Step: StepForward, Decision: Allow}
	igw := t.an.ix.InternetGateways[id]
	switch {
	case igw == nil:
		h.Decision, h.Code, h.Message = Unknown, CodeNotInInput, "internet gateway "+id+" is not in the input"
	case !contains(igw.VPCs, from.vpc):
		h.Decision, h.Code, h.Where = Deny, CodeIGWNotAttached, where(igw.Source, id)
		h.Message = fmt.Sprintf("internet gateway %s is not attached to VPC %s", id, from.vpc)
		h.Fix = "attach the internet gateway to the VPC"
	case from.publicIP == model.No:
		h.Decision, h.Code, h.Where = Deny, CodeNoPublicIP, where(igw.Source, id)
		h.Rule = from.label + " has no public IP"
		h.Message = fmt.Sprintf("%s has no public IP address: the internet gateway drops its traffic", from.label)
		h.Fix = fmt.Sprintf("route 0.0.0.0/0 of subnet %s to a NAT gateway in a public subnet instead of the internet gateway (NET-03, PUB-04)", from.subnet)
	case from.publicIP == model.Unknown:
		h.Decision, h.Code = Unknown, CodeUnknownValue
		h.Message = fmt.Sprintf("whether %s has a public IP address is not known from the input", from.label)
	default:
		h.Rule = "translates " + from.a.String() + " to its public IP"
		h.Where = where(igw.Source, id)
	}
	if !t.checkPublicDst(id, dst) {
		return
	}
	t.acl(from.subnet, true, false, dst.a)
	t.add(h)
	t.arrivePublic(dst)
	t.acl(from.subnet, false, true, dst.a)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// arrivePublic records the arrival at a destination outside the VPC.
func (t *tracer) arrivePublic(dst location) {
	switch dst.kind {
	case locService:
		t.arrive(dst, "AWS service "+dst.svc)
	case locMWAAPublic:
		t.arrive(dst, "MWAA's public web server endpoint (sign-in through IAM)")
	case locInternet:
		t.arrive(dst, dst.label)
	default:
		t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepArrive, Decision: Unknown, Code: CodeNotModelled,
			Message: dst.label + " is not reached through the internet"})
	}
}

// viaNAT: to a NAT gateway, translated there, then out of the NAT's subnet.
func (t *tracer) viaNAT(from location, id string, dst location) {
	nat := t.an.ix.NATGateways[id]
	if nat == nil {
		t.add(Hop{Component: CompNATGateway, ID: id, Step: StepForward, Decision: Unknown, Code: CodeNotInInput,
			Message: "NAT gateway " + id + " is not in the input"})
		return
	}
	natLoc := t.an.subnetLocation(nat.Subnet)
	natLoc.id, natLoc.label, natLoc.comp = nat.ID, "NAT gateway "+nat.ID, CompNATGateway
	natLoc.publicIP = model.TriOf(nat.Public != model.No)
	cross := nat.Subnet != from.subnet
	if cross {
		t.acl(from.subnet, true, false, dst.a)
		t.acl(nat.Subnet, false, false, from.a)
	}
	h := Hop{Component: CompNATGateway, ID: nat.ID, Step: StepForward, Decision: Allow, Where: where(nat.Source, nat.ID),
		Rule: "translates " + from.a.String() + " to the NAT gateway's address"}
	switch {
	case nat.State != "" && nat.State != "available":
		h.Decision, h.Code = Deny, CodeNATState
		h.Message = fmt.Sprintf("NAT gateway %s is %s, not available", nat.ID, nat.State)
		h.Fix = "replace the NAT gateway and point the route at the new one"
	case dst.a.public() && nat.Public == model.No:
		h.Decision, h.Code = Deny, CodeNATPrivate
		h.Message = fmt.Sprintf("NAT gateway %s has private connectivity: it cannot reach the internet", nat.ID)
		h.Fix = "use a public NAT gateway with an Elastic IP (PUB-03)"
	}
	t.add(h)
	if t.depth++; t.depth > 4 {
		t.add(Hop{Component: CompNATGateway, ID: nat.ID, Step: StepRoute, Decision: Deny, Code: CodeNATNoInternet,
			Message: "routing loop through NAT devices", Fix: "route the NAT's subnet to the internet gateway"})
		return
	}
	x := t.an.subnetRT[nat.Subnet]
	if x == nil {
		t.add(Hop{Component: CompRouteTable, ID: nat.Subnet, Step: StepRoute, Decision: Unknown, Code: CodeNoRouteTable,
			Message: "the route table of the NAT gateway's subnet " + nat.Subnet + " is not in the input"})
		return
	}
	d, e := x.lookup(dst.a)
	rh := Hop{Component: CompRouteTable, ID: x.rt.ID, Step: StepRoute, Decision: d, Where: x.where}
	if e != nil {
		rh.Rule, rh.Where = e.text, e.where
	}
	switch {
	case d == Unknown:
		rh.Code = CodeUnknownValue
		rh.Message = fmt.Sprintf("whether route %q of route table %s matches %s is not known from the input", e.text, x.rt.ID, dst.a)
		t.add(rh)
		return
	case d == Deny || e.blackhole || (dst.a.public() && e.target.Kind != model.TargetInternetGateway):
		if e == nil {
			rh.Rule = "no route matches " + dst.a.String()
		}
		rh.Decision, rh.Code = Deny, CodeNATNoInternet
		rh.Message = fmt.Sprintf("the NAT gateway's subnet %s does not route %s to an internet gateway (route table %s)", nat.Subnet, dst.a, x.rt.ID)
		rh.Fix = fmt.Sprintf("add a route 0.0.0.0/0 to the internet gateway in route table %s (PUB-01)", x.rt.ID)
		t.add(rh)
		return
	}
	t.add(rh)
	if e.target.Kind != model.TargetInternetGateway {
		// Private NAT towards a private destination: follow the route from the NAT.
		natLoc.sgKnown = true
		switch e.target.Kind {
		case model.TargetVPNGateway, model.TargetTransitGateway:
			t.viaCorporateGateway(natLoc, e.target, dst)
		case model.TargetLocal:
			t.local(natLoc, dst)
		default:
			t.add(Hop{Component: CompRouteTable, ID: x.rt.ID, Step: StepForward, Decision: Unknown, Code: CodeNotModelled, Rule: e.text,
				Message: fmt.Sprintf("traffic leaves the NAT gateway through %s %s; what lies beyond is not modelled", e.target.Kind, e.target.ID)})
		}
		return
	}
	t.acl(nat.Subnet, true, false, dst.a)
	ih := Hop{Component: CompInternetGateway, ID: e.target.ID, Step: StepForward, Decision: Allow, Rule: "translates the NAT gateway's address to its Elastic IP"}
	if igw := t.an.ix.InternetGateways[e.target.ID]; igw == nil {
		ih.Decision, ih.Code, ih.Message = Unknown, CodeNotInInput, "internet gateway "+e.target.ID+" is not in the input"
	} else if ih.Where = where(igw.Source, igw.ID); !contains(igw.VPCs, natLoc.vpc) {
		ih.Decision, ih.Code = Deny, CodeIGWNotAttached
		ih.Message = fmt.Sprintf("internet gateway %s is not attached to VPC %s", igw.ID, natLoc.vpc)
		ih.Fix = "attach the internet gateway to the VPC (PUB-02)"
	}
	t.add(ih)
	t.arrivePublic(dst)
	t.acl(nat.Subnet, false, true, dst.a)
	if cross {
		t.acl(nat.Subnet, true, true, from.a)
		t.acl(from.subnet, false, true, dst.a)
	}
}

// viaInstance: a NAT instance (or appliance) forwards the traffic when its source/
// destination check is off; it then sends it on under its own rules and routes.
func (t *tracer) viaInstance(from location, target model.RouteTarget, dst location) {
	var eni *model.NetworkInterface
	if target.Kind == model.TargetNetworkInterface {
		eni = t.an.ix.NetworkInterfaces[target.ID]
	} else if enis := t.an.eniByOwner[target.ID]; len(enis) > 0 {
		eni = enis[0]
	}
	if eni == nil {
		t.add(Hop{Component: CompNATInstance, ID: target.ID, Step: StepForward, Decision: Unknown, Code: CodeNotInInput,
			Message: fmt.Sprintf("the network interface of %s %s is not in the input", target.Kind, target.ID)})
		return
	}
	nl := t.an.eniLocation(eni)
	nl.comp = CompNATInstance
	cross := nl.subnet != from.subnet
	if cross {
		t.acl(from.subnet, true, false, dst.a)
		t.acl(nl.subnet, false, false, from.a)
	}
	t.sg(nl, from, false)
	h := Hop{Component: CompNATInstance, ID: target.ID, Step: StepForward, Decision: Allow, Where: where(eni.Source, eni.ID),
		Rule: "source/destination check off: forwards and translates"}
	switch nl.forwarder {
	case model.No:
		h.Decision, h.Code = Deny, CodeNATInstanceCheck
		h.Rule = "source/destination check on"
		h.Message = fmt.Sprintf("%s has source/destination check on: it drops traffic not addressed to itself", nl.label)
		h.Fix = fmt.Sprintf("turn off source/destination check on %s", eni.ID)
	case model.Unknown:
		h.Decision, h.Code = Unknown, CodeUnknownValue
		h.Message = fmt.Sprintf("whether %s has source/destination check off is not known from the input", nl.label)
	}
	t.add(h)
	if t.depth++; t.depth > 4 {
		t.add(Hop{Component: CompNATInstance, ID: target.ID, Step: StepRoute, Decision: Deny, Code: CodeNATNoInternet,
			Message: "routing loop through NAT devices", Fix: "route the NAT's subnet to the internet gateway"})
		return
	}
	t.fromENI(nl, dst)
	if cross {
		t.acl(nl.subnet, true, true, from.a)
		t.acl(from.subnet, false, true, dst.a)
	}
}

// viaGatewayEndpoint: a prefix-list route to a gateway endpoint (S3, DynamoDB).
func (t *tracer) viaGatewayEndpoint(from location, id string, dst location) {
	ep := t.an.ix.Endpoints[id]
	h := Hop{Component: CompEndpoint, ID: id, Step: StepForward, Decision: Allow}
	switch {
	case ep == nil:
		h.Decision, h.Code, h.Message = Unknown, CodeNotInInput, "VPC endpoint "+id+" is not in the input"
	case ep.Type == model.EndpointGatewayLoadBalancer:
		h.Decision, h.Code, h.Where = Unknown, CodeNotModelled, where(ep.Source, id)
		h.Message = "traffic goes to Gateway Load Balancer endpoint " + id + "; the appliances behind it are not modelled"
	case (dst.kind == locService && model.ServiceShortName(ep.Service) != dst.svc) || (dst.kind != locService && dst.kind != locInternet):
		h.Decision, h.Code, h.Where = Deny, CodeEndpointService, where(ep.Source, id)
		h.Message = fmt.Sprintf("the route sends %s to gateway endpoint %s for %s, which does not lead there", dst.a, id, ep.Service)
		h.Fix = "route this destination elsewhere"
	case ep.State != "" && ep.State != "available":
		h.Decision, h.Code, h.Where = Deny, CodeEndpointState, where(ep.Source, id)
		h.Message = fmt.Sprintf("gateway endpoint %s is %s, not available", id, ep.State)
		h.Fix = "recreate the endpoint"
	default:
		h.Where = where(ep.Source, id)
		h.Rule = "gateway endpoint for " + ep.Service
	}
	t.acl(from.subnet, true, false, dst.a)
	t.add(h)
	if h.Decision == Allow {
		t.arrivePublic(dst)
	}
	t.acl(from.subnet, false, true, dst.a)
}

// viaCorporateGateway: a virtual private gateway or transit gateway leads to the
// corporate network; anything else beyond it is not in the input.
func (t *tracer) viaCorporateGateway(from location, gw model.RouteTarget, dst location) {
	comp := CompVPNGateway
	if gw.Kind == model.TargetTransitGateway {
		comp = CompTransitGateway
	}
	if dst.kind != locCorporate || dst.gateway.Kind == "" {
		t.add(Hop{Component: comp, ID: gw.ID, Step: StepForward, Decision: Unknown, Code: CodeNotModelled,
			Message: fmt.Sprintf("traffic to %s leaves through %s %s; what lies beyond is not in the input", dst.a, gw.Kind, gw.ID)})
		return
	}
	t.acl(from.subnet, true, false, dst.a)
	t.add(Hop{Component: comp, ID: gw.ID, Step: StepForward, Decision: Allow, Rule: "to the corporate network"})
	t.arrive(dst, dst.label)
	t.acl(from.subnet, false, true, dst.a)
}

// viaPeering: to an interface in the peer VPC, which must route the reply back.
func (t *tracer) viaPeering(from location, id string, dst location) {
	if dst.kind != locENI || dst.vpc == "" || dst.vpc == from.vpc {
		t.add(Hop{Component: CompPeering, ID: id, Step: StepForward, Decision: Unknown, Code: CodeNotModelled,
			Message: fmt.Sprintf("traffic to %s leaves through peering connection %s; the peer VPC is not in the input", dst.a, id)})
		return
	}
	t.acl(from.subnet, true, false, dst.a)
	t.add(Hop{Component: CompPeering, ID: id, Step: StepForward, Decision: Allow, Rule: "to VPC " + dst.vpc})
	t.acl(dst.subnet, false, false, from.a)
	t.sg(dst, from, false)
	t.returnRoute(dst, from.a, model.TargetPeering, id)
	t.acl(dst.subnet, true, true, from.a)
	t.acl(from.subnet, false, true, dst.a)
	t.deliver(dst)
}

// returnRoute checks that the subnet of at routes replies to peer through the gateway of
// kind (and id, when given) the request came in by.
func (t *tracer) returnRoute(at location, peer addr, kind model.TargetKind, id string) {
	x := t.an.subnetRT[at.subnet]
	if x == nil {
		t.add(Hop{Component: CompRouteTable, ID: at.subnet, Step: StepReturnRoute, Decision: Unknown, Code: CodeNoRouteTable,
			Message: "the route table of subnet " + at.subnet + " is not in the input"})
		return
	}
	d, e := x.lookup(peer)
	h := Hop{Component: CompRouteTable, ID: x.rt.ID, Step: StepReturnRoute, Decision: d, Where: x.where}
	if e != nil {
		h.Rule, h.Where = e.text, e.where
	}
	switch {
	case d == Unknown:
		h.Code = CodeUnknownValue
		h.Message = fmt.Sprintf("whether route %q of route table %s matches %s is not known from the input", e.text, x.rt.ID, peer)
	case d == Deny || e.blackhole || e.target.Kind != kind || (id != "" && e.target.ID != id):
		if e == nil {
			h.Rule = "no route matches " + peer.String()
		}
		h.Decision, h.Code = Deny, CodeReturnNoRoute
		h.Message = fmt.Sprintf("replies from subnet %s to %s do not go back through the %s the request came in by (route table %s)", at.subnet, peer, kind, x.rt.ID)
		h.Fix = fmt.Sprintf("route %s to the %s in route table %s", aclPeerFix(peer), kind, x.rt.ID)
	}
	t.add(h)
}

// fromInternet: unsolicited traffic from the internet.
func (t *tracer) fromInternet(src, dst location) {
	switch dst.kind {
	case locMWAAPublic, locInternet, locService:
		t.arrivePublic(dst)
		return
	case locVPNClient, locCorporate:
		t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepArrive, Decision: Deny, Code: CodeNoPublicAddress,
			Message: dst.label + " has no address the internet can reach"})
		return
	}
	if dst.comp == CompNATGateway {
		t.add(Hop{Component: CompNATGateway, ID: dst.id, Step: StepIngress, Decision: Deny, Code: CodeUnsolicited,
			Message: "a NAT gateway drops connections started from the internet", Fix: "none: NAT gateways only carry outbound connections"})
		return
	}
	h := Hop{Component: CompInternetGateway, Step: StepForward, Decision: Allow, Rule: "translates the public IP of " + dst.label + " to its private address"}
	igw := t.an.igwByVPC[dst.vpc]
	if igw != nil {
		h.ID, h.Where = igw.ID, where(igw.Source, igw.ID)
	}
	a := Hop{Component: dst.comp, ID: dst.id, Step: StepIngress}
	switch {
	case dst.privateAddr:
		a.Decision, a.Code = Deny, CodeNoPublicAddress
		a.Rule = dst.a.String() + " is a private address"
		a.Message = fmt.Sprintf("%s is a private address: the internet cannot route to it", dst.a)
		a.Fix = "address the interface by its public IP, if it has one"
		t.add(a)
	case dst.publicIP == model.No:
		a.Decision, a.Code = Deny, CodeNoPublicAddress
		a.Rule = dst.label + " has no public IP"
		a.Message = fmt.Sprintf("%s has only private addresses: the internet cannot address it", dst.label)
		a.Fix = "give the interface a public IP in a public subnet (never do this for MWAA's interfaces)"
		t.add(a)
	case dst.publicIP == model.Unknown:
		a.Decision, a.Code = Unknown, CodeUnknownValue
		a.Message = fmt.Sprintf("whether %s has a public IP address is not known from the input", dst.label)
		t.add(a)
	}
	switch {
	case igw == nil && t.an.igwUnknown:
		h.Decision, h.Code = Unknown, CodeNotInInput
		h.Message = "the input does not show internet gateways"
	case igw == nil:
		h.Decision, h.Code, h.ID = Deny, CodeNoIGW, dst.vpc
		h.Rule = "no internet gateway attached to VPC " + dst.vpc
		h.Message = fmt.Sprintf("VPC %s has no internet gateway", dst.vpc)
		h.Fix = "attach an internet gateway to the VPC"
	}
	t.add(h)
	if igw != nil {
		t.edgeRoute(igw.ID, dst)
	}
	t.acl(dst.subnet, false, false, src.a)
	t.sg(dst, src, false)
	igwID := ""
	if igw != nil {
		igwID = igw.ID
	}
	t.returnRoute(dst, src.a, model.TargetInternetGateway, igwID)
	t.acl(dst.subnet, true, true, src.a)
	t.deliver(dst)
}

// fromVPN: a Client VPN client; authorization, the endpoint's route, its association,
// then out of the endpoint's interface in the target subnet.
func (t *tracer) fromVPN(src, dst location) {
	cv := src.cvpn
	cw := where(cv.Source, cv.ID)
	if dst.a.public() && cv.SplitTunnel != model.No && (dst.kind == locInternet || dst.kind == locMWAAPublic || dst.kind == locService) {
		h := Hop{Component: CompClientVPN, ID: cv.ID, Step: StepForward, Decision: Allow, Where: cw,
			Rule: "split tunnel: the client reaches public addresses over its own internet connection"}
		if cv.SplitTunnel == model.Unknown {
			h.Decision, h.Code = Unknown, CodeUnknownValue
			h.Message = "whether Client VPN " + cv.ID + " uses split tunnel is not known from the input"
		}
		t.add(h)
		t.arrivePublic(dst)
		return
	}
	// Authorization.
	var vpcCIDRs []netip.Prefix
	if v := t.an.ix.VPCs[dst.vpc]; v != nil {
		vpcCIDRs = v.CIDRs
	}
	covers := func(p netip.Prefix) Decision {
		if dst.a.kind == addrUnknown && dst.vpc != "" {
			for _, c := range vpcCIDRs {
				if c.IsValid() && p.IsValid() && p.Bits() <= c.Bits() && p.Contains(c.Addr()) {
					return Allow
				}
			}
			return Unknown
		}
		return dst.a.match(p)
	}
	ah := Hop{Component: CompClientVPN, ID: cv.ID, Step: StepEgress, Decision: Deny, Where: cw}
	for _, r := range cv.AuthorizationRules {
		switch covers(r.TargetCIDR) {
		case Allow:
			ah.Decision, ah.Rule, ah.Where = Allow, "authorization rule for "+cidrText(r.TargetCIDR), whereOr(r.Source, cw)
			if !r.AllGroups && r.AccessGroup != "" {
				ah.Rule += " (group " + r.AccessGroup + ")"
			}
		case Unknown:
			if ah.Decision == Deny {
				ah.Decision, ah.Rule, ah.Where = Unknown, "authorization rule for "+cidrText(r.TargetCIDR), whereOr(r.Source, cw)
			}
		}
		if ah.Decision == Allow {
			break
		}
	}
	switch ah.Decision {
	case Deny:
		ah.Rule, ah.Code = "no authorization rule covers "+dst.a.String(), CodeVPNNotAuthorized
		ah.Message = fmt.Sprintf("no authorization rule of Client VPN %s lets clients reach %s", cv.ID, dst.a)
		ah.Fix = fmt.Sprintf("add an authorization rule for %s (the VPC CIDR) to Client VPN %s (WEB-02)", firstCIDR(vpcCIDRs, dst.a), cv.ID)
	case Unknown:
		ah.Code = CodeUnknownValue
		ah.Message = fmt.Sprintf("whether the authorization rules of Client VPN %s cover %s is not known from the input", cv.ID, dst.a)
	}
	if t.an.cvUnknown {
		ah.Decision, ah.Code = Unknown, CodeNotInInput
		ah.Message = "the input does not show the Client VPN's target networks, routes and authorization rules"
		t.add(ah)
		return
	}
	t.add(ah)
	// Route.
	routes := cv.Routes
	if len(routes) == 0 {
		if v := t.an.ix.VPCs[cv.VPC]; v != nil && len(v.CIDRs) > 0 {
			for _, s := range cv.Associations {
				routes = append(routes, model.ClientVPNRoute{Destination: v.CIDRs[0], TargetSubnet: s, Source: cv.Source})
			}
		}
	}
	var best *model.ClientVPNRoute
	var doubt *model.ClientVPNRoute
	for i := range routes {
		r := &routes[i]
		switch covers(r.Destination) {
		case Allow:
			if best == nil || r.Destination.Bits() > best.Destination.Bits() {
				best = r
			}
		case Unknown:
			doubt = r
		}
	}
	rh := Hop{Component: CompClientVPN, ID: cv.ID, Step: StepRoute, Decision: Allow, Where: cw}
	target := ""
	switch {
	case best != nil:
		rh.Rule, rh.Where, target = cidrText(best.Destination)+" -> subnet "+best.TargetSubnet, whereOr(best.Source, cw), best.TargetSubnet
	case doubt != nil:
		rh.Decision, rh.Code = Unknown, CodeUnknownValue
		rh.Rule, target = cidrText(doubt.Destination)+" -> subnet "+doubt.TargetSubnet, doubt.TargetSubnet
		rh.Message = fmt.Sprintf("whether route %s of Client VPN %s covers %s is not known from the input", rh.Rule, cv.ID, dst.a)
	default:
		rh.Decision, rh.Code = Deny, CodeVPNNoRoute
		rh.Rule = "no route matches " + dst.a.String()
		rh.Message = fmt.Sprintf("Client VPN %s has no route to %s", cv.ID, dst.a)
		if dst.a.public() {
			rh.Code = CodeVPNFullTunnelNoRoute
			rh.Fix = fmt.Sprintf("turn on split tunnel on Client VPN %s, or add a route 0.0.0.0/0 through an associated subnet", cv.ID)
		} else {
			rh.Fix = fmt.Sprintf("add a route for %s through an associated subnet to Client VPN %s", firstCIDR(vpcCIDRs, dst.a), cv.ID)
		}
		if len(cv.Associations) > 0 {
			target = cv.Associations[0] // go on as if the route existed
		}
	}
	t.add(rh)
	if target == "" {
		t.add(Hop{Component: CompClientVPN, ID: cv.ID, Step: StepForward, Decision: Deny, Code: CodeVPNNotAssociated, Where: cw,
			Message: fmt.Sprintf("Client VPN %s is associated with no subnet", cv.ID),
			Fix:     "associate the Client VPN with the environment's subnets (WEB-02)"})
		return
	}
	if !contains(cv.Associations, target) {
		t.add(Hop{Component: CompClientVPN, ID: cv.ID, Step: StepForward, Decision: Deny, Code: CodeVPNNotAssociated, Where: cw,
			Rule:    "target subnet " + target,
			Message: fmt.Sprintf("the route's target subnet %s is not associated with Client VPN %s", target, cv.ID),
			Fix:     fmt.Sprintf("associate subnet %s with Client VPN %s", target, cv.ID)})
	}
	from := t.an.subnetLocation(target)
	from.label = "Client VPN " + cv.ID + " interface in " + target
	from.id, from.comp = cv.ID, CompClientVPN
	from.sgs, from.sgKnown = cv.SecurityGroups, true
	if from.vpc == "" {
		from.vpc = cv.VPC
	}
	from.publicIP = model.Yes // the endpoint reaches the internet through the subnet's gateway
	t.fromENI(from, dst)
}

func firstCIDR(cidrs []netip.Prefix, a addr) string {
	for _, c := range cidrs {
		if c.IsValid() {
			return c.String()
		}
	}
	if a.kind == addrPrefix {
		return a.p.String()
	}
	return "the destination"
}

// fromCorporate: in through the virtual private gateway or transit gateway.
func (t *tracer) fromCorporate(src, dst location) {
	if src.cvpn != nil {
		t.fromVPN(src, dst)
		return
	}
	if src.gateway.Kind == "" {
		t.add(Hop{Component: src.comp, ID: src.id, Step: StepForward, Decision: Unknown, Code: CodeNotModelled,
			Message: "how traffic from " + src.label + " enters the VPC is not in the input"})
		return
	}
	comp := CompVPNGateway
	if src.gateway.Kind == model.TargetTransitGateway {
		comp = CompTransitGateway
	}
	t.add(Hop{Component: comp, ID: src.gateway.ID, Step: StepForward, Decision: Allow, Rule: "into the VPC"})
	if dst.kind != locENI {
		t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepArrive, Decision: Unknown, Code: CodeNotModelled,
			Message: fmt.Sprintf("traffic from the corporate network to %s is not modelled", dst.label)})
		return
	}
	t.acl(dst.subnet, false, false, src.a)
	t.sg(dst, src, false)
	t.returnRoute(dst, src.a, src.gateway.Kind, "")
	t.acl(dst.subnet, true, true, src.a)
	t.deliver(dst)
}

// edgeRoute applies the route table edge-associated with a gateway (ingress routing) to
// traffic entering the VPC through it: local delivery goes on; anything else is sent to
// an appliance this model does not follow.
func (t *tracer) edgeRoute(gw string, dst location) {
	x := t.an.edgeRT[gw]
	if x == nil {
		return
	}
	d, e := x.lookup(dst.a)
	h := Hop{Component: CompRouteTable, ID: x.rt.ID, Step: StepRoute, Decision: d, Where: x.where, Rule: "edge association with " + gw}
	if e != nil {
		h.Rule, h.Where = e.text+" (edge association with "+gw+")", e.where
	}
	switch {
	case d == Deny || (e != nil && e.blackhole):
		h.Decision, h.Code = Deny, CodeNoRoute
		h.Message = fmt.Sprintf("the route table %s associated with gateway %s has no route to %s", x.rt.ID, gw, dst.a)
		h.Fix = fmt.Sprintf("add the local route for %s to route table %s", dst.a, x.rt.ID)
	case d == Unknown:
		h.Code = CodeUnknownValue
		h.Message = fmt.Sprintf("whether route %q of route table %s matches %s is not known from the input", e.text, x.rt.ID, dst.a)
	case e.target.Kind != model.TargetLocal:
		h.Decision, h.Code = Unknown, CodeNotModelled
		h.Message = fmt.Sprintf("ingress routing sends traffic from %s through %s %s; the appliance behind it is not modelled", gw, e.target.Kind, e.target.ID)
	}
	t.add(h)
}
