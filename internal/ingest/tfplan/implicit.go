package tfplan

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/model"
)

// implicit adds what AWS creates without being asked: each new VPC's main route table
// and default network ACL (unless the plan manages them), the local route of every VPC
// CIDR, the "*" deny rule of every ACL, and a Client VPN endpoint's route to the VPC for
// each associated subnet.
func (p *plan) implicit(o *objects) {
	for _, v := range p.a.VPCs {
		if !o.mainSet[v.ID] {
			rt := &model.RouteTable{ID: v.ID + ".main_route_table", VPC: v.ID, Main: true, Source: v.Source}
			o.rts[rt.ID] = rt
			p.a.RouteTables = append(p.a.RouteTables, rt)
		}
		if !o.defACL[v.ID] {
			acl := &model.NetworkACL{ID: v.ID + ".default_network_acl", VPC: v.ID, Default: true, Source: v.Source}
			for _, egress := range []bool{false, true} {
				acl.Entries = append(acl.Entries, model.ACLEntry{RuleNumber: 100, Egress: egress, Protocol: model.AllProtocols, Allow: true,
					CIDR: netip.MustParsePrefix("0.0.0.0/0"), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: v.Source})
			}
			o.acls[acl.ID] = acl
			p.a.NetworkACLs = append(p.a.NetworkACLs, acl)
		}
	}
	for _, rt := range p.a.RouteTables {
		v := o.vpcs[rt.VPC]
		if v == nil {
			continue
		}
		var local []model.Route
		for _, c := range append(append([]netip.Prefix{}, v.CIDRs...), v.IPv6CIDRs...) {
			if c.IsValid() && !hasLocal(rt.Routes, c) {
				local = append(local, model.Route{Destination: c, Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}, Source: rt.Source})
			}
		}
		rt.Routes = append(local, rt.Routes...)
	}
	for _, acl := range p.a.NetworkACLs {
		for _, egress := range []bool{false, true} {
			has := false
			for _, e := range acl.Entries {
				if e.RuleNumber == model.DefaultRuleNumber && e.Egress == egress {
					has = true
				}
			}
			if !has {
				for _, c := range []string{"0.0.0.0/0", "::/0"} {
					acl.Entries = append(acl.Entries, model.ACLEntry{RuleNumber: model.DefaultRuleNumber, Egress: egress, Protocol: model.AllProtocols,
						CIDR: netip.MustParsePrefix(c), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: acl.Source})
				}
			}
		}
	}
	subnets := map[string]*model.Subnet{}
	for _, s := range p.a.Subnets {
		subnets[s.ID] = s
	}
	for _, c := range p.a.ClientVPNs {
		for _, sid := range c.Associations {
			s := subnets[sid]
			if s == nil || o.vpcs[s.VPC] == nil {
				continue
			}
			for _, cidr := range o.vpcs[s.VPC].CIDRs {
				if cidr.IsValid() && !hasCVPNRoute(c.Routes, cidr, sid) {
					c.Routes = append(c.Routes, model.ClientVPNRoute{Destination: cidr, TargetSubnet: sid, Source: c.Source})
				}
			}
		}
	}
}

func hasLocal(rs []model.Route, c netip.Prefix) bool {
	for _, r := range rs {
		if r.Destination == c && r.Target.Kind == model.TargetLocal {
			return true
		}
	}
	return false
}

func hasCVPNRoute(rs []model.ClientVPNRoute, c netip.Prefix, subnet string) bool {
	for _, r := range rs {
		if r.Destination == c && r.TargetSubnet == subnet {
			return true
		}
	}
	return false
}

// describe fills the Architecture's name, Region and partition.
func (p *plan) describe() {
	a := p.a
	if env := a.Environment(); env != nil {
		a.Name = env.Name
	}
	if a.Region == "" {
		for _, s := range a.Subnets {
			if r := model.RegionOfAZ(s.AZ); r != "" {
				a.Region = r
				break
			}
		}
	}
	a.Partition = model.PartitionOf(a.Region)
}
