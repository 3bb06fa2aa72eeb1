package model

import (
	"fmt"
	"strconv"
)

// Tri is a boolean that may be unknown.
type Tri int8

const (
	Unknown Tri = iota
	Yes
	No
)

// TriOf turns a known bool into a Tri.
func TriOf(b bool) Tri {
	if b {
		return Yes
	}
	return No
}

// Known reports whether t is Yes or No.
func (t Tri) Known() bool { return t != Unknown }

func (t Tri) String() string {
	switch t {
	case Yes:
		return "true"
	case No:
		return "false"
	}
	return "unknown"
}

// Protocol is an IP protocol number as AWS uses them in ACL entries and SG rules:
// -1 means all protocols.
type Protocol int16

const (
	AllProtocols Protocol = -1
	ICMP         Protocol = 1
	TCP          Protocol = 6
	UDP          Protocol = 17
	ICMPv6       Protocol = 58
)

// ParseProtocol accepts the forms AWS APIs and templates use: "-1", "all", "tcp", "6", ...
func ParseProtocol(s string) (Protocol, error) {
	switch s {
	case "-1", "all", "ALL", "All":
		return AllProtocols, nil
	case "tcp", "TCP":
		return TCP, nil
	case "udp", "UDP":
		return UDP, nil
	case "icmp", "ICMP":
		return ICMP, nil
	case "icmpv6", "ICMPv6", "ICMPV6":
		return ICMPv6, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -1 || n > 255 {
		return 0, fmt.Errorf("%q is not a protocol (expected tcp, udp, icmp, icmpv6, -1 or a number 0-255)", s)
	}
	return Protocol(n), nil
}

func (p Protocol) String() string {
	switch p {
	case AllProtocols:
		return "all"
	case TCP:
		return "tcp"
	case UDP:
		return "udp"
	case ICMP:
		return "icmp"
	case ICMPv6:
		return "icmpv6"
	}
	return strconv.Itoa(int(p))
}

// Matches reports whether a rule for protocol p applies to a packet of protocol q.
func (p Protocol) Matches(q Protocol) bool { return p == AllProtocols || p == q }

// HasPorts reports whether port ranges mean anything for p.
func (p Protocol) HasPorts() bool { return p == TCP || p == UDP }

// PortRange is an inclusive range of ports. The zero value is not valid; AllPorts covers
// 0-65535. For ICMP rules From and To hold the ICMP type and code (-1 for any) as AWS does;
// see ICMPType.
type PortRange struct {
	From, To int32
}

// AllPorts is every port.
var AllPorts = PortRange{0, 65535}

// Ports returns the single-port range [p, p].
func Ports(from, to int32) PortRange { return PortRange{from, to} }

// Port returns the range holding just p.
func Port(p int32) PortRange { return PortRange{p, p} }

// Contains reports whether port is in r.
func (r PortRange) Contains(port int32) bool { return port >= r.From && port <= r.To }

// Covers reports whether r contains every port of o.
func (r PortRange) Covers(o PortRange) bool { return r.From <= o.From && o.To <= r.To }

// Overlaps reports whether r and o share a port.
func (r PortRange) Overlaps(o PortRange) bool { return r.From <= o.To && o.From <= r.To }

// IsAll reports whether r is 0-65535.
func (r PortRange) IsAll() bool { return r.From <= 0 && r.To >= 65535 }

func (r PortRange) String() string {
	if r.IsAll() {
		return "all"
	}
	if r.From == r.To {
		return strconv.Itoa(int(r.From))
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

// EphemeralPorts is the range return traffic uses, as the MWAA guide's example ACLs allow.
var EphemeralPorts = PortRange{1024, 65535}
