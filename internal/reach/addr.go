package reach

import "net/netip"

// addrKind says what is known about an address.
type addrKind uint8

const (
	addrPrefix  addrKind = iota // inside p (a single address is a /32 or /128)
	addrPublic                  // some public internet address that is not an AWS service's
	addrService                 // a public address of AWS service svc (its prefix list)
	addrUnknown                 // nothing known
)

// addr is the address of one end of a path, as precisely as the input tells it: a host
// ("10.0.1.5/32"), somewhere in a subnet ("10.0.1.0/24", when the interface's own address
// is not in the input), or symbolic (the internet, an AWS service's public range).
// vpc, when set, says the address is inside that VPC even if p is unknown.
type addr struct {
	kind addrKind
	p    netip.Prefix
	svc  string
	vpc  string
}

func prefixAddr(p netip.Prefix, vpc string) addr {
	if !p.IsValid() {
		return addr{kind: addrUnknown, vpc: vpc}
	}
	return addr{kind: addrPrefix, p: p, vpc: vpc}
}

func (a addr) String() string {
	switch a.kind {
	case addrPrefix:
		if a.p.IsSingleIP() {
			return a.p.Addr().String()
		}
		return a.p.String()
	case addrPublic:
		return "an internet address"
	case addrService:
		return "the public addresses of " + a.svc
	}
	return "an unknown address"
}

// public reports whether a is (known to be) a public address.
func (a addr) public() bool {
	switch a.kind {
	case addrPublic, addrService:
		return true
	case addrPrefix:
		return !isPrivate(a.p)
	}
	return false
}

// privateRanges are the IPv4 ranges that are never internet addresses (RFC 1918, shared
// address space, link-local) and IPv6 unique-local.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
}

// isPrivate reports whether every address of p is private.
func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// match says whether the addresses a stands for all fall into cidr: Allow (yes),
// Deny (no) or Unknown (some may, or a value is unknown).
func (a addr) match(cidr netip.Prefix) Decision {
	if !cidr.IsValid() {
		return Unknown
	}
	switch a.kind {
	case addrPrefix:
		if a.p.Addr().Is4() != cidr.Addr().Is4() {
			return Deny
		}
		if cidr.Bits() <= a.p.Bits() && cidr.Contains(a.p.Addr()) {
			return Allow
		}
		if a.p.Bits() < cidr.Bits() && a.p.Contains(cidr.Addr()) {
			return Unknown // cidr covers part of a
		}
		return Deny
	case addrPublic, addrService:
		if !cidr.Addr().Is4() {
			return Deny // we model public endpoints as IPv4
		}
		if cidr.Bits() == 0 {
			return Allow
		}
		if isPrivate(cidr) {
			return Deny
		}
		return Unknown
	}
	if cidr.Bits() == 0 && cidr.Addr().Is4() {
		return Allow
	}
	return Unknown
}
