package reach

import (
	"encoding/json"
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	for _, a := range []*Analyzer{New(useCase3()), New(useCase1())} {
		for _, r := range a.Analyze(a.MWAAPaths()) {
			t.Logf("%-45s %-14s expect=%-11s ok=%v %s", r.Query.String(), r.State, r.Query.Expect, r.MeetsExpectation(), r.Summary())
		}
	}
	r, _ := New(useCase3()).Trace(PathQuery{From: "vpn", To: "webserver", Port: 443})
	json.NewEncoder(os.Stdout).Encode(r.Hops)
}
