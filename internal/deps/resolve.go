package deps

import (
	"fmt"
	"sort"
	"strings"
)

// Candidate is one installable version of a project: a wheel from plugins.zip or a
// version already installed in the MWAA image.
type Candidate struct {
	Name      string // canonical
	Version   Version
	Raw       string
	Wheel     *Wheel // nil when installed
	Installed bool
}

func (c *Candidate) String() string { return c.Name + "==" + c.Raw }

// Edge is one requirement on the way through the closure: who asks for what.
type Edge struct {
	Req    *Requirement
	Pos    Pos        // the requirements file line for a top-level requirement
	Parent *Candidate // nil for a top-level requirement
}

func (e Edge) describe() string {
	if e.Parent == nil {
		return fmt.Sprintf("%s (%s)", e.Req.Text, e.Pos)
	}
	return fmt.Sprintf("%s %s requires %s", e.Parent.Name, e.Parent.Raw, e.Req.String())
}

// Failure is a project no candidate could be chosen for.
type Failure struct {
	Name      string
	Edges     []Edge
	Available []string // versions plugins.zip (or the image) offers
	Conflict  bool     // several requirers disagree (else one requirer no wheel meets)
}

// Resolution is the result of resolving a closure.
type Resolution struct {
	Pinned   map[string]*Candidate
	Missing  map[string][]Edge // projects with no candidate at all
	Failures []Failure
	// Via is, for every project reached, the first edge that reached it (for chains).
	Via        map[string]Edge
	TooComplex bool
}

// Resolver resolves requirements against a fixed set of candidates, like pip with
// --no-index: the newest acceptable version first, installed versions preferred when
// they satisfy, backtracking on conflicts.
type Resolver struct {
	Env         MarkerEnv
	Available   map[string][]*Candidate // by canonical name; any order
	Constraints []*ReqLine
	Prereleases bool
	MaxSteps    int

	steps      int
	tooComplex bool
	best       *Failure
	bestDepth  int
}

type state struct {
	pinned  map[string]*Candidate
	extras  map[string]map[string]bool
	edges   map[string][]Edge
	missing map[string]bool
	failed  map[string]bool
	via     map[string]Edge
	fails   []Failure
}

func newState() *state {
	return &state{pinned: map[string]*Candidate{}, extras: map[string]map[string]bool{}, edges: map[string][]Edge{},
		missing: map[string]bool{}, failed: map[string]bool{}, via: map[string]Edge{}}
}

func (s *state) clone() *state {
	c := newState()
	for k, v := range s.pinned {
		c.pinned[k] = v
	}
	for k, v := range s.extras {
		m := make(map[string]bool, len(v))
		for e := range v {
			m[e] = true
		}
		c.extras[k] = m
	}
	for k, v := range s.edges {
		c.edges[k] = v[:len(v):len(v)]
	}
	for k, v := range s.missing {
		c.missing[k] = v
	}
	for k, v := range s.failed {
		c.failed[k] = v
	}
	for k, v := range s.via {
		c.via[k] = v
	}
	c.fails = s.fails[:len(s.fails):len(s.fails)]
	return c
}

// Resolve resolves the top-level edges. It first searches for a complete solution,
// backtracking over versions; a project with no candidate at all does not stop the search
// (it is reported missing). When no solution exists it reports the failure the search got
// furthest with, then resolves again without backtracking, skipping whatever fails, so
// that every missing project is still named.
func (r *Resolver) Resolve(top []Edge) *Resolution {
	if r.MaxSteps == 0 {
		r.MaxSteps = 200000
	}
	for n, cs := range r.Available {
		sorted := append([]*Candidate(nil), cs...)
		sort.SliceStable(sorted, func(i, j int) bool {
			if sorted[i].Installed != sorted[j].Installed {
				return sorted[i].Installed
			}
			return sorted[i].Version.Compare(sorted[j].Version) > 0
		})
		r.Available[n] = sorted
	}
	if st, ok := r.solve(append([]Edge(nil), top...), newState(), false); ok {
		return st.resolution(false)
	}
	strictFailure := r.best
	tooComplex := r.tooComplex
	r.steps, r.tooComplex = 0, false
	st, _ := r.solve(append([]Edge(nil), top...), newState(), true)
	res := st.resolution(tooComplex)
	if strictFailure != nil {
		found := false
		for _, f := range res.Failures {
			if f.Name == strictFailure.Name {
				found = true
			}
		}
		if !found {
			res.Failures = append([]Failure{*strictFailure}, res.Failures...)
		}
	}
	return res
}

func (s *state) resolution(tooComplex bool) *Resolution {
	res := &Resolution{Pinned: s.pinned, Missing: map[string][]Edge{}, Failures: s.fails, Via: s.via, TooComplex: tooComplex}
	for n := range s.missing {
		res.Missing[n] = s.edges[n]
	}
	return res
}

func (r *Resolver) markerOK(e Edge, extra string) bool {
	if e.Req.Marker == nil {
		return true
	}
	env := make(MarkerEnv, len(r.Env)+1)
	for k, v := range r.Env {
		env[k] = v
	}
	env["extra"] = extra
	ok, err := e.Req.Marker.Eval(env)
	return err == nil && ok
}

func (r *Resolver) solve(queue []Edge, st *state, lenient bool) (*state, bool) {
	for len(queue) > 0 {
		r.steps++
		if r.steps > r.MaxSteps {
			r.tooComplex = true
			if !lenient {
				return nil, false
			}
		}
		e := queue[0]
		queue = queue[1:]
		n := e.Req.Canonical
		st.edges[n] = append(st.edges[n][:len(st.edges[n]):len(st.edges[n])], e)
		if _, ok := st.via[n]; !ok {
			st.via[n] = e
		}
		if st.missing[n] || st.failed[n] {
			continue
		}
		if c := st.pinned[n]; c != nil {
			if !r.satisfies(c, e.Req) {
				f := r.failure(n, st)
				r.note(f, len(st.pinned))
				if !lenient {
					return nil, false
				}
				st.failed[n] = true
				st.fails = append(st.fails[:len(st.fails):len(st.fails)], f)
				continue
			}
			queue = append(queue, r.depsFor(st, c, e.Req.Extras)...)
			continue
		}
		if len(r.Available[n]) == 0 {
			st.missing[n] = true
			continue
		}
		cands := r.filter(n, st.edges[n])
		if len(cands) == 0 {
			f := r.failure(n, st)
			r.note(f, len(st.pinned))
			if !lenient {
				return nil, false
			}
			st.failed[n] = true
			st.fails = append(st.fails[:len(st.fails):len(st.fails)], f)
			continue
		}
		if lenient {
			st.pinned[n] = cands[0]
			queue = append(queue, r.depsFor(st, cands[0], unionExtras(st.edges[n]))...)
			continue
		}
		for _, c := range cands {
			st2 := st.clone()
			st2.pinned[n] = c
			q2 := append(append([]Edge(nil), queue...), r.depsFor(st2, c, unionExtras(st2.edges[n]))...)
			if res, ok := r.solve(q2, st2, false); ok {
				return res, true
			}
			if r.tooComplex {
				return nil, false
			}
		}
		return nil, false
	}
	return st, true
}

func (r *Resolver) note(f Failure, depth int) {
	if r.best == nil || depth > r.bestDepth {
		r.best, r.bestDepth = &f, depth
	}
}

func (r *Resolver) failure(n string, st *state) Failure {
	f := Failure{Name: n, Edges: append([]Edge(nil), st.edges[n]...)}
	for _, c := range r.Available[n] {
		label := c.Raw
		if c.Installed {
			label += " (installed)"
		}
		f.Available = append(f.Available, label)
	}
	requirers := map[string]bool{}
	for _, e := range f.Edges {
		if e.Parent == nil {
			requirers[e.Pos.String()] = true
		} else {
			requirers[e.Parent.Name] = true
		}
	}
	f.Conflict = len(requirers) > 1
	return f
}

func unionExtras(edges []Edge) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range edges {
		for _, x := range e.Req.Extras {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	sort.Strings(out)
	return out
}

// satisfies: an already chosen candidate meets a later requirement (pre-releases
// allowed, as pip does for chosen versions; a URL requirement names its own file).
func (r *Resolver) satisfies(c *Candidate, req *Requirement) bool {
	if req.URL != "" {
		return true
	}
	return req.Specifier.Contains(c.Version, c.Raw, true)
}

// filter returns the candidates of n that every edge and every constraint accept,
// newest first, installed first; pre-releases only when asked for or when nothing else
// matches.
func (r *Resolver) filter(n string, edges []Edge) []*Candidate {
	var sets []SpecifierSet
	allowPre := r.Prereleases
	for _, e := range edges {
		if e.Req.URL != "" {
			continue
		}
		sets = append(sets, e.Req.Specifier)
		allowPre = allowPre || e.Req.Specifier.AllowsPrereleases()
	}
	for _, c := range r.Constraints {
		if c.Req.Canonical != n || !r.markerOK(Edge{Req: c.Req}, "") {
			continue
		}
		sets = append(sets, c.Req.Specifier)
	}
	pick := func(pre bool) []*Candidate {
		var out []*Candidate
		seen := map[string]bool{}
	next:
		for _, c := range r.Available[n] {
			if c.Version.IsPrerelease() && !pre {
				continue
			}
			for _, s := range sets {
				if !s.Contains(c.Version, c.Raw, true) {
					continue next
				}
			}
			key := c.Version.String()
			if c.Installed {
				key += "+installed"
			}
			if !seen[key] {
				seen[key] = true
				out = append(out, c)
			}
		}
		return out
	}
	out := pick(allowPre)
	if len(out) == 0 && !allowPre {
		out = pick(true)
	}
	return out
}

// depsFor queues the dependencies of c for the extras not queued yet (all of them the
// first time). Installed candidates bring none: the image already satisfies them.
func (r *Resolver) depsFor(st *state, c *Candidate, extras []string) []Edge {
	if c.Installed || c.Wheel == nil || c.Wheel.Meta == nil {
		return nil
	}
	done, first := st.extras[c.Name], false
	if done == nil {
		done, first = map[string]bool{}, true
		st.extras[c.Name] = done
	}
	var out []Edge
	if first {
		for _, req := range c.Wheel.Meta.RequiresDist {
			e := Edge{Req: req, Parent: c}
			if r.markerOK(e, "") {
				out = append(out, e)
			}
		}
	}
	for _, x := range extras {
		if done[x] {
			continue
		}
		done[x] = true
		for _, req := range c.Wheel.Meta.RequiresDist {
			e := Edge{Req: req, Parent: c}
			if req.Marker == nil || !strings.Contains(req.Marker.String(), "extra") {
				continue
			}
			if r.markerOK(e, x) && !r.markerOK(e, "") {
				out = append(out, e)
			}
		}
	}
	return out
}
