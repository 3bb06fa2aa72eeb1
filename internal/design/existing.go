package design

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// Note is something synth --existing cannot do in the template: a change to an existing
// resource that CloudFormation cannot make (a VPC attribute, an existing endpoint's route
// tables or subnets, a route to remove), or a fact worth knowing (an existing endpoint or
// Client VPN is reused). Error notes are what the environment cannot work without.
type Note struct {
	Severity    model.Severity
	Requirement string // requirement ID ("PRV-05"); "" none
	Resource    string // the existing object's AWS ID
	Source      model.Source
	Message     string
	// Fix is what to run or change by hand (AWS CLI commands), "" when nothing.
	Fix string
}

func (n Note) String() string {
	s := string(n.Severity) + ": " + n.Message
	if n.Requirement != "" {
		s += " (" + n.Requirement + ")"
	}
	if n.Fix != "" {
		s += "; fix: " + n.Fix
	}
	return s
}

// HasErrors reports whether any note is an error.
func HasErrors(notes []Note) bool {
	for _, n := range notes {
		if n.Severity == model.SeverityError {
			return true
		}
	}
	return false
}

// ExistingRuleID returns the logical ID of the rule BuildExisting adds to the existing
// security group sg of an interface endpoint: "HttpsFromEnvironmentToSg0abc".
func ExistingRuleID(sg string) string {
	var b strings.Builder
	for _, r := range sg {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	id := b.String()
	if id != "" {
		id = strings.ToUpper(id[:1]) + id[1:]
	}
	return "HttpsFromEnvironmentTo" + id
}

// azIDRE matches an Availability Zone ID ("use1-az1"), which a snapshot's subnets do not
// carry (they name the zone): such a spec value is not compared.
var azIDRE = regexp.MustCompile(`^[a-z]{2,5}[0-9]+-az[0-9]+$`)

// endpointGone lists the states of a VPC endpoint that no longer serves traffic.
var endpointGone = []string{"deleted", "deleting", "failed", "rejected", "expired"}

// BuildExisting is Build for use case 4 against what the existing VPC really holds (a
// snapshot read by ingest/awscli or ingest/live): it returns only what the VPC lacks, as
// an architecture a renderer turns into a template, and notes for what must be changed by
// hand.
//
//   - The spec's VPC, subnets and route tables must be in existing as the spec says
//     (same VPC, CIDRs, AZs, effective route tables), else a *model.InputError at the
//     spec line (all such errors at once, model.InputErrors).
//   - Interface endpoints (private routing) are added only for services that have no
//     usable interface endpoint with private DNS in the VPC: never a second one with
//     private DNS (AWS rejects the duplicate private hosted zone). An existing one without
//     private DNS gets a new endpoint with private DNS beside it (info note: or enable
//     private DNS on the old one and drop the new one). An existing endpoint whose groups
//     do not admit TCP 443 from both environment subnets gets an ingress rule from the
//     environment's security group on its first group: a security group whose ID is the
//     existing sg-... and whose only rule has the logical ID ExistingRuleID (the
//     CloudFormation renderer emits it as AWS::EC2::SecurityGroupIngress on the literal
//     group ID). An existing endpoint missing one of the environment's AZs is a warning
//     note, as check grades it (aws ec2 modify-vpc-endpoint --add-subnet-ids).
//   - S3: a new gateway endpoint on the environment subnets' route tables only when the
//     VPC has no S3 gateway endpoint (nor an S3 interface endpoint with private DNS). An
//     existing gateway endpoint missing one of those route tables is an error note:
//     CloudFormation cannot change an existing endpoint's route tables, and a second S3
//     gateway endpoint would leave two to maintain (aws ec2 modify-vpc-endpoint
//     --add-route-table-ids).
//   - DNS support or hostnames off on the VPC: error note with the aws ec2
//     modify-vpc-attribute commands (an existing VPC's attributes are not CloudFormation's).
//   - Routes of the environment subnets: an internet gateway route (NET-03), a NAT route
//     in private routing (PRV-01), no NAT route in public routing (PUB-04) are error notes;
//     synth never changes existing route tables.
//   - Client VPN: an existing endpoint in the VPC is reused (the environment's group admits
//     443 from its groups; an authorization rule for the VPC CIDR it lacks is an error
//     note); otherwise a new one as Build makes it.
//   - The environment, bucket, key, role, logs and alarms are new, as Build makes them; an
//     environment of the same name in existing is an input error.
//   - Last, the existing VPC with the result deployed (Deployed) is checked against every
//     rule; an error finding of a requirement no error note covers becomes an error note,
//     so that synth's notes and `mwaanet check DIR template.yaml` agree.
//
// The returned architecture still holds the existing VPC and subnets (AWS IDs, not
// created) so that renderers know their CIDRs; Deployed merges it with existing as
// deploying it would.
func BuildExisting(s *spec.Spec, existing *model.Architecture) (*model.Architecture, []Note, error) {
	if s == nil || existing == nil {
		return nil, nil, fmt.Errorf("design: BuildExisting needs a spec and a snapshot")
	}
	spec.ApplyDefaults(s)
	if !s.IsExisting() {
		return nil, nil, model.Errorf(s.Source("vpc"), "vpc.existing: synth --existing needs a spec that names the existing VPC (vpc.existing, use case 4: mwaanet init --use-case 4)")
	}
	a, err := Build(s)
	if err != nil {
		return nil, nil, err
	}
	x := &existingBuilder{s: s, e: s.VPC.Existing, snap: existing, ix: model.NewIndex(existing), a: a}
	if err := x.validate(); err != nil {
		return nil, nil, err
	}
	x.dns()
	x.routes()
	if s.Routing == model.RoutingPrivate {
		x.interfaceEndpoints()
		x.s3()
	}
	x.clientVPN()
	x.verify()
	return a, x.notes, nil
}

type existingBuilder struct {
	s     *spec.Spec
	e     *spec.ExistingVPC
	snap  *model.Architecture
	ix    *model.Index
	a     *model.Architecture
	notes []Note

	subnets []*model.Subnet // the environment subnets as the snapshot has them
	rts     []string        // their effective route tables (spec's when the snapshot does not say)
}

func (x *existingBuilder) note(sev model.Severity, req, res string, src model.Source, fix, format string, args ...any) {
	x.notes = append(x.notes, Note{Severity: sev, Requirement: req, Resource: res, Source: src,
		Message: fmt.Sprintf(format, args...), Fix: fix})
}

// validate checks that the spec's VPC and subnets are the snapshot's.
func (x *existingBuilder) validate() error {
	var errs model.InputErrors
	s, e := x.s, x.e
	errf := func(path, format string, args ...any) {
		errs = append(errs, model.Errorf(s.Source(path), format, args...))
	}
	vpc := x.ix.VPCs[e.VPCID]
	if vpc == nil {
		var ids []string
		for _, v := range x.snap.VPCs {
			ids = append(ids, v.ID)
		}
		switch {
		case len(ids) > 0:
			errf("vpc.existing.vpcId", "vpc.existing.vpcId: %s is not in the snapshot (it has %s)", e.VPCID, strings.Join(ids, ", "))
		case x.snap.IsUnknown(model.UnknownVPCs):
			errf("vpc.existing.vpcId", "vpc.existing.vpcId: the snapshot does not describe the VPCs (describe-vpcs.json is missing, or the call was denied), so %s cannot be compared with the spec", e.VPCID)
		default:
			errf("vpc.existing.vpcId", "vpc.existing.vpcId: %s is not in the snapshot (it has no VPC)", e.VPCID)
		}
		return errs.Err()
	}
	if c, err := netip.ParsePrefix(e.CIDR); err == nil && len(vpc.CIDRs) > 0 && !slices.Contains(vpc.CIDRs, c.Masked()) {
		errf("vpc.existing.cidr", "vpc.existing.cidr: %s is not a CIDR of %s (the snapshot has %s)", e.CIDR, e.VPCID, prefixes(vpc.CIDRs))
	}
	for i, sn := range e.Subnets {
		p := fmt.Sprintf("vpc.existing.subnets[%d]", i)
		sub := x.ix.Subnets[sn.ID]
		if sub == nil {
			errf(p+".id", "%s.id: %s is not in the snapshot", p, sn.ID)
			continue
		}
		if sub.VPC != e.VPCID {
			errf(p+".id", "%s.id: %s is in %s, not in %s", p, sn.ID, sub.VPC, e.VPCID)
			continue
		}
		if c, err := netip.ParsePrefix(sn.CIDR); err == nil && sub.CIDR.IsValid() && c.Masked() != sub.CIDR {
			errf(p+".cidr", "%s.cidr: %s is not the CIDR of %s (the snapshot has %s)", p, sn.CIDR, sn.ID, sub.CIDR)
		}
		if sn.AZ != "" && sub.AZ != "" && sn.AZ != sub.AZ && !azIDRE.MatchString(sn.AZ) {
			errf(p+".az", "%s.az: %s is not the Availability Zone of %s (the snapshot has %s)", p, sn.AZ, sn.ID, sub.AZ)
		}
		rt := sn.RouteTableID
		if eff := x.ix.SubnetRouteTable[sn.ID]; eff != nil {
			if eff.ID != sn.RouteTableID {
				how := "its explicit association"
				if eff.Main && !slices.Contains(eff.Subnets, sn.ID) {
					how = "the VPC's main route table: it has no explicit association"
				}
				errf(p+".routeTableId", "%s.routeTableId: %s uses %s (%s), not %s", p, sn.ID, eff.ID, how, sn.RouteTableID)
			}
			rt = eff.ID
		}
		x.subnets = append(x.subnets, sub)
		x.rts = append(x.rts, rt)
	}
	for _, env := range x.snap.Environments {
		if env.Name == s.Name {
			errf("name", "name: the snapshot already has an MWAA environment named %s (%s); choose another name", s.Name, env.Source)
		}
	}
	if c, err := netip.ParsePrefix(s.VPN.ClientCIDR); err == nil && s.VPNEnabled() {
		for _, v := range vpc.CIDRs {
			if v.IsValid() && v.Overlaps(c) {
				errf("vpn.clientCidr", "vpn.clientCidr: %s overlaps %s of %s; the VPN clients need a range outside the VPC (WEB-02)", c, v, e.VPCID)
			}
		}
	}
	return errs.Err()
}

func prefixes(ps []netip.Prefix) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return strings.Join(out, ", ")
}

// dns reports DNS attributes of the existing VPC that are off or not known (NET-04).
func (x *existingBuilder) dns() {
	vpc := x.ix.VPCs[x.e.VPCID]
	src := x.s.Source("vpc.existing.vpcId")
	for _, attr := range []struct {
		val  model.Tri
		name string
		flag string
	}{
		{vpc.EnableDNSSupport, "DNS support", "--enable-dns-support"},
		{vpc.EnableDNSHostnames, "DNS hostnames", "--enable-dns-hostnames"},
	} {
		fix := fmt.Sprintf(`aws ec2 modify-vpc-attribute --vpc-id %s %s '{"Value":true}'`, vpc.ID, attr.flag)
		switch attr.val {
		case model.No:
			x.note(model.SeverityError, "NET-04", vpc.ID, src, fix,
				"%s has %s off: interface endpoints' private DNS and the environment need it, and CloudFormation cannot change an existing VPC's attributes", vpc.ID, attr.name)
		case model.Unknown:
			x.note(model.SeverityWarning, "NET-04", vpc.ID, src, fix,
				"the snapshot does not say whether %s has %s on (describe-vpc-attribute); it must be on", vpc.ID, attr.name)
		}
	}
}

// routes reports routes of the environment subnets that the routing mode forbids or needs;
// synth never changes existing route tables.
func (x *existingBuilder) routes() {
	private := x.s.Routing == model.RoutingPrivate
	seen := map[string]bool{}
	for i, sub := range x.subnets {
		rt := x.ix.RouteTables[x.rts[i]]
		src := x.s.Source(fmt.Sprintf("vpc.existing.subnets[%d].routeTableId", i))
		if rt == nil {
			x.note(model.SeverityWarning, "PRV-01", x.rts[i], src, "",
				"the snapshot does not hold route table %s of %s: its routes are not verified", x.rts[i], sub.ID)
			continue
		}
		if seen[rt.ID] {
			continue
		}
		seen[rt.ID] = true
		hasNAT := false
		for _, r := range rt.Routes {
			if r.Blackhole || r.Target.Kind == model.TargetLocal {
				continue
			}
			dest, flag := r.Destination.String(), "--destination-cidr-block"
			if !r.Destination.IsValid() {
				dest, flag = r.DestinationPrefixList, "--destination-prefix-list-id"
			} else if r.Destination.Addr().Is6() {
				flag = "--destination-ipv6-cidr-block"
			}
			del := fmt.Sprintf("aws ec2 delete-route --route-table-id %s %s %s", rt.ID, flag, dest)
			switch r.Target.Kind {
			case model.TargetInternetGateway:
				x.note(model.SeverityError, "NET-03", rt.ID, r.Source, del,
					"route table %s of environment subnet %s sends %s to internet gateway %s: the environment subnets must be private", rt.ID, sub.ID, dest, r.Target.ID)
			case model.TargetNATGateway, model.TargetInstance:
				if private {
					x.note(model.SeverityError, "PRV-01", rt.ID, r.Source, del,
						"route table %s of environment subnet %s sends %s to %s %s, but the spec asks for private routing (no NAT)", rt.ID, sub.ID, dest, r.Target.Kind, r.Target.ID)
				} else if r.Destination == anyIPv4 {
					hasNAT = true
				}
			}
		}
		if !private && !hasNAT {
			nat := "NAT-GATEWAY-ID"
			for _, ng := range x.snap.NATGateways {
				if s := x.ix.Subnets[ng.Subnet]; s != nil && s.AZ == sub.AZ && s.VPC == x.e.VPCID && ng.Public != model.No &&
					(ng.State == "" || ng.State == "available") {
					nat = ng.ID
					break
				}
			}
			x.note(model.SeverityError, "PUB-04", rt.ID, src,
				fmt.Sprintf("aws ec2 create-route --route-table-id %s --destination-cidr-block 0.0.0.0/0 --nat-gateway-id %s", rt.ID, nat),
				"route table %s of environment subnet %s has no 0.0.0.0/0 route to a NAT gateway, which public routing needs", rt.ID, sub.ID)
		}
	}
}

// vpcEndpoints returns the snapshot's endpoints of the VPC that still serve traffic.
func (x *existingBuilder) vpcEndpoints() []*model.VPCEndpoint {
	var out []*model.VPCEndpoint
	for _, ep := range x.snap.Endpoints {
		if ep.VPC == x.e.VPCID && !slices.Contains(endpointGone, strings.ToLower(ep.State)) {
			out = append(out, ep)
		}
	}
	return out
}

// admits443 reports whether a rule of the groups lets TCP 443 in from every environment
// subnet by address (a rule naming the new environment group cannot exist yet).
func (x *existingBuilder) admits443(groups []string) bool {
	for _, g := range groups {
		sg := x.ix.SecurityGroups[g]
		if sg == nil {
			continue
		}
		for _, r := range sg.Ingress {
			if !r.Protocol.Matches(model.TCP) || !r.Ports.Contains(443) || !r.CIDR.IsValid() {
				continue
			}
			all := len(x.subnets) > 0
			for _, sub := range x.subnets {
				if !sub.CIDR.IsValid() || r.CIDR.Bits() > sub.CIDR.Bits() || !r.CIDR.Contains(sub.CIDR.Addr()) {
					all = false
				}
			}
			if all {
				return true
			}
		}
	}
	return false
}

// interfaceEndpoints keeps the new interface endpoints of the services the VPC lacks and
// opens existing endpoints' groups to the environment.
func (x *existingBuilder) interfaceEndpoints() {
	existing := x.vpcEndpoints()
	src := x.s.Source("routing")
	rules := map[string]bool{} // existing groups that get the 443 rule
	var ruleOrder []string
	var keep []*model.VPCEndpoint
	newInterface := false
	for _, ep := range x.a.Endpoints {
		if ep.Type != model.EndpointInterface || ep.ID == IDDatabaseEndpoint || ep.ID == IDWebserverEndpoint {
			keep = append(keep, ep)
			continue
		}
		svc := model.ServiceShortName(ep.Service)
		var withDNS, withoutDNS *model.VPCEndpoint
		for _, old := range existing {
			if old.Type != model.EndpointInterface || model.ServiceShortName(old.Service) != svc {
				continue
			}
			if old.PrivateDNS == model.Yes {
				if withDNS == nil {
					withDNS = old
				}
			} else if withoutDNS == nil {
				withoutDNS = old
			}
		}
		if withDNS == nil {
			keep = append(keep, ep)
			newInterface = true
			if withoutDNS != nil {
				x.note(model.SeverityInfo, "PRV-04", withoutDNS.ID, withoutDNS.Source,
					fmt.Sprintf("aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s --private-dns-enabled", withoutDNS.ID),
					"%s (%s) has private DNS off, so the template adds %s with private DNS; alternatively enable private DNS on %s and remove %s from the template", withoutDNS.ID, svc, ep.ID, withoutDNS.ID, ep.ID)
			}
			continue
		}
		// Reuse withDNS: never a second endpoint with private DNS for one service.
		if st := strings.ToLower(withDNS.State); st != "" && st != "available" {
			x.note(model.SeverityWarning, "PRV-04", withDNS.ID, withDNS.Source, "",
				"existing endpoint %s (%s) is %s, not available", withDNS.ID, svc, withDNS.State)
		}
		azs := map[string]bool{}
		for _, sn := range withDNS.Subnets {
			if sub := x.ix.Subnets[sn]; sub != nil {
				azs[sub.AZ] = true
			}
		}
		for _, sub := range x.subnets {
			if !azs[sub.AZ] {
				x.note(model.SeverityWarning, "PRV-04", withDNS.ID, withDNS.Source,
					fmt.Sprintf("aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s --add-subnet-ids %s", withDNS.ID, sub.ID),
					"existing endpoint %s (%s) has no subnet in %s, the Availability Zone of environment subnet %s: that AZ's traffic crosses AZs and fails with the other AZ; CloudFormation cannot change an existing endpoint", withDNS.ID, svc, sub.AZ, sub.ID)
			}
		}
		if len(withDNS.SecurityGroups) == 0 {
			x.note(model.SeverityWarning, "PRV-04", withDNS.ID, withDNS.Source, "",
				"the snapshot does not name the security groups of existing endpoint %s (%s): check they allow TCP 443 from the environment", withDNS.ID, svc)
		} else if !x.admits443(withDNS.SecurityGroups) {
			g := withDNS.SecurityGroups[0]
			if !rules[g] {
				rules[g] = true
				ruleOrder = append(ruleOrder, g)
			}
		}
	}
	x.a.Endpoints = keep
	if !newInterface {
		x.dropGroup(IDEndpointSecurityGroup)
	}
	for _, g := range ruleOrder {
		var svcs []string
		for _, old := range existing {
			if len(old.SecurityGroups) > 0 && old.SecurityGroups[0] == g && old.Type == model.EndpointInterface {
				svcs = append(svcs, model.ServiceShortName(old.Service))
			}
		}
		sort.Strings(svcs)
		orig := x.ix.SecurityGroups[g]
		stub := &model.SecurityGroup{ID: g, VPC: x.e.VPCID, Source: model.Source{ID: g}}
		if orig != nil {
			stub.Name, stub.Description, stub.VPC, stub.Source = orig.Name, orig.Description, orig.VPC, orig.Source
		}
		id := ExistingRuleID(g)
		rsrc := src
		rsrc.ID = id
		stub.Ingress = []model.SGRule{{
			Protocol: model.TCP, Ports: model.Port(443), Group: IDEnvironmentSecurityGroup,
			Description: "HTTPS from MWAA environment " + x.s.Name + " (PRV-04)",
			Source:      rsrc,
		}}
		x.a.SecurityGroups = append(x.a.SecurityGroups, stub)
		x.note(model.SeverityInfo, "PRV-04", g, stub.Source, "",
			"security group %s of existing endpoints (%s) does not allow TCP 443 from the environment subnets: the template adds %s (443 from %s)",
			g, strings.Join(svcs, ", "), id, IDEnvironmentSecurityGroup)
	}
}

// dropGroup removes a security group of Build's that the existing VPC makes unnecessary.
func (x *existingBuilder) dropGroup(id string) {
	x.a.SecurityGroups = slices.DeleteFunc(x.a.SecurityGroups, func(g *model.SecurityGroup) bool { return g.ID == id })
}

// s3 keeps the new S3 gateway endpoint only when the VPC has none, and reports an existing
// one's missing route tables.
func (x *existingBuilder) s3() {
	var gw *model.VPCEndpoint
	for _, old := range x.vpcEndpoints() {
		if model.ServiceShortName(old.Service) != "s3" {
			continue
		}
		if old.Type == model.EndpointInterface && old.PrivateDNS == model.Yes {
			x.dropS3()
			x.note(model.SeverityInfo, "PRV-05", old.ID, old.Source, "",
				"existing S3 interface endpoint %s with private DNS serves S3: no gateway endpoint added", old.ID)
			return
		}
		if old.Type == model.EndpointGateway && gw == nil {
			gw = old
		}
	}
	if gw == nil {
		// New endpoint: each route table once (two subnets may share one).
		for _, ep := range x.a.Endpoints {
			if ep.ID == IDS3GatewayEndpoint {
				ep.RouteTables = nil
				for _, rt := range x.rts {
					if !slices.Contains(ep.RouteTables, rt) {
						ep.RouteTables = append(ep.RouteTables, rt)
					}
				}
			}
		}
		return
	}
	x.dropS3()
	var missing []string
	for _, rt := range x.rts {
		if !slices.Contains(gw.RouteTables, rt) && !slices.Contains(missing, rt) {
			missing = append(missing, rt)
		}
	}
	if len(missing) > 0 {
		x.note(model.SeverityError, "PRV-05", gw.ID, gw.Source,
			fmt.Sprintf("aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s --add-route-table-ids %s", gw.ID, strings.Join(missing, " ")),
			"existing S3 gateway endpoint %s is not associated with route table %s of the environment subnets; CloudFormation cannot change an existing endpoint's route tables, so the template adds no second S3 endpoint",
			gw.ID, strings.Join(missing, " and "))
	} else {
		x.note(model.SeverityInfo, "PRV-05", gw.ID, gw.Source, "",
			"existing S3 gateway endpoint %s is on the environment subnets' route tables: no gateway endpoint added", gw.ID)
	}
	if gw.Policy != nil && !allowsAllS3Reads(gw.Policy) {
		layer := strings.NewReplacer(model.PseudoPartition, x.a.Partition, model.PseudoRegion, x.s.Region).Replace(model.ECRLayerBucketARN)
		x.note(model.SeverityInfo, "PRV-05", gw.ID, gw.Source, "",
			"existing S3 gateway endpoint %s has its own policy: it must allow the DAG bucket and %s (mwaanet check verifies it)", gw.ID, layer)
	}
}

// allowsAllS3Reads reports whether a policy has an Allow statement for s3:GetObject on
// every resource (the default full-access policy does).
func allowsAllS3Reads(p *model.PolicyDocument) bool {
	for _, st := range p.Statements {
		if st.Allows() && st.HasAction("s3:GetObject") && slices.Contains(st.Resource, "*") && len(st.Condition) == 0 {
			return true
		}
	}
	return false
}

func (x *existingBuilder) dropS3() {
	x.a.Endpoints = slices.DeleteFunc(x.a.Endpoints, func(e *model.VPCEndpoint) bool { return e.ID == IDS3GatewayEndpoint })
	x.a.PrefixLists = slices.DeleteFunc(x.a.PrefixLists, func(p *model.PrefixList) bool { return p.ID == IDS3PrefixList })
}

// clientVPN reuses a Client VPN endpoint the VPC already has.
func (x *existingBuilder) clientVPN() {
	if !x.s.VPNEnabled() {
		return
	}
	var old *model.ClientVPN
	for _, c := range x.snap.ClientVPNs {
		if c.VPC == x.e.VPCID {
			old = c
			break
		}
	}
	if old == nil {
		return
	}
	x.a.ClientVPNs = slices.DeleteFunc(x.a.ClientVPNs, func(c *model.ClientVPN) bool { return c.ID == IDClientVPN })
	x.dropGroup(IDClientVPNSecurityGroup)
	x.a.Parameters = slices.DeleteFunc(x.a.Parameters, func(p *model.Parameter) bool {
		return p.Name == ParamServerCertificateARN || p.Name == ParamClientRootCertificateARN
	})
	x.a.Outputs = slices.DeleteFunc(x.a.Outputs, func(o *model.Output) bool { return o.Name == "ClientVpnEndpointId" })
	groups := old.SecurityGroups
	if len(groups) == 0 {
		for _, g := range x.snap.SecurityGroups {
			if g.VPC == x.e.VPCID && g.Name == "default" {
				groups = []string{g.ID} // a Client VPN without groups uses the VPC's default group
			}
		}
	}
	for _, sg := range x.a.SecurityGroups {
		if sg.ID != IDEnvironmentSecurityGroup {
			continue
		}
		var ingress []model.SGRule
		for _, r := range sg.Ingress {
			if r.Group != IDClientVPNSecurityGroup {
				ingress = append(ingress, r)
				continue
			}
			for i, g := range groups {
				nr := r
				nr.Group = g
				if i > 0 {
					nr.Source.ID = fmt.Sprintf("%s%d", r.Source.ID, i+1)
				}
				ingress = append(ingress, nr)
			}
		}
		sg.Ingress = ingress
	}
	x.note(model.SeverityInfo, "WEB-02", old.ID, old.Source, "",
		"the VPC already has Client VPN endpoint %s: the template adds no second one and lets its security groups (%s) reach the web server on 443",
		old.ID, strings.Join(groups, ", "))
	if len(groups) == 0 {
		x.note(model.SeverityWarning, "WEB-02", old.ID, old.Source, "",
			"the snapshot names no security group of Client VPN endpoint %s: allow it to reach %s on 443 by hand", old.ID, IDEnvironmentSecurityGroup)
	}
	if x.snap.IsUnknown(model.UnknownClientVPNDetails) {
		return
	}
	vpcCIDR := x.a.VPCs[0].CIDRs[0]
	authorized := false
	for _, ar := range old.AuthorizationRules {
		if ar.TargetCIDR.IsValid() && ar.TargetCIDR.Bits() <= vpcCIDR.Bits() && ar.TargetCIDR.Contains(vpcCIDR.Addr()) {
			authorized = true
		}
	}
	if !authorized {
		x.note(model.SeverityError, "WEB-02", old.ID, old.Source,
			fmt.Sprintf("aws ec2 authorize-client-vpn-ingress --client-vpn-endpoint-id %s --target-network-cidr %s --authorize-all-groups", old.ID, vpcCIDR),
			"Client VPN endpoint %s has no authorization rule for the VPC CIDR %s", old.ID, vpcCIDR)
	}
	if len(old.Associations) == 0 {
		x.note(model.SeverityError, "WEB-02", old.ID, old.Source,
			fmt.Sprintf("aws ec2 associate-client-vpn-target-network --client-vpn-endpoint-id %s --subnet-id %s", old.ID, x.subnets[0].ID),
			"Client VPN endpoint %s is associated with no subnet", old.ID)
	}
}
