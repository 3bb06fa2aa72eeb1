// Package cost estimates the monthly cost of an MWAA design item by item (CST-01): the
// environment class and its additional workers, schedulers and web servers, NAT gateways
// or interface endpoints (the price of public versus private routing), Client VPN, the KMS
// key, Secrets Manager secrets and CloudWatch Logs ingestion.
//
// Prices are data (prices.json, embedded), per Region, with their sources and the date
// they were read, and can be overridden from a file. Every item states its basis (counts,
// hours, unit price) and every assumption (traffic, users, log volume) is reported with
// the result. The package never calls AWS and never guesses a price it does not have: a
// Region or class without prices is an error that says how to supply them.
package cost

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
)

//go:embed prices.json
var embeddedPrices []byte

// ClassPrices are MWAA's prices for one environment class.
type ClassPrices struct {
	EnvironmentHour         float64 `json:"environment_hour"`
	AdditionalWorkerHour    float64 `json:"additional_worker_hour"`
	AdditionalSchedulerHour float64 `json:"additional_scheduler_hour"`
	AdditionalWebserverHour float64 `json:"additional_webserver_hour"`
	IncludedWorkers         float64 `json:"included_workers"`
	IncludedSchedulers      float64 `json:"included_schedulers"`
	IncludedWebservers      float64 `json:"included_webservers"`
}

// RegionPrices are the unit prices of one Region, in USD.
type RegionPrices struct {
	MWAA                     map[string]ClassPrices `json:"mwaa"`
	MetadataDBGBMonth        float64                `json:"metadata_db_gb_month"`
	NATGatewayHour           float64                `json:"nat_gateway_hour"`
	NATGatewayGB             float64                `json:"nat_gateway_gb"`
	PublicIPv4Hour           float64                `json:"public_ipv4_hour"`
	InterfaceEndpointAZHour  float64                `json:"interface_endpoint_az_hour"`
	InterfaceEndpointGB      float64                `json:"interface_endpoint_gb"`
	ClientVPNAssociationHour float64                `json:"client_vpn_association_hour"`
	ClientVPNConnectionHour  float64                `json:"client_vpn_connection_hour"`
	KMSKeyMonth              float64                `json:"kms_key_month"`
	SecretMonth              float64                `json:"secret_month"`
	LogsIngestionGB          float64                `json:"logs_ingestion_gb"`
}

// PriceTable is the whole price data: per Region prices plus where they came from.
type PriceTable struct {
	Currency      string                  `json:"currency"`
	Retrieved     string                  `json:"retrieved"`
	HoursPerMonth float64                 `json:"hours_per_month"`
	Notes         []string                `json:"notes"`
	Sources       map[string][]string     `json:"sources"`
	Regions       map[string]RegionPrices `json:"regions"`
}

// DefaultPrices returns the embedded price table (a fresh copy each call).
func DefaultPrices() *PriceTable {
	var t PriceTable
	if err := decodeStrict(embeddedPrices, &t); err != nil {
		panic("cost: embedded prices.json is invalid: " + err.Error()) // caught by the tests
	}
	return &t
}

// Regions lists the Regions the table has prices for, sorted.
func (t *PriceTable) RegionNames() []string {
	var rs []string
	for r := range t.Regions {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	return rs
}

// Override applies a price file over t. The file has the shape of prices.json and may
// give only some fields: a Region's fields replace those of the same Region (a new
// Region must be complete), a class named under "mwaa" replaces that class whole.
// "retrieved", "sources" and "notes" replace the table's when present.
func (t *PriceTable) Override(name string, data []byte) error {
	var raw struct {
		Currency      *string                    `json:"currency"`
		Retrieved     *string                    `json:"retrieved"`
		HoursPerMonth *float64                   `json:"hours_per_month"`
		Notes         []string                   `json:"notes"`
		Sources       map[string][]string        `json:"sources"`
		Regions       map[string]json.RawMessage `json:"regions"`
	}
	// A typed pass first: its errors carry offsets into the whole file.
	if err := decodeStrict(data, &PriceTable{}); err != nil {
		return posErr(name, data, err)
	}
	if err := decodeStrict(data, &raw); err != nil {
		return posErr(name, data, err)
	}
	if raw.Currency != nil && *raw.Currency != "USD" {
		return fmt.Errorf("%s: currency %q is not supported: expected USD", name, *raw.Currency)
	}
	if raw.Retrieved != nil {
		t.Retrieved = *raw.Retrieved
	}
	if raw.HoursPerMonth != nil {
		if *raw.HoursPerMonth <= 0 || *raw.HoursPerMonth > 744 {
			return fmt.Errorf("%s: hours_per_month %v is out of range: expected 1 to 744", name, *raw.HoursPerMonth)
		}
		t.HoursPerMonth = *raw.HoursPerMonth
	}
	if raw.Notes != nil {
		t.Notes = append(t.Notes, raw.Notes...)
	}
	if raw.Sources != nil {
		if t.Sources == nil {
			t.Sources = map[string][]string{}
		}
		for k, v := range raw.Sources {
			t.Sources[k] = v
		}
	}
	if t.Regions == nil {
		t.Regions = map[string]RegionPrices{}
	}
	names := make([]string, 0, len(raw.Regions))
	for r := range raw.Regions {
		names = append(names, r)
	}
	sort.Strings(names)
	for _, r := range names {
		base := t.Regions[r]
		classes := map[string]ClassPrices{}
		for k, v := range base.MWAA {
			classes[k] = v
		}
		base.MWAA = nil
		if err := decodeStrict(raw.Regions[r], &base); err != nil {
			return fmt.Errorf("%s: regions.%s: %v", name, r, err)
		}
		for k, v := range base.MWAA {
			classes[k] = v
		}
		base.MWAA = classes
		if f, why := badField(base); f != "" {
			return fmt.Errorf("%s: regions.%s.%s is %s: prices and counts are finite numbers, 0 or more", name, r, f, why)
		}
		for _, k := range slices.Sorted(maps.Keys(classes)) {
			if f, why := badField(classes[k]); f != "" {
				return fmt.Errorf("%s: regions.%s.mwaa.%s.%s is %s: prices and counts are finite numbers, 0 or more", name, r, k, f, why)
			}
		}
		t.Regions[r] = base
	}
	return nil
}

// badField returns the JSON name of the first number field of the struct v that is
// negative, NaN or infinite, and which of these it is; "" when all are fine. (JSON has no
// NaN or Inf and encoding/json refuses 1e999, but a table built in Go may hold them.)
func badField(v any) (string, string) {
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Field(i)
		if f.Kind() != reflect.Float64 {
			continue
		}
		name := strings.Split(rv.Type().Field(i).Tag.Get("json"), ",")[0]
		switch x := f.Float(); {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return name, "not a finite number"
		case x < 0:
			return name, "negative"
		}
	}
	return "", ""
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// posErr turns a decoding error into "file:line:column: message" where the decoder
// knows the offset.
func posErr(name string, data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if off < 0 {
		return fmt.Errorf("%s: %s (expected the shape of the embedded prices.json)", name, msg)
	}
	line, col := 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Errorf("%s:%d:%d: %s", name, line, col, msg)
}
