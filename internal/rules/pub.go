package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// PUB: public routing. Whether the environment really reaches the internet is decided by
// the path rules (PUB-04/path); these rules check the shape the guide asks for.

func pubRules() []*Rule {
	return []*Rule{
		rule("PUB-01/public-subnets", "PUB-01", model.SeverityError,
			"Public routing: two public subnets in different AZs, each routing 0.0.0.0/0 to the internet gateway", checkPublicSubnets),
		rule("PUB-02/internet-gateway", "PUB-02", model.SeverityError,
			"Public routing: one internet gateway, attached to the VPC", checkInternetGateway),
		rule("PUB-03/nat-per-az", "PUB-03", model.SeverityWarning,
			"Public routing: a NAT device with an Elastic IP in each AZ (one NAT for both AZs is a single point of failure)", checkNATPerAZ),
		rule("PUB-04/nat-route", "PUB-04", model.SeverityWarning,
			"Public routing: each environment subnet sends 0.0.0.0/0 to a NAT device in its own AZ", checkNATRoute),
	}
}

// envNATs returns, per environment subnet in the input, the NAT gateway its default route
// uses (nil when the route goes elsewhere or the NAT is outside the input), and whether any
// subnet uses a NAT device at all.
func (c *Context) envNATs() (map[string]*model.NATGateway, bool) {
	out := map[string]*model.NATGateway{}
	usesNAT := false
	in, _ := c.envSubnets()
	for _, s := range in {
		rt := c.Index.SubnetRouteTable[s.ID]
		if rt == nil {
			continue
		}
		if r, ok := defaultRoute(rt); ok && isNAT(r.Target) {
			usesNAT = true
			out[s.ID] = c.Index.NATGateways[r.Target.ID]
		}
	}
	return out, usesNAT
}

// publicSubnets returns the subnets of vpc whose effective route table sends 0.0.0.0/0 to
// an internet gateway.
func (c *Context) publicSubnets(vpc string) []*model.Subnet {
	var out []*model.Subnet
	for _, s := range c.Arch.Subnets {
		if s.VPC != vpc {
			continue
		}
		if rt := c.Index.SubnetRouteTable[s.ID]; rt != nil {
			if r, ok := defaultRoute(rt); ok && c.isIGW(r.Target) {
				out = append(out, s)
			}
		}
	}
	return out
}

// publicNATVPC returns the environment's VPC when the checks of public routing through NAT
// apply to this input: public routing, the VPC in the input, and the environment's subnets
// sending 0.0.0.0/0 to NAT devices (other egress, such as a transit gateway, is left to
// the path rules).
func (c *Context) publicNATVPC() *model.VPC {
	if c.Routing != model.RoutingPublic {
		return nil
	}
	if _, uses := c.envNATs(); !uses {
		return nil
	}
	return c.Index.VPCs[c.envVPC()]
}

func checkPublicSubnets(c *Context) {
	v := c.publicNATVPC()
	if v == nil {
		return
	}
	if c.Arch.IsUnknown(model.UnknownRouteTables) || c.Arch.IsUnknown(model.UnknownSubnets) {
		c.NotVerifiable(v.ID, v.Source, "the public subnets of VPC "+v.ID)
		return
	}
	pub := c.publicSubnets(v.ID)
	azs := map[string]bool{}
	for _, s := range pub {
		azs[s.AZ] = true
	}
	switch {
	case len(pub) == 0:
		c.Report(v.ID, v.Source, fmt.Sprintf("public routing: VPC %s has no public subnet (a subnet whose route table sends 0.0.0.0/0 to an internet gateway) for the NAT gateways", v.ID),
			"add two public subnets in different Availability Zones with a route table sending 0.0.0.0/0 to the internet gateway")
	case len(azs) < 2:
		c.ReportAs(model.SeverityWarning, pub[0].ID, pub[0].Source, fmt.Sprintf("public routing: VPC %s has public subnets in only one Availability Zone; the guide puts one in each of the environment's two AZs", v.ID),
			"add a public subnet (and a NAT gateway) in the other Availability Zone")
	}
}

func checkInternetGateway(c *Context) {
	v := c.publicNATVPC()
	if v == nil {
		return
	}
	if c.Arch.IsUnknown(model.UnknownInternetGateways) {
		c.NotVerifiable(v.ID, v.Source, "the internet gateway of VPC "+v.ID)
		return
	}
	for _, g := range c.Arch.InternetGateways {
		if !g.Egress && contains(g.VPCs, v.ID) {
			return
		}
	}
	for _, g := range c.Arch.InternetGateways {
		if !g.Egress && len(g.VPCs) == 0 {
			c.Report(g.ID, g.Source, fmt.Sprintf("public routing: internet gateway %s is not attached to VPC %s", g.ID, v.ID),
				"attach it (AWS::EC2::VPCGatewayAttachment)")
			return
		}
	}
	c.Report(v.ID, v.Source, fmt.Sprintf("public routing: VPC %s has no internet gateway attached; its NAT gateways cannot reach the internet", v.ID),
		"add an internet gateway and attach it to the VPC")
}

func checkNATPerAZ(c *Context) {
	if c.publicNATVPC() == nil {
		return
	}
	nats, _ := c.envNATs()
	subnets := make([]string, 0, len(nats))
	for s := range nats {
		subnets = append(subnets, s)
	}
	sort.Strings(subnets)
	used := map[string][]string{}
	for _, s := range subnets {
		n := nats[s]
		if n == nil {
			continue
		}
		used[n.ID] = append(used[n.ID], s)
		if n.Public == model.No {
			c.ReportAs(model.SeverityError, n.ID, n.Source, fmt.Sprintf("NAT gateway %s (used by environment subnet %s) has private connectivity: it cannot reach the internet", n.ID, s),
				"use a public NAT gateway with an Elastic IP, in a public subnet")
		} else if n.EIP == "" && !n.PublicIP.IsValid() && n.Public != model.Yes {
			c.Report(n.ID, n.Source, fmt.Sprintf("NAT gateway %s has no Elastic IP", n.ID), "give it an Elastic IP allocation")
		}
	}
	for id, ss := range used {
		if len(ss) > 1 {
			n := c.Index.NATGateways[id]
			c.Report(n.ID, n.Source, fmt.Sprintf("both environment subnets (%s) send their traffic through one NAT gateway, %s: if its Availability Zone fails, the environment loses AWS services and the internet", strings.Join(ss, ", "), id),
				"add a NAT gateway in a public subnet of the other Availability Zone and route that AZ's environment subnet to it")
		}
	}
}

func checkNATRoute(c *Context) {
	if c.publicNATVPC() == nil {
		return
	}
	nats, _ := c.envNATs()
	in, _ := c.envSubnets()
	for _, s := range in {
		n := nats[s.ID]
		if n == nil {
			continue
		}
		ns := c.Index.Subnets[n.Subnet]
		if ns == nil || ns.AZ == "" || s.AZ == "" || ns.AZ == s.AZ {
			continue
		}
		rt := c.Index.SubnetRouteTable[s.ID]
		r, _ := defaultRoute(rt)
		c.Report(rt.ID, routeSource(rt, r), fmt.Sprintf("environment subnet %s (in %s) sends 0.0.0.0/0 to NAT gateway %s in another Availability Zone (%s): cross-AZ traffic costs more and fails with that AZ", s.ID, c.azPhrase(s.AZ), n.ID, c.azPhrase(ns.AZ)),
			"route each environment subnet to the NAT gateway of its own Availability Zone")
	}
}
