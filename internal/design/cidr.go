package design

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// Plan is the address plan of a network: the VPC CIDR, one private (and, in public
// routing, one public) subnet per Availability Zone, and the Client VPN's client range.
type Plan struct {
	VPC     netip.Prefix
	Private []netip.Prefix
	Public  []netip.Prefix
	// AZs are the zones of the subnets, in order (pinned names or symbolic).
	AZs []string
	// VPNClient is the Client VPN's client CIDR; zero when there is no VPN.
	VPNClient netip.Prefix
}

// PlanAddresses computes the address plan of s: the given blocks where the spec pins them,
// the rest carved in order from the VPC CIDR (private subnets first, then public), never
// overlapping. It fails with a *model.InputError at the spec position when the plan is
// impossible, saying why.
func PlanAddresses(s *spec.Spec) (*Plan, error) {
	p := &Plan{}
	if e := s.VPC.Existing; e != nil {
		vpc, err := parsePrefix(s, "vpc.existing.cidr", e.CIDR)
		if err != nil {
			return nil, err
		}
		p.VPC = vpc
		if len(e.Subnets) != 2 {
			return nil, model.Errorf(s.Source("vpc.existing.subnets"), "vpc.existing.subnets: MWAA needs exactly 2 private subnets in 2 Availability Zones (NET-01), got %d", len(e.Subnets))
		}
		for i, sn := range e.Subnets {
			path := fmt.Sprintf("vpc.existing.subnets[%d].cidr", i)
			c, err := parsePrefix(s, path, sn.CIDR)
			if err != nil {
				return nil, err
			}
			if !within(vpc, c) {
				return nil, model.Errorf(s.Source(path), "%s: %s is not inside the VPC's %s", path, c, vpc)
			}
			for j, prev := range p.Private {
				if prev.Overlaps(c) {
					return nil, model.Errorf(s.Source(path), "%s: %s overlaps vpc.existing.subnets[%d].cidr %s", path, c, j, prev)
				}
			}
			p.Private = append(p.Private, c)
			p.AZs = append(p.AZs, sn.AZ)
		}
	} else {
		vpc, err := parsePrefix(s, "vpc.cidr", s.VPC.CIDR)
		if err != nil {
			return nil, err
		}
		p.VPC = vpc
		n := s.VPC.AZCount
		if n != 2 {
			return nil, model.Errorf(s.Source("vpc.azCount"), "vpc.azCount: MWAA uses exactly 2 Availability Zones (NET-01), got %d", n)
		}
		if err := carve(s, p, n); err != nil {
			return nil, err
		}
		for i := 0; i < n; i++ {
			if len(s.VPC.AZNames) == n {
				p.AZs = append(p.AZs, s.VPC.AZNames[i])
			} else {
				p.AZs = append(p.AZs, fmt.Sprintf("%s#%d", model.PseudoRegion, i))
			}
		}
	}
	if s.VPNEnabled() {
		c, err := vpnClientCIDR(s, p.VPC)
		if err != nil {
			return nil, err
		}
		p.VPNClient = c
	}
	return p, nil
}

// carve fills the private (and public) subnets of a new VPC.
func carve(s *spec.Spec, p *Plan, n int) error {
	bits := s.VPC.SubnetPrefixLength
	if bits <= p.VPC.Bits() || bits > 28 {
		return model.Errorf(s.Source("vpc.subnetPrefixLength"), "vpc.subnetPrefixLength: /%d subnets cannot be carved from vpc.cidr %s (need a length between /%d and /28)", bits, p.VPC, p.VPC.Bits()+1)
	}
	public := s.Routing == model.RoutingPublic
	type given struct {
		path string
		p    netip.Prefix
	}
	var taken []given
	take := func(key string, list []string) ([]netip.Prefix, error) {
		if len(list) == 0 {
			return nil, nil
		}
		if len(list) != n {
			return nil, model.Errorf(s.Source("vpc."+key), "vpc.%s: %d blocks for %d Availability Zones", key, len(list), n)
		}
		var out []netip.Prefix
		for i, c := range list {
			path := fmt.Sprintf("vpc.%s[%d]", key, i)
			sp, err := parsePrefix(s, path, c)
			if err != nil {
				return nil, err
			}
			if !within(p.VPC, sp) {
				return nil, model.Errorf(s.Source(path), "%s: %s is not inside vpc.cidr %s", path, sp, p.VPC)
			}
			for _, t := range taken {
				if t.p.Overlaps(sp) {
					return nil, model.Errorf(s.Source(path), "%s: %s overlaps %s (%s)", path, sp, t.path, t.p)
				}
			}
			taken = append(taken, given{path, sp})
			out = append(out, sp)
		}
		return out, nil
	}
	var err error
	if p.Private, err = take("privateSubnetCidrs", s.VPC.PrivateSubnetCIDRs); err != nil {
		return err
	}
	if public {
		if p.Public, err = take("publicSubnetCidrs", s.VPC.PublicSubnetCIDRs); err != nil {
			return err
		}
	}
	need := 0
	if p.Private == nil {
		need += n
	}
	if public && p.Public == nil {
		need += n
	}
	used := make([]netip.Prefix, 0, len(taken))
	for _, t := range taken {
		used = append(used, t.p)
	}
	var carved []netip.Prefix
	for c := netip.PrefixFrom(p.VPC.Addr(), bits); len(carved) < need && within(p.VPC, c); {
		free := true
		for _, u := range used {
			if u.Overlaps(c) {
				free = false
				break
			}
		}
		if free {
			carved = append(carved, c)
			used = append(used, c)
		}
		next, ok := nextBlock(c)
		if !ok {
			break
		}
		c = next
	}
	if len(carved) < need {
		what := fmt.Sprintf("%d private", n)
		if public {
			what += fmt.Sprintf(" and %d public", n)
		}
		return model.Errorf(s.Source("vpc.cidr"), "vpc.cidr: %s has room for only %d free /%d subnet(s) but the plan needs %d more (%s subnets, one per Availability Zone); use a larger VPC CIDR or a longer vpc.subnetPrefixLength", p.VPC, len(carved), bits, need, what)
	}
	if p.Private == nil {
		p.Private, carved = carved[:n], carved[n:]
	}
	if public && p.Public == nil {
		p.Public = carved[:n]
	}
	return nil
}

// vpnClientCIDR returns the Client VPN client range: the spec's, which must lie outside
// the VPC; when the spec did not write one and the default overlaps the VPC, the first
// free /22 of the private ranges.
func vpnClientCIDR(s *spec.Spec, vpc netip.Prefix) (netip.Prefix, error) {
	const path = "vpn.clientCidr"
	val := s.VPN.ClientCIDR
	if val == "" {
		val = spec.DefaultVPNClientCIDR
	}
	c, err := parsePrefix(s, path, val)
	if err != nil {
		return netip.Prefix{}, err
	}
	if c.Bits() < 12 || c.Bits() > 22 {
		return netip.Prefix{}, model.Errorf(s.Source(path), "%s: %s is a /%d; Client VPN needs a block between /12 and /22 (WEB-02)", path, c, c.Bits())
	}
	if !c.Overlaps(vpc) {
		return c, nil
	}
	if _, written := s.Pos[path]; written {
		return netip.Prefix{}, model.Errorf(s.Source(path), "%s: %s overlaps the VPC's %s; the client range must be outside the VPC (WEB-02)", path, c, vpc)
	}
	for _, base := range []string{"10.100.0.0/22", "172.16.0.0/22", "192.168.0.0/22", "100.64.0.0/22"} {
		cand := netip.MustParsePrefix(base)
		for i := 0; i < 1024; i++ {
			if !cand.Overlaps(vpc) {
				return cand, nil
			}
			next, ok := nextBlock(cand)
			if !ok {
				break
			}
			cand = next
		}
	}
	return netip.Prefix{}, model.Errorf(s.Source(path), "%s: no free /22 outside the VPC's %s; set vpn.clientCidr", path, vpc)
}

func parsePrefix(s *spec.Spec, path, val string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(val)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, model.Errorf(s.Source(path), "%s: %q is not an IPv4 CIDR block (like 10.192.0.0/16)", path, val)
	}
	if p.Masked() != p {
		return netip.Prefix{}, model.Errorf(s.Source(path), "%s: %q has host bits set; the block is %s", path, val, p.Masked())
	}
	return p, nil
}

// within reports whether inner lies entirely inside outer.
func within(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// nextBlock returns the block of the same size right after p.
func nextBlock(p netip.Prefix) (netip.Prefix, bool) {
	a := p.Addr().As4()
	v := uint64(binary.BigEndian.Uint32(a[:]))
	v += 1 << (32 - p.Bits())
	if v > 0xFFFFFFFF {
		return netip.Prefix{}, false
	}
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(v))
	return netip.PrefixFrom(netip.AddrFrom4(b), p.Bits()), true
}

// hostAt returns the n-th address of p (the VPC resolver is at +2).
func hostAt(p netip.Prefix, n uint32) netip.Addr {
	a := p.Masked().Addr().As4()
	v := binary.BigEndian.Uint32(a[:]) + n
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}
