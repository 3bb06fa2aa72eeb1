package reach

import (
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Load balancers (ELBv2). A load balancer is a place with one interface per subnet, under
// its own security groups. Traffic to it must meet a listener on the query's port (the
// walk records that first); from it, traffic leaves its interfaces towards a target like
// any interface's (the load balancer opens a new connection, so the target sees the load
// balancer's addresses and security groups, not the client's).
//
// Decisions where AWS leaves a choice:
//   - A scheme the input does not give is internet-facing (AWS's default); an
//     internet-facing load balancer has public addresses in each of its subnets.
//   - An application load balancer created without security groups gets the VPC's
//     default group; a network load balancer created without them has none, and its
//     traffic is checked by no group.
//   - Listener rules are not followed, only the listeners' default actions.

func (an *Analyzer) lbLocations(lb *model.LoadBalancer) []location {
	locs := make([]location, 0, len(lb.Subnets))
	for _, s := range lb.Subnets {
		l := an.subnetLocation(s)
		l.label = "load balancer " + lb.ID + " in " + s
		l.id, l.comp, l.lb = lb.ID, CompLoadBalancer, lb
		if l.vpc == "" {
			l.vpc = lb.VPC
		}
		switch lb.Scheme {
		case model.LBInternal:
			l.publicIP = model.No
		case model.LBInternetFacing:
			l.publicIP = model.Yes
		default:
			l.publicIP = model.Unknown
		}
		l.sgs, l.sgKnown = lb.SecurityGroups, lb.SecurityGroupsKnown
		if lb.SecurityGroupsKnown && len(lb.SecurityGroups) == 0 && lb.Type == model.LBNetwork {
			l.sgs = nil
			l.noSGs = true
		}
		locs = append(locs, l)
	}
	return locs
}

// listener records whether the load balancer of dst listens on the query's port.
func (t *tracer) listener(dst location) {
	lb := dst.lb
	h := Hop{Component: CompLoadBalancer, ID: lb.ID, Step: StepIngress, Where: where(lb.Source, lb.ID)}
	unknown := false
	for _, ls := range lb.Listeners {
		switch {
		case ls.Port == t.q.Port && listenerProtoMatches(ls.Protocol, t.q.Protocol):
			h.Decision, h.Rule, h.Where = Allow, fmt.Sprintf("listener %s %d", strings.ToUpper(ls.Protocol), ls.Port), whereOr(ls.Source, h.Where)
			t.add(h)
			return
		case ls.Port < 0:
			unknown = true
		}
	}
	if unknown {
		h.Decision, h.Code = Unknown, CodeUnknownValue
		h.Message = fmt.Sprintf("whether load balancer %s listens on %s is not known from the input (a listener's port is not known)", lb.ID, t.proto())
		t.add(h)
		return
	}
	h.Decision, h.Code = Deny, CodeNoListener
	h.Rule = "no listener on " + t.proto()
	h.Message = fmt.Sprintf("load balancer %s has no listener on %s", lb.ID, t.proto())
	h.Fix = fmt.Sprintf("add a listener on %s to load balancer %s", t.proto(), lb.ID)
	t.add(h)
}

// listenerProtoMatches: HTTP, HTTPS, TCP, TLS listeners take TCP; UDP ones UDP; TCP_UDP both.
func listenerProtoMatches(listener string, p model.Protocol) bool {
	switch strings.ToUpper(listener) {
	case "UDP":
		return p == model.UDP
	case "TCP_UDP":
		return p == model.UDP || p == model.TCP
	case "":
		return p == model.TCP
	}
	return p == model.TCP
}
