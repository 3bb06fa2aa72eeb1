package reach

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Hops through gateways: internet gateway, NAT gateway and instance, gateway endpoint,
// virtual private and transit gateways, peering, and the return route they need.

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
	// Replies from the internet come back to the NAT gateway's own ports (1024-65535).
	client, known := t.client, t.clientKnown
	t.client, t.clientKnown = model.ServiceEphemeralPorts, true
	t.acl(nat.Subnet, false, true, dst.a)
	t.client, t.clientKnown = client, known
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
		h.Message = fmt.Sprintf("the route sends %s to gateway endpoint %s for %s, which does not lead there", dst.a, id, t.an.serviceName(ep.Service))
		h.Fix = "route this destination elsewhere"
	case ep.State != "" && ep.State != "available":
		h.Decision, h.Code, h.Where = Deny, CodeEndpointState, where(ep.Source, id)
		h.Message = fmt.Sprintf("gateway endpoint %s is %s, not available", id, ep.State)
		h.Fix = "recreate the endpoint"
	default:
		h.Where = where(ep.Source, id)
		h.Rule = "gateway endpoint for " + t.an.serviceName(ep.Service)
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
