package reach

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Analyzer answers path queries over one architecture. New builds its lookup tables once;
// Trace is then cheap and safe to call from several goroutines.
type Analyzer struct {
	a  *model.Architecture
	ix *model.Index

	env     *model.Environment
	routing string // model.RoutingPublic or model.RoutingPrivate (inferred when not given)

	subnetRT  map[string]*rtIndex
	edgeRT    map[string]*rtIndex // gateway ID -> route table edge-associated with it (ingress routing)
	subnetACL map[string]*aclIndex
	sgs       map[string]*sgIndex

	iface      map[string][]*model.VPCEndpoint // vpc + "\x00" + short service name
	gateway    map[string][]*model.VPCEndpoint
	byService  map[string]*model.VPCEndpoint // full service name -> endpoint (MWAA's)
	igwByVPC   map[string]*model.InternetGateway
	vgwByVPC   map[string]*model.VPNGateway
	tgwByVPC   map[string]*model.TransitGatewayAttachment
	eniByOwner map[string][]*model.NetworkInterface
	eniByIP    map[netip.Addr]*model.NetworkInterface
	defaultSG  map[string]string // vpc -> ID of its "default" security group
	// eipOwner: IDs (interface or instance) an Elastic IP is associated with; a template
	// gives the association but not the address.
	eipOwner   map[string]bool
	lbs        map[string]*model.LoadBalancer
	tgs        map[string]*model.TargetGroup
	aclUnknown bool // the input does not show network ACLs
	sgUnknown  bool // nor security groups
	rtUnknown  bool // nor route tables
	epUnknown  bool // nor VPC endpoints
	igwUnknown bool // nor internet gateways
	cvUnknown  bool // nor the Client VPN's associations, routes and rules

	places   sync.Map // place name -> *place
	services sync.Map // vpc + "\x00" + service -> *serviceResolution
}

type routeEntry struct {
	dst       netip.Prefix
	pl        string         // prefix-list destination
	plSvc     string         // the AWS service whose prefix list pl is ("" not known)
	plEntries []netip.Prefix // its entries when known
	target    model.RouteTarget
	blackhole bool
	text      string
	where     Position
}

type rtIndex struct {
	rt     *model.RouteTable
	routes []routeEntry
	where  Position
}

type aclEntry struct {
	e     *model.ACLEntry
	text  string
	where Position
}

type aclIndex struct {
	acl     *model.NetworkACL
	in, out []aclEntry
	where   Position
}

type sgRule struct {
	r     *model.SGRule
	text  string
	where Position
}

type sgIndex struct {
	sg      *model.SecurityGroup
	in, out []sgRule
	where   Position
}

// Position is where a component or rule was declared: a file position and/or an ID. It
// is written as text ("spec.yaml:12:3", "sg-0abc").
type Position struct{ model.Source }

// MarshalText writes the position as file:line:column, else the ID.
func (p Position) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

func where(s model.Source, id string) Position {
	if s.IsZero() {
		return Position{model.Source{ID: id}}
	}
	return Position{s}
}

// whereOr is s, or the position of the object the rule belongs to.
func whereOr(s model.Source, parent Position) Position {
	if s.IsZero() {
		return parent
	}
	return Position{s}
}

func vpcSvc(vpc, svc string) string { return vpc + "\x00" + svc }

// New indexes a for path queries.
func New(a *model.Architecture) *Analyzer {
	an := &Analyzer{
		a:          a,
		ix:         model.NewIndex(a),
		env:        a.Environment(),
		subnetRT:   make(map[string]*rtIndex, len(a.Subnets)),
		edgeRT:     map[string]*rtIndex{},
		subnetACL:  make(map[string]*aclIndex, len(a.Subnets)),
		sgs:        make(map[string]*sgIndex, len(a.SecurityGroups)),
		iface:      map[string][]*model.VPCEndpoint{},
		gateway:    map[string][]*model.VPCEndpoint{},
		byService:  map[string]*model.VPCEndpoint{},
		igwByVPC:   map[string]*model.InternetGateway{},
		vgwByVPC:   map[string]*model.VPNGateway{},
		tgwByVPC:   map[string]*model.TransitGatewayAttachment{},
		eniByOwner: map[string][]*model.NetworkInterface{},
		eniByIP:    map[netip.Addr]*model.NetworkInterface{},
		defaultSG:  map[string]string{},
		eipOwner:   map[string]bool{},
		lbs:        make(map[string]*model.LoadBalancer, len(a.LoadBalancers)),
		tgs:        make(map[string]*model.TargetGroup, len(a.TargetGroups)),
		aclUnknown: a.IsUnknown(model.UnknownNetworkACLs),
		sgUnknown:  a.IsUnknown(model.UnknownSecurityGroups),
		rtUnknown:  a.IsUnknown(model.UnknownRouteTables),
		epUnknown:  a.IsUnknown(model.UnknownEndpoints),
		igwUnknown: a.IsUnknown(model.UnknownInternetGateways),
		cvUnknown:  a.IsUnknown(model.UnknownClientVPNDetails),
	}
	for _, ep := range a.Endpoints {
		svc := model.ServiceShortName(ep.Service)
		switch ep.Type {
		case model.EndpointGateway:
			an.gateway[vpcSvc(ep.VPC, svc)] = append(an.gateway[vpcSvc(ep.VPC, svc)], ep)
		case model.EndpointGatewayLoadBalancer:
		default:
			an.iface[vpcSvc(ep.VPC, svc)] = append(an.iface[vpcSvc(ep.VPC, svc)], ep)
			if _, ok := an.byService[ep.Service]; !ok {
				an.byService[ep.Service] = ep
			}
		}
	}
	// Gateway endpoints add a prefix-list route to each of their route tables.
	implicit := map[string][]*model.VPCEndpoint{}
	for _, ep := range a.Endpoints {
		if ep.Type == model.EndpointGateway {
			for _, rt := range ep.RouteTables {
				implicit[rt] = append(implicit[rt], ep)
			}
		}
	}
	rts := make(map[*model.RouteTable]*rtIndex, len(a.RouteTables))
	for _, rt := range a.RouteTables {
		rts[rt] = an.indexRouteTable(rt, implicit[rt.ID])
	}
	for s, rt := range an.ix.SubnetRouteTable {
		an.subnetRT[s] = rts[rt]
	}
	for _, rt := range a.RouteTables {
		for _, g := range rt.Gateways {
			an.edgeRT[g] = rts[rt]
		}
	}
	acls := make(map[*model.NetworkACL]*aclIndex, len(a.NetworkACLs))
	for _, acl := range a.NetworkACLs {
		acls[acl] = indexACL(acl)
	}
	for s, acl := range an.ix.SubnetACL {
		an.subnetACL[s] = acls[acl]
	}
	for _, e := range a.ElasticIPs {
		if e.Association != "" {
			an.eipOwner[e.Association] = true
		}
	}
	for _, sg := range a.SecurityGroups {
		an.sgs[sg.ID] = indexSG(sg)
		if sg.Name == "default" {
			an.defaultSG[sg.VPC] = sg.ID
		}
	}
	for _, igw := range a.InternetGateways {
		if igw.Egress {
			continue
		}
		for _, v := range igw.VPCs {
			an.igwByVPC[v] = igw
		}
	}
	for _, g := range a.VPNGateways {
		for _, v := range g.VPCs {
			an.vgwByVPC[v] = g
		}
	}
	for _, t := range a.TransitGatewayAttachments {
		an.tgwByVPC[t.VPC] = t
	}
	for _, n := range a.NetworkInterfaces {
		if n.Attachment != "" {
			an.eniByOwner[n.Attachment] = append(an.eniByOwner[n.Attachment], n)
		}
		for _, ip := range n.PrivateIPs {
			an.eniByIP[ip] = n
		}
	}
	for _, lb := range a.LoadBalancers {
		an.lbs[lb.ID] = lb
	}
	for _, tg := range a.TargetGroups {
		an.tgs[tg.ID] = tg
	}
	an.routing = an.inferRouting()
	return an
}

// Routing returns the routing mode the analyzer uses: the input's, else inferred from the
// environment subnets' routes (a default route to a NAT device or gateway: public).
func (an *Analyzer) Routing() string { return an.routing }

func (an *Analyzer) inferRouting() string {
	if an.a.Routing != "" {
		return an.a.Routing
	}
	if an.env == nil {
		return model.RoutingPrivate
	}
	for _, s := range an.env.Subnets {
		rt := an.subnetRT[s]
		if rt == nil {
			continue
		}
		for _, r := range rt.routes {
			if r.dst.IsValid() && r.dst.Bits() == 0 && r.dst.Addr().Is4() {
				switch r.target.Kind {
				case model.TargetNATGateway, model.TargetInstance, model.TargetNetworkInterface,
					model.TargetInternetGateway, model.TargetTransitGateway:
					return model.RoutingPublic
				}
			}
		}
	}
	return model.RoutingPrivate
}

func (an *Analyzer) indexRouteTable(rt *model.RouteTable, gws []*model.VPCEndpoint) *rtIndex {
	x := &rtIndex{rt: rt, routes: make([]routeEntry, 0, len(rt.Routes)+len(gws)), where: where(rt.Source, rt.ID)}
	has := map[string]bool{}
	for i := range rt.Routes {
		r := &rt.Routes[i]
		e := routeEntry{
			dst:       r.Destination,
			pl:        r.DestinationPrefixList,
			target:    r.Target,
			blackhole: r.Blackhole,
			where:     whereOr(r.Source, x.where),
		}
		if e.pl != "" {
			e.plSvc, e.plEntries = an.prefixList(e.pl, r.Target)
		}
		e.text = routeText(e)
		if r.Target.Kind == model.TargetVPCEndpoint {
			has[r.Target.ID] = true
		}
		x.routes = append(x.routes, e)
	}
	for _, ep := range gws {
		if has[ep.ID] {
			continue
		}
		svc := model.ServiceShortName(ep.Service)
		e := routeEntry{
			pl:     "prefix list of " + ep.Service,
			plSvc:  svc,
			target: model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: ep.ID},
			where:  where(ep.Source, ep.ID),
		}
		e.text = routeText(e) + " (added by the gateway endpoint)"
		x.routes = append(x.routes, e)
	}
	return x
}

// prefixList finds which AWS service a prefix list stands for, and its entries.
func (an *Analyzer) prefixList(id string, target model.RouteTarget) (string, []netip.Prefix) {
	if pl := an.ix.PrefixLists[id]; pl != nil {
		svc := ""
		if strings.Contains(pl.Name, "amazonaws.") {
			svc = model.ServiceShortName(pl.Name)
		}
		if svc == "" && target.Kind == model.TargetVPCEndpoint {
			if ep := an.ix.Endpoints[target.ID]; ep != nil {
				svc = model.ServiceShortName(ep.Service)
			}
		}
		return svc, pl.Entries
	}
	if target.Kind == model.TargetVPCEndpoint {
		if ep := an.ix.Endpoints[target.ID]; ep != nil {
			return model.ServiceShortName(ep.Service), nil
		}
	}
	return "", nil
}

func routeText(e routeEntry) string {
	var b strings.Builder
	switch {
	case e.pl != "":
		b.WriteString(e.pl)
	case e.dst.IsValid():
		b.WriteString(e.dst.String())
	default:
		b.WriteString("(unknown CIDR)")
	}
	b.WriteString(" -> ")
	if e.target.Kind == model.TargetLocal {
		b.WriteString("local")
	} else {
		b.WriteString(string(e.target.Kind))
		if e.target.ID != "" {
			b.WriteString(" " + e.target.ID)
		}
	}
	if e.blackhole {
		b.WriteString(" (blackhole)")
	}
	return b.String()
}

func indexACL(acl *model.NetworkACL) *aclIndex {
	x := &aclIndex{acl: acl, where: where(acl.Source, acl.ID)}
	for i := range acl.Entries {
		e := &acl.Entries[i]
		ae := aclEntry{e: e, text: aclText(e), where: whereOr(e.Source, x.where)}
		if e.Egress {
			x.out = append(x.out, ae)
		} else {
			x.in = append(x.in, ae)
		}
	}
	byNumber := func(es []aclEntry) func(i, j int) bool {
		return func(i, j int) bool { return es[i].e.RuleNumber < es[j].e.RuleNumber }
	}
	sort.SliceStable(x.in, byNumber(x.in))
	sort.SliceStable(x.out, byNumber(x.out))
	return x
}

func aclText(e *model.ACLEntry) string {
	var b strings.Builder
	b.WriteByte('#')
	if e.RuleNumber == model.DefaultRuleNumber {
		b.WriteString("* (default)")
	} else {
		b.WriteString(strconv.Itoa(e.RuleNumber))
	}
	if e.Allow {
		b.WriteString(" allow ")
	} else {
		b.WriteString(" deny ")
	}
	b.WriteString(protoPorts(e.Protocol, e.Ports))
	if e.Egress {
		b.WriteString(" to ")
	} else {
		b.WriteString(" from ")
	}
	b.WriteString(cidrText(e.CIDR))
	return b.String()
}

func protoPorts(p model.Protocol, r model.PortRange) string {
	if p == model.AllProtocols {
		return "all traffic"
	}
	if p.HasPorts() {
		return p.String() + " " + r.String()
	}
	return p.String()
}

func cidrText(p netip.Prefix) string {
	if !p.IsValid() {
		return "(unknown CIDR)"
	}
	return p.String()
}

func indexSG(sg *model.SecurityGroup) *sgIndex {
	x := &sgIndex{sg: sg, where: where(sg.Source, sg.ID)}
	for i := range sg.Ingress {
		r := &sg.Ingress[i]
		x.in = append(x.in, sgRule{r: r, text: sgText(r, false), where: whereOr(r.Source, x.where)})
	}
	for i := range sg.Egress {
		r := &sg.Egress[i]
		x.out = append(x.out, sgRule{r: r, text: sgText(r, true), where: whereOr(r.Source, x.where)})
	}
	return x
}

func sgText(r *model.SGRule, egress bool) string {
	var b strings.Builder
	if egress {
		b.WriteString("egress ")
	} else {
		b.WriteString("ingress ")
	}
	b.WriteString(protoPorts(r.Protocol, r.Ports))
	if egress {
		b.WriteString(" to ")
	} else {
		b.WriteString(" from ")
	}
	switch {
	case r.Group != "":
		b.WriteString("security group " + r.Group)
	case r.PrefixList != "":
		b.WriteString("prefix list " + r.PrefixList)
	case r.PeerUnknown:
		b.WriteString("(unknown peer)")
	default:
		b.WriteString(cidrText(r.CIDR))
	}
	return b.String()
}

// Architecture returns the architecture the analyzer answers for.
func (an *Analyzer) Architecture() *model.Architecture { return an.a }
