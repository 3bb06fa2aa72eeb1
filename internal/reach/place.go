package reach

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Named places.
const (
	PlaceEnv       = "env"
	PlaceWebserver = "webserver"
	PlaceDatabase  = "database"
	PlaceInternet  = "internet"
	PlaceVPN       = "vpn"
	PlaceCorporate = "corporate"
	servicePrefix  = "service:"
)

// Service returns the place name of an AWS service: Service("sqs") is "service:sqs".
func Service(short string) string { return servicePrefix + short }

type locKind uint8

const (
	locENI        locKind = iota // an interface (real or as MWAA creates it) in a subnet
	locInternet                  // a host on the internet
	locService                   // an AWS service's public addresses
	locVPNClient                 // a Client VPN client
	locCorporate                 // the corporate network behind a VPN/transit gateway
	locMWAAPublic                // MWAA's public web server endpoint (PUBLIC_ONLY)
)

// location is one concrete end of a path.
type location struct {
	kind  locKind
	label string
	// arrival is the rule text of the arrival hop ("delivered to " + label).
	arrival string
	id      string // what hops name: an interface, endpoint or subnet ID
	comp    string // component kind of the arrival hop
	subnet  string
	vpc     string
	a       addr
	// publicIP says whether the interface has a public address (internet gateway needs it).
	publicIP model.Tri
	sgs      []string
	sgKnown  bool
	svc      string
	cvpn     *model.ClientVPN
	gateway  model.RouteTarget // corporate: the gateway it is behind
	// needsEndpoint: a service reached through public addresses while routing is private;
	// a missing route means a missing endpoint.
	needsEndpoint bool
	// missing, when set, says the place does not exist yet (a CUSTOMER-managed MWAA
	// endpoint not created); missingFix says how to create it.
	missing, missingFix string
	// privateAddr: the place was named by its private address, which the internet
	// cannot route to.
	privateAddr bool
	// gatewayEndpoint: the gateway endpoint a service is reached through.
	gatewayEndpoint string
	// forwarder: source/destination check is off (a NAT instance).
	forwarder model.Tri
	// lb is the load balancer whose interface this is; its listeners decide what it accepts.
	lb *model.LoadBalancer
	// noSGs: the interface has no security groups at all (a network load balancer
	// created without them), so no group checks its traffic.
	noSGs bool
}

// PlaceError says that a query names a place the architecture does not have.
type PlaceError struct {
	Place  string
	Reason string
	// Known lists the places that exist (named places, services, IDs), for the message.
	Known []string
}

func (e *PlaceError) Error() string {
	msg := fmt.Sprintf("unknown place %q", e.Place)
	if e.Reason != "" {
		msg = fmt.Sprintf("place %q: %s", e.Place, e.Reason)
	}
	if len(e.Known) > 0 {
		msg += "; places in this input: " + strings.Join(e.Known, ", ")
	}
	return msg
}

// Places lists the places a query may name in this architecture: named places first,
// then services with endpoints, then resource IDs (at most 20 of each kind).
func (an *Analyzer) Places() []string {
	var out []string
	if an.env != nil {
		out = append(out, PlaceEnv, PlaceWebserver, PlaceDatabase)
	}
	out = append(out, PlaceInternet)
	if len(an.a.ClientVPNs) > 0 {
		out = append(out, PlaceVPN)
	}
	if len(an.a.ClientVPNs) > 0 || len(an.vgwByVPC) > 0 || len(an.tgwByVPC) > 0 {
		out = append(out, PlaceCorporate)
	}
	svcs := map[string]bool{}
	for _, ep := range an.a.Endpoints {
		if s := model.ServiceShortName(ep.Service); !strings.Contains(s, ".vpce.") && s != ep.Service {
			svcs[Service(s)] = true
		}
	}
	for _, s := range model.RequiredInterfaceServices(an.partition()) {
		svcs[Service(s)] = true
	}
	svcs[Service("s3")] = true
	out = append(out, sortedKeys(svcs)...)
	add := func(ids []string) {
		for i, id := range ids {
			if i == 20 {
				out = append(out, fmt.Sprintf("... (%d more)", len(ids)-20))
				break
			}
			out = append(out, id)
		}
	}
	ids := func(n int, id func(int) string) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = id(i)
		}
		return s
	}
	add(ids(len(an.a.Subnets), func(i int) string { return an.a.Subnets[i].ID }))
	add(ids(len(an.a.NetworkInterfaces), func(i int) string { return an.a.NetworkInterfaces[i].ID }))
	add(ids(len(an.a.Endpoints), func(i int) string { return an.a.Endpoints[i].ID }))
	add(ids(len(an.a.NATGateways), func(i int) string { return an.a.NATGateways[i].ID }))
	add(ids(len(an.a.LoadBalancers), func(i int) string { return an.a.LoadBalancers[i].ID }))
	owners := make([]string, 0, len(an.eniByOwner))
	for o := range an.eniByOwner {
		if strings.HasPrefix(o, "i-") {
			owners = append(owners, o)
		}
	}
	sort.Strings(owners)
	add(owners)
	out = append(out, "an IP address or CIDR")
	return out
}

func sortedKeys(m map[string]bool) []string {
	return slices.Sorted(maps.Keys(m))
}

func (an *Analyzer) partition() string {
	if an.a.Partition != "" {
		return an.a.Partition
	}
	return model.PartitionOf(an.a.Region)
}

func (an *Analyzer) placeError(name, reason string) error {
	return &PlaceError{Place: name, Reason: reason, Known: an.Places()}
}

// place is a resolved place: its locations, or (services) a name resolved per source VPC.
type place struct {
	name string
	locs []location
	svc  string
}

// resolve turns a place name into locations. Resolved places are cached: they depend
// only on the architecture, and locations are never changed once made.
func (an *Analyzer) resolve(name string) (*place, error) {
	if p, ok := an.places.Load(name); ok {
		return p.(*place), nil
	}
	p, err := an.resolvePlace(name)
	if err != nil {
		return nil, err
	}
	for i := range p.locs {
		p.locs[i].arrival = "delivered to " + p.locs[i].label
	}
	if !isAddress(name) { // addresses are unbounded: do not keep them
		an.places.Store(name, p)
	}
	return p, nil
}

func (an *Analyzer) resolvePlace(name string) (*place, error) {
	p := &place{name: name}
	switch {
	case name == PlaceEnv:
		if an.env == nil {
			return nil, an.placeError(name, "the input has no MWAA environment")
		}
		for _, s := range an.env.Subnets {
			l := an.subnetLocation(s)
			l.label = "env in " + s
			l.id = an.env.ID
			l.sgs, l.sgKnown = an.env.SecurityGroups, true
			l.publicIP = model.No
			l.comp = CompMWAA
			p.locs = append(p.locs, l)
		}
	case name == PlaceWebserver || name == PlaceDatabase:
		locs, err := an.mwaaEndpoint(name)
		if err != nil {
			return nil, err
		}
		p.locs = locs
	case name == PlaceInternet:
		p.locs = []location{{kind: locInternet, label: "internet", id: "internet", comp: CompInternet, a: addr{kind: addrPublic}}}
	case name == PlaceVPN:
		if len(an.a.ClientVPNs) == 0 {
			return nil, an.placeError(name, "the input has no Client VPN endpoint")
		}
		p.locs = []location{an.vpnLocation(an.a.ClientVPNs[0])}
	case name == PlaceCorporate:
		l, ok := an.corporateLocation()
		if !ok {
			return nil, an.placeError(name, "the input has no virtual private gateway, transit gateway or Client VPN")
		}
		p.locs = []location{l}
	case strings.HasPrefix(name, servicePrefix):
		p.svc = strings.TrimPrefix(name, servicePrefix)
		if p.svc == "" {
			return nil, an.placeError(name, "service: needs a service name, e.g. service:sqs")
		}
		if err := an.checkService(name, p.svc); err != nil {
			return nil, err
		}
	default:
		locs, err := an.resolveID(name)
		if err != nil {
			return nil, err
		}
		p.locs = locs
	}
	return p, nil
}

func (an *Analyzer) subnetLocation(id string) location {
	l := location{kind: locENI, label: "subnet " + id, id: id, comp: CompSubnet, subnet: id, a: addr{kind: addrUnknown}}
	if s := an.ix.Subnets[id]; s != nil {
		l.vpc = s.VPC
		l.a = prefixAddr(s.CIDR, s.VPC)
		l.publicIP = s.MapPublicIPOnLaunch
	}
	return l
}

func (an *Analyzer) eniLocation(n *model.NetworkInterface) location {
	l := an.subnetLocation(n.Subnet)
	l.label = "interface " + n.ID
	if n.Attachment != "" {
		l.label += " (" + n.Attachment + ")"
	}
	l.id, l.comp = n.ID, CompInterface
	if len(n.PrivateIPs) > 0 && n.PrivateIPs[0].IsValid() {
		l.a = prefixAddr(netip.PrefixFrom(n.PrivateIPs[0], n.PrivateIPs[0].BitLen()), l.vpc)
	}
	l.publicIP = model.TriOf(n.PublicIP.IsValid() || n.PublicIPAssigned || an.eipOwner[n.ID] || (n.Attachment != "" && an.eipOwner[n.Attachment]))
	if l.publicIP == model.No && n.PublicIPFromSubnet {
		// Launched without saying: the subnet's MapPublicIpOnLaunch decides.
		l.publicIP = model.Unknown
		if s := an.ix.Subnets[n.Subnet]; s != nil {
			l.publicIP = s.MapPublicIPOnLaunch
		}
	}
	l.sgs, l.sgKnown = n.SecurityGroups, true
	l.forwarder = model.Unknown
	if n.SourceDestCheck == model.No {
		l.forwarder = model.Yes
	} else if n.SourceDestCheck == model.Yes {
		l.forwarder = model.No
	}
	return l
}

func (an *Analyzer) endpointLocations(ep *model.VPCEndpoint) []location {
	locs := make([]location, 0, len(ep.Subnets))
	for _, s := range ep.Subnets {
		l := an.subnetLocation(s)
		l.label = "endpoint " + ep.ID + " in " + s
		l.id, l.comp = ep.ID, CompEndpoint
		if ip, ok := ep.IPs[s]; ok && ip.IsValid() {
			l.a = prefixAddr(netip.PrefixFrom(ip, ip.BitLen()), l.vpc)
		} else {
			for _, n := range an.eniByOwner[ep.ID] {
				if n.Subnet == s && len(n.PrivateIPs) > 0 && n.PrivateIPs[0].IsValid() {
					l.a = prefixAddr(netip.PrefixFrom(n.PrivateIPs[0], n.PrivateIPs[0].BitLen()), l.vpc)
					break
				}
			}
		}
		l.vpc = ep.VPC
		l.sgs, l.sgKnown = ep.SecurityGroups, true
		l.publicIP = model.No
		locs = append(locs, l)
	}
	return locs
}

// mwaaEndpoint resolves webserver or database.
func (an *Analyzer) mwaaEndpoint(name string) ([]location, error) {
	env := an.env
	if env == nil {
		return nil, an.placeError(name, "the input has no MWAA environment")
	}
	svcName := env.DatabaseVPCEndpointService
	if name == PlaceWebserver {
		if env.WebserverAccess == model.PublicOnly {
			return []location{{kind: locMWAAPublic, label: "MWAA public web server", id: env.ID, comp: CompMWAA, a: addr{kind: addrService, svc: "airflow (web server)"}}}, nil
		}
		svcName = env.WebserverVPCEndpointService
	}
	if svcName != "" {
		if ep := an.byService[svcName]; ep != nil {
			return an.endpointLocations(ep), nil
		}
	}
	customer := env.EndpointManagement == model.CustomerManaged
	locs := make([]location, 0, len(env.Subnets))
	for _, s := range env.Subnets {
		l := an.subnetLocation(s)
		l.label = name + " endpoint in " + s + " (created by MWAA)"
		l.id, l.comp = env.ID+"/"+name, CompMWAA
		l.sgs, l.sgKnown = env.SecurityGroups, true
		l.publicIP = model.No
		if customer {
			// The VPC owner must create it; trace the path it would have once created.
			l.label = name + " endpoint in " + s + " (to be created by the VPC owner)"
			svc := svcName
			if svc == "" {
				svc = "the environment's " + name + " endpoint service"
			}
			l.missing = fmt.Sprintf("endpoint management is CUSTOMER and the input has no interface endpoint to %s: MWAA waits in PENDING, then fails (EPM-02)", svc)
			l.missingFix = fmt.Sprintf("create an interface endpoint to %s in the environment's subnets with the environment's security groups", svc)
		}
		locs = append(locs, l)
	}
	return locs, nil
}

func (an *Analyzer) vpnLocation(cv *model.ClientVPN) location {
	return location{kind: locVPNClient, label: "Client VPN client (" + cidrText(cv.ClientCIDR) + ")", id: cv.ID, comp: CompClientVPN,
		vpc: "", a: prefixAddr(cv.ClientCIDR, ""), cvpn: cv}
}

// corporateLocation: behind the environment VPC's virtual private gateway or transit
// gateway (its address: the first route to that gateway), else the Client VPN's clients.
func (an *Analyzer) corporateLocation() (location, bool) {
	var vpcs []string
	if an.env != nil {
		for _, s := range an.env.Subnets {
			if sn := an.ix.Subnets[s]; sn != nil {
				vpcs = append(vpcs, sn.VPC)
				break
			}
		}
	}
	for _, v := range an.a.VPCs {
		vpcs = append(vpcs, v.ID)
	}
	for _, v := range vpcs {
		var gw model.RouteTarget
		if g := an.vgwByVPC[v]; g != nil {
			gw = model.RouteTarget{Kind: model.TargetVPNGateway, ID: g.ID}
		} else if t := an.tgwByVPC[v]; t != nil {
			gw = model.RouteTarget{Kind: model.TargetTransitGateway, ID: t.TransitGateway}
		} else {
			continue
		}
		l := location{kind: locCorporate, label: "corporate network (behind " + gw.ID + ")", id: gw.ID, comp: CompCorporate, a: addr{kind: addrUnknown}, gateway: gw}
		for _, rt := range an.a.RouteTables {
			if rt.VPC != v {
				continue
			}
			for _, r := range rt.Routes {
				if r.Target.Kind == gw.Kind && r.Destination.IsValid() && r.Destination.Bits() > 0 {
					l.a = prefixAddr(r.Destination, "")
					break
				}
			}
			if l.a.kind != addrUnknown {
				break
			}
		}
		return l, true
	}
	if len(an.a.ClientVPNs) > 0 {
		l := an.vpnLocation(an.a.ClientVPNs[0])
		l.label = "corporate network (Client VPN clients)"
		return l, true
	}
	return location{}, false
}

// resolveID resolves a resource ID, an IP address or a CIDR.
func (an *Analyzer) resolveID(name string) ([]location, error) {
	ix := an.ix
	if _, ok := ix.Subnets[name]; ok {
		return []location{an.subnetLocation(name)}, nil
	}
	if n := ix.NetworkInterfaces[name]; n != nil {
		return []location{an.eniLocation(n)}, nil
	}
	if ep := ix.Endpoints[name]; ep != nil {
		if ep.Type != model.EndpointInterface && ep.Type != "" {
			return []location{{kind: locService, label: "service " + model.ServiceShortName(ep.Service), id: ep.ID, comp: CompService,
				a: addr{kind: addrService, svc: model.ServiceShortName(ep.Service)}, svc: model.ServiceShortName(ep.Service)}}, nil
		}
		return an.endpointLocations(ep), nil
	}
	if lb := an.lbs[name]; lb != nil {
		return an.lbLocations(lb), nil
	}
	if nat := ix.NATGateways[name]; nat != nil {
		l := an.subnetLocation(nat.Subnet)
		l.label, l.id, l.comp = "NAT gateway "+nat.ID, nat.ID, CompNATGateway
		if nat.PrivateIP.IsValid() {
			l.a = prefixAddr(netip.PrefixFrom(nat.PrivateIP, 32), l.vpc)
		}
		l.publicIP = model.TriOf(nat.Public != model.No)
		l.sgKnown = true // NAT gateways have no security groups; nothing to check
		l.sgs = nil
		return []location{l}, nil
	}
	if enis := an.eniByOwner[name]; len(enis) > 0 {
		locs := make([]location, len(enis))
		for i, n := range enis {
			locs[i] = an.eniLocation(n)
		}
		return locs, nil
	}
	if _, ok := ix.InternetGateways[name]; ok {
		p, err := an.resolvePlace(PlaceInternet)
		if err != nil {
			return nil, err
		}
		return p.locs, nil
	}
	for _, cv := range an.a.ClientVPNs {
		if cv.ID == name {
			return []location{an.vpnLocation(cv)}, nil
		}
	}
	for _, g := range an.a.VPNGateways {
		if g.ID == name {
			l, _ := an.corporateLocation()
			return []location{l}, nil
		}
	}
	for _, e := range an.a.Environments {
		if e.ID == name || e.Name == name {
			p, err := an.resolvePlace(PlaceEnv)
			if err != nil {
				return nil, err
			}
			return p.locs, nil
		}
	}
	return an.resolveAddress(name)
}

func (an *Analyzer) resolveAddress(name string) ([]location, error) {
	var pfx netip.Prefix
	if ip, err := netip.ParseAddr(name); err == nil {
		pfx = netip.PrefixFrom(ip, ip.BitLen())
		if n := an.eniByIP[ip]; n != nil {
			if nat := an.ix.NATGateways[n.Attachment]; nat != nil {
				return an.resolveID(nat.ID)
			}
			l := an.eniLocation(n)
			l.privateAddr = true
			return []location{l}, nil
		}
		for _, nat := range an.a.NATGateways {
			if nat.PublicIP == ip {
				return an.resolveID(nat.ID)
			}
		}
		for _, n := range an.a.NetworkInterfaces {
			if n.PublicIP == ip {
				if nat := an.ix.NATGateways[n.Attachment]; nat != nil {
					return an.resolveID(nat.ID)
				}
				return []location{an.eniLocation(n)}, nil
			}
		}
	} else if p, err := netip.ParsePrefix(name); err == nil {
		pfx = p.Masked()
	} else {
		return nil, an.placeError(name, "")
	}
	for _, s := range an.a.Subnets {
		if s.CIDR.IsValid() && s.CIDR.Bits() <= pfx.Bits() && s.CIDR.Contains(pfx.Addr()) {
			l := an.subnetLocation(s.ID)
			l.label = name + " in " + s.ID
			l.a = prefixAddr(pfx, s.VPC)
			l.privateAddr = true
			if !pfx.IsSingleIP() {
				l.publicIP = model.No
			}
			return []location{l}, nil
		}
	}
	for _, v := range an.a.VPCs {
		for _, c := range v.CIDRs {
			if c.IsValid() && c.Overlaps(pfx) {
				return nil, an.placeError(name, "the address is in VPC "+v.ID+" but in none of its subnets")
			}
		}
	}
	if !isPrivate(pfx) {
		return []location{{kind: locInternet, label: "internet host " + name, id: name, comp: CompInternet, a: prefixAddr(pfx, "")}}, nil
	}
	for _, cv := range an.a.ClientVPNs {
		if cv.ClientCIDR.IsValid() && cv.ClientCIDR.Bits() <= pfx.Bits() && cv.ClientCIDR.Contains(pfx.Addr()) {
			l := an.vpnLocation(cv)
			l.a = prefixAddr(pfx, "")
			return []location{l}, nil
		}
	}
	if l, ok := an.peerLocation(pfx); ok {
		l.label = "peer VPC host " + name + " (through " + l.id + ")"
		return []location{l}, nil
	}
	if l, ok := an.corporateLocation(); ok && l.kind == locCorporate {
		l.a = prefixAddr(pfx, "")
		l.label = "corporate host " + name
		return []location{l}, nil
	}
	// A private address outside the input: routes may still lead there (a transit
	// gateway, a peering); what lies beyond is not known.
	return []location{{kind: locCorporate, label: "remote host " + name, id: name, comp: CompCorporate, a: prefixAddr(pfx, "")}}, nil
}

func isAddress(s string) bool {
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	_, err := netip.ParsePrefix(s)
	return err == nil
}

// peerLocation: an address that a route of the input sends to a VPC peering connection
// (or that the connection's peer CIDRs hold) is a host in the peer VPC, which enters
// through that connection.
func (an *Analyzer) peerLocation(pfx netip.Prefix) (location, bool) {
	in := func(c netip.Prefix) bool {
		return c.IsValid() && c.Bits() <= pfx.Bits() && c.Contains(pfx.Addr())
	}
	for _, p := range an.a.PeeringConnections {
		for _, c := range p.PeerCIDRs {
			if in(c) {
				return location{kind: locCorporate, id: p.ID, comp: CompPeering, a: prefixAddr(pfx, ""),
					gateway: model.RouteTarget{Kind: model.TargetPeering, ID: p.ID}}, true
			}
		}
	}
	for _, rt := range an.a.RouteTables {
		for _, r := range rt.Routes {
			if r.Target.Kind == model.TargetPeering && in(r.Destination) {
				return location{kind: locCorporate, id: r.Target.ID, comp: CompPeering, a: prefixAddr(pfx, ""),
					gateway: r.Target}, true
			}
		}
	}
	return location{}, false
}
