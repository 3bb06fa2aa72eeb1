package cost

import (
	"fmt"
	"math"
	"sort"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Endpoint is one interface endpoint: its service short name and the number of
// Availability Zones (subnets) it has a network interface in, each billed per hour.
type Endpoint struct {
	Service string `json:"service"`
	AZs     int    `json:"azs"`
}

// Design is what the estimate needs to know about an MWAA design. Counts are what the
// design builds; the averages and volumes are assumptions the caller states (Defaults
// fills the ones left zero and says so in the result).
type Design struct {
	Region           string `json:"region"`
	Routing          string `json:"routing"` // public or private
	WebserverAccess  string `json:"webserver_access,omitempty"`
	EnvironmentClass string `json:"environment_class"`
	// Schedulers is the scheduler count; AvgWorkers and AvgWebservers are the average
	// counts over the month (between the Min and Max the environment allows).
	Schedulers    float64 `json:"schedulers"`
	AvgWorkers    float64 `json:"avg_workers"`
	AvgWebservers float64 `json:"avg_webservers"`
	// AZs is the number of Availability Zones of the environment (2 for MWAA).
	AZs int `json:"azs"`
	// InterfaceEndpoints are the design's interface endpoints (gateway endpoints are free).
	InterfaceEndpoints []Endpoint `json:"interface_endpoints"`
	// NATGateways and PublicIPv4 (the NAT gateways' Elastic IPs) are billed per hour.
	NATGateways int `json:"nat_gateways"`
	PublicIPv4  int `json:"public_ipv4"`
	// ClientVPN: whether the design has one, its subnet associations, and the users and
	// the hours each is connected per month.
	ClientVPN             bool    `json:"client_vpn"`
	VPNAssociations       int     `json:"vpn_associations"`
	VPNUsers              int     `json:"vpn_users"`
	VPNHoursPerUserMonth  float64 `json:"vpn_hours_per_user_month"`
	KMSKeys               int     `json:"kms_keys"`
	Secrets               int     `json:"secrets"`
	MetadataDBGB          float64 `json:"metadata_db_gb"`
	ServiceTrafficGBMonth float64 `json:"service_traffic_gb_month"`
	LogsGBMonth           float64 `json:"logs_gb_month"`
}

// Assumptions used when a design leaves them zero.
const (
	DefaultServiceTrafficGB   = 100.0 // GB/month to AWS services through NAT or interface endpoints
	DefaultVPNUsers           = 5
	DefaultVPNHoursPerUser    = 160.0 // 8 hours x 20 working days
	DefaultLogsGB             = 10.0
	DefaultMetadataDBGB       = 10.0
	DefaultSecrets            = 1
	DefaultKMSKeys            = 1
	DefaultEnvironmentClass   = "mw1.small"
	DefaultRegion             = "us-east-1"
	defaultSchedulers         = 2
	defaultAvgWorkersPerClass = 1
)

// EmbeddedDefaultEndpoints are the interface endpoints of the embedded default design
// (use case 3, seed 004): the nine PRV-03 requires plus sts.
func EmbeddedDefaultEndpoints(partition string) []string {
	return append(model.RequiredInterfaceServices(partition), "sts")
}

// DefaultDesign is the embedded default design for a Region and routing: mw1.small, two
// AZs, two NAT gateways in public routing, the ten interface endpoints of seed 004 (the
// nine required plus sts) in private routing, and Client VPN (PRIVATE_ONLY) in private
// routing.
func DefaultDesign(region, routing string) Design {
	d := Design{Region: region, Routing: routing, EnvironmentClass: DefaultEnvironmentClass, AZs: 2}
	if routing == model.RoutingPrivate {
		d.WebserverAccess = model.PrivateOnly
		d.ClientVPN = true
		d.InterfaceEndpoints = endpoints(EmbeddedDefaultEndpoints(partitionOf(region)), 2)
	} else {
		d.WebserverAccess = model.PublicOnly
		d.NATGateways, d.PublicIPv4 = 2, 2
	}
	return d.WithDefaults()
}

func endpoints(services []string, azs int) []Endpoint {
	out := make([]Endpoint, len(services))
	for i, s := range services {
		out[i] = Endpoint{Service: s, AZs: azs}
	}
	return out
}

func partitionOf(region string) string {
	switch {
	case len(region) >= 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) >= 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}

// WithDefaults fills zero fields with the stated defaults.
func (d Design) WithDefaults() Design {
	if d.Region == "" {
		d.Region = DefaultRegion
	}
	if d.EnvironmentClass == "" {
		d.EnvironmentClass = DefaultEnvironmentClass
	}
	if d.AZs == 0 {
		d.AZs = 2
	}
	micro := d.EnvironmentClass == "mw1.micro"
	if d.Schedulers == 0 {
		d.Schedulers = defaultSchedulers
		if micro {
			d.Schedulers = 1
		}
	}
	if d.AvgWorkers == 0 {
		d.AvgWorkers = defaultAvgWorkersPerClass
	}
	if d.AvgWebservers == 0 {
		d.AvgWebservers = 2
		if micro {
			d.AvgWebservers = 1
		}
	}
	if d.ClientVPN {
		if d.VPNAssociations == 0 {
			d.VPNAssociations = d.AZs
		}
		if d.VPNUsers == 0 {
			d.VPNUsers = DefaultVPNUsers
		}
		if d.VPNHoursPerUserMonth == 0 {
			d.VPNHoursPerUserMonth = DefaultVPNHoursPerUser
		}
	}
	if d.KMSKeys == 0 {
		d.KMSKeys = DefaultKMSKeys
	}
	if d.Secrets == 0 {
		d.Secrets = DefaultSecrets
	}
	if d.MetadataDBGB == 0 {
		d.MetadataDBGB = DefaultMetadataDBGB
	}
	if d.ServiceTrafficGBMonth == 0 {
		d.ServiceTrafficGBMonth = DefaultServiceTrafficGB
	}
	if d.LogsGBMonth == 0 {
		d.LogsGBMonth = DefaultLogsGB
	}
	return d
}

// Validate reports a design the estimate cannot price.
func (d Design) Validate() error {
	if d.Routing != model.RoutingPublic && d.Routing != model.RoutingPrivate {
		return fmt.Errorf("routing %q is not one of public, private", d.Routing)
	}
	for _, x := range []struct {
		name string
		v    float64
	}{{"schedulers", d.Schedulers}, {"average workers", d.AvgWorkers}, {"average web servers", d.AvgWebservers},
		{"VPN hours per user", d.VPNHoursPerUserMonth}, {"metadata database GB", d.MetadataDBGB},
		{"service traffic GB", d.ServiceTrafficGBMonth}, {"logs GB", d.LogsGBMonth}} {
		if math.IsNaN(x.v) || math.IsInf(x.v, 0) {
			return fmt.Errorf("%s is not a finite number (%v)", x.name, x.v)
		}
		if x.v < 0 {
			return fmt.Errorf("%s is negative (%v)", x.name, x.v)
		}
	}
	for name, v := range map[string]int{
		"AZs": d.AZs, "NAT gateways": d.NATGateways, "public IPv4 addresses": d.PublicIPv4,
		"VPN associations": d.VPNAssociations, "VPN users": d.VPNUsers, "KMS keys": d.KMSKeys, "secrets": d.Secrets,
	} {
		if v < 0 {
			return fmt.Errorf("%s is negative (%d)", name, v)
		}
	}
	return nil
}

// FromArchitecture reads the counts of a design from an architecture (a spec's design or
// an ingested template/snapshot): Region, routing (stated, else inferred: NAT gateways and
// no interface endpoints mean public), the first environment's class, schedulers and
// Min workers/web servers as the averages (an assumption the result states), interface
// endpoints with their subnet count, NAT gateways, their public addresses, Client VPN
// associations and KMS keys. Volumes (traffic, users, logs) are left zero for the caller
// or WithDefaults to fill.
func FromArchitecture(a *model.Architecture) Design {
	d := Design{Region: a.Region, Routing: a.Routing}
	for _, ep := range a.Endpoints {
		if ep.Type != model.EndpointInterface {
			continue
		}
		azs := len(ep.Subnets)
		if azs == 0 {
			azs = 2
		}
		d.InterfaceEndpoints = append(d.InterfaceEndpoints, Endpoint{Service: model.ServiceShortName(ep.Service), AZs: azs})
	}
	sort.SliceStable(d.InterfaceEndpoints, func(i, j int) bool { return d.InterfaceEndpoints[i].Service < d.InterfaceEndpoints[j].Service })
	for _, n := range a.NATGateways {
		if n.Public == model.No {
			continue
		}
		d.NATGateways++
		d.PublicIPv4++
	}
	if d.Routing == "" {
		if d.NATGateways > 0 && len(d.InterfaceEndpoints) == 0 {
			d.Routing = model.RoutingPublic
		} else {
			d.Routing = model.RoutingPrivate
		}
	}
	for _, v := range a.ClientVPNs {
		d.ClientVPN = true
		d.VPNAssociations += len(v.Associations)
	}
	d.KMSKeys = len(a.Keys)
	if env := a.Environment(); env != nil {
		d.EnvironmentClass = env.EnvironmentClass
		d.WebserverAccess = env.WebserverAccess
		if env.Schedulers > 0 {
			d.Schedulers = float64(env.Schedulers)
		}
		if env.MinWorkers > 0 {
			d.AvgWorkers = float64(env.MinWorkers)
		}
		if env.MinWebservers > 0 {
			d.AvgWebservers = float64(env.MinWebservers)
		}
		ix := model.NewIndex(a)
		azs := map[string]bool{}
		for _, s := range env.Subnets {
			if sn := ix.Subnets[s]; sn != nil && sn.AZ != "" {
				azs[sn.AZ] = true
			}
		}
		if len(azs) > 0 {
			d.AZs = len(azs)
		}
	}
	return d
}
