package reach

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestAddrMatch(t *testing.T) {
	host := prefixAddr(pfx("10.1.2.3/32"), "")
	subnet := prefixAddr(pfx("10.1.2.0/24"), "vpc")
	public := addr{kind: addrPublic}
	s3 := addr{kind: addrService, svc: "s3"}
	unknown := addr{kind: addrUnknown, vpc: "vpc"}
	for _, c := range []struct {
		name string
		a    addr
		cidr netip.Prefix
		want Decision
	}{
		{"host in CIDR", host, pfx("10.0.0.0/8"), Allow},
		{"host outside", host, pfx("192.168.0.0/16"), Deny},
		{"subnet inside a wider CIDR", subnet, pfx("10.1.0.0/16"), Allow},
		{"CIDR covers part of the subnet", subnet, pfx("10.1.2.0/25"), Unknown},
		{"IPv6 rule, IPv4 address", host, pfx("::/0"), Deny},
		{"unknown CIDR", host, netip.Prefix{}, Unknown},
		{"internet in 0.0.0.0/0", public, pfx("0.0.0.0/0"), Allow},
		{"internet never in a private range", public, pfx("10.0.0.0/8"), Deny},
		{"internet in a public range: cannot tell", public, pfx("52.0.0.0/8"), Unknown},
		{"service in 0.0.0.0/0", s3, pfx("0.0.0.0/0"), Allow},
		{"unknown address in 0.0.0.0/0", unknown, pfx("0.0.0.0/0"), Allow},
		{"unknown address in a range", unknown, pfx("10.0.0.0/8"), Unknown},
	} {
		if got := c.a.match(c.cidr); got != c.want {
			t.Errorf("%s: %v in %v: %v, want %v", c.name, c.a, c.cidr, got, c.want)
		}
	}
	if !public.public() || subnet.public() || !prefixAddr(pfx("8.8.8.8/32"), "").public() || unknown.public() {
		t.Error("public()")
	}
}

func TestPrefixListMatch(t *testing.T) {
	entries := []netip.Prefix{pfx("52.216.0.0/15")}
	for _, c := range []struct {
		name    string
		svc     string
		entries []netip.Prefix
		a       addr
		want    Decision
	}{
		{"the service itself", "s3", nil, addr{kind: addrService, svc: "s3"}, Allow},
		{"another service", "s3", nil, addr{kind: addrService, svc: "dynamodb"}, Deny},
		{"prefix list of an unknown service", "", nil, addr{kind: addrService, svc: "s3"}, Unknown},
		{"internet address", "s3", nil, addr{kind: addrPublic}, Deny},
		{"address in the entries", "s3", entries, prefixAddr(pfx("52.216.1.1/32"), ""), Allow},
		{"address outside the entries", "s3", entries, prefixAddr(pfx("54.222.57.1/32"), ""), Deny},
		{"public address, entries unknown", "s3", nil, prefixAddr(pfx("54.222.57.1/32"), ""), Unknown},
		{"private address, entries unknown", "s3", nil, prefixAddr(pfx("10.1.1.1/32"), ""), Deny},
	} {
		if got := plMatch(c.svc, c.entries, c.a); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// The JSON of a result has the shape the issue asks for, and the text reads like a
// traceroute with the blocks and fixes.
func TestOutputShapes(t *testing.T) {
	a := useCase3()
	sg(a, "EndpointSecurityGroup").Ingress = nil
	r, err := New(a).Trace(PathQuery{From: "env", To: "service:sqs", Protocol: model.TCP, Port: 443})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	if j["reachable"] != false || j["undetermined"] != false {
		t.Errorf("reachable/undetermined: %v %v", j["reachable"], j["undetermined"])
	}
	ex := j["explanation"].(map[string]any)
	blocks := ex["blocks"].([]any)
	b := blocks[0].(map[string]any)
	for _, k := range []string{"component", "id", "rule", "decision", "code", "message", "fix", "where"} {
		if b[k] == nil || b[k] == "" {
			t.Errorf("block lacks %s: %v", k, b)
		}
	}
	if len(j["hops"].([]any)) == 0 || len(j["paths"].([]any)) != 4 {
		t.Errorf("hops/paths: %v", j)
	}
	var txt bytes.Buffer
	if err := WriteText(&txt, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"trace env -> service:sqs tcp/443", "path 1/4", "DENY", "result: NOT REACHABLE", "SG_NO_ALLOW", "fix: add an inbound rule"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, txt.String())
		}
	}
	var tbl bytes.Buffer
	if err := WriteTable(&tbl, Analyze(a, MWAAPaths(a))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tbl.String(), "FAIL") || !strings.Contains(tbl.String(), "SG_NO_ALLOW") {
		t.Errorf("table:\n%s", tbl.String())
	}
}

// The fix for a missing Client VPN authorization names the VPC CIDR that holds the
// destination (a subnet in a secondary CIDR block needs that block authorized).
func TestFirstCIDRPrefersTheBlockHoldingTheDestination(t *testing.T) {
	cidrs := []netip.Prefix{pfx("10.192.0.0/16"), pfx("10.193.0.0/16")}
	if got := firstCIDR(cidrs, prefixAddr(pfx("10.193.1.0/24"), "VPC")); got != "10.193.0.0/16" {
		t.Errorf("secondary block: %s", got)
	}
	if got := firstCIDR(cidrs, prefixAddr(pfx("10.192.1.0/24"), "VPC")); got != "10.192.0.0/16" {
		t.Errorf("primary block: %s", got)
	}
	if got := firstCIDR(cidrs, addr{kind: addrUnknown, vpc: "VPC"}); got != "10.192.0.0/16" {
		t.Errorf("unknown address: %s", got)
	}
}
