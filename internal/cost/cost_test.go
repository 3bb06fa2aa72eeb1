package cost

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func item(t *testing.T, e *Estimate, name string) Item {
	t.Helper()
	for _, it := range e.Items {
		if it.Name == name {
			return it
		}
	}
	t.Fatalf("no item %q in %+v", name, e.Items)
	return Item{}
}

func TestEmbeddedPricesComplete(t *testing.T) {
	pt := DefaultPrices()
	if pt.Retrieved == "" || pt.HoursPerMonth != 730 || len(pt.Sources) == 0 {
		t.Fatalf("table lacks date, hours or sources: %+v", pt)
	}
	for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"} {
		rp, ok := pt.Regions[r]
		if !ok {
			t.Errorf("no prices for %s", r)
			continue
		}
		for _, c := range []string{"mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge"} {
			if rp.MWAA[c].EnvironmentHour <= 0 {
				t.Errorf("%s %s: no environment price", r, c)
			}
		}
		for name, v := range map[string]float64{"nat hour": rp.NATGatewayHour, "nat gb": rp.NATGatewayGB, "endpoint": rp.InterfaceEndpointAZHour,
			"endpoint gb": rp.InterfaceEndpointGB, "vpn assoc": rp.ClientVPNAssociationHour, "vpn conn": rp.ClientVPNConnectionHour,
			"kms": rp.KMSKeyMonth, "secret": rp.SecretMonth, "logs": rp.LogsIngestionGB, "ipv4": rp.PublicIPv4Hour, "db": rp.MetadataDBGBMonth} {
			if v <= 0 {
				t.Errorf("%s: %s price missing", r, name)
			}
		}
	}
}

// The acceptance figures: private design with exactly the nine required endpoints in two
// AZs pays 9 x 2 x 730 h x $0.01; the public design pays for two NAT gateways and no
// endpoints.
func TestUSEast1PrivateVsPublic(t *testing.T) {
	pt := DefaultPrices()
	prv := DefaultDesign("us-east-1", model.RoutingPrivate)
	prv.InterfaceEndpoints = endpoints(model.RequiredInterfaceServices("aws"), 2)
	e, err := Calculate(prv, pt)
	if err != nil {
		t.Fatal(err)
	}
	if got := item(t, e, ItemInterfaceEndpoints); got.MonthlyUSD != 131.40 || !strings.Contains(got.Basis, "9 endpoint(s) x 2 AZ(s) x 730 h x $0.01/h") {
		t.Errorf("private interface endpoints: %+v, want 131.40 = 9 x 2 x 730 x 0.01", got)
	}
	if got := item(t, e, ItemNATGateways); got.MonthlyUSD != 0 {
		t.Errorf("private design pays for NAT gateways: %+v", got)
	}
	if got := item(t, e, ItemClientVPN); got.MonthlyUSD != 146 {
		t.Errorf("private Client VPN: %+v, want 2 x 730 x 0.10", got)
	}

	pub, err := Calculate(DefaultDesign("us-east-1", model.RoutingPublic), pt)
	if err != nil {
		t.Fatal(err)
	}
	if got := item(t, pub, ItemNATGateways); got.MonthlyUSD != 65.70 || !strings.HasPrefix(got.Basis, "2 x 730 h") {
		t.Errorf("public NAT gateways: %+v, want 2 x 730 x 0.045 = 65.70", got)
	}
	if got := item(t, pub, ItemNATData); got.MonthlyUSD != 4.5 {
		t.Errorf("public NAT data: %+v, want 100 GB x 0.045", got)
	}
	if got := item(t, pub, ItemInterfaceEndpoints); got.MonthlyUSD != 0 {
		t.Errorf("public design pays for endpoints: %+v", got)
	}
	var sum float64
	for _, it := range pub.Items {
		sum += it.MonthlyUSD
	}
	if round2(sum) != pub.MonthlyTotalUSD {
		t.Errorf("total %v is not the sum of the items %v", pub.MonthlyTotalUSD, sum)
	}
}

func TestEmbeddedDefaultHasSTS(t *testing.T) {
	e, err := Calculate(DefaultDesign("us-east-1", model.RoutingPrivate), DefaultPrices())
	if err != nil {
		t.Fatal(err)
	}
	it := item(t, e, ItemInterfaceEndpoints)
	if it.MonthlyUSD != 146 || !strings.Contains(it.Basis, "sts") {
		t.Errorf("embedded default endpoints: %+v, want 10 x 2 x 730 x 0.01 incl. sts", it)
	}
}

func TestWorkersAndRegions(t *testing.T) {
	d := DefaultDesign("eu-central-1", model.RoutingPublic)
	d.EnvironmentClass = "mw1.medium"
	d.AvgWorkers = 3.5
	d.AvgWebservers = 3
	e, err := Calculate(d, DefaultPrices())
	if err != nil {
		t.Fatal(err)
	}
	if got := item(t, e, ItemWorkers).MonthlyUSD; got != round2(2.5*730*0.11) {
		t.Errorf("additional workers %v, want 2.5 x 730 x 0.11", got)
	}
	if got := item(t, e, ItemWebservers).MonthlyUSD; got != round2(730*0.055) {
		t.Errorf("additional web servers %v", got)
	}
	if got := item(t, e, ItemNATGateways).MonthlyUSD; got != round2(2*730*0.052) {
		t.Errorf("eu-central-1 NAT %v", got)
	}
	if item(t, e, ItemEnvironment+" (mw1.medium)").MonthlyUSD != round2(730*0.74) {
		t.Errorf("environment line wrong")
	}
}

func TestUnknownRegionAndClass(t *testing.T) {
	pt := DefaultPrices()
	if _, err := Calculate(DefaultDesign("sa-east-1", "public"), pt); err == nil || !strings.Contains(err.Error(), "--prices") {
		t.Errorf("unknown region: %v", err)
	}
	d := DefaultDesign("us-east-1", "public")
	d.EnvironmentClass = "mw1.huge"
	if _, err := Calculate(d, pt); err == nil || !strings.Contains(err.Error(), "mw1.huge") {
		t.Errorf("unknown class: %v", err)
	}
	d = DefaultDesign("us-east-1", "sideways")
	if _, err := Calculate(d, pt); err == nil {
		t.Errorf("bad routing accepted")
	}
	d = Design{Region: "us-east-1", Routing: "public", EnvironmentClass: "mw1.micro", NATGateways: 2, AvgWorkers: 2}
	if _, err := Calculate(d, pt); err == nil || !strings.Contains(err.Error(), "mw1.micro runs at most 1 workers") {
		t.Errorf("micro with 2 workers: %v", err)
	}
	d.AvgWorkers = 0
	if e, err := Calculate(d, pt); err != nil || item(t, e, ItemEnvironment+" (mw1.micro)").MonthlyUSD != round2(730*0.25) {
		t.Errorf("micro: %v", err)
	}
	d = DefaultDesign("us-east-1", "public")
	d.AvgWorkers = -1
	if _, err := Calculate(d, pt); err == nil {
		t.Errorf("negative workers accepted")
	}
}

func TestOverride(t *testing.T) {
	pt := DefaultPrices()
	err := pt.Override("p.json", []byte(`{
  "retrieved": "2027-01-01",
  "regions": {
    "us-east-1": {"nat_gateway_hour": 0.05, "mwaa": {"mw1.small": {"environment_hour": 0.5, "included_workers": 1, "included_schedulers": 2, "included_webservers": 2}}},
    "sa-east-1": {"nat_gateway_hour": 0.093}
  }
}`))
	if err != nil {
		t.Fatal(err)
	}
	rp := pt.Regions["us-east-1"]
	if rp.NATGatewayHour != 0.05 || rp.NATGatewayGB != 0.045 || rp.MWAA["mw1.small"].EnvironmentHour != 0.5 || rp.MWAA["mw1.large"].EnvironmentHour != 0.99 {
		t.Errorf("override not merged: %+v", rp)
	}
	if pt.Retrieved != "2027-01-01" || pt.Regions["sa-east-1"].NATGatewayHour != 0.093 {
		t.Errorf("retrieved or new region not taken")
	}
	// Unchanged default table.
	if DefaultPrices().Regions["us-east-1"].NATGatewayHour != 0.045 {
		t.Errorf("override changed the embedded table")
	}

	for _, tc := range []struct{ in, want string }{
		{"{\n  \"regions\": {\"us-east-1\": {\"nat_gateway_hour\": \"cheap\"}}\n}", "p.json:2:"},
		{"{\n  \"regions\": {\"us-east-1\": {\"nat_hour\": 1}}\n}", "nat_hour"},
		{"{\n  \"regions\": \n", "p.json"},
		{`{"currency": "EUR"}`, "EUR"},
		{`{"regions": {"us-east-1": {"nat_gateway_hour": -1}}}`, "regions.us-east-1.nat_gateway_hour is negative"},
		{`{"regions": {"us-east-1": {"mwaa": {"mw1.small": {"environment_hour": -0.5}}}}}`, "regions.us-east-1.mwaa.mw1.small.environment_hour is negative"},
	} {
		err := DefaultPrices().Override("p.json", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Override(%q): %v, want error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestFromArchitecture(t *testing.T) {
	a := &model.Architecture{
		Region: "us-west-2",
		Subnets: []*model.Subnet{
			{ID: "a", AZ: "us-west-2a"}, {ID: "b", AZ: "us-west-2b"},
		},
		Endpoints: []*model.VPCEndpoint{
			{ID: "e1", Service: "com.amazonaws.us-west-2.sqs", Type: model.EndpointInterface, Subnets: []string{"a", "b"}},
			{ID: "e2", Service: "com.amazonaws.us-west-2.logs", Type: model.EndpointInterface, Subnets: []string{"a"}},
			{ID: "e3", Service: "com.amazonaws.us-west-2.s3", Type: model.EndpointGateway},
		},
		ClientVPNs: []*model.ClientVPN{{ID: "v", Associations: []string{"a", "b"}}},
		Keys:       []*model.Key{{ID: "k"}},
		Environments: []*model.Environment{{
			EnvironmentClass: "mw1.large", MinWorkers: 2, MaxWorkers: 10, MinWebservers: 2, Schedulers: 3,
			Subnets: []string{"a", "b"}, WebserverAccess: model.PrivateOnly,
		}},
	}
	d := FromArchitecture(a)
	if d.Routing != model.RoutingPrivate || d.EnvironmentClass != "mw1.large" || d.AvgWorkers != 2 || d.Schedulers != 3 || d.AZs != 2 {
		t.Errorf("design %+v", d)
	}
	if len(d.InterfaceEndpoints) != 2 || d.InterfaceEndpoints[0] != (Endpoint{"logs", 1}) || d.InterfaceEndpoints[1] != (Endpoint{"sqs", 2}) {
		t.Errorf("endpoints %+v", d.InterfaceEndpoints)
	}
	if !d.ClientVPN || d.VPNAssociations != 2 || d.KMSKeys != 1 {
		t.Errorf("vpn/kms %+v", d)
	}
	e, err := Calculate(d, DefaultPrices())
	if err != nil {
		t.Fatal(err)
	}
	if got := item(t, e, ItemInterfaceEndpoints).MonthlyUSD; got != round2(3*730*0.01) {
		t.Errorf("endpoints %v, want 3 endpoint-AZs", got)
	}
	if got := item(t, e, ItemSchedulers).MonthlyUSD; got != round2(730*0.22) {
		t.Errorf("schedulers %v", got)
	}

	pub := FromArchitecture(&model.Architecture{Region: "us-east-1", NATGateways: []*model.NATGateway{{ID: "n1"}, {ID: "n2"}, {ID: "n3", Public: model.No}}})
	if pub.Routing != model.RoutingPublic || pub.NATGateways != 2 || pub.PublicIPv4 != 2 {
		t.Errorf("public inference %+v", pub)
	}
}

func TestGolden(t *testing.T) {
	pt := DefaultPrices()
	for _, tc := range []struct {
		name    string
		routing string
	}{{"private-us-east-1", "private"}, {"public-eu-west-1", "public"}} {
		region := "us-east-1"
		if tc.routing == "public" {
			region = "eu-west-1"
		}
		e, err := Calculate(DefaultDesign(region, tc.routing), pt)
		if err != nil {
			t.Fatal(err)
		}
		var txt, js bytes.Buffer
		WriteText(&txt, e)
		WriteJSON(&js, e)
		golden(t, tc.name+".txt", txt.Bytes())
		golden(t, tc.name+".json", js.Bytes())
	}
	c, err := Compare(DefaultDesign("ap-northeast-1", "public"), pt)
	if err != nil {
		t.Fatal(err)
	}
	var txt, js bytes.Buffer
	WriteCompareText(&txt, c)
	WriteJSON(&js, c)
	golden(t, "compare-ap-northeast-1.txt", txt.Bytes())
	golden(t, "compare-ap-northeast-1.json", js.Bytes())
}

func TestCompareVariants(t *testing.T) {
	c, err := Compare(DefaultDesign("us-east-1", "public"), DefaultPrices())
	if err != nil {
		t.Fatal(err)
	}
	if item(t, c.Public, ItemNATGateways).MonthlyUSD != 65.70 || item(t, c.Public, ItemInterfaceEndpoints).MonthlyUSD != 0 {
		t.Errorf("public side wrong")
	}
	if item(t, c.Private, ItemNATGateways).MonthlyUSD != 0 || item(t, c.Private, ItemInterfaceEndpoints).MonthlyUSD != 146 {
		t.Errorf("private side wrong")
	}
	// PUBLIC_ONLY public design: no VPN; its private variant needs one.
	if item(t, c.Public, ItemClientVPN).MonthlyUSD != 0 || item(t, c.Private, ItemClientVPN).MonthlyUSD != 146 {
		t.Errorf("VPN sides wrong")
	}
	if c.DifferenceUSD != round2(c.Private.MonthlyTotalUSD-c.Public.MonthlyTotalUSD) {
		t.Errorf("difference wrong")
	}
}

// TestNonFiniteRefused: NaN and Inf volumes are refused by name, and a product that
// overflows is an error, not a cost of +Inf.
func TestNonFiniteRefused(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		d    Design
		want string
	}{
		{Design{Region: "us-east-1", Routing: "public", EnvironmentClass: "mw1.small", AvgWorkers: nan}, "average workers is not a finite number"},
		{Design{Region: "us-east-1", Routing: "public", EnvironmentClass: "mw1.small", LogsGBMonth: inf}, "logs GB is not a finite number"},
		{Design{Region: "us-east-1", Routing: "public", EnvironmentClass: "mw1.small", ServiceTrafficGBMonth: 1e308, NATGateways: 1}, "is not a finite number: a price or volume is too large"},
	} {
		if _, err := Calculate(tc.d, DefaultPrices()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v; want %q", tc.d, err, tc.want)
		}
	}
	p := DefaultPrices()
	rp := p.Regions["us-east-1"]
	rp.NATGatewayGB = nan
	if f, why := badField(rp); f != "nat_gateway_gb" || why != "not a finite number" {
		t.Errorf("badField = %q, %q", f, why)
	}
}
