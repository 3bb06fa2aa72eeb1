package awscli

import (
	"net/netip"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// RuleNotRead is the rule ID of the ingest finding for a call `mwaanet snapshot` could not
// make (recorded in errors.json).
const RuleNotRead = "SNAPSHOT/not-read"

// snapshotError reads one entry of errors.json.
func (s *snapshot) snapshotError(f *file, n *jsonpos.Node) {
	kind, code, msg := f.str(n, "Kind"), f.str(n, "Code"), f.str(n, "Message")
	what := kind
	if what == "" {
		what = f.str(n, "Operation")
	}
	text := "could not read " + what + ": " + code
	if msg != "" {
		text += " (" + msg + ")"
	}
	s.a.IngestFindings = append(s.a.IngestFindings, model.Finding{
		Rule:     RuleNotRead,
		Severity: model.SeverityWarning,
		Resource: f.str(n, "File"),
		Source:   f.src(n, ""),
		Message:  text,
		Fix:      "grant the read-only permission for " + f.str(n, "Operation") + " (see `mwaanet snapshot --help`) and take the snapshot again",
	})
	if kind != "" && !s.a.IsUnknown(kind) {
		s.a.Unknown = append(s.a.Unknown, kind)
	}
}

// finish links what the files said: VPC attributes, implicit routes and ACL rules, ENI
// owners, Client VPN details, and records the kinds no file gave.
func (s *snapshot) finish() {
	a := s.a
	s.dedupeAll()
	vpcs := map[string]*model.VPC{}
	for _, v := range a.VPCs {
		vpcs[v.ID] = v
		v.EnableDNSSupport = s.dnsSupport[v.ID]
		v.EnableDNSHostnames = s.dnsHostnames[v.ID]
	}
	// A describe-vpc-attribute file without VpcId applies to the only VPC.
	if len(a.VPCs) == 1 {
		v := a.VPCs[0]
		if t, ok := s.dnsSupport[""]; ok && !v.EnableDNSSupport.Known() {
			v.EnableDNSSupport = t
		}
		if t, ok := s.dnsHostnames[""]; ok && !v.EnableDNSHostnames.Known() {
			v.EnableDNSHostnames = t
		}
	}
	// Every VPC CIDR has its local route, even when the input does not show it.
	for _, rt := range a.RouteTables {
		v := vpcs[rt.VPC]
		if v == nil {
			continue
		}
		var local []model.Route
		for _, c := range append(append([]netip.Prefix{}, v.CIDRs...), v.IPv6CIDRs...) {
			if !hasRoute(rt.Routes, c) {
				local = append(local, model.Route{Destination: c, Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}, Source: rt.Source})
			}
		}
		rt.Routes = append(local, rt.Routes...)
	}
	// AWS's "*" deny rule closes every ACL in both directions.
	for _, acl := range a.NetworkACLs {
		for _, egress := range []bool{false, true} {
			if !hasDefaultRule(acl.Entries, egress) {
				for _, c := range []string{"0.0.0.0/0", "::/0"} {
					acl.Entries = append(acl.Entries, model.ACLEntry{
						RuleNumber: model.DefaultRuleNumber, Egress: egress, Protocol: model.AllProtocols,
						CIDR: netip.MustParsePrefix(c), Ports: model.AllPorts, ICMPType: -1, ICMPCode: -1, Source: acl.Source,
					})
				}
			}
		}
	}
	// Interfaces of NAT gateways and endpoints belong to them.
	for _, eni := range a.NetworkInterfaces {
		if owner := s.eniOwner[eni.ID]; owner != "" && eni.Attachment == "" {
			eni.Attachment = owner
		}
	}
	for _, e := range a.Endpoints {
		for _, eni := range a.NetworkInterfaces {
			if eni.Attachment == e.ID && len(eni.PrivateIPs) > 0 && eni.Subnet != "" {
				if e.IPs == nil {
					e.IPs = map[string]netip.Addr{}
				}
				e.IPs[eni.Subnet] = eni.PrivateIPs[0]
			}
		}
	}
	s.clientVPNDetails()
	for _, pc := range a.PeeringConnections {
		for vpc, cidrs := range sortedPeers(s.peerCIDRs[pc.ID], pc) {
			if vpcs[vpc] == nil {
				pc.PeerCIDRs = append(pc.PeerCIDRs, cidrs...)
			}
		}
	}
	s.describe()
	s.resources()
	for _, k := range kindOfKey {
		if !s.seen[k.key] && !a.IsUnknown(k.kind) {
			a.Unknown = append(a.Unknown, k.kind)
		}
	}
	if s.versioning != nil || s.pab != nil {
		// The snapshot has no file for these: a bucket read from it does not say.
		for _, k := range []string{model.UnknownBucketEncryption, model.UnknownBucketPolicy} {
			if !a.IsUnknown(k) {
				a.Unknown = append(a.Unknown, k)
			}
		}
	}
	if s.roleRead != nil {
		a.Unknown = append(a.Unknown, model.UnknownRolePolicies)
	}
}

// sortedPeers returns the requester's then the accepter's CIDRs, keyed by VPC (map order
// does not matter to the caller beyond that, as it appends one side only).
func sortedPeers(m map[string][]netip.Prefix, pc *model.PeeringConnection) map[string][]netip.Prefix {
	out := map[string][]netip.Prefix{}
	for _, v := range []string{pc.RequesterVPC, pc.AccepterVPC} {
		if c, ok := m[v]; ok && v != "" {
			out[v] = c
		}
	}
	return out
}

func hasRoute(rs []model.Route, dst netip.Prefix) bool {
	for _, r := range rs {
		if r.Destination == dst && r.Target.Kind == model.TargetLocal {
			return true
		}
	}
	return false
}

func hasDefaultRule(es []model.ACLEntry, egress bool) bool {
	for _, e := range es {
		if e.RuleNumber == model.DefaultRuleNumber && e.Egress == egress {
			return true
		}
	}
	return false
}

func (s *snapshot) clientVPNDetails() {
	for _, c := range s.a.ClientVPNs {
		if !s.cvpnDetails[c.ID] {
			if !s.a.IsUnknown(model.UnknownClientVPNDetails) {
				s.a.Unknown = append(s.a.Unknown, model.UnknownClientVPNDetails)
			}
			continue
		}
		for _, t := range s.cvpnTargets {
			if t.endpoint == c.ID {
				c.Associations = append(c.Associations, t.subnet)
			}
		}
		for _, r := range s.cvpnRoutes {
			if r.endpoint == c.ID {
				c.Routes = append(c.Routes, r.route)
			}
		}
		for _, r := range s.cvpnAuths {
			if r.endpoint == c.ID {
				c.AuthorizationRules = append(c.AuthorizationRules, r.rule)
			}
		}
	}
}

// describe fills the Architecture's name, Region, partition and account.
func (s *snapshot) describe() {
	a := s.a
	if env := a.Environment(); env != nil {
		a.Name = env.Name
	}
	// The environment's ARN is the surest source of the Region.
	a.Region = s.envRegion
	for _, sn := range a.Subnets {
		if a.Region == "" {
			a.Region = model.RegionOfAZ(sn.AZ)
		}
	}
	if a.Region == "" {
		for _, e := range a.Endpoints {
			if r := model.ServiceRegion(e.Service); r != "" {
				a.Region = r
				break
			}
		}
	}
	a.Partition = model.PartitionOf(a.Region)
	for _, v := range a.VPCs {
		if a.AccountID == "" {
			a.AccountID = v.OwnerID
		}
	}
	if a.Name == "" && len(a.VPCs) > 0 {
		a.Name = a.VPCs[0].Name
		if a.Name == "" {
			a.Name = a.VPCs[0].ID
		}
	}
}
