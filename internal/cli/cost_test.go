package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func costGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if companionUpdating() {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

type costJSON struct {
	MonthlyTotalUSD float64 `json:"monthly_total_usd"`
	Items           []struct {
		Name       string  `json:"name"`
		MonthlyUSD float64 `json:"monthly_usd"`
		Basis      string  `json:"basis"`
	} `json:"items"`
	Assumptions map[string]any `json:"assumptions"`
}

func (c costJSON) item(name string) float64 {
	for _, it := range c.Items {
		if it.Name == name {
			return it.MonthlyUSD
		}
	}
	return -1
}

func TestCostDefaultGolden(t *testing.T) {
	out, errOut, code := runCompanion(t, newCostCmd)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	costGolden(t, "cost-default.txt", out)
	out, _, code = runCompanion(t, newCostCmd, "--format", "json")
	if code != 0 {
		t.Fatalf("json exit %d", code)
	}
	costGolden(t, "cost-default.json", out)
	var c costJSON
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	// The embedded default (use case 3) has ten interface endpoints, sts included.
	if got := c.item("Interface endpoints"); got != 146 {
		t.Errorf("Interface endpoints %v, want 10 x 2 x 730 x $0.01", got)
	}
	if c.item("NAT gateways") != 0 || c.item("Client VPN") <= 0 || c.Assumptions["routing"] != "private" {
		t.Errorf("default design priced wrong: %+v", c)
	}
}

func TestCostPublicSpecAndCompare(t *testing.T) {
	spec := filepath.Join("..", "spec", "usecases", "usecase-1.yaml")
	out, errOut, code := runCompanion(t, newCostCmd, "--spec", spec, "--format", "json", "--traffic-gb", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var c costJSON
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.item("NAT gateways") != 65.7 || c.item("NAT gateway data processed") != 9 || c.item("Interface endpoints") != 0 || c.item("Client VPN") != 0 {
		t.Errorf("use case 1 (public) priced wrong:\n%s", out)
	}
	out, _, code = runCompanion(t, newCostCmd, "--spec", spec, "--compare")
	if code != 0 || !strings.Contains(out, "public  private") || !strings.Contains(out, "Private routing costs") {
		t.Errorf("compare: exit %d\n%s", code, out)
	}
	costGolden(t, "cost-compare-usecase-1.txt", out)
}

func TestCostPricesOverrideAndErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "prices.json")
	os.WriteFile(good, []byte(`{"regions": {"us-east-1": {"interface_endpoint_az_hour": 0.02}}}`), 0o644)
	out, _, code := runCompanion(t, newCostCmd, "--prices", good, "--format", "json")
	var c costJSON
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil || c.item("Interface endpoints") != 292 {
		t.Errorf("override not applied: exit %d\n%s", code, out)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"regions\": {\"us-east-1\": {\"nat_gateway_hour\": \"x\"}}\n}\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--prices", bad}, "bad.json:2:"},
		{[]string{"--prices", filepath.Join(dir, "none.json")}, "cannot read prices"},
		{[]string{"--format", "xml"}, "--format"},
		{[]string{"--vpn-users", "-1"}, "negative"},
		{[]string{"--spec", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
	} {
		_, errOut, code := runCompanion(t, newCostCmd, tc.args...)
		if code != ExitInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestCostRefusesNonFinite: NaN and Inf (which strconv.ParseFloat accepts for a flag) and
// prices whose product overflows are refused, naming the flag or field, never printed as
// a cost of NaN or +Inf.
func TestCostRefusesNonFinite(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--traffic-gb", "NaN"}, "--traffic-gb NaN: expected a finite number"},
		{[]string{"--logs-gb", "Inf"}, "--logs-gb +Inf: expected a finite number"},
		{[]string{"--avg-workers", "+Inf"}, "--avg-workers +Inf: expected a finite number"},
		{[]string{"--vpn-hours", "-Inf"}, "--vpn-hours -Inf: expected a finite number"},
		{[]string{"--avg-webservers", "nan"}, "--avg-webservers NaN: expected a finite number"},
		{[]string{"--traffic-gb", "1e308", "--logs-gb", "1e308"}, "is not a finite number: a price or volume is too large"},
	} {
		out, errOut, code := runCompanion(t, newCostCmd, tc.args...)
		if code != ExitInput || !strings.Contains(errOut, tc.want) || strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
	dir := t.TempDir()
	for name, body := range map[string]string{
		"huge.json": `{"regions": {"us-east-1": {"nat_gateway_hour": 1e999}}}`,
		"nan.json":  `{"regions": {"us-east-1": {"nat_gateway_hour": NaN}}}`,
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		_, errOut, code := runCompanion(t, newCostCmd, "--prices", p)
		if code != ExitInput || !strings.Contains(errOut, name) {
			t.Errorf("%s: exit %d, %q", name, code, errOut)
		}
		if name == "huge.json" && !strings.Contains(errOut, "nat_gateway_hour") {
			t.Errorf("%s: the field is not named: %q", name, errOut)
		}
	}
}
