package model

// Architecture is everything one input describes: a network and, usually, an MWAA
// environment with the resources around it. Collections keep the order of the input (or
// of synthesis); producers keep that order deterministic.
type Architecture struct {
	// Name is the environment or stack name, for titles and defaults.
	Name string
	// Region is the AWS Region ("us-east-1"); "" unknown. Partition is "aws", "aws-cn" or
	// "aws-us-gov" (derived from the Region when not given). AccountID may be "".
	Region    string
	Partition string
	AccountID string
	// Routing is "public" or "private" when the input states it (spec, flags); "" lets
	// consumers infer it from the environment subnets' routes.
	Routing string
	// ExtraServices are short names of AWS services the DAGs use ("secretsmanager",
	// "glue"): each needs an interface endpoint in private routing (PRV-03).
	ExtraServices []string

	VPCs                      []*VPC
	Subnets                   []*Subnet
	RouteTables               []*RouteTable
	NetworkACLs               []*NetworkACL
	SecurityGroups            []*SecurityGroup
	Endpoints                 []*VPCEndpoint
	NATGateways               []*NATGateway
	ElasticIPs                []*ElasticIP
	InternetGateways          []*InternetGateway
	PrefixLists               []*PrefixList
	TransitGatewayAttachments []*TransitGatewayAttachment
	PeeringConnections        []*PeeringConnection
	VPNGateways               []*VPNGateway
	ClientVPNs                []*ClientVPN
	NetworkInterfaces         []*NetworkInterface
	// LoadBalancers and TargetGroups are ELBv2's (loadbalancer.go).
	LoadBalancers []*LoadBalancer
	TargetGroups  []*TargetGroup

	Environments    []*Environment
	Buckets         []*Bucket
	Keys            []*Key
	Roles           []*Role
	ManagedPolicies []*ManagedPolicy
	LogGroups       []*LogGroup
	Alarms          []*Alarm
	// Topics are SNS topics (alarm notifications).
	Topics []*Topic

	Parameters []*Parameter
	Outputs    []*Output

	// Amendments are changes to objects this input does not define (see Amendment).
	Amendments []Amendment

	// IngestFindings are problems a reader found in the input that are not errors of
	// reading (duplicate logical IDs, a resource type it does not model, a value it could
	// not resolve). Check reports them with the rule findings.
	IngestFindings []Finding
	// Unknown lists facts the input does not give (a snapshot without
	// describe-network-acls.json: "network ACLs"), so rules can say "not known" instead of
	// treating the absence as empty.
	Unknown []string
}

// Environment returns the first MWAA environment, or nil.
func (a *Architecture) Environment() *Environment {
	if len(a.Environments) == 0 {
		return nil
	}
	return a.Environments[0]
}

// IsUnknown reports whether the input says nothing about facts of the given kind
// (see Unknown).
func (a *Architecture) IsUnknown(kind string) bool {
	for _, k := range a.Unknown {
		if k == kind {
			return true
		}
	}
	return false
}

// Index is a read-only lookup over an Architecture by ID. Build it once after the
// Architecture is complete (NewIndex); it does not see later changes.
type Index struct {
	VPCs              map[string]*VPC
	Subnets           map[string]*Subnet
	RouteTables       map[string]*RouteTable
	NetworkACLs       map[string]*NetworkACL
	SecurityGroups    map[string]*SecurityGroup
	Endpoints         map[string]*VPCEndpoint
	NATGateways       map[string]*NATGateway
	InternetGateways  map[string]*InternetGateway
	PrefixLists       map[string]*PrefixList
	ClientVPNs        map[string]*ClientVPN
	NetworkInterfaces map[string]*NetworkInterface
	Buckets           map[string]*Bucket
	Keys              map[string]*Key
	Roles             map[string]*Role

	// SubnetRouteTable maps a subnet ID to its effective route table (explicit association,
	// else its VPC's main table); absent when neither is known.
	SubnetRouteTable map[string]*RouteTable
	// SubnetACL maps a subnet ID to its effective network ACL (explicit association, else
	// its VPC's default ACL); absent when neither is known.
	SubnetACL map[string]*NetworkACL
}

// NewIndex builds the lookup maps of a.
func NewIndex(a *Architecture) *Index {
	ix := &Index{
		VPCs:              byID(a.VPCs, func(v *VPC) string { return v.ID }),
		Subnets:           byID(a.Subnets, func(v *Subnet) string { return v.ID }),
		RouteTables:       byID(a.RouteTables, func(v *RouteTable) string { return v.ID }),
		NetworkACLs:       byID(a.NetworkACLs, func(v *NetworkACL) string { return v.ID }),
		SecurityGroups:    byID(a.SecurityGroups, func(v *SecurityGroup) string { return v.ID }),
		Endpoints:         byID(a.Endpoints, func(v *VPCEndpoint) string { return v.ID }),
		NATGateways:       byID(a.NATGateways, func(v *NATGateway) string { return v.ID }),
		InternetGateways:  byID(a.InternetGateways, func(v *InternetGateway) string { return v.ID }),
		PrefixLists:       byID(a.PrefixLists, func(v *PrefixList) string { return v.ID }),
		ClientVPNs:        byID(a.ClientVPNs, func(v *ClientVPN) string { return v.ID }),
		NetworkInterfaces: byID(a.NetworkInterfaces, func(v *NetworkInterface) string { return v.ID }),
		Buckets:           byID(a.Buckets, func(v *Bucket) string { return v.ID }),
		Keys:              byID(a.Keys, func(v *Key) string { return v.ID }),
		Roles:             byID(a.Roles, func(v *Role) string { return v.ID }),
		SubnetRouteTable:  map[string]*RouteTable{},
		SubnetACL:         map[string]*NetworkACL{},
	}
	mainRT := map[string]*RouteTable{}
	for _, rt := range a.RouteTables {
		if rt.Main {
			mainRT[rt.VPC] = rt
		}
		for _, s := range rt.Subnets {
			ix.SubnetRouteTable[s] = rt
		}
	}
	defACL := map[string]*NetworkACL{}
	for _, acl := range a.NetworkACLs {
		if acl.Default {
			defACL[acl.VPC] = acl
		}
		for _, s := range acl.Subnets {
			ix.SubnetACL[s] = acl
		}
	}
	for _, s := range a.Subnets {
		if _, ok := ix.SubnetRouteTable[s.ID]; !ok {
			if rt := mainRT[s.VPC]; rt != nil {
				ix.SubnetRouteTable[s.ID] = rt
			}
		}
		if _, ok := ix.SubnetACL[s.ID]; !ok {
			if acl := defACL[s.VPC]; acl != nil {
				ix.SubnetACL[s.ID] = acl
			}
		}
	}
	return ix
}

func byID[T any](xs []T, id func(T) string) map[string]T {
	m := make(map[string]T, len(xs))
	for _, x := range xs {
		m[id(x)] = x
	}
	return m
}
