package equivtest

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/mwaanet/mwaanet/internal/model"
)

// snapshot is a model written as a snapshot directory: file name -> contents, as the AWS
// CLI v2 prints the describe calls of awscli.FileNames once the architecture is deployed,
// including what AWS adds by itself (the default security group, the interfaces of
// endpoints and NAT gateways, the routes of gateway endpoints, the "*" ACL rules).
type snapshot struct {
	files map[string][]byte
	ids   *ids
}

// snapshotKinds maps model kinds to AWS ID prefixes.
var snapshotPrefix = map[string]string{
	"vpc": "vpc", "subnet": "subnet", "rt": "rtb", "acl": "acl", "sg": "sg", "ep": "vpce",
	"nat": "nat", "eip": "eipalloc", "igw": "igw", "pl": "pl", "cvpn": "cvpn-endpoint",
}

// writeSnapshot writes a (whose network must be complete: no unknown values) as a snapshot
// of the network and the environment (the bucket, key and role are outside: referred to by
// ARN, as a snapshot without the optional files has them).
func writeSnapshot(a *model.Architecture) *snapshot { return writeSnapshotWith(a, false) }

// writeSnapshotWith writes a as a snapshot; with resources, also the optional files of the
// environment's bucket, key and role.
func writeSnapshotWith(a *model.Architecture, resources bool) *snapshot {
	region := a.Region
	if region == "" {
		region = testRegion
	}
	n := names{a: a, region: region}
	m := newIDs()
	for _, v := range a.VPCs {
		if existing(v.ID) {
			continue
		}
		m.assign("vpc", v.ID, "vpc")
	}
	for _, v := range a.Subnets {
		if existing(v.ID) {
			continue
		}
		m.assign("subnet", v.ID, "subnet")
	}
	for _, v := range a.RouteTables {
		if existing(v.ID) {
			continue
		}
		m.assign("rt", v.ID, "rtb")
	}
	for _, v := range a.NetworkACLs {
		if existing(v.ID) {
			continue
		}
		m.assign("acl", v.ID, "acl")
	}
	for _, v := range a.SecurityGroups {
		if existing(v.ID) {
			continue
		}
		m.assign("sg", v.ID, "sg")
	}
	for _, v := range a.Endpoints {
		if existing(v.ID) {
			continue
		}
		m.assign("ep", v.ID, "vpce")
	}
	for _, v := range a.NATGateways {
		if existing(v.ID) {
			continue
		}
		m.assign("nat", v.ID, "nat")
	}
	for _, v := range a.ElasticIPs {
		if existing(v.ID) {
			continue
		}
		m.assign("eip", v.ID, "eipalloc")
	}
	for _, v := range a.InternetGateways {
		if existing(v.ID) {
			continue
		}
		m.assign("igw", v.ID, "igw")
	}
	for _, v := range a.PrefixLists {
		if existing(v.ID) {
			continue
		}
		m.assign("pl", v.ID, "pl")
	}
	for _, v := range a.ClientVPNs {
		if existing(v.ID) {
			continue
		}
		m.assign("cvpn", v.ID, "cvpn-endpoint")
	}
	s := &snapshot{files: map[string][]byte{}, ids: m}
	put := func(name string, v any) {
		if kind := fileKind[name]; kind != "" && a.IsUnknown(kind) {
			return // the model does not know: the snapshot has no such file
		}
		data, err := json.MarshalIndent(v, "", "    ")
		if err != nil {
			panic(err)
		}
		s.files[name] = append(data, '\n')
	}
	list := func(xs []string, kind string) []any {
		out := []any{}
		for _, x := range xs {
			out = append(out, m.get(kind, x))
		}
		return out
	}
	vpcOf := map[string]*model.VPC{}
	for _, v := range a.VPCs {
		vpcOf[v.ID] = v
	}
	subnetVPC := map[string]string{}
	for _, sn := range a.Subnets {
		subnetVPC[sn.ID] = sn.VPC
	}

	// VPCs and their DNS attributes (one VPC: the files describe-vpc-attribute prints).
	var vpcs []any
	for _, v := range a.VPCs {
		if existing(v.ID) {
			continue
		}
		assoc := []any{}
		for i, c := range v.CIDRs {
			assoc = append(assoc, map[string]any{
				"AssociationId":  fmt.Sprintf("vpc-cidr-assoc-%016x", i+1),
				"CidrBlock":      c.String(),
				"CidrBlockState": map[string]any{"State": "associated"},
			})
		}
		vpcs = append(vpcs, map[string]any{
			"CidrBlock":               v.CIDRs[0].String(),
			"DhcpOptionsId":           "dopt-0000000000000000",
			"State":                   "available",
			"VpcId":                   m.get("vpc", v.ID),
			"OwnerId":                 testAccount,
			"InstanceTenancy":         "default",
			"CidrBlockAssociationSet": assoc,
			"IsDefault":               false,
			"Tags":                    tagList(v.Tags),
		})
		if v.EnableDNSSupport.Known() {
			put("describe-vpc-attribute-enableDnsSupport.json", map[string]any{
				"VpcId": m.get("vpc", v.ID), "EnableDnsSupport": map[string]any{"Value": v.EnableDNSSupport == model.Yes}})
		}
		if v.EnableDNSHostnames.Known() {
			put("describe-vpc-attribute-enableDnsHostnames.json", map[string]any{
				"VpcId": m.get("vpc", v.ID), "EnableDnsHostnames": map[string]any{"Value": v.EnableDNSHostnames == model.Yes}})
		}
	}
	if vpcs != nil || len(a.VPCs) == 0 {
		put("describe-vpcs.json", map[string]any{"Vpcs": orEmpty(vpcs)})
	}

	var subnets []any
	for _, sn := range a.Subnets {
		if existing(sn.ID) {
			continue
		}
		subnets = append(subnets, map[string]any{
			"AvailabilityZone":        azOf(sn.AZ, region),
			"AvailableIpAddressCount": (1 << (32 - sn.CIDR.Bits())) - 5,
			"CidrBlock":               sn.CIDR.String(),
			"DefaultForAz":            false,
			"MapPublicIpOnLaunch":     sn.MapPublicIPOnLaunch == model.Yes,
			"State":                   "available",
			"SubnetId":                m.get("subnet", sn.ID),
			"VpcId":                   m.get("vpc", sn.VPC),
			"OwnerId":                 testAccount,
			"Tags":                    tagList(sn.Tags),
		})
	}
	if subnets != nil || len(a.Subnets) == 0 {
		put("describe-subnets.json", map[string]any{"Subnets": orEmpty(subnets)})
	}

	// Route tables; gateway endpoints' routes are as AWS adds them.
	gwRoutes := map[string][]*model.VPCEndpoint{}
	for _, e := range a.Endpoints {
		if e.Type == model.EndpointGateway {
			for _, rt := range e.RouteTables {
				gwRoutes[rt] = append(gwRoutes[rt], e)
			}
		}
	}
	plOf := func(e *model.VPCEndpoint) string {
		svc := n.str(e.Service)
		for _, pl := range a.PrefixLists {
			if n.str(pl.Name) == svc {
				return m.get("pl", pl.ID)
			}
		}
		return m.assign("pl", "service:"+svc, "pl")
	}
	var rts []any
	assocN := 0
	for _, rt := range a.RouteTables {
		if existing(rt.ID) {
			continue
		}
		assocs := []any{}
		if rt.Main {
			assocN++
			assocs = append(assocs, map[string]any{"Main": true, "RouteTableAssociationId": fmt.Sprintf("rtbassoc-%016x", assocN),
				"RouteTableId": m.get("rt", rt.ID), "AssociationState": map[string]any{"State": "associated"}})
		}
		for _, sub := range rt.Subnets {
			assocN++
			assocs = append(assocs, map[string]any{"Main": false, "RouteTableAssociationId": fmt.Sprintf("rtbassoc-%016x", assocN),
				"RouteTableId": m.get("rt", rt.ID), "SubnetId": m.get("subnet", sub), "AssociationState": map[string]any{"State": "associated"}})
		}
		for _, g := range rt.Gateways {
			assocN++
			assocs = append(assocs, map[string]any{"Main": false, "RouteTableAssociationId": fmt.Sprintf("rtbassoc-%016x", assocN),
				"RouteTableId": m.get("rt", rt.ID), "GatewayId": m.get("igw", g), "AssociationState": map[string]any{"State": "associated"}})
		}
		routes := []any{}
		gwDone := map[string]bool{}
		for _, r := range rt.Routes {
			x := map[string]any{"Origin": "CreateRoute", "State": "active"}
			switch {
			case r.DestinationPrefixList != "":
				x["DestinationPrefixListId"] = m.get("pl", r.DestinationPrefixList)
			case r.Destination.Addr().Is6():
				x["DestinationIpv6CidrBlock"] = r.Destination.String()
			default:
				x["DestinationCidrBlock"] = r.Destination.String()
			}
			if r.Blackhole {
				x["State"] = "blackhole"
			}
			t := r.Target
			switch t.Kind {
			case model.TargetLocal:
				x["GatewayId"], x["Origin"] = "local", "CreateRouteTable"
			case model.TargetInternetGateway, model.TargetEgressOnlyIGW:
				x["GatewayId"] = m.get("igw", t.ID)
			case model.TargetVPNGateway:
				x["GatewayId"] = t.ID
			case model.TargetVPCEndpoint:
				x["GatewayId"] = m.get("ep", t.ID)
				x["Origin"] = "CreateRouteTable"
				gwDone[t.ID] = true
				if r.DestinationPrefixList == "" {
					x["Origin"] = "CreateRoute"
				}
			case model.TargetNATGateway:
				x["NatGatewayId"] = m.get("nat", t.ID)
			case model.TargetInstance:
				x["InstanceId"] = m.assign("instance", t.ID, "i")
			case model.TargetTransitGateway:
				x["TransitGatewayId"] = t.ID
			case model.TargetPeering:
				x["VpcPeeringConnectionId"] = t.ID
			case model.TargetNetworkInterface:
				x["NetworkInterfaceId"] = t.ID
			default:
				panic("snapshot writer: route target " + string(t.Kind))
			}
			routes = append(routes, x)
		}
		for _, e := range gwRoutes[rt.ID] {
			if !gwDone[e.ID] {
				routes = append(routes, map[string]any{"DestinationPrefixListId": plOf(e), "GatewayId": m.get("ep", e.ID),
					"Origin": "CreateRoute", "State": "active"})
			}
		}
		rts = append(rts, map[string]any{
			"Associations":    assocs,
			"PropagatingVgws": []any{},
			"RouteTableId":    m.get("rt", rt.ID),
			"Routes":          routes,
			"Tags":            tagList(rt.Tags),
			"VpcId":           m.get("vpc", rt.VPC),
			"OwnerId":         testAccount,
		})
	}
	put("describe-route-tables.json", map[string]any{"RouteTables": orEmpty(rts)})

	// Network ACLs: every subnet is associated with exactly one (its VPC's default ACL
	// unless another names it).
	inACL := map[string]bool{}
	for _, acl := range a.NetworkACLs {
		for _, sub := range acl.Subnets {
			inACL[sub] = true
		}
	}
	var acls []any
	for _, acl := range a.NetworkACLs {
		if existing(acl.ID) {
			continue
		}
		subs := append([]string{}, acl.Subnets...)
		if acl.Default {
			for _, sn := range a.Subnets {
				if sn.VPC == acl.VPC && !inACL[sn.ID] {
					subs = append(subs, sn.ID)
				}
			}
		}
		assocs := []any{}
		for _, sub := range subs {
			assocN++
			assocs = append(assocs, map[string]any{"NetworkAclAssociationId": fmt.Sprintf("aclassoc-%016x", assocN),
				"NetworkAclId": m.get("acl", acl.ID), "SubnetId": m.get("subnet", sub)})
		}
		v6 := vpcOf[acl.VPC] != nil && len(vpcOf[acl.VPC].IPv6CIDRs) > 0
		entries := []any{}
		for _, e := range acl.Entries {
			if e.RuleNumber == model.DefaultRuleNumber && e.CIDR.Addr().Is6() && !v6 {
				continue // AWS shows the IPv6 "*" rule only in VPCs with IPv6
			}
			x := map[string]any{
				"Egress":     e.Egress,
				"Protocol":   strconv.Itoa(int(e.Protocol)),
				"RuleAction": map[bool]string{true: "allow", false: "deny"}[e.Allow],
				"RuleNumber": e.RuleNumber,
			}
			if e.CIDR.Addr().Is6() {
				x["Ipv6CidrBlock"] = e.CIDR.String()
			} else {
				x["CidrBlock"] = e.CIDR.String()
			}
			if e.Protocol.HasPorts() {
				x["PortRange"] = map[string]any{"From": e.Ports.From, "To": e.Ports.To}
			}
			if e.Protocol == model.ICMP || e.Protocol == model.ICMPv6 {
				x["IcmpTypeCode"] = map[string]any{"Type": e.ICMPType, "Code": e.ICMPCode}
			}
			entries = append(entries, x)
		}
		acls = append(acls, map[string]any{
			"Associations": assocs,
			"Entries":      entries,
			"IsDefault":    acl.Default,
			"NetworkAclId": m.get("acl", acl.ID),
			"Tags":         tagList(acl.Tags),
			"VpcId":        m.get("vpc", acl.VPC),
			"OwnerId":      testAccount,
		})
	}
	put("describe-network-acls.json", map[string]any{"NetworkAcls": orEmpty(acls)})

	// Security groups, with the default group AWS creates in each VPC.
	var sgs []any
	sgName := map[string]string{}
	for _, g := range a.SecurityGroups {
		sgName[g.ID] = g.Name
		if existing(g.ID) {
			continue
		}
		sgs = append(sgs, map[string]any{
			"Description":         g.Description,
			"GroupName":           g.Name,
			"IpPermissions":       permissions(g.Ingress, m),
			"OwnerId":             testAccount,
			"GroupId":             m.get("sg", g.ID),
			"IpPermissionsEgress": permissions(g.Egress, m),
			"Tags":                tagList(g.Tags),
			"VpcId":               m.get("vpc", g.VPC),
		})
	}
	for _, v := range a.VPCs {
		if existing(v.ID) {
			continue
		}
		id := m.assign("sg", v.ID+".default_security_group", "sg")
		all := []model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts, Group: v.ID + ".default_security_group"}}
		sgs = append(sgs, map[string]any{
			"Description":   "default VPC security group",
			"GroupName":     "default",
			"IpPermissions": permissions(all, m),
			"OwnerId":       testAccount,
			"GroupId":       id,
			"IpPermissionsEgress": permissions([]model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts,
				CIDR: netip.MustParsePrefix("0.0.0.0/0")}}, m),
			"Tags":  []any{},
			"VpcId": m.get("vpc", v.ID),
		})
	}
	put("describe-security-groups.json", map[string]any{"SecurityGroups": orEmpty(sgs)})

	// Endpoints, NAT gateways and their interfaces.
	var enis, eps, nats []any
	eniN := 0
	newENI := func(subnet string, ip netip.Addr, typ, desc string, groups []string, public netip.Addr) string {
		eniN++
		id := fmt.Sprintf("eni-%016x", 0x1000+eniN)
		gs := []any{}
		for _, g := range groups {
			gs = append(gs, map[string]any{"GroupId": m.get("sg", g), "GroupName": sgName[g]})
		}
		x := map[string]any{
			"AvailabilityZone":   "",
			"Description":        desc,
			"Groups":             gs,
			"InterfaceType":      typ,
			"NetworkInterfaceId": id,
			"OwnerId":            testAccount,
			"PrivateIpAddress":   ip.String(),
			"PrivateIpAddresses": []any{map[string]any{"Primary": true, "PrivateIpAddress": ip.String()}},
			"RequesterManaged":   true,
			"SourceDestCheck":    true,
			"Status":             "in-use",
			"SubnetId":           m.get("subnet", subnet),
			"TagSet":             []any{},
			"VpcId":              m.get("vpc", subnetVPC[subnet]),
		}
		for _, sn := range a.Subnets {
			if sn.ID == subnet {
				x["AvailabilityZone"] = azOf(sn.AZ, region)
			}
		}
		if public.IsValid() {
			x["Association"] = map[string]any{"IpOwnerId": "amazon", "PublicIp": public.String()}
		}
		enis = append(enis, x)
		return id
	}
	subnetCIDR := map[string]netip.Prefix{}
	for _, sn := range a.Subnets {
		subnetCIDR[sn.ID] = sn.CIDR
	}
	hostN := map[string]int{}
	nextIP := func(subnet string) netip.Addr {
		hostN[subnet]++
		return nthAddr(subnetCIDR[subnet], 10+hostN[subnet])
	}
	for _, e := range a.Endpoints {
		if existing(e.ID) {
			continue
		}
		x := map[string]any{
			"VpcEndpointId":       m.get("ep", e.ID),
			"VpcEndpointType":     string(e.Type),
			"VpcId":               m.get("vpc", e.VPC),
			"ServiceName":         n.str(e.Service),
			"State":               "available",
			"RouteTableIds":       list(e.RouteTables, "rt"),
			"SubnetIds":           list(e.Subnets, "subnet"),
			"Groups":              []any{},
			"PrivateDnsEnabled":   e.PrivateDNS == model.Yes,
			"RequesterManaged":    false,
			"NetworkInterfaceIds": []any{},
			"DnsEntries":          []any{},
			"CreationTimestamp":   "2026-11-20T10:00:00+00:00",
			"Tags":                tagList(e.Tags),
			"OwnerId":             testAccount,
		}
		if e.State != "" {
			x["State"] = e.State
		}
		var groups []any
		for _, g := range e.SecurityGroups {
			groups = append(groups, map[string]any{"GroupId": m.get("sg", g), "GroupName": sgName[g]})
		}
		if groups != nil {
			x["Groups"] = groups
		}
		if e.Type != model.EndpointGateway {
			var ids []any
			for _, sub := range e.Subnets {
				ids = append(ids, newENI(sub, nextIP(sub), "vpc_endpoint", "VPC Endpoint Interface "+m.get("ep", e.ID), e.SecurityGroups, netip.Addr{}))
			}
			if ids != nil {
				x["NetworkInterfaceIds"] = ids
			}
		}
		doc := e.Policy
		if doc == nil {
			doc = &model.PolicyDocument{Version: "2008-10-17", Statements: []model.Statement{{Effect: "Allow",
				Principal: map[string][]string{"*": {"*"}}, Action: []string{"*"}, Resource: []string{"*"}}}}
		}
		pd, _ := json.Marshal(policyJSON(doc, func(s string) string { return literal(s, region, objOrID(n, m)) }))
		x["PolicyDocument"] = string(pd)
		eps = append(eps, x)
	}
	eipOf := map[string]int{}
	for i, e := range a.ElasticIPs {
		eipOf[e.ID] = i
	}
	for i, g := range a.NATGateways {
		if existing(g.ID) {
			continue
		}
		priv := nextIP(g.Subnet)
		pub := netip.AddrFrom4([4]byte{3, 0, 0, byte(10 + i)})
		eni := newENI(g.Subnet, priv, "nat_gateway", "Interface for NAT Gateway "+m.get("nat", g.ID), nil, pub)
		x := map[string]any{
			"CreateTime":   "2026-11-20T10:00:00+00:00",
			"NatGatewayId": m.get("nat", g.ID),
			"State":        "available",
			"SubnetId":     m.get("subnet", g.Subnet),
			"VpcId":        m.get("vpc", subnetVPC[g.Subnet]),
			"Tags":         tagList(g.Tags),
		}
		addr := map[string]any{"NetworkInterfaceId": eni, "PrivateIp": priv.String(), "IsPrimary": true, "Status": "succeeded"}
		if g.Public == model.No {
			x["ConnectivityType"] = "private"
		} else {
			x["ConnectivityType"] = "public"
			addr["AllocationId"] = m.get("eip", g.EIP)
			addr["PublicIp"] = pub.String()
			addr["AssociationId"] = fmt.Sprintf("eipassoc-%016x", i+1)
		}
		x["NatGatewayAddresses"] = []any{addr}
		nats = append(nats, x)
	}
	// Instances and stand-alone interfaces of the input, as describe-network-interfaces
	// shows them once launched: a primary private address (given, else the next free one),
	// the groups (AWS's own default group when the input gave none is the reader's business:
	// the writer writes what the model says), and a public address when one is assigned.
	for i, ni := range a.NetworkInterfaces {
		if existing(ni.ID) || ni.InterfaceType != "interface" {
			continue
		}
		ip := netip.Addr{}
		if len(ni.PrivateIPs) > 0 {
			ip = ni.PrivateIPs[0]
		} else {
			ip = nextIP(ni.Subnet)
		}
		pub := ni.PublicIP
		fromSubnet := false
		for _, sn := range a.Subnets {
			if sn.ID == ni.Subnet && ni.PublicIPFromSubnet && sn.MapPublicIPOnLaunch == model.Yes {
				fromSubnet = true // AWS gives it an address at launch; the snapshot shows it
			}
		}
		if !pub.IsValid() && (ni.PublicIPAssigned || fromSubnet) {
			pub = netip.AddrFrom4([4]byte{3, 0, 1, byte(10 + i)})
		}
		id := newENI(ni.Subnet, ip, "interface", ni.Description, ni.SecurityGroups, pub)
		x := enis[len(enis)-1].(map[string]any)
		x["RequesterManaged"] = false
		x["SourceDestCheck"] = ni.SourceDestCheck != model.No
		if ni.Attachment != "" {
			inst := m.assign("instance", ni.Attachment, "i")
			x["Attachment"] = map[string]any{"InstanceId": inst, "DeviceIndex": 0, "Status": "attached"}
		} else {
			m.set("eni", ni.ID, id)
		}
	}
	put("describe-vpc-endpoints.json", map[string]any{"VpcEndpoints": orEmpty(eps)})
	put("describe-nat-gateways.json", map[string]any{"NatGateways": orEmpty(nats)})
	put("describe-network-interfaces.json", map[string]any{"NetworkInterfaces": orEmpty(enis)})

	var igws []any
	for _, g := range a.InternetGateways {
		if existing(g.ID) {
			continue
		}
		att := []any{}
		for _, v := range g.VPCs {
			att = append(att, map[string]any{"State": "available", "VpcId": m.get("vpc", v)})
		}
		igws = append(igws, map[string]any{"Attachments": att, "InternetGatewayId": m.get("igw", g.ID), "OwnerId": testAccount, "Tags": tagList(g.Tags)})
	}
	put("describe-internet-gateways.json", map[string]any{"InternetGateways": orEmpty(igws)})

	var pls []any
	for _, pl := range a.PrefixLists {
		id := m.get("pl", pl.ID)
		pls = append(pls, map[string]any{
			"PrefixListId": id, "AddressFamily": "IPv4", "State": "create-complete",
			"PrefixListArn": "arn:aws:ec2:" + region + ":aws:prefix-list/" + id, "PrefixListName": n.str(pl.Name),
			"Tags": []any{}, "OwnerId": "AWS",
		})
	}
	put("describe-managed-prefix-lists.json", map[string]any{"PrefixLists": orEmpty(pls)})
	put("describe-transit-gateway-attachments.json", map[string]any{"TransitGatewayAttachments": []any{}})
	// Elastic Load Balancing v2, as `aws elbv2 describe-*` prints it. Load balancers and
	// target groups are known by name in a snapshot: the writer names them by model ID.
	arnOf := func(kind, name string) string {
		return "arn:aws:elasticloadbalancing:" + region + ":" + testAccount + ":" + kind + "/" + name + "/0123456789abcdef"
	}
	var lbs, tgs []any
	for _, lb := range a.LoadBalancers {
		m.set("lb", lb.ID, lb.ID)
		var azs []any
		for _, sn := range lb.Subnets {
			azs = append(azs, map[string]any{"SubnetId": m.get("subnet", sn), "ZoneName": azOf(subnetAZ(a, sn), region)})
		}
		var groups []any
		for _, g := range lb.SecurityGroups {
			groups = append(groups, m.get("sg", g))
		}
		typ, scheme := orDefault(lb.Type, model.LBApplication), orDefault(lb.Scheme, model.LBInternetFacing)
		lbs = append(lbs, map[string]any{
			"LoadBalancerArn": arnOf("loadbalancer/"+typ[:3], lb.ID), "LoadBalancerName": lb.ID, "Type": typ, "Scheme": scheme,
			"VpcId": m.get("vpc", orDefault(lb.VPC, subnetVPC[first(lb.Subnets)])), "State": map[string]any{"Code": "active"},
			"AvailabilityZones": orEmpty(azs), "SecurityGroups": orEmpty(groups),
		})
		var ls []any
		for i, l := range lb.Listeners {
			var actions []any
			for _, tg := range l.TargetGroups {
				actions = append(actions, map[string]any{"Type": "forward", "TargetGroupArn": arnOf("targetgroup", tg)})
			}
			ls = append(ls, map[string]any{"ListenerArn": arnOf(fmt.Sprintf("listener/%s/%d", typ[:3], i), lb.ID),
				"LoadBalancerArn": arnOf("loadbalancer/"+typ[:3], lb.ID), "Port": l.Port, "Protocol": l.Protocol, "DefaultActions": orEmpty(actions)})
		}
		put("describe-listeners-"+lb.ID+".json", map[string]any{"Listeners": orEmpty(ls)})
	}
	for _, tg := range a.TargetGroups {
		m.set("tg", tg.ID, tg.ID)
		tgs = append(tgs, map[string]any{"TargetGroupArn": arnOf("targetgroup", tg.ID), "TargetGroupName": tg.ID,
			"TargetType": orDefault(tg.TargetType, "instance"), "Protocol": tg.Protocol, "Port": tg.Port, "VpcId": m.get("vpc", tg.VPC)})
		if tg.TargetsUnknown {
			continue
		}
		var th []any
		for _, t := range tg.Targets {
			id := t.ID
			if t.IP.IsValid() {
				id = t.IP.String()
			}
			port := t.Port
			if port == 0 {
				port = tg.Port
			}
			th = append(th, map[string]any{"Target": map[string]any{"Id": id, "Port": port}, "TargetHealth": map[string]any{"State": "healthy"}})
		}
		put("describe-target-health-"+tg.ID+".json", map[string]any{"TargetHealthDescriptions": orEmpty(th)})
	}
	put("describe-load-balancers.json", map[string]any{"LoadBalancers": orEmpty(lbs)})
	put("describe-target-groups.json", map[string]any{"TargetGroups": orEmpty(tgs)})

	var cvpns []any
	for _, c := range a.ClientVPNs {
		if existing(c.ID) {
			continue
		}
		id := m.get("cvpn", c.ID)
		var auth []any
		for _, t := range c.Authentication {
			o := map[string]any{"Type": t}
			if t == "certificate-authentication" {
				o["MutualAuthentication"] = map[string]any{"ClientRootCertificateChain": certARN(n.str(c.ClientRootCertARN), region, 2)}
			}
			auth = append(auth, o)
		}
		dns := []any{}
		for _, d := range c.DNSServers {
			dns = append(dns, d.String())
		}
		port := c.VPNPort
		if port < 0 {
			port = 443
		}
		cvpns = append(cvpns, map[string]any{
			"ClientVpnEndpointId":   id,
			"Description":           c.Name,
			"Status":                map[string]any{"Code": "available"},
			"CreationTime":          "2026-11-20T10:00:00",
			"DnsName":               "*." + id + ".prod.clientvpn." + region + ".amazonaws.com",
			"ClientCidrBlock":       c.ClientCIDR.String(),
			"DnsServers":            dns,
			"SplitTunnel":           c.SplitTunnel == model.Yes,
			"VpnProtocol":           "openvpn",
			"TransportProtocol":     orDefault(c.TransportProtocol, "udp"),
			"VpnPort":               port,
			"ServerCertificateArn":  certARN(n.str(c.ServerCertificateARN), region, 1),
			"AuthenticationOptions": orEmpty(auth),
			"ConnectionLogOptions":  map[string]any{"Enabled": c.ConnectionLogging == model.Yes},
			"Tags":                  tagList(c.Tags),
			"SecurityGroupIds":      list(c.SecurityGroups, "sg"),
			"VpcId":                 m.get("vpc", c.VPC),
		})
		var targets, routes, rules []any
		for i, sub := range c.Associations {
			targets = append(targets, map[string]any{"AssociationId": fmt.Sprintf("cvpn-assoc-%016x", i+1), "VpcId": m.get("vpc", c.VPC),
				"TargetNetworkId": m.get("subnet", sub), "ClientVpnEndpointId": id, "Status": map[string]any{"Code": "associated"},
				"SecurityGroups": list(c.SecurityGroups, "sg")})
		}
		for _, r := range c.Routes {
			routes = append(routes, map[string]any{"ClientVpnEndpointId": id, "DestinationCidr": r.Destination.String(),
				"TargetSubnet": m.get("subnet", r.TargetSubnet), "Type": "Nat", "Origin": "add-route", "Status": map[string]any{"Code": "active"}})
		}
		for _, r := range c.AuthorizationRules {
			rules = append(rules, map[string]any{"ClientVpnEndpointId": id, "GroupId": r.AccessGroup, "AccessAll": r.AllGroups,
				"DestinationCidr": r.TargetCIDR.String(), "Status": map[string]any{"Code": "active"}})
		}
		put("describe-client-vpn-target-networks-"+id+".json", map[string]any{"ClientVpnTargetNetworks": orEmpty(targets)})
		put("describe-client-vpn-routes-"+id+".json", map[string]any{"Routes": orEmpty(routes)})
		put("describe-client-vpn-authorization-rules-"+id+".json", map[string]any{"AuthorizationRules": orEmpty(rules)})
	}
	put("describe-client-vpn-endpoints.json", map[string]any{"ClientVpnEndpoints": orEmpty(cvpns)})

	var alarms []any
	for _, al := range a.Alarms {
		dims := []any{}
		for _, k := range sortedKeys(al.Dimensions) {
			dims = append(dims, map[string]any{"Name": k, "Value": n.str(al.Dimensions[k])})
		}
		actions := []any{}
		for _, x := range al.AlarmActions {
			actions = append(actions, n.str(x))
		}
		name := n.str(al.Name)
		x := map[string]any{
			"AlarmName": name, "AlarmArn": "arn:aws:cloudwatch:" + region + ":" + testAccount + ":alarm:" + name,
			"AlarmDescription": al.Description, "ActionsEnabled": true, "OKActions": []any{}, "AlarmActions": actions,
			"InsufficientDataActions": []any{}, "StateValue": "OK", "MetricName": al.MetricName, "Namespace": al.Namespace,
			"Statistic": al.Statistic, "Dimensions": dims, "Period": al.Period, "EvaluationPeriods": al.EvaluationPeriods,
			"Threshold": al.Threshold, "ComparisonOperator": al.ComparisonOperator, "TreatMissingData": al.TreatMissingData,
		}
		alarms = append(alarms, x)
	}
	put("describe-alarms.json", map[string]any{"MetricAlarms": orEmpty(alarms), "CompositeAlarms": []any{}})

	if env := a.Environment(); env != nil {
		name := n.str(env.Name)
		m.set("env", env.ID, name)
		x := map[string]any{
			"AirflowVersion":   env.AirflowVersion,
			"Arn":              "arn:aws:airflow:" + region + ":" + testAccount + ":environment/" + name,
			"CreatedAt":        "2026-11-20T10:05:00+00:00",
			"DagS3Path":        env.DagS3Path,
			"EnvironmentClass": env.EnvironmentClass,
			"ExecutionRoleArn": n.str(env.ExecutionRoleARN),
			"Name":             name,
			"NetworkConfiguration": map[string]any{
				"SecurityGroupIds": list(env.SecurityGroups, "sg"),
				"SubnetIds":        list(env.Subnets, "subnet"),
			},
			"ServiceRoleArn":      "arn:aws:iam::" + testAccount + ":role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA",
			"SourceBucketArn":     n.str(env.SourceBucketARN),
			"Status":              "AVAILABLE",
			"WebserverAccessMode": orDefault(env.WebserverAccess, model.PrivateOnly),
			"EndpointManagement":  orDefault(env.EndpointManagement, model.ServiceManaged),
			"WebserverUrl":        "0000aaaa-1111-2222-3333-444455556666.c1." + region + ".airflow.amazonaws.com",
			"Tags":                stringMap(env.Tags),
		}
		for k, v := range map[string]int{"MinWorkers": env.MinWorkers, "MaxWorkers": env.MaxWorkers, "MinWebservers": env.MinWebservers,
			"MaxWebservers": env.MaxWebservers, "Schedulers": env.Schedulers} {
			if v >= 0 {
				x[k] = v
			}
		}
		if env.KMSKey != "" {
			x["KmsKey"] = n.str(env.KMSKey)
		}
		if env.WeeklyMaintenanceWindowStart != "" {
			x["WeeklyMaintenanceWindowStart"] = env.WeeklyMaintenanceWindowStart
		}
		if len(env.AirflowConfig) > 0 {
			x["AirflowConfigurationOptions"] = stringMap(env.AirflowConfig)
		}
		if env.DatabaseVPCEndpointService != "" {
			x["DatabaseVpcEndpointService"] = "com.amazonaws.vpce." + region + ".vpce-svc-00000000000000d0b"
		}
		if env.WebserverVPCEndpointService != "" {
			x["WebserverVpcEndpointService"] = "com.amazonaws.vpce." + region + ".vpce-svc-00000000000000e0b"
		}
		if env.Logging != nil {
			lc := map[string]any{}
			for _, mod := range model.LogModules {
				lm, ok := env.Logging[mod]
				if !ok {
					continue
				}
				o := map[string]any{"Enabled": lm.Enabled == model.Yes, "LogLevel": lm.LogLevel}
				if lm.Enabled == model.Yes {
					o["CloudWatchLogGroupArn"] = "arn:aws:logs:" + region + ":" + testAccount + ":log-group:airflow-" + name + "-" + mod[:len(mod)-4]
				}
				lc[mod] = o
			}
			x["LoggingConfiguration"] = lc
		}
		put("get-environment.json", map[string]any{"Environment": x})
		if resources {
			s.resources(a, env, n, put)
		}
	}
	return s
}

// resources writes the optional files of the environment's bucket, key and role, as the
// AWS CLI prints them: get-bucket-versioning (nothing at all for a bucket that never had
// versioning), get-public-access-block, get-key-policy and get-role.
func (s *snapshot) resources(a *model.Architecture, env *model.Environment, n names, put func(string, any)) {
	res := func(x string) string { return literal(x, n.region, n.obj) }
	for _, b := range a.Buckets {
		if !refersTo(env.SourceBucketARN, b.ID) {
			continue
		}
		s.ids.set("bucket", b.ID, n.bucketName(b.ID))
		switch b.Versioning {
		case model.Yes:
			put("get-bucket-versioning.json", map[string]any{"Status": "Enabled"})
		case model.No:
			s.files["get-bucket-versioning.json"] = nil
		}
		pab := map[string]any{}
		known := true
		for i, name := range model.PublicAccessBlockNames {
			known = known && b.PublicAccessBlock[i].Known()
			pab[name] = b.PublicAccessBlock[i] == model.Yes
		}
		if known {
			put("get-public-access-block.json", map[string]any{"PublicAccessBlockConfiguration": pab})
		}
	}
	for _, k := range a.Keys {
		if refersTo(env.KMSKey, k.ID) && k.Policy != nil {
			arn, _ := n.obj(k.ID, "Arn")
			s.ids.set("key", k.ID, arn)
			pd, _ := json.Marshal(policyJSON(k.Policy, res))
			put("get-key-policy.json", map[string]any{"Policy": string(pd), "PolicyName": "default"})
		}
	}
	for _, r := range a.Roles {
		if !refersTo(env.ExecutionRoleARN, r.ID) || r.AssumeRolePolicy == nil {
			continue
		}
		name, _ := n.obj(r.ID, "")
		arn, _ := n.obj(r.ID, "Arn")
		s.ids.set("role", r.ID, arn)
		path := r.Path
		if path == "" {
			path = "/"
		}
		put("get-role.json", map[string]any{"Role": map[string]any{
			"Path": path, "RoleName": name, "RoleId": "AROA0000000000000EXAMPLE", "Arn": arn,
			"CreateDate": "2026-11-20T10:00:00+00:00", "MaxSessionDuration": 3600,
			"AssumeRolePolicyDocument": policyJSON(r.AssumeRolePolicy, res),
		}})
	}
}

// refersTo reports whether the symbolic string s names the object id ("${id}", "${id.Arn}").
func refersTo(s, id string) bool {
	p, ok := model.SoleRef(s)
	return ok && p.ID == id
}

// fileKind says which kind of facts a file gives (see model.Unknown...).
var fileKind = map[string]string{
	"describe-vpcs.json":                             model.UnknownVPCs,
	"describe-vpc-attribute-enableDnsSupport.json":   model.UnknownDNSSupport,
	"describe-vpc-attribute-enableDnsHostnames.json": model.UnknownDNSHostnames,
	"describe-subnets.json":                          model.UnknownSubnets,
	"describe-route-tables.json":                     model.UnknownRouteTables,
	"describe-network-acls.json":                     model.UnknownNetworkACLs,
	"describe-security-groups.json":                  model.UnknownSecurityGroups,
	"describe-vpc-endpoints.json":                    model.UnknownEndpoints,
	"describe-nat-gateways.json":                     model.UnknownNATGateways,
	"describe-network-interfaces.json":               model.UnknownNetworkInterfaces,
	"describe-internet-gateways.json":                model.UnknownInternetGateways,
	"describe-managed-prefix-lists.json":             model.UnknownPrefixLists,
	"describe-transit-gateway-attachments.json":      model.UnknownTransitGatewayAttachments,
	"describe-client-vpn-endpoints.json":             model.UnknownClientVPNs,
	"get-environment.json":                           model.UnknownEnvironment,
}

// permissions renders SG rules as EC2 IpPermissions, one permission per protocol and port
// range (as AWS groups them), peers in the order given.
func permissions(rules []model.SGRule, m *ids) []any {
	type key struct {
		p        model.Protocol
		from, to int32
	}
	var order []key
	perms := map[key]map[string]any{}
	for _, r := range rules {
		k := key{p: r.Protocol}
		if r.Protocol != model.AllProtocols {
			k.from, k.to = r.Ports.From, r.Ports.To
		}
		p := perms[k]
		if p == nil {
			p = map[string]any{"IpProtocol": protoName(r.Protocol), "IpRanges": []any{}, "Ipv6Ranges": []any{},
				"PrefixListIds": []any{}, "UserIdGroupPairs": []any{}}
			if r.Protocol != model.AllProtocols {
				p["FromPort"], p["ToPort"] = k.from, k.to
			}
			perms[k] = p
			order = append(order, k)
		}
		peer := map[string]any{}
		if r.Description != "" {
			peer["Description"] = r.Description
		}
		switch {
		case r.CIDR.IsValid() && r.CIDR.Addr().Is6():
			peer["CidrIpv6"] = r.CIDR.String()
			p["Ipv6Ranges"] = append(p["Ipv6Ranges"].([]any), peer)
		case r.CIDR.IsValid():
			peer["CidrIp"] = r.CIDR.String()
			p["IpRanges"] = append(p["IpRanges"].([]any), peer)
		case r.PrefixList != "":
			peer["PrefixListId"] = m.get("pl", r.PrefixList)
			p["PrefixListIds"] = append(p["PrefixListIds"].([]any), peer)
		case r.Group != "":
			peer["GroupId"] = m.get("sg", r.Group)
			peer["UserId"] = testAccount
			p["UserIdGroupPairs"] = append(p["UserIdGroupPairs"].([]any), peer)
		default:
			panic("snapshot writer: a security group rule without a known peer")
		}
	}
	out := []any{}
	for _, k := range order {
		out = append(out, perms[k])
	}
	return out
}

func protoName(p model.Protocol) string {
	switch p {
	case model.AllProtocols:
		return "-1"
	case model.TCP, model.UDP, model.ICMP, model.ICMPv6:
		return p.String()
	}
	return strconv.Itoa(int(p))
}

// objOrID resolves references to the bucket, role and key (by ARN) and to network objects
// (by AWS ID).
func objOrID(n names, m *ids) func(id, attr string) (string, bool) {
	return func(id, attr string) (string, bool) {
		if s, ok := n.obj(id, attr); ok {
			return s, true
		}
		for _, kind := range []string{"vpc", "subnet", "rt", "sg", "ep", "pl"} {
			if x, ok := m.fwd[kind+"|"+id]; ok {
				return x, true
			}
		}
		return "", false
	}
}

// certARN is an ACM certificate ARN for a parameter the template leaves to the user.
func certARN(s, region string, n int) string {
	if s != "" && !model.IsSymbolic(s) {
		return s
	}
	return fmt.Sprintf("arn:aws:acm:%s:%s:certificate/00000000-0000-0000-0000-%012d", region, testAccount, n)
}

func orEmpty(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func stringMap(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func subnetAZ(a *model.Architecture, id string) string {
	for _, sn := range a.Subnets {
		if sn.ID == id {
			return sn.AZ
		}
	}
	return ""
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}
