package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// NET: requirements on the network that hold in both routing modes.

func netRules() []*Rule {
	return []*Rule{
		rule("NET-01/subnets", "NET-01", model.SeverityError,
			"The environment uses exactly 2 subnets, in 2 different Availability Zones, in one VPC", checkSubnets),
		rule("NET-02/security-groups", "NET-02", model.SeverityError,
			"The environment has 1 to 5 security groups, in the VPC of its subnets", checkSecurityGroups),
		rule("NET-03/private-subnets", "NET-03", model.SeverityError,
			"The environment's subnets are private (no route to an internet gateway) and nothing from the internet reaches them", checkPrivateSubnets),
		rule("NET-04/vpc-dns", "NET-04", model.SeverityError,
			"The VPC has DNS support and DNS hostnames enabled, so endpoint names resolve privately", checkVPCDNS),
		rule("NET-05/self-reference", "NET-05", model.SeverityError,
			"A security group of the environment allows all traffic from itself (or TCP 443 and 5432)", checkSelfReference),
		rule("NET-07/ephemeral-range", "NET-07", model.SeverityWarning,
			"Network ACLs let replies through on all of 1024-65535, not only Amazon Linux's 32768-60999 that MWAA uses", checkEphemeralRange),
		rule("NET-08/immutable-network", "NET-08", model.SeverityInfo,
			"The environment's VPC and subnets cannot be changed after creation (security groups can)", checkImmutable),
		rule("NET-09/free-addresses", "NET-09", model.SeverityError,
			"Each environment subnet has free addresses for the endpoints MWAA creates there", checkFreeAddresses),
	}
}

func checkSubnets(c *Context) {
	env := c.Env
	if c.EnvNote != "" {
		c.ReportAs(model.SeverityInfo, env.ID, env.Source, "the input declares no MWAA environment; checked for the "+c.EnvNote, "")
	}
	if n := len(env.Subnets); n != 2 {
		if env.SubnetsUnknown && n < 2 {
			c.NotVerifiable(env.ID, env.Source, "the environment's subnets (SubnetIds is not known statically)")
			return
		}
		has := "no subnets"
		if n > 0 {
			has = fmt.Sprintf("%d subnets (%s)", n, strings.Join(env.Subnets, ", "))
		}
		c.Report(env.ID, env.Source, "the environment has "+has+"; MWAA needs exactly 2, in 2 different Availability Zones",
			"give SubnetIds exactly two private subnets in different Availability Zones of one VPC")
		return
	}
	in, outside := c.envSubnets()
	if len(outside) > 0 {
		c.NotVerifiable(env.ID, env.Source, fmt.Sprintf("the Availability Zones and VPC of subnet %s", strings.Join(outside, ", ")))
	}
	if len(in) < 2 {
		return
	}
	a, b := in[0], in[1]
	if a.VPC != b.VPC && a.VPC != "" && b.VPC != "" {
		c.Report(b.ID, b.Source, fmt.Sprintf("subnets %s (VPC %s) and %s (VPC %s) are in different VPCs; the environment's subnets must share one VPC", a.ID, a.VPC, b.ID, b.VPC),
			"choose two subnets of the same VPC")
	}
	switch {
	case a.AZ == "" || b.AZ == "" || azForm(a.AZ) != azForm(b.AZ):
		c.NotVerifiable(env.ID, env.Source, fmt.Sprintf("whether subnets %s and %s are in different Availability Zones", a.ID, b.ID))
	case a.AZ == b.AZ:
		c.ReportAs(model.SeverityError, b.ID, b.Source, fmt.Sprintf("subnets %s and %s are both in %s; MWAA needs them in 2 different Availability Zones", a.ID, b.ID, c.azPhrase(a.AZ)),
			fmt.Sprintf("move %s to another Availability Zone (a subnet cannot move: create a new one)", b.ID), a.Source)
	}
}

// azForm says how an Availability Zone is written: "index" (the n-th zone of !GetAZs,
// "${AWS::Region}#0"), "id" (use1-az1) or "name" (us-east-1a). Two zones written in
// different forms may be the same zone.
func azForm(az string) string {
	switch {
	case strings.Contains(az, "#"):
		return "index"
	case azID.MatchString(az):
		return "id"
	}
	return "name"
}

var azID = regexp.MustCompile(`^[a-z]{2,}[0-9]+-az[0-9]+$`)

func checkSecurityGroups(c *Context) {
	env := c.Env
	if n := len(env.SecurityGroups); n < 1 && env.SecurityGroupsUnknown {
		c.NotVerifiable(env.ID, env.Source, "the environment's security groups (SecurityGroupIds is not known statically)")
	} else if n < 1 || n > 5 {
		c.Report(env.ID, env.Source, fmt.Sprintf("the environment has %d security groups; MWAA accepts 1 to 5", n),
			"give SecurityGroupIds 1 to 5 security groups")
	}
	vpc := c.envVPC()
	in, _ := c.envSGs()
	for _, g := range in {
		if vpc != "" && g.VPC != "" && g.VPC != vpc {
			c.Report(g.ID, g.Source, fmt.Sprintf("security group %s is in VPC %s, not in the environment's VPC %s", g.ID, g.VPC, vpc),
				"use security groups of the subnets' VPC")
		}
	}
}

func checkPrivateSubnets(c *Context) {
	defer c.reportPaths("NET-03")
	in, _ := c.envSubnets()
	for _, s := range in {
		rt := c.Index.SubnetRouteTable[s.ID]
		if rt == nil {
			continue // the path rules say it is not verifiable
		}
		for _, r := range rt.Routes {
			if c.isIGW(r.Target) {
				dst := r.Destination.String()
				if r.DestinationPrefixList != "" {
					dst = r.DestinationPrefixList
				}
				c.ReportAs(model.SeverityError, rt.ID, routeSource(rt, r),
					fmt.Sprintf("environment subnet %s uses route table %s, which sends %s to internet gateway %s: the subnet is public; MWAA needs private subnets", s.ID, rt.ID, dst, r.Target.ID),
					"remove the route to the internet gateway (public routing sends 0.0.0.0/0 to a NAT gateway instead), or use other subnets", s.Source)
			}
		}
	}
}

func checkVPCDNS(c *Context) {
	defer c.reportPaths("NET-04")
	vpcID := c.envVPC()
	if vpcID == "" {
		return
	}
	v := c.Index.VPCs[vpcID]
	if v == nil {
		c.NotVerifiable(vpcID, c.envSource(), fmt.Sprintf("DNS support and DNS hostnames of VPC %s", vpcID))
		return
	}
	// Hostnames matter for private DNS of interface endpoints: always in private routing or
	// when the VPC has interface endpoints; otherwise the guidance is broken, not the network.
	needed := c.Private()
	for _, ep := range c.Arch.Endpoints {
		if ep.VPC == vpcID && ep.Type == model.EndpointInterface {
			needed = true
		}
	}
	for _, attr := range []struct {
		name, prop, unknown string
		v                   model.Tri
	}{{"DNS support", "EnableDnsSupport", model.UnknownDNSSupport, v.EnableDNSSupport},
		{"DNS hostnames", "EnableDnsHostnames", model.UnknownDNSHostnames, v.EnableDNSHostnames}} {
		switch attr.v {
		case model.Unknown:
			c.NotVerifiable(v.ID, v.Source, fmt.Sprintf("%s of VPC %s", attr.name, v.ID))
		case model.No:
			sev := model.SeverityWarning
			if needed || attr.prop == "EnableDnsSupport" {
				sev = model.SeverityError
			}
			c.ReportAs(sev, v.ID, v.Source, fmt.Sprintf("VPC %s has %s off; interface endpoints' private DNS needs DNS support and DNS hostnames", v.ID, attr.name),
				fmt.Sprintf("set %s: true on the VPC", attr.prop))
		}
	}
}

// selfReference reports whether g's ingress rules let g reach itself on TCP 443 and 5432
// (all traffic covers both), and whether some peer was unknown.
// selfReference says whether the environment's groups let its members reach each other on
// 443 and 5432 through group references. MWAA puts every one of SecurityGroupIds on each
// of its interfaces, so a rule of any of the groups naming any of them (itself or another)
// is a self reference. byCIDR says the same traffic is allowed instead by address rules
// covering every environment subnet.
func selfReference(groups []*model.SecurityGroup, members map[string]bool, subnets []*model.Subnet) (ok, byCIDR, unknown bool) {
	var g443, g5432, c443, c5432 bool
	covers := func(r model.SGRule) bool {
		if !r.CIDR.IsValid() || len(subnets) == 0 {
			return false
		}
		for _, sn := range subnets {
			if !sn.CIDR.IsValid() || r.CIDR.Bits() > sn.CIDR.Bits() || !r.CIDR.Contains(sn.CIDR.Addr()) {
				return false
			}
		}
		return true
	}
	for _, g := range groups {
		for _, r := range g.Ingress {
			if r.PeerUnknown {
				unknown = true
				continue
			}
			all := r.Protocol == model.AllProtocols
			has443 := all || (r.Protocol == model.TCP && r.Ports.Contains(443))
			has5432 := all || (r.Protocol == model.TCP && r.Ports.Contains(5432))
			switch {
			case r.Group != "" && members[r.Group]:
				g443, g5432 = g443 || has443, g5432 || has5432
			case covers(r):
				c443, c5432 = c443 || has443, c5432 || has5432
			}
		}
	}
	ok = g443 && g5432
	return ok, !ok && (g443 || c443) && (g5432 || c5432), unknown
}

func checkSelfReference(c *Context) {
	in, outside := c.envSGs()
	members := map[string]bool{}
	for _, id := range c.Env.SecurityGroups {
		members[id] = true
	}
	subnets, _ := c.envSubnets()
	ok, byCIDR, anyUnknown := selfReference(in, members, subnets)
	if ok {
		return
	}
	if len(outside) > 0 || anyUnknown || c.Arch.IsUnknown(model.UnknownSecurityGroups) {
		c.NotVerifiable(c.Env.ID, c.envSource(), "a self-referencing inbound rule on the environment's security groups")
		return
	}
	if len(in) == 0 {
		return
	}
	g := in[0]
	fix := fmt.Sprintf("add to %s an inbound rule: all traffic (protocol -1) from source security group %s itself (or at least TCP 443 and TCP 5432)", g.ID, g.ID)
	if byCIDR {
		c.ReportAs(model.SeverityWarning, g.ID, g.Source, fmt.Sprintf("the environment's security groups (%s) let its members reach each other by address (CIDR rules covering its subnets), not by a self-referencing rule: it works, but it also admits everything else in those ranges, and breaks if the subnets change", strings.Join(c.Env.SecurityGroups, ", ")), fix)
		return
	}
	c.Report(g.ID, g.Source, fmt.Sprintf("no security group of the environment (%s) allows inbound traffic from itself; the environment's workers, schedulers, web server and database cannot talk to each other", strings.Join(c.Env.SecurityGroups, ", ")), fix)
}

func checkImmutable(c *Context) {
	in, _ := c.envSubnets()
	var declared []string
	for _, s := range in {
		declared = append(declared, s.ID)
	}
	if len(declared) == 0 {
		return // subnets outside the input: this input does not decide them
	}
	c.Report(c.Env.ID, c.envSource(), fmt.Sprintf("the environment's subnets (%s) and their VPC cannot be changed after the environment is created: changing SubnetIds, or replacing a subnet (new CIDR or Availability Zone), replaces the environment; its security groups can be changed", strings.Join(declared, ", ")),
		"settle the subnets' CIDRs and Availability Zones before creating the environment")
}

// mwaaEndpointIPs is the number of addresses the endpoints MWAA creates use in each
// environment subnet in SERVICE mode: the database endpoint always, the web server endpoint
// when PRIVATE_ONLY. In CUSTOMER mode the VPC owner creates them (EPM-02) and places them.
func (c *Context) mwaaEndpointIPs() int {
	if c.EndpointManagement == model.CustomerManaged {
		return 0
	}
	n := 1
	if c.Access == model.PrivateOnly {
		n++
	}
	return n
}

// scaledIPs estimates the addresses the environment's own interfaces take in each subnet
// at full scale: workers, schedulers and web servers spread over the two subnets (AWS's
// defaults for unset counts: 10 workers, 2 schedulers, 2 web servers).
func (c *Context) scaledIPs() int {
	pick := func(v, def int) int {
		if v < 0 {
			return def
		}
		return v
	}
	n := pick(c.Env.MaxWorkers, 10) + pick(c.Env.Schedulers, 2) + pick(c.Env.MaxWebservers, 2)
	return (n + 1) / 2
}

func checkFreeAddresses(c *Context) {
	in, _ := c.envSubnets()
	endpoints := c.mwaaEndpointIPs()
	scaled := endpoints + c.scaledIPs()
	for _, s := range in {
		free := s.AvailableIPs
		how := "AWS reports"
		if free < 0 {
			if !s.CIDR.IsValid() || !s.CIDR.Addr().Is4() {
				c.NotVerifiable(s.ID, s.Source, fmt.Sprintf("free addresses in subnet %s", s.ID))
				continue
			}
			free = (1 << (32 - s.CIDR.Bits())) - 5 // AWS reserves 5 addresses per subnet
			for _, ep := range c.Arch.Endpoints {
				if ep.Type == model.EndpointInterface && contains(ep.Subnets, s.ID) {
					free--
				}
			}
			for _, n := range c.Arch.NATGateways {
				if n.Subnet == s.ID {
					free--
				}
			}
			how = fmt.Sprintf("what %s leaves after AWS's 5 reserved addresses and the input's endpoints", s.CIDR)
		}
		switch {
		case free < endpoints:
			c.Report(s.ID, s.Source, fmt.Sprintf("subnet %s has %d free addresses (%s); the endpoints MWAA creates there need %d: creation fails", s.ID, free, how, endpoints),
				"use a larger subnet (MWAA's templates use /24) or free addresses in it")
		case free < scaled:
			c.ReportAs(model.SeverityWarning, s.ID, s.Source, fmt.Sprintf("subnet %s has %d free addresses (%s); at full scale the environment needs about %d there (its endpoints, and its workers, schedulers and web servers spread over two subnets)", s.ID, free, how, scaled),
				"use a larger subnet or lower MaxWorkers")
		}
	}
}
