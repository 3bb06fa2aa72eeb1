package reach

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// ReplyPorts says how the network ACL of subnet treats TCP replies exchanged with peer
// (egress: replies leaving the subnet; else entering it): whether it lets through all of
// Amazon Linux's ephemeral ports (what MWAA's containers use, NET-07), and all of
// 1024-65535 (what AWS recommends, covering every client). ok is false when the subnet's
// ACL is not in the input. The rule number returned is the entry that decided the wider
// range (0 for the implicit deny or when it is allowed).
func (an *Analyzer) ReplyPorts(subnet string, egress bool, peer netip.Prefix) (linux, all Decision, acl string, ok bool) {
	x := an.subnetACL[subnet]
	if an.aclUnknown || x == nil {
		return Unknown, Unknown, "", false
	}
	a := prefixAddr(peer, "")
	linux, _ = x.evaluate(egress, model.TCP, model.AmazonLinuxEphemeralPorts, icmpEchoReply, a)
	all, _ = x.evaluate(egress, model.TCP, model.ServiceEphemeralPorts, icmpEchoReply, a)
	return linux, all, x.acl.ID, true
}
