package diagram

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Derive builds the diagram graph of an architecture. Findings mark the elements that
// stand for their Resource; the others are kept in Graph.Unplaced.
func Derive(a *model.Architecture, findings []model.Finding) *Graph {
	d := &deriver{a: a, ix: model.NewIndex(a), g: &Graph{}, env: a.Environment()}
	d.build()
	d.mark(findings)
	return d.g
}

type deriver struct {
	a   *model.Architecture
	ix  *model.Index
	g   *Graph
	env *model.Environment

	vpc       string   // VPC ID drawn
	mwaaNets  []string // subnet group IDs that host MWAA
	managed   bool     // the MWAA-managed group exists
	services  map[NodeKind]*Node
	generic   map[string]*Node // other AWS services by short name
	edgeSeen  map[string]bool
	routingUp string
}

func (d *deriver) addGroup(g *Group) *Group { d.g.Groups = append(d.g.Groups, g); return g }
func (d *deriver) addNode(n *Node) *Node    { d.g.Nodes = append(d.g.Nodes, n); return n }

func (d *deriver) edge(from, to, label string, style EdgeStyle) {
	id := "e-" + from + "-" + to
	if d.edgeSeen[id] {
		return
	}
	d.edgeSeen[id] = true
	d.g.Edges = append(d.g.Edges, &Edge{ID: id, From: from, To: to, Label: label, Style: style})
}

func (d *deriver) build() {
	d.edgeSeen = map[string]bool{}
	d.services = map[NodeKind]*Node{}
	d.generic = map[string]*Node{}
	a, env := d.a, d.env
	d.routingUp = routingOf(a, d.ix)
	d.vpc = d.pickVPC()

	name := a.Name
	if env != nil && env.Name != "" && !model.IsSymbolic(env.Name) {
		name = env.Name
	}
	if name == "" {
		name = "MWAA"
	}
	d.g.Title = fmt.Sprintf("%s: Amazon MWAA, %s routing", name, d.routingUp)
	if env == nil {
		d.g.Title = name + ": network (no MWAA environment in the input)"
	}
	if a.Region != "" {
		d.g.Title += ", " + a.Region
	}

	webPublic := env != nil && env.WebserverAccess == model.PublicOnly
	// Who uses the environment, outside AWS.
	var users string
	if len(a.ClientVPNs) > 0 {
		d.addGroup(&Group{ID: "corporate", Kind: GroupCorporate, Label: "Corporate network"})
		detail := "Airflow UI through the VPN"
		if p := a.ClientVPNs[0].ClientCIDR; p.IsValid() {
			detail = "VPN clients " + p.String()
		}
		users = d.addNode(&Node{ID: "users", Kind: KindUsers, Label: "Corporate users", Detail: detail, Parent: "corporate"}).ID
	} else if webPublic {
		d.addGroup(&Group{ID: "internet", Kind: GroupInternet, Label: "Internet"})
		users = d.addNode(&Node{ID: "users", Kind: KindUsers, Label: "Airflow users", Detail: "browser, IAM sign-in", Parent: "internet"}).ID
	}

	d.addGroup(&Group{ID: "aws-cloud", Kind: GroupCloud, Label: "AWS Cloud"})
	region := a.Region
	if region == "" {
		region = "Region not known"
	}
	d.addGroup(&Group{ID: "region", Kind: GroupRegion, Label: "Region", Detail: region, Parent: "aws-cloud"})

	vpcGroup := d.vpcGroup()
	d.subnets(vpcGroup)
	d.clientVPNs(vpcGroup, users)
	d.internetPath(vpcGroup)
	d.endpoints(vpcGroup)
	d.awsServices()
	if webPublic && users != "" && d.managed {
		d.edge(users, "mwaa", "HTTPS 443 (Airflow UI)", Network)
	}
	d.relations()
	// Drop edges to elements that were never drawn (an internet path to services when
	// there is no environment, say).
	edges := d.g.Edges[:0]
	for _, e := range d.g.Edges {
		if d.exists(e.From) && d.exists(e.To) {
			edges = append(edges, e)
		}
	}
	d.g.Edges = edges
}

func (d *deriver) exists(id string) bool { return d.g.node(id) != nil || d.g.group(id) != nil }

// routingOf is the architecture's routing mode, inferred from the environment subnets'
// default routes when the input does not say.
func routingOf(a *model.Architecture, ix *model.Index) string {
	if a.Routing != "" {
		return a.Routing
	}
	env := a.Environment()
	if env == nil {
		return model.RoutingPrivate
	}
	for _, s := range env.Subnets {
		if rt := ix.SubnetRouteTable[s]; rt != nil {
			for _, r := range rt.Routes {
				if isDefault(r.Destination) && (r.Target.Kind == model.TargetNATGateway || r.Target.Kind == model.TargetInternetGateway) {
					return model.RoutingPublic
				}
			}
		}
	}
	return model.RoutingPrivate
}

func isDefault(p netip.Prefix) bool { return p.IsValid() && p.Bits() == 0 }

func (d *deriver) pickVPC() string {
	if d.env != nil {
		for _, s := range d.env.Subnets {
			if sn := d.ix.Subnets[s]; sn != nil && sn.VPC != "" {
				return sn.VPC
			}
		}
	}
	if len(d.a.VPCs) > 0 {
		return d.a.VPCs[0].ID
	}
	for _, s := range d.a.Subnets {
		if s.VPC != "" {
			return s.VPC
		}
	}
	for _, e := range d.a.Endpoints {
		if e.VPC != "" {
			return e.VPC
		}
	}
	for _, c := range d.a.ClientVPNs {
		if c.VPC != "" {
			return c.VPC
		}
	}
	return ""
}

func (d *deriver) vpcGroup() string {
	if d.vpc == "" && len(d.a.VPCs) == 0 && len(d.a.Subnets) == 0 && len(d.a.Endpoints) == 0 &&
		len(d.a.ClientVPNs) == 0 && len(d.a.NetworkInterfaces) == 0 && d.a.Environment() == nil {
		// The input has no network at all (a template with only a bucket and a role): no
		// VPC is drawn rather than an invented one.
		return "region"
	}
	g := &Group{ID: "vpc", Kind: GroupVPC, Label: "VPC", Parent: "region"}
	if d.vpc != "" {
		g.ModelIDs = []string{d.vpc}
	}
	var parts []string
	if v := d.ix.VPCs[d.vpc]; v != nil {
		if v.Name != "" && !model.IsSymbolic(v.Name) {
			parts = append(parts, v.Name)
		} else if !model.IsSymbolic(v.ID) && strings.HasPrefix(v.ID, "vpc-") {
			parts = append(parts, v.ID)
		}
		if len(v.CIDRs) > 0 && v.CIDRs[0].IsValid() {
			parts = append(parts, v.CIDRs[0].String())
		}
		// The route tables and ACLs without subnets of their own belong to the VPC.
		for _, rt := range d.a.RouteTables {
			if rt.VPC == d.vpc && rt.Main {
				g.ModelIDs = append(g.ModelIDs, rt.ID)
			}
		}
	} else if d.vpc != "" {
		parts = append(parts, d.vpc+" (existing)")
	}
	g.Detail = strings.Join(parts, " · ")
	d.addGroup(g)
	return g.ID
}

// subnets draws the Availability Zones and their subnets, and the MWAA parts in the
// environment's subnets.
func (d *deriver) subnets(vpc string) {
	envSubnets := map[string]bool{}
	if d.env != nil {
		for _, s := range d.env.Subnets {
			envSubnets[s] = true
		}
	}
	var subnets []*model.Subnet
	seen := map[string]bool{}
	for _, s := range d.a.Subnets {
		if s.VPC == d.vpc || (d.vpc == "" && s.VPC == "") || envSubnets[s.ID] {
			subnets = append(subnets, s)
			seen[s.ID] = true
		}
	}
	if d.env != nil {
		for _, id := range d.env.Subnets {
			if !seen[id] {
				subnets = append(subnets, &model.Subnet{ID: id, AvailableIPs: -1})
				seen[id] = true
			}
		}
	}
	azGroup := map[string]string{}
	azCount := 0
	for _, s := range subnets {
		key := s.AZ
		if key == "" {
			key = "?" + s.ID
		}
		gid, ok := azGroup[key]
		if !ok {
			azCount++
			gid = "az-" + strconv.Itoa(azCount)
			azGroup[key] = gid
			g := &Group{ID: gid, Kind: GroupAZ, Parent: vpc}
			switch {
			case s.AZ == "":
				g.Label, g.Detail = "Availability Zone", "not known"
			case model.IsSymbolic(s.AZ):
				n := azCount
				if k := strings.LastIndexByte(s.AZ, '#'); k >= 0 {
					if v, err := strconv.Atoi(s.AZ[k+1:]); err == nil {
						n = v + 1
					}
				}
				g.Label = "Availability Zone " + strconv.Itoa(n)
			default:
				g.Label, g.Detail = "Availability Zone", s.AZ
			}
			d.addGroup(g)
		}
		public := d.isPublic(s.ID)
		sg := &Group{ID: "subnet-" + s.ID, Parent: gid, ModelIDs: []string{s.ID}}
		if public {
			sg.Kind, sg.Label = GroupPublic, "Public subnet"
		} else {
			sg.Kind, sg.Label = GroupPrivate, "Private subnet"
		}
		if rt := d.ix.SubnetRouteTable[s.ID]; rt != nil && !rt.Main {
			sg.ModelIDs = append(sg.ModelIDs, rt.ID)
		}
		if acl := d.ix.SubnetACL[s.ID]; acl != nil && !acl.Default {
			sg.ModelIDs = append(sg.ModelIDs, acl.ID)
		}
		switch {
		case s.CIDR.IsValid():
			sg.Detail = s.CIDR.String()
		case !model.IsSymbolic(s.ID) && strings.HasPrefix(s.ID, "subnet-"):
			sg.Detail = s.ID
		default:
			sg.Detail = "CIDR not known"
		}
		d.addGroup(sg)
		if envSubnets[s.ID] {
			d.mwaaNets = append(d.mwaaNets, sg.ID)
			d.addNode(&Node{ID: "web-" + s.ID, Kind: KindWebserver, Label: "Web server", Detail: "Airflow UI", Parent: sg.ID})
			d.addNode(&Node{ID: "scheduler-" + s.ID, Kind: KindScheduler, Label: "Scheduler", Detail: "parses DAGs, queues tasks", Parent: sg.ID})
			workers := "runs tasks"
			if d.env.EnvironmentClass != "" {
				workers += " · " + d.env.EnvironmentClass
			}
			d.addNode(&Node{ID: "workers-" + s.ID, Kind: KindWorkers, Label: "Workers", Detail: workers, Parent: sg.ID})
		}
	}
}

// isPublic reports whether a subnet's route table sends the default route to an internet
// gateway.
func (d *deriver) isPublic(subnet string) bool {
	rt := d.ix.SubnetRouteTable[subnet]
	if rt == nil {
		return false
	}
	for _, r := range rt.Routes {
		if isDefault(r.Destination) && r.Target.Kind == model.TargetInternetGateway {
			return true
		}
	}
	return false
}

func (d *deriver) clientVPNs(vpc, users string) {
	for _, c := range d.a.ClientVPNs {
		id := "cvpn-" + c.ID
		detail := "mutual TLS"
		if c.ClientCIDR.IsValid() {
			detail = "clients " + c.ClientCIDR.String()
		}
		d.addNode(&Node{ID: id, Kind: KindClientVPN, Label: "Client VPN endpoint", Detail: detail, Parent: vpc,
			ModelIDs: append([]string{c.ID}, c.SecurityGroups...)})
		if users != "" {
			proto := strings.ToUpper(c.TransportProtocol)
			if proto == "" {
				proto = "UDP"
			}
			port := c.VPNPort
			if port <= 0 {
				port = 443
			}
			d.edge(users, id, fmt.Sprintf("OpenVPN %s %d", proto, port), Network)
		}
		if d.env == nil || d.env.WebserverAccess == model.PublicOnly {
			continue
		}
		for _, s := range d.env.Subnets {
			d.edge(id, "web-"+s, "HTTPS 443", Network)
		}
	}
}

// internetPath draws NAT gateways, the internet gateway and the default routes to them.
func (d *deriver) internetPath(vpc string) {
	var igw string
	for _, g := range d.a.InternetGateways {
		if g.Egress {
			continue
		}
		for _, v := range g.VPCs {
			if v == d.vpc && igw == "" {
				igw = "igw-" + g.ID
				d.addNode(&Node{ID: igw, Kind: KindIGW, Label: "Internet gateway", Detail: "to the internet", Parent: vpc, ModelIDs: []string{g.ID}})
			}
		}
	}
	for _, n := range d.a.NATGateways {
		parent := vpc
		if d.g.group("subnet-"+n.Subnet) != nil {
			parent = "subnet-" + n.Subnet
		} else if d.ix.Subnets[n.Subnet] == nil && len(d.a.Subnets) > 0 {
			continue // another VPC's
		}
		ids := []string{n.ID}
		if n.EIP != "" {
			ids = append(ids, n.EIP)
		}
		d.addNode(&Node{ID: "nat-" + n.ID, Kind: KindNAT, Label: "NAT gateway", Detail: "Elastic IP", Parent: parent, ModelIDs: ids})
	}
	// Default routes of the drawn subnets.
	reachesInternet := false
	for _, gr := range d.g.Groups {
		if gr.Kind != GroupPrivate && gr.Kind != GroupPublic {
			continue
		}
		sid := strings.TrimPrefix(gr.ID, "subnet-")
		rt := d.ix.SubnetRouteTable[sid]
		if rt == nil {
			continue
		}
		for _, r := range rt.Routes {
			if !isDefault(r.Destination) || r.Blackhole {
				continue
			}
			switch r.Target.Kind {
			case model.TargetNATGateway:
				if d.g.node("nat-"+r.Target.ID) != nil {
					d.edge(gr.ID, "nat-"+r.Target.ID, "all traffic 0.0.0.0/0", Network)
					reachesInternet = true
				}
			case model.TargetInternetGateway:
				if igw != "" && gr.Kind == GroupPublic {
					// a NAT gateway in this subnet sends through the IGW
					for _, n := range d.g.Nodes {
						if n.Kind == KindNAT && n.Parent == gr.ID {
							d.edge(n.ID, igw, "all traffic", Network)
						}
					}
				} else if igw != "" {
					d.edge(gr.ID, igw, "all traffic 0.0.0.0/0", Network)
					reachesInternet = true
				}
			}
		}
	}
	if igw != "" && reachesInternet {
		d.edge(igw, "aws-services", "HTTPS 443", Network)
		d.ensureManaged()
		d.edge(igw, "mwaa-managed", "HTTPS 443", Network)
	}
}

// mark attaches findings to the elements that stand for their resources.
func (d *deriver) mark(findings []model.Finding) {
	for _, f := range findings {
		placed := false
		for _, g := range d.g.Groups {
			if contains(g.ModelIDs, f.Resource) {
				g.Findings = append(g.Findings, f)
				placed = true
			}
		}
		for _, n := range d.g.Nodes {
			if contains(n.ModelIDs, f.Resource) {
				n.Findings = append(n.Findings, f)
				placed = true
			}
		}
		if !placed {
			d.g.Unplaced = append(d.g.Unplaced, f)
		}
	}
}
