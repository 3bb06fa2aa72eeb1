package reach_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mwaanet/mwaanet/internal/ingest/awscli"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"

	"github.com/mwaanet/mwaanet/internal/testshared"
)

var corpus = testshared.Dir() + "/corpus"

func snapshot(t *testing.T, dir string) *reach.Analyzer {
	t.Helper()
	p := filepath.Join(corpus, dir)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	a, err := awscli.ReadDir(p)
	if err != nil {
		t.Fatalf("reading %s: %v", p, err)
	}
	return reach.New(a)
}

type corpusCase struct {
	from, to string
	proto    model.Protocol
	port     int32
	want     reach.State
	code     string
}

func (c corpusCase) check(t *testing.T, an *reach.Analyzer, dir string) {
	t.Helper()
	if c.proto == 0 {
		c.proto = model.TCP
	}
	r, err := an.Trace(reach.PathQuery{From: c.from, To: c.to, Protocol: c.proto, Port: c.port})
	if err != nil {
		t.Errorf("%s: %s -> %s: %v", dir, c.from, c.to, err)
		return
	}
	if r.State != c.want {
		t.Errorf("%s: %s -> %s %d: %s, want %s (%s)", dir, c.from, c.to, c.port, r.State, c.want, r.Summary())
		return
	}
	if c.code != "" {
		for _, b := range r.Blocks {
			if b.Code == c.code {
				return
			}
		}
		t.Errorf("%s: %s -> %s: blocks %v lack %s", dir, c.from, c.to, r.Blocks, c.code)
	}
}

// What Batfish's own tests expect of its captured networks (corpus README).
func TestBatfishCorpus(t *testing.T) {
	cases := map[string][]corpusCase{
		"test-nat-gateway": {
			// private instance -> 8.8.8.8:80 through the NAT gateway and the IGW, reply included
			{from: "i-0a128d26e59be60f3", to: "8.8.8.8", port: 80, want: reach.Reachable},
			// unsolicited traffic from the internet to the NAT's public IP is dropped
			{from: "internet", to: "3.135.127.225", port: 80, want: reach.NotReachable, code: reach.CodeUnsolicited},
			// the public instance leaves through the internet gateway
			{from: "i-0b31b509174d7f5de", to: "8.8.8.8", port: 443, want: reach.Reachable},
		},
		"test-vpc-endpoint-gateway": {
			// private instance -> an S3 address on 443 through the gateway endpoint
			{from: "i-01c6c0647fdccc89e", to: "52.216.1.1", port: 443, want: reach.Reachable},
			{from: "i-01c6c0647fdccc89e", to: "service:s3", port: 443, want: reach.Reachable},
			// ... but another AWS service's address has no route
			{from: "i-01c6c0647fdccc89e", to: "54.222.57.1", port: 443, want: reach.NotReachable, code: reach.CodeNoRoute},
		},
		"test-vpc-endpoint-interface": {
			// an instance in either subnet reaches the endpoint's address on 443
			{from: "i-0eb6eb395a0d09117", to: "10.1.101.97", port: 443, want: reach.Reachable},
			{from: "i-0a0fbd0cfa774970f", to: "10.1.101.97", port: 443, want: reach.Reachable},
			// by name: private DNS needs the VPC's DNS attributes, which the capture lacks
			{from: "i-0a0fbd0cfa774970f", to: "service:cloudtrail", port: 443, want: reach.Undetermined},
		},
		"test-subnet": {
			// instance 1 -> instance 2 is denied by instance 2's security group (only 22 open)
			{from: "i-08ef86e76fceabd8d", to: "i-07519d6ba3f9497e4", port: 80, want: reach.NotReachable, code: reach.CodeSGNoAllow},
			{from: "i-08ef86e76fceabd8d", to: "i-07519d6ba3f9497e4", port: 22, want: reach.Reachable},
			// an address outside the VPC has no route
			{from: "i-08ef86e76fceabd8d", to: "8.8.8.8", port: 443, want: reach.NotReachable, code: reach.CodeNoRoute},
		},
		"test-public-subnet": {
			// internet -> the public IP on 80: translated at the IGW, denied by the security group
			{from: "internet", to: "18.216.80.133", port: 80, want: reach.NotReachable, code: reach.CodeSGNoAllow},
			{from: "internet", to: "18.216.80.133", port: 22, want: reach.Reachable},
			// internet -> the private IP: not routable
			{from: "internet", to: "10.0.0.91", port: 22, want: reach.NotReachable, code: reach.CodeNoPublicAddress},
			// instance -> 8.8.8.8 leaves through the IGW
			{from: "i-06669a407b2ef3ae5", to: "8.8.8.8", port: 443, want: reach.Reachable},
		},
	}
	for dir, cs := range cases {
		an := snapshot(t, filepath.Join("batfish-aws", dir, "aws_configs"))
		for _, c := range cs {
			c.check(t, an, dir)
		}
	}
}

// The quick-start stack as deployed (public routing, PUBLIC_ONLY): every MWAA path is as
// MWAA needs it.
func TestQuickStartSnapshotMWAAPaths(t *testing.T) {
	an := snapshot(t, "snapshot/aws-mwaa-quick-start")
	if an.Routing() != model.RoutingPublic {
		t.Errorf("routing %s, want public", an.Routing())
	}
	qs := an.MWAAPaths()
	if len(qs) == 0 {
		t.Fatal("no MWAA paths: the environment was not read")
	}
	for _, r := range an.Analyze(qs) {
		t.Logf("%-45s %-14s %s", r.Query.String(), r.State, r.Summary())
		if !r.MeetsExpectation() {
			t.Errorf("%s: %s, want %s: %s", r.Query, r.State, r.Query.Expect, r.Summary())
		}
	}
}
