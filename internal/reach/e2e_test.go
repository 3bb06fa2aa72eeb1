package reach_test

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
	"github.com/mwaanet/mwaanet/internal/testkit/usecase"
)

func designed(t testing.TB, n int) *model.Architecture {
	t.Helper()
	return usecase.Architecture(t, n)
}

func TestDesignedUseCasesMeetMWAAPaths(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		a := designed(t, n)
		an := reach.New(a)
		for _, r := range an.Analyze(an.MWAAPaths()) {
			t.Logf("uc%d %-45s %-14s expect=%-11s %s", n, r.Query.String(), r.State, r.Query.Expect, r.Summary())
			if !r.MeetsExpectation() {
				t.Errorf("use case %d: %s: %s, want %s: %s", n, r.Query, r.State, r.Query.Expect, r.Summary())
			}
		}
	}
}

// Use case 4 adds to an existing VPC that the spec names by ID only: its route tables,
// ACLs and DNS attributes are not in the input, so the answers that need them are
// undetermined, never guessed; the internet still cannot address MWAA's interfaces.
func TestDesignedUseCase4IsUndeterminedWhereTheVPCIsNotKnown(t *testing.T) {
	an := reach.New(designed(t, 4))
	for _, r := range an.Analyze(an.MWAAPaths()) {
		switch {
		case r.Query.From == reach.PlaceInternet:
			if r.State != reach.NotReachable {
				t.Errorf("%s: %s, want not reachable", r.Query, r.State)
			}
		case r.State != reach.Undetermined:
			t.Errorf("%s: %s, want undetermined: %s", r.Query, r.State, r.Summary())
		}
	}
}

// BenchmarkTraceDesignedUseCase3 is one path query on the use-case-3 architecture as
// internal/design builds it (the embedded default), indexed once.
func BenchmarkTraceDesignedUseCase3(b *testing.B) {
	an := reach.New(designed(b, 3))
	q := reach.PathQuery{From: "env", To: "service:sqs", Protocol: model.TCP, Port: 443}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := an.Trace(q); err != nil {
			b.Fatal(err)
		}
	}
}

// The acceptance answers of the issue on the designed architectures.
func TestDesignedAcceptance(t *testing.T) {
	cases := []struct {
		uc       int
		from, to string
		port     int32
		want     reach.State
	}{
		{3, "env", "service:sqs", 443, reach.Reachable},
		{3, "env", "service:s3", 443, reach.Reachable},
		{3, "env", "service:airflow.ops", 443, reach.Reachable},
		{3, "env", "database", 5432, reach.Reachable},
		{3, "vpn", "webserver", 443, reach.Reachable},
		{3, "env", "internet", 443, reach.NotReachable},
		{3, "internet", "webserver", 443, reach.NotReachable},
		{1, "env", "internet", 443, reach.Reachable},
		{1, "env", "service:sqs", 443, reach.Reachable},
		{1, "internet", "env", 22, reach.NotReachable},
	}
	ans := map[int]*reach.Analyzer{1: reach.New(designed(t, 1)), 3: reach.New(designed(t, 3))}
	for _, c := range cases {
		r, err := ans[c.uc].Trace(reach.PathQuery{From: c.from, To: c.to, Protocol: model.TCP, Port: c.port})
		if err != nil {
			t.Fatal(err)
		}
		if r.State != c.want {
			t.Errorf("use case %d: %s: %s, want %s (%s)", c.uc, r.Query, r.State, c.want, r.Summary())
		}
		if c.uc == 1 && c.from == "env" {
			nat := false
			for _, h := range r.Hops {
				nat = nat || h.Component == reach.CompNATGateway
			}
			if !nat {
				t.Errorf("use case 1: %s does not go through a NAT gateway: %v", r.Query, r.Hops)
			}
		}
	}
}
