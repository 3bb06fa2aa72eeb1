package reach_test

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/reach"
	"github.com/mwaanet/mwaanet/internal/spec"
)

func designed(t testing.TB, n int) *model.Architecture {
	t.Helper()
	s, err := spec.UseCase(n)
	if err != nil {
		t.Fatalf("spec.UseCase(%d): %v", n, err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("design.Build(use case %d): %v", n, err)
	}
	return a
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
