package reach

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Trace answers one query. The error is a *PlaceError when a place does not exist, or a
// plain error for a query that cannot be asked (a service as the source).
func (an *Analyzer) Trace(q PathQuery) (*Result, error) {
	if q.Protocol == 0 {
		q.Protocol = model.TCP
	}
	if q.Protocol.HasPorts() && (q.Port < 0 || q.Port > 65535) {
		return nil, fmt.Errorf("port %d is not between 0 and 65535", q.Port)
	}
	src, err := an.resolve(q.From)
	if err != nil {
		return nil, err
	}
	if src.svc != "" {
		return nil, fmt.Errorf("%s cannot be a source: services answer, they do not start connections here", q.From)
	}
	for _, l := range src.locs {
		if l.kind == locService || l.kind == locMWAAPublic {
			return nil, fmt.Errorf("%s cannot be a source: it is outside the network", q.From)
		}
	}
	dst, err := an.resolve(q.To)
	if err != nil {
		return nil, err
	}
	r := &Result{Query: q, Paths: make([]Path, 0, len(src.locs)*2)}
	// All paths' hops share one backing array (a path within the VPC has about 8 hops);
	// a path that outgrows its share gets its own.
	arena := make([]Hop, 0, 8*len(src.locs)*max(len(dst.locs), 2))
	for _, s := range src.locs {
		dlocs, pre := dst.locs, []Hop(nil)
		if dst.svc != "" {
			vpc := s.vpc
			if s.kind == locVPNClient && s.cvpn != nil {
				vpc = s.cvpn.VPC // clients use the VPC's resolver through the tunnel
			}
			dlocs, pre = an.serviceLocations(dst.svc, vpc)
		}
		for _, d := range dlocs {
			free := arena[len(arena):cap(arena)]
			t := tracer{an: an, q: &r.Query, hops: free[:0]}
			t.hops = append(t.hops, pre...)
			t.walk(s, d)
			hops := t.hops
			if len(hops) > 0 && len(free) > 0 && &hops[0] == &free[0] {
				arena = arena[:len(arena)+len(hops)]
				hops = hops[:len(hops):len(hops)]
			}
			r.Paths = append(r.Paths, Path{From: s.label, To: d.label, State: t.state(), Hops: hops})
		}
	}
	r.combine()
	if r.Guarded = an.guarded(src, dst); r.Guarded != "" {
		r.dropFixes()
	}
	return r, nil
}

// guarded says why traffic from src to dst must never get through ("" when it may): the
// internet to the environment's interfaces, its database endpoint, or its PRIVATE_ONLY
// web server (NET-03, WEB-01). A fix for such a block would open the environment to the
// internet, so none is offered.
func (an *Analyzer) guarded(src, dst *place) string {
	if an.env == nil || len(src.locs) == 0 || dst.svc != "" || len(dst.locs) == 0 {
		return ""
	}
	for _, l := range src.locs {
		if l.kind != locInternet {
			return ""
		}
	}
	for _, l := range dst.locs {
		if l.kind == locMWAAPublic {
			return "" // PUBLIC_ONLY: the internet reaches the web server by design
		}
	}
	switch {
	case dst.name == PlaceEnv || dst.name == an.env.ID || (an.env.Name != "" && dst.name == an.env.Name):
		return "nothing from the internet may reach the environment's interfaces (NET-03)"
	case dst.name == PlaceDatabase:
		return "nothing from the internet may reach the environment's metadata database endpoint (NET-03)"
	case dst.name == PlaceWebserver:
		return "PRIVATE_ONLY: the web server must not be reachable from the internet (WEB-01)"
	}
	return ""
}

// dropFixes removes the fixes of a guarded result's blocks: they would open the path.
func (r *Result) dropFixes() {
	for i := range r.Paths {
		for j := range r.Paths[i].Hops {
			r.Paths[i].Hops[j].Fix = ""
		}
	}
	for i := range r.Blocks {
		r.Blocks[i].Fix = ""
	}
	for i := range r.Hops {
		r.Hops[i].Fix = ""
	}
	for i := range r.Paths {
		for j := range r.Paths[i].Hops {
			if h := &r.Paths[i].Hops[j]; h.Step == StepArrive {
				h.Rule = strings.Replace(h.Rule, "(once the blocks above are fixed)", "(only if the blocks above were removed)", 1)
			}
		}
	}
}

// combine sets the result's state and explanation from its paths.
func (r *Result) combine() {
	allow, deny, unknown := 0, 0, 0
	first := map[State]int{}
	for i, p := range r.Paths {
		switch p.State {
		case Reachable:
			allow++
		case NotReachable:
			deny++
		default:
			unknown++
		}
		if _, ok := first[p.State]; !ok {
			first[p.State] = i
		}
	}
	switch {
	case len(r.Paths) == 0:
		r.State = Undetermined
		r.Unknowns = []Hop{{Component: "query", Step: StepResolve, Decision: Unknown, Code: CodeNotInInput,
			Message: "the places have no interfaces in the input"}}
		return
	case deny > 0:
		r.State = NotReachable
		r.Partial = allow > 0
		r.Hops = r.Paths[first[NotReachable]].Hops
	case unknown > 0:
		r.State = Undetermined
		r.Hops = r.Paths[first[Undetermined]].Hops
	default:
		r.State = Reachable
		r.Hops = r.Paths[0].Hops
	}
	// Blocks with the same component, step, code and fix are one block (the same
	// security group rule missing for both source subnets).
	type key struct{ comp, id, step, rule, code string }
	seen := map[key]bool{}
	for _, p := range r.Paths {
		for _, h := range p.Hops {
			if h.Decision != Deny && h.Decision != Unknown {
				continue
			}
			k := key{h.Component, h.ID, h.Step, h.Rule, h.Code}
			if h.Fix != "" {
				k.rule = h.Fix
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			if h.Decision == Deny {
				r.Blocks = append(r.Blocks, h)
			} else {
				r.Unknowns = append(r.Unknowns, h)
			}
		}
	}
}

// Analyze answers several queries. A query whose place does not exist gives a result
// that is undetermined with the reason (so a table of MWAA's paths is always complete).
func (an *Analyzer) Analyze(qs []PathQuery) []*Result {
	out := make([]*Result, len(qs))
	for i, q := range qs {
		r, err := an.Trace(q)
		if err != nil {
			msg := err.Error()
			var pe *PlaceError
			if errors.As(err, &pe) {
				msg = fmt.Sprintf("place %q does not exist in this input", pe.Place)
				if pe.Reason != "" {
					msg = fmt.Sprintf("place %q: %s", pe.Place, pe.Reason)
				}
			}
			r = &Result{Query: q, State: Undetermined, Unknowns: []Hop{{Component: "query", Step: StepResolve,
				Decision: Unknown, Code: CodeNotInInput, Message: msg}}}
		}
		out[i] = r
	}
	return out
}

// Analyze indexes a and answers the queries.
func Analyze(a *model.Architecture, qs []PathQuery) []*Result { return New(a).Analyze(qs) }
