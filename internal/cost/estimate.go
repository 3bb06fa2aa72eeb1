package cost

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Item is one line of an estimate.
type Item struct {
	Name       string  `json:"name"`
	MonthlyUSD float64 `json:"monthly_usd"`
	Basis      string  `json:"basis"`
}

// Estimate is the monthly cost of one design.
type Estimate struct {
	MonthlyTotalUSD float64        `json:"monthly_total_usd"`
	Items           []Item         `json:"items"`
	Assumptions     map[string]any `json:"assumptions"`
}

// Item names, stable for readers and tests.
const (
	ItemEnvironment        = "MWAA environment"
	ItemWorkers            = "Additional workers"
	ItemSchedulers         = "Additional schedulers"
	ItemWebservers         = "Additional web servers"
	ItemMetadataDB         = "Metadata database storage"
	ItemNATGateways        = "NAT gateways"
	ItemNATData            = "NAT gateway data processed"
	ItemPublicIPv4         = "Public IPv4 addresses"
	ItemInterfaceEndpoints = "Interface endpoints"
	ItemEndpointData       = "Interface endpoint data processed"
	ItemClientVPN          = "Client VPN"
	ItemVPNConnections     = "Client VPN connections"
	ItemKMS                = "KMS customer managed key"
	ItemSecrets            = "Secrets Manager secrets"
	ItemLogs               = "CloudWatch Logs ingestion"
)

// Calculate prices design d (after WithDefaults) with table t.
func Calculate(d Design, t *PriceTable) (*Estimate, error) {
	d = d.WithDefaults()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	rp, ok := t.Regions[d.Region]
	if !ok {
		return nil, fmt.Errorf("no prices for Region %q: the table has %s; give them with --prices FILE", d.Region, strings.Join(t.RegionNames(), ", "))
	}
	cp, ok := rp.MWAA[d.EnvironmentClass]
	if !ok {
		var cs []string
		for c := range rp.MWAA {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		return nil, fmt.Errorf("no MWAA prices for class %q in %s: the table has %s; give them with --prices FILE", d.EnvironmentClass, d.Region, strings.Join(cs, ", "))
	}
	for _, x := range []struct {
		what            string
		avg, incl, rate float64
	}{{"workers", d.AvgWorkers, cp.IncludedWorkers, cp.AdditionalWorkerHour},
		{"schedulers", d.Schedulers, cp.IncludedSchedulers, cp.AdditionalSchedulerHour},
		{"web servers", d.AvgWebservers, cp.IncludedWebservers, cp.AdditionalWebserverHour}} {
		if x.avg > x.incl && x.rate == 0 {
			return nil, fmt.Errorf("%s runs at most %s %s (the table has no price for more); got %s", d.EnvironmentClass, num(x.incl), x.what, num(x.avg))
		}
	}
	h := t.HoursPerMonth
	e := &Estimate{}
	add := func(name string, usd float64, basis string) {
		e.Items = append(e.Items, Item{Name: name, MonthlyUSD: round2(usd), Basis: basis})
	}
	hrs := num(h)

	add(ItemEnvironment+" ("+d.EnvironmentClass+")", h*cp.EnvironmentHour,
		fmt.Sprintf("%s h x %s/h; includes %s scheduler(s), %s worker(s), %s web server(s)", hrs, usd(cp.EnvironmentHour), num(cp.IncludedSchedulers), num(cp.IncludedWorkers), num(cp.IncludedWebservers)))
	extra := func(name string, avg, included, price float64, what string) {
		n := math.Max(0, avg-included)
		add(name, n*h*price, fmt.Sprintf("%s average %s - %s included = %s x %s h x %s/h", num(avg), what, num(included), num(n), hrs, usd(price)))
	}
	extra(ItemWorkers, d.AvgWorkers, cp.IncludedWorkers, cp.AdditionalWorkerHour, "workers")
	extra(ItemSchedulers, d.Schedulers, cp.IncludedSchedulers, cp.AdditionalSchedulerHour, "schedulers")
	extra(ItemWebservers, d.AvgWebservers, cp.IncludedWebservers, cp.AdditionalWebserverHour, "web servers")
	add(ItemMetadataDB, d.MetadataDBGB*rp.MetadataDBGBMonth, fmt.Sprintf("%s GB x %s/GB-month", num(d.MetadataDBGB), usd(rp.MetadataDBGBMonth)))

	// Traffic to AWS services goes through the NAT gateways in public routing and through
	// the interface endpoints in private routing (S3 uses the free gateway endpoint in
	// private routing; it is not in this volume).
	natGB, epGB := 0.0, 0.0
	if d.Routing == model.RoutingPublic {
		natGB = d.ServiceTrafficGBMonth
	} else {
		epGB = d.ServiceTrafficGBMonth
	}
	if d.NATGateways == 0 {
		natGB = 0
	}
	if len(d.InterfaceEndpoints) == 0 {
		epGB = 0
	}
	add(ItemNATGateways, float64(d.NATGateways)*h*rp.NATGatewayHour, fmt.Sprintf("%d x %s h x %s/h", d.NATGateways, hrs, usd(rp.NATGatewayHour)))
	add(ItemNATData, natGB*rp.NATGatewayGB, fmt.Sprintf("%s GB/month (assumed) x %s/GB", num(natGB), usd(rp.NATGatewayGB)))
	add(ItemPublicIPv4, float64(d.PublicIPv4)*h*rp.PublicIPv4Hour, fmt.Sprintf("%d Elastic IP(s) x %s h x %s/h", d.PublicIPv4, hrs, usd(rp.PublicIPv4Hour)))

	epAZs := 0
	byAZ := map[int][]string{}
	for _, ep := range d.InterfaceEndpoints {
		epAZs += ep.AZs
		byAZ[ep.AZs] = append(byAZ[ep.AZs], ep.Service)
	}
	var parts []string
	var azKeys []int
	for k := range byAZ {
		azKeys = append(azKeys, k)
	}
	sort.Ints(azKeys)
	for _, k := range azKeys {
		parts = append(parts, fmt.Sprintf("%d endpoint(s) x %d AZ(s)", len(byAZ[k]), k))
	}
	if len(parts) == 0 {
		parts = []string{"0 endpoints"}
	}
	basis := fmt.Sprintf("%s x %s h x %s/h", strings.Join(parts, " + "), hrs, usd(rp.InterfaceEndpointAZHour))
	if len(d.InterfaceEndpoints) > 0 {
		names := make([]string, len(d.InterfaceEndpoints))
		for i, ep := range d.InterfaceEndpoints {
			names[i] = ep.Service
		}
		basis += " (" + strings.Join(names, ", ") + ")"
	}
	add(ItemInterfaceEndpoints, float64(epAZs)*h*rp.InterfaceEndpointAZHour, basis)
	add(ItemEndpointData, epGB*rp.InterfaceEndpointGB, fmt.Sprintf("%s GB/month (assumed) x %s/GB", num(epGB), usd(rp.InterfaceEndpointGB)))

	if d.ClientVPN {
		add(ItemClientVPN, float64(d.VPNAssociations)*h*rp.ClientVPNAssociationHour,
			fmt.Sprintf("%d subnet association(s) x %s h x %s/h", d.VPNAssociations, hrs, usd(rp.ClientVPNAssociationHour)))
		add(ItemVPNConnections, float64(d.VPNUsers)*d.VPNHoursPerUserMonth*rp.ClientVPNConnectionHour,
			fmt.Sprintf("%d user(s) (assumed) x %s h/month x %s/h", d.VPNUsers, num(d.VPNHoursPerUserMonth), usd(rp.ClientVPNConnectionHour)))
	} else {
		add(ItemClientVPN, 0, "no Client VPN in this design")
		add(ItemVPNConnections, 0, "no Client VPN in this design")
	}
	add(ItemKMS, float64(d.KMSKeys)*rp.KMSKeyMonth, fmt.Sprintf("%d key(s) x %s/month (requests not counted)", d.KMSKeys, usd(rp.KMSKeyMonth)))
	add(ItemSecrets, float64(d.Secrets)*rp.SecretMonth, fmt.Sprintf("%d secret(s) (assumed) x %s/month (API calls not counted)", d.Secrets, usd(rp.SecretMonth)))
	add(ItemLogs, d.LogsGBMonth*rp.LogsIngestionGB, fmt.Sprintf("%s GB/month (assumed) x %s/GB (storage not counted)", num(d.LogsGBMonth), usd(rp.LogsIngestionGB)))

	var total float64
	for _, it := range e.Items {
		total += it.MonthlyUSD
	}
	// Prices and volumes are finite, but their product may not be (1e308 GB at $0.01).
	for _, it := range append(e.Items, Item{Name: "the monthly total", MonthlyUSD: total}) {
		if math.IsNaN(it.MonthlyUSD) || math.IsInf(it.MonthlyUSD, 0) {
			return nil, fmt.Errorf("the estimate of %s is not a finite number: a price or volume is too large", it.Name)
		}
	}
	e.MonthlyTotalUSD = round2(total)

	var sources []string
	seenSrc := map[string]bool{}
	for _, k := range sortedKeys(t.Sources) {
		for _, u := range t.Sources[k] {
			if !seenSrc[u] {
				seenSrc[u] = true
				sources = append(sources, u)
			}
		}
	}
	e.Assumptions = map[string]any{
		"region":                   d.Region,
		"routing":                  d.Routing,
		"environment_class":        d.EnvironmentClass,
		"hours_per_month":          h,
		"schedulers":               d.Schedulers,
		"average_workers":          d.AvgWorkers,
		"average_webservers":       d.AvgWebservers,
		"availability_zones":       d.AZs,
		"interface_endpoints":      len(d.InterfaceEndpoints),
		"nat_gateways":             d.NATGateways,
		"service_traffic_gb_month": d.ServiceTrafficGBMonth,
		"logs_gb_month":            d.LogsGBMonth,
		"metadata_db_gb":           d.MetadataDBGB,
		"secrets":                  d.Secrets,
		"kms_keys":                 d.KMSKeys,
		"client_vpn":               d.ClientVPN,
		"prices_retrieved":         t.Retrieved,
		"price_sources":            sources,
	}
	if d.ClientVPN {
		e.Assumptions["vpn_users"] = d.VPNUsers
		e.Assumptions["vpn_hours_per_user_month"] = d.VPNHoursPerUserMonth
	}
	return e, nil
}

// Comparison is the same environment priced with public and with private routing.
type Comparison struct {
	Public  *Estimate `json:"public"`
	Private *Estimate `json:"private"`
	// DifferenceUSD is private minus public.
	DifferenceUSD float64 `json:"private_minus_public_usd"`
}

// Variants returns d as a public-routing and as a private-routing design: the public one
// has a NAT gateway (and Elastic IP) per AZ and no interface endpoints; the private one
// has no NAT gateway and, unless d already has interface endpoints, those of the embedded
// default (the nine PRV-03 requires plus sts) in every AZ. Private routing goes with
// PRIVATE_ONLY and so with Client VPN (PRV-07, WEB-01); public routing keeps d's web
// server access and VPN.
func Variants(d Design) (public, private Design) {
	d = d.WithDefaults()
	public, private = d, d
	public.Routing = model.RoutingPublic
	public.NATGateways, public.PublicIPv4 = d.AZs, d.AZs
	public.InterfaceEndpoints = nil
	if d.Routing == model.RoutingPrivate {
		public.WebserverAccess = model.PrivateOnly
	}
	private.Routing = model.RoutingPrivate
	private.NATGateways, private.PublicIPv4 = 0, 0
	if d.Routing != model.RoutingPrivate || len(d.InterfaceEndpoints) == 0 {
		private.InterfaceEndpoints = endpoints(EmbeddedDefaultEndpoints(partitionOf(d.Region)), d.AZs)
	}
	private.WebserverAccess = model.PrivateOnly
	if !private.ClientVPN {
		private.ClientVPN = true
		private = private.WithDefaults()
	}
	return public, private
}

// Compare prices both variants of d.
func Compare(d Design, t *PriceTable) (*Comparison, error) {
	pub, prv := Variants(d)
	a, err := Calculate(pub, t)
	if err != nil {
		return nil, err
	}
	b, err := Calculate(prv, t)
	if err != nil {
		return nil, err
	}
	return &Comparison{Public: a, Private: b, DifferenceUSD: round2(b.MonthlyTotalUSD - a.MonthlyTotalUSD)}, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func usd(x float64) string { return "$" + strconv.FormatFloat(x, 'f', -1, 64) }

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
