package reach

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/model"
)

// serviceLocations resolves service:svc as DNS does from inside vpc ("" outside any VPC):
// an interface endpoint with private DNS, else a gateway endpoint's prefix list, else the
// service's public addresses. pre holds the DNS hop (with its blocks).
func (an *Analyzer) serviceLocations(svc, vpc string) ([]location, []Hop) {
	key := vpcSvc(vpc, svc)
	if r, ok := an.services.Load(key); ok {
		sr := r.(*serviceResolution)
		return sr.locs, sr.pre
	}
	locs, pre := an.resolveService(svc, vpc)
	for i := range locs {
		locs[i].arrival = "delivered to " + locs[i].label
	}
	an.services.Store(key, &serviceResolution{locs: locs, pre: pre})
	return locs, pre
}

type serviceResolution struct {
	locs []location
	pre  []Hop
}

func (an *Analyzer) resolveService(svc, vpc string) (locs []location, pre []Hop) {
	public := []location{{kind: locService, label: "service " + svc + " (public endpoint)", id: svc, comp: CompService,
		a: addr{kind: addrService, svc: svc}, svc: svc, needsEndpoint: vpc != "" && an.routing == model.RoutingPrivate}}
	if vpc == "" {
		return public, nil
	}
	ifaces := an.iface[vpcSvc(vpc, svc)]
	var ep *model.VPCEndpoint
	for _, e := range ifaces {
		if e.PrivateDNS != model.No {
			ep = e
			break
		}
	}
	if ep == nil && len(an.gateway[vpcSvc(vpc, svc)]) > 0 {
		gw := an.gateway[vpcSvc(vpc, svc)][0]
		l := public[0]
		l.label = "service " + svc + " (through gateway endpoint " + gw.ID + ")"
		l.needsEndpoint = false
		l.gatewayEndpoint = gw.ID
		return []location{l}, nil
	}
	if ep == nil && len(ifaces) > 0 {
		ep = ifaces[0]
	}
	if ep == nil {
		if an.epUnknown {
			return public, []Hop{{Component: CompDNS, ID: svc, Step: StepResolve, Decision: Unknown, Code: CodeNotInInput,
				Message: "the input does not show VPC endpoints: whether " + svc + " resolves to an endpoint is not known"}}
		}
		return public, nil
	}
	name := an.serviceName(ep.Service)
	h := Hop{Component: CompDNS, ID: ep.ID, Step: StepResolve, Where: where(ep.Source, ep.ID),
		Rule: "private DNS " + onOff(ep.PrivateDNS)}
	v := an.ix.VPCs[vpc]
	switch {
	case ep.PrivateDNS == model.No:
		h.Decision, h.Code = Deny, CodeNoPrivateDNS
		h.Message = fmt.Sprintf("interface endpoint %s has private DNS off: the name of %s resolves to the service's public addresses, not to the endpoint", ep.ID, name)
		h.Fix = fmt.Sprintf("enable private DNS on endpoint %s (PrivateDnsEnabled: true)", ep.ID)
	case ep.PrivateDNS == model.Unknown:
		h.Decision, h.Code = Unknown, CodeUnknownValue
		h.Message = fmt.Sprintf("whether endpoint %s has private DNS is not known from the input", ep.ID)
	case v != nil && (v.EnableDNSSupport == model.No || v.EnableDNSHostnames == model.No):
		h.Decision, h.Code, h.Where = Deny, CodeNoVPCDNS, where(v.Source, v.ID)
		h.Component, h.ID = CompDNS, v.ID
		h.Rule = "enableDnsSupport " + v.EnableDNSSupport.String() + ", enableDnsHostnames " + v.EnableDNSHostnames.String()
		h.Message = fmt.Sprintf("VPC %s lacks DNS support or DNS hostnames: private DNS of endpoint %s does not work", v.ID, ep.ID)
		h.Fix = fmt.Sprintf("enable DNS support and DNS hostnames on VPC %s (NET-04)", v.ID)
	case v != nil && (v.EnableDNSSupport == model.Unknown || v.EnableDNSHostnames == model.Unknown):
		h.Decision, h.Code = Unknown, CodeUnknownValue
		h.Rule += "; VPC DNS support/hostnames not known"
		h.Message = fmt.Sprintf("whether VPC %s has DNS support and DNS hostnames is not known from the input", v.ID)
	default:
		h.Decision = Allow
		h.Rule = name + " resolves to the endpoint's interfaces (private DNS)"
	}
	pre = append(pre, h)
	if ep.State != "" && ep.State != "available" {
		pre = append(pre, Hop{Component: CompEndpoint, ID: ep.ID, Step: StepResolve, Where: where(ep.Source, ep.ID),
			Rule: "state " + ep.State, Decision: Deny, Code: CodeEndpointState,
			Message: fmt.Sprintf("endpoint %s is %s, not available", ep.ID, ep.State),
			Fix:     "accept or recreate the endpoint until its state is available"})
	}
	locs = an.endpointLocations(ep)
	if len(locs) == 0 {
		pre = append(pre, Hop{Component: CompEndpoint, ID: ep.ID, Step: StepResolve, Where: where(ep.Source, ep.ID),
			Decision: Deny, Code: CodeEndpointNoSubnet,
			Message: fmt.Sprintf("endpoint %s has no subnets, so no interfaces", ep.ID),
			Fix:     "associate the endpoint with the environment's subnets"})
		return public, pre
	}
	return locs, pre
}

func onOff(t model.Tri) string {
	switch t {
	case model.Yes:
		return "on"
	case model.No:
		return "off"
	}
	return "unknown"
}
