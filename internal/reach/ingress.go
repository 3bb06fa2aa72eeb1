package reach

import (
	"fmt"
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Walks that start outside the VPC: the internet, a Client VPN client, the corporate
// network, and ingress routing at the gateway they come in by.

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
	case igw == nil && dst.vpc == "":
		// The subnet (and so its VPC) is outside the input: nothing is known of its gateways.
		h.Decision, h.Code, h.ID = Unknown, CodeNotInInput, dst.subnet
		h.Rule = "the VPC of subnet " + dst.subnet + " is outside the input"
		h.Message = fmt.Sprintf("subnet %s and its VPC are not in the input: whether an internet gateway leads to it is not known", dst.subnet)
	case igw == nil && t.an.ix.VPCs[dst.vpc] == nil:
		// An existing VPC the input refers to by ID: its gateways are not in the input.
		h.Decision, h.Code, h.ID = Unknown, CodeNotInInput, dst.vpc
		h.Rule = "VPC " + dst.vpc + " is outside the input"
		h.Message = fmt.Sprintf("VPC %s is outside the input: whether an internet gateway is attached to it is not known", dst.vpc)
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
	// AWS adds a route to the VPC's CIDR for each target-network association. When the
	// VPC is outside the input (an existing VPC a template adds to), that route exists but
	// its CIDR is not known: the VPC's addresses are reached through it, undecided.
	vpcRouteUnknown := false
	if len(routes) == 0 && len(cv.Associations) > 0 {
		if v := t.an.ix.VPCs[cv.VPC]; v != nil && len(v.CIDRs) > 0 && v.CIDRs[0].IsValid() {
			for _, s := range cv.Associations {
				routes = append(routes, model.ClientVPNRoute{Destination: v.CIDRs[0], TargetSubnet: s, Source: cv.Source})
			}
		} else {
			vpcRouteUnknown = !dst.a.public()
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
	case vpcRouteUnknown:
		rh.Decision, rh.Code = Unknown, CodeNotInInput
		rh.Rule, target = "the route AWS adds to the VPC's CIDR -> subnet "+cv.Associations[0], cv.Associations[0]
		rh.Message = fmt.Sprintf("Client VPN %s has the route AWS adds for its associations, but the VPC %s is not in the input, so whether it covers %s is not known", cv.ID, cv.VPC, dst.a)
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
		if c.IsValid() && a.kind == addrPrefix && a.match(c) == Allow {
			return c.String() // the block that holds the destination
		}
	}
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
	switch src.gateway.Kind {
	case model.TargetTransitGateway:
		comp = CompTransitGateway
	case model.TargetPeering:
		comp = CompPeering
	}
	t.add(Hop{Component: comp, ID: src.gateway.ID, Step: StepForward, Decision: Allow, Rule: "into the VPC"})
	if dst.kind != locENI {
		t.add(Hop{Component: dst.comp, ID: dst.id, Step: StepArrive, Decision: Unknown, Code: CodeNotModelled,
			Message: fmt.Sprintf("traffic from the corporate network to %s is not modelled", dst.label)})
		return
	}
	t.acl(dst.subnet, false, false, src.a)
	t.sg(dst, src, false)
	id := ""
	if src.gateway.Kind == model.TargetPeering {
		id = src.gateway.ID // replies must go back through the same connection
	}
	t.returnRoute(dst, src.a, src.gateway.Kind, id)
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
