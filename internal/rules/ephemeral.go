package rules

import (
	"fmt"
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
)

// checkEphemeralRange is NET-07's warning: MWAA's containers run Amazon Linux, so replies
// to them use ports 32768-60999, and an ACL that lets those through (the paths pass) but
// not all of 1024-65535 works for MWAA yet breaks other clients (NAT gateways and load
// balancers use 1024-65535, Windows 49152-65535), against AWS's recommendation. A deny
// inside 32768-60999 is not reported here: the paths report it as an error (NET-07/path).
// Checked for replies between the environment's subnets and the VPC, in both directions.
func checkEphemeralRange(c *Context) {
	in, _ := c.envSubnets()
	vpc := c.Index.VPCs[c.envVPC()]
	if vpc == nil || len(in) == 0 {
		return
	}
	an := c.analyzer
	if an == nil {
		an = reach.New(c.Arch)
	}
	seen := map[string]bool{}
	for _, s := range in {
		for _, cidr := range vpc.CIDRs {
			if !cidr.IsValid() || !cidr.Addr().Is4() {
				continue
			}
			for _, egress := range []bool{false, true} {
				linux, all, acl, ok := an.ReplyPorts(s.ID, egress, netip.PrefixFrom(cidr.Addr(), cidr.Bits()))
				if !ok || linux != reach.Allow || all == reach.Allow || seen[acl+fmt.Sprint(egress)] {
					continue
				}
				seen[acl+fmt.Sprint(egress)] = true
				dir, prep := "inbound", "from"
				if egress {
					dir, prep = "outbound", "to"
				}
				src := model.Source{ID: acl}
				if a := c.Index.NetworkACLs[acl]; a != nil {
					src = a.Source
				}
				c.Report(acl, src, fmt.Sprintf("network ACL %s of subnet %s lets %s TCP replies %s %s through on %s (Amazon Linux, which MWAA's containers run) but not on all of %s: MWAA works, other clients (NAT gateways, load balancers, Windows) do not",
					acl, s.ID, dir, prep, cidr, model.AmazonLinuxEphemeralPorts, model.ServiceEphemeralPorts),
					fmt.Sprintf("allow %s TCP %s %s %s in network ACL %s, as AWS recommends", dir, model.ServiceEphemeralPorts, prep, cidr, acl))
			}
		}
	}
}
