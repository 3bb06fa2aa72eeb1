package reach

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// ICMP types the trace uses: a query on icmp is an echo request, its reply an echo reply.
const (
	icmpEchoRequest = 8
	icmpEchoReply   = 0
)

// evaluate applies the ACL's rules in one direction, in rule-number order, to traffic
// with protocol proto whose destination ports are ports (all of which must be allowed:
// the ephemeral range of a reply), exchanged with peer (the source for inbound rules,
// the destination for outbound ones). It returns the decision and the entry that made
// it (nil when no entry matched: AWS's implicit deny).
func (x *aclIndex) evaluate(egress bool, proto model.Protocol, ports model.PortRange, icmpType int32, peer addr) (Decision, *aclEntry) {
	entries := x.in
	if egress {
		entries = x.out
	}
	var bufA, bufB [8]model.PortRange
	rem := append(bufA[:0], ports)
	spare := bufB[:0]
	var last *aclEntry
	for i := range entries {
		ae := &entries[i]
		e := ae.e
		if proto == model.AllProtocols {
			if e.Protocol != model.AllProtocols {
				// A rule for one protocol covers only part of "all traffic": an allow does
				// not settle it, a deny that matches the peer drops that part.
				if !e.Allow && peer.match(e.CIDR) != Deny {
					return Deny, ae
				}
				continue
			}
		} else if !e.Protocol.Matches(proto) {
			continue
		}
		if proto == model.ICMP && e.Protocol == model.ICMP && e.ICMPType != -1 && e.ICMPType != icmpType {
			continue
		}
		switch peer.match(e.CIDR) {
		case Deny:
			continue
		case Unknown:
			return Unknown, ae
		}
		if e.Protocol.HasPorts() && proto.HasPorts() {
			if !overlapsAny(rem, e.Ports) {
				continue
			}
			if !e.Allow {
				return Deny, ae
			}
			next := subtract(spare, rem, e.Ports)
			spare, rem = rem[:0], next
		} else {
			if !e.Allow {
				return Deny, ae
			}
			rem = rem[:0]
		}
		last = ae
		if len(rem) == 0 {
			return Allow, last
		}
	}
	return Deny, nil
}

func overlapsAny(rs []model.PortRange, r model.PortRange) bool {
	for _, x := range rs {
		if x.Overlaps(r) {
			return true
		}
	}
	return false
}

// subtract appends to out the ranges rs without r.
func subtract(out, rs []model.PortRange, r model.PortRange) []model.PortRange {
	for _, x := range rs {
		if !x.Overlaps(r) {
			out = append(out, x)
			continue
		}
		if x.From < r.From {
			out = append(out, model.PortRange{From: x.From, To: r.From - 1})
		}
		if x.To > r.To {
			out = append(out, model.PortRange{From: r.To + 1, To: x.To})
		}
	}
	return out
}

// sgPeer is the other end of a security-group check: its address and, when it is an
// interface in the same VPC, its security groups.
type sgPeer struct {
	a        addr
	groups   []string
	groupsOK bool // groups is known (the peer is an interface whose groups we know)
}

// sgDecision is the outcome of a security-group check.
type sgDecision struct {
	d     Decision
	group string
	rule  *sgRule
}

// evaluateSGs checks whether any rule of any of groups allows the traffic (egress: to
// peer; ingress: from peer). Security groups only allow; a rule whose peer or group is
// not known makes the answer unknown unless another rule allows.
func (an *Analyzer) evaluateSGs(groups []string, egress bool, proto model.Protocol, port int32, icmpType int32, peer sgPeer) sgDecision {
	var unknown sgDecision
	for _, g := range groups {
		x := an.sgs[g]
		if x == nil {
			if unknown.d != Unknown {
				unknown = sgDecision{d: Unknown, group: g}
			}
			continue
		}
		rules := x.in
		if egress {
			rules = x.out
		}
		for i := range rules {
			r := rules[i].r
			if !sgProtoMatch(r, proto, port, icmpType) {
				continue
			}
			m := an.sgPeerMatch(r, peer)
			if m == Allow {
				return sgDecision{d: Allow, group: g, rule: &rules[i]}
			}
			if m == Unknown && unknown.d != Unknown {
				unknown = sgDecision{d: Unknown, group: g, rule: &rules[i]}
			}
		}
	}
	if unknown.d == Unknown {
		return unknown
	}
	return sgDecision{d: Deny}
}

func sgProtoMatch(r *model.SGRule, proto model.Protocol, port, icmpType int32) bool {
	if r.Protocol == model.AllProtocols {
		return true
	}
	if r.Protocol != proto {
		return false
	}
	switch {
	case proto.HasPorts():
		return r.Ports.Contains(port)
	case proto == model.ICMP:
		return r.Ports.From == -1 || r.Ports.From == icmpType
	}
	return true
}

func (an *Analyzer) sgPeerMatch(r *model.SGRule, peer sgPeer) Decision {
	switch {
	case r.PeerUnknown:
		return Unknown
	case r.Group != "":
		if !peer.groupsOK {
			if peer.a.public() {
				return Deny // a group reference never matches traffic from outside the VPC
			}
			if an.sgs[r.Group] != nil && peer.a.kind == addrPrefix && peer.a.vpc == "" && !an.inInputVPC(peer.a.p) {
				// A group of the input belongs to a VPC of the input: a host outside every
				// such VPC (a peered VPC's, a corporate one) is never its member.
				return Deny
			}
			return Unknown
		}
		for _, g := range peer.groups {
			if g == r.Group {
				return Allow
			}
		}
		return Deny
	case r.PrefixList != "":
		svc, entries := an.prefixList(r.PrefixList, model.RouteTarget{})
		d := plMatch(svc, entries, peer.a)
		if d == Deny && svc == "" && entries == nil && peer.a.kind == addrPrefix {
			// A customer-managed list whose entries the input does not hold may hold any
			// address, private ones included: undetermined, not "no rule allows".
			return Unknown
		}
		return d
	}
	return peer.a.match(r.CIDR)
}

// plMatch says whether a falls into the prefix list of AWS service svc (entries when
// known).
func plMatch(svc string, entries []netip.Prefix, a addr) Decision {
	switch a.kind {
	case addrService:
		if svc == "" {
			return Unknown
		}
		if svc == a.svc {
			return Allow
		}
		return Deny
	case addrPublic:
		return Deny
	case addrPrefix:
		for _, e := range entries {
			if a.match(e) == Allow {
				return Allow
			}
		}
		if len(entries) > 0 || isPrivate(a.p) {
			return Deny
		}
		return Unknown
	}
	if a.vpc != "" {
		return Deny
	}
	return Unknown
}

// lookup finds the route for a by longest prefix match. It returns Deny with a nil
// entry when no route matches, and Unknown with the route in doubt when a route that
// may match (an unknown CIDR, a prefix list with unknown entries) could be more specific
// than the best sure match.
func (x *rtIndex) lookup(a addr) (Decision, *routeEntry) {
	var best, doubt *routeEntry
	bestBits, doubtBits := -1, -1
	for i := range x.routes {
		e := &x.routes[i]
		var m Decision
		var bits int
		switch {
		case e.pl != "":
			m = plMatch(e.plSvc, e.plEntries, a)
			bits = 32
			if a.kind == addrPrefix {
				for _, p := range e.plEntries {
					if a.match(p) == Allow {
						bits = p.Bits()
						break
					}
				}
			}
		case a.kind == addrUnknown && a.vpc != "" && a.vpc == x.rt.VPC && e.target.Kind == model.TargetLocal:
			m, bits = Allow, 128 // inside this VPC, address not known: the local route
		default:
			m = a.match(e.dst)
			bits = e.dst.Bits()
			if !e.dst.IsValid() {
				bits = 128
			}
		}
		switch m {
		case Allow:
			if bits > bestBits {
				best, bestBits = e, bits
			}
		case Unknown:
			if bits > doubtBits {
				doubt, doubtBits = e, bits
			}
		}
	}
	if doubt != nil && doubtBits > bestBits {
		return Unknown, doubt
	}
	if best == nil {
		return Deny, nil
	}
	return Allow, best
}

// inInputVPC reports whether p overlaps a CIDR of a VPC of the input (an unknown CIDR
// counts as overlapping).
func (an *Analyzer) inInputVPC(p netip.Prefix) bool {
	for _, v := range an.a.VPCs {
		for _, c := range v.CIDRs {
			if !c.IsValid() || c.Overlaps(p) {
				return true
			}
		}
	}
	return false
}
