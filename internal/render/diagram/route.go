package diagram

import (
	"container/heap"
	"math"
	"sort"
)

// The router draws each edge as an orthogonal polyline found by A* on a lattice over the
// canvas: it never passes through a node or a group title, pays dearly for crossing the
// border of a group that neither end is in, pays for bends, and pays for running along
// or across another edge (edges from the same source or to the same target may share a
// trunk).
const (
	clearance     = 12.0
	latticeStep   = 12.0
	costBend      = 24.0
	costBorder    = 2000.0
	costShare     = 14.0
	costCross     = 10.0
	costNearNode  = 0.6
	costSideWrong = 40.0
	costSideVert  = 24.0
	costAlong     = 4.0
)

type router struct {
	t      *tree
	abs    map[string]Rect
	titles map[string]Rect
	xs, ys []float64
	// blocked marks lattice points inside nodes or group titles (owner kept so an edge
	// may start at its own end's border).
	obstacles []Rect
	near      []Rect
	groups    []string
	used      map[[2]int][]*Edge
	usedDir   map[int]uint8 // lattice point -> 1 horizontal, 2 vertical use by some edge
	usedBy    map[int][]*Edge
}

func newRouter(t *tree, abs, titles map[string]Rect, canvas Rect) *router {
	r := &router{t: t, abs: abs, titles: titles, used: map[[2]int][]*Edge{}, usedDir: map[int]uint8{}, usedBy: map[int][]*Edge{}}
	var xs, ys, avoidX, avoidY, keepX, keepY []float64
	// Routes stay within the hull of the top-level boxes: nothing runs through the
	// canvas margin or the title.
	hull := Rect{math.Inf(1), math.Inf(1), 0, 0}
	right, bottom := math.Inf(-1), math.Inf(-1)
	for _, id := range t.children[""] {
		b := abs[id]
		hull.X, hull.Y = math.Min(hull.X, b.X), math.Min(hull.Y, b.Y)
		right, bottom = math.Max(right, b.Right()), math.Max(bottom, b.Bottom())
	}
	hull.W, hull.H = right-hull.X, bottom-hull.Y
	_ = canvas
	for _, n := range t.g.Nodes {
		b := abs[n.ID]
		xs = append(xs, b.X-clearance, b.Right()+clearance, b.CX())
		ys = append(ys, b.Y-clearance, b.Bottom()+clearance, b.CY())
		keepX, keepY = append(keepX, b.CX()), append(keepY, b.CY())
		r.obstacles = append(r.obstacles, b.grow(clearance-1))
		r.near = append(r.near, b.grow(2*clearance+1))
	}
	for _, g := range t.g.Groups {
		b := abs[g.ID]
		r.groups = append(r.groups, g.ID)
		xs = append(xs, b.X-clearance, b.X+clearance, b.Right()-clearance, b.Right()+clearance, b.CX())
		ys = append(ys, b.Y-clearance, b.Y+clearance, b.Bottom()-clearance, b.Bottom()+clearance, b.CY())
		keepX, keepY = append(keepX, b.CX()), append(keepY, b.CY())
		avoidX, avoidY = append(avoidX, b.X, b.Right()), append(avoidY, b.Y, b.Bottom())
		tr := titles[g.ID]
		r.obstacles = append(r.obstacles, tr.grow(3))
		ys = append(ys, tr.Bottom()+clearance)
	}
	_, _, _, _ = avoidX, avoidY, keepX, keepY
	r.xs = clip(fill(xs), hull.X, hull.Right())
	r.ys = clip(fill(ys), hull.Y, hull.Bottom())
	return r
}

// fill sorts and dedupes coordinates and adds lattice lines so that no two neighbours
// are more than latticeStep apart.
func fill(v []float64) []float64 {
	sort.Float64s(v)
	var out []float64
	for _, x := range v {
		x = math.Round(x)
		if len(out) > 0 && x-out[len(out)-1] < 1 {
			continue
		}
		if len(out) > 0 {
			last := out[len(out)-1]
			if d := x - last; d > latticeStep*1.5 {
				k := int(math.Ceil(d / latticeStep))
				for i := 1; i < k; i++ {
					out = append(out, math.Round(last+d*float64(i)/float64(k)))
				}
			}
		}
		out = append(out, x)
	}
	return out
}

func clip(v []float64, lo, hi float64) []float64 {
	out := v[:0]
	for _, x := range v {
		if x >= lo && x <= hi {
			out = append(out, x)
		}
	}
	return out
}

// prune drops lattice lines that would run along a group border (within a few pixels
// of it), except the lines through ports.
func prune(v, avoid, keep []float64) []float64 {
	kept := map[float64]bool{}
	for _, k := range keep {
		kept[math.Round(k)] = true
	}
	out := v[:0]
	for _, x := range v {
		drop := false
		for _, a := range avoid {
			if math.Abs(x-a) < 6 && !kept[x] {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, x)
		}
	}
	return out
}

func (r *router) index(xs []float64, v float64) int {
	i := sort.SearchFloat64s(xs, math.Round(v))
	if i < len(xs) && xs[i] == math.Round(v) {
		return i
	}
	return -1
}

func (r *router) pt(i int) Point { return Point{r.xs[i%len(r.xs)], r.ys[i/len(r.xs)]} }

func (r *router) blocked(p Point) bool {
	for _, o := range r.obstacles {
		if o.Inside(p) {
			return true
		}
	}
	return false
}

// sides of a box: the port on the border and the first lattice point outside it.
type side struct {
	port, stub Point
	dir        int // 0 right, 1 down, 2 left, 3 up: direction from port to stub
}

var dirs = [4][2]int{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}

func sidesOf(b Rect) []side {
	cx, cy := math.Round(b.CX()), math.Round(b.CY())
	return []side{
		{Point{b.Right(), cy}, Point{b.Right() + clearance, cy}, 0},
		{Point{cx, b.Bottom()}, Point{cx, b.Bottom() + clearance}, 1},
		{Point{b.X, cy}, Point{b.X - clearance, cy}, 2},
		{Point{cx, b.Y}, Point{cx, b.Y - clearance}, 3},
	}
}

type state struct {
	p   int
	dir int
}

type item struct {
	s    state
	f, g float64
	seq  int
}

type pq []*item

func (q pq) Len() int { return len(q) }
func (q pq) Less(i, j int) bool {
	if q[i].f != q[j].f {
		return q[i].f < q[j].f
	}
	return q[i].seq < q[j].seq
}
func (q pq) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)   { *q = append(*q, x.(*item)) }
func (q *pq) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// route finds the path of one edge.
func (r *router) route(e *Edge) []Point {
	ub, vb := r.abs[e.From], r.abs[e.To]
	// Groups the path must cross: those around exactly one end.
	free := map[string]bool{}
	ancU, ancV := map[string]bool{}, map[string]bool{}
	for _, a := range r.t.chain(e.From)[1:] {
		ancU[a] = true
	}
	for _, a := range r.t.chain(e.To)[1:] {
		ancV[a] = true
	}
	for a := range ancU {
		if !ancV[a] {
			free[a] = true
		}
	}
	for a := range ancV {
		if !ancU[a] {
			free[a] = true
		}
	}
	var border []Rect
	for _, g := range r.groups {
		if !free[g] && g != e.From && g != e.To {
			border = append(border, r.abs[g])
		}
	}
	// The ends themselves are obstacles for the middle of the path.
	ends := []Rect{ub.grow(clearance - 1), vb.grow(clearance - 1)}
	nx := len(r.xs)
	goals := map[int][]side{}
	for _, s := range sidesOf(vb) {
		xi, yi := r.index(r.xs, s.stub.X), r.index(r.ys, s.stub.Y)
		if xi < 0 || yi < 0 {
			continue
		}
		goals[yi*nx+xi] = append(goals[yi*nx+xi], s)
	}
	h := func(p Point) float64 {
		best := math.Inf(1)
		for _, s := range sidesOf(vb) {
			best = math.Min(best, math.Abs(p.X-s.stub.X)+math.Abs(p.Y-s.stub.Y))
		}
		return best
	}
	open := &pq{}
	best := map[state]float64{}
	from := map[state]state{}
	seq := 0
	startSide := map[state]side{}
	for _, s := range sidesOf(ub) {
		xi, yi := r.index(r.xs, s.stub.X), r.index(r.ys, s.stub.Y)
		if xi < 0 || yi < 0 || r.blocked(s.stub) {
			continue
		}
		st := state{yi*nx + xi, s.dir}
		g := sidePenalty(s.dir, true)
		if old, ok := best[st]; ok && old <= g {
			continue
		}
		best[st] = g
		startSide[st] = s
		seq++
		heap.Push(open, &item{st, g + h(s.stub), g, seq})
	}
	var goal state
	var goalSide side
	found := false
	bestGoal := math.Inf(1)
	for open.Len() > 0 {
		it := heap.Pop(open).(*item)
		if it.g > best[it.s] {
			continue
		}
		if it.f >= bestGoal {
			break
		}
		if ss, ok := goals[it.s.p]; ok {
			for _, s := range ss {
				into := (s.dir + 2) % 4
				c := it.g + sidePenalty(s.dir, false)
				if it.s.dir != into {
					c += costBend
				}
				if it.s.dir == s.dir {
					c += 1e6 // would turn back on itself
				}
				if c < bestGoal {
					bestGoal, goal, goalSide, found = c, it.s, s, true
				}
			}
		}
		p := r.pt(it.s.p)
		xi, yi := it.s.p%nx, it.s.p/nx
		for d, dv := range dirs {
			if d == (it.s.dir+2)%4 {
				continue
			}
			nxi, nyi := xi+dv[0], yi+dv[1]
			if nxi < 0 || nyi < 0 || nxi >= nx || nyi >= len(r.ys) {
				continue
			}
			np := nyi*nx + nxi
			q := r.pt(np)
			mid := Point{(p.X + q.X) / 2, (p.Y + q.Y) / 2}
			if r.blocked(q) || r.blocked(mid) || ends[0].Inside(q) || ends[1].Inside(q) || ends[0].Inside(mid) || ends[1].Inside(mid) {
				continue
			}
			l := math.Abs(q.X-p.X) + math.Abs(q.Y-p.Y)
			c := l
			if d != it.s.dir {
				c += costBend
			}
			for _, b := range border {
				if b.Inside(p) != b.Inside(q) {
					c += costBorder
				}
			}
			if r.alongBorder(p, q) {
				c += costAlong * l
			}
			for _, nb := range r.near {
				if nb.Inside(mid) {
					c += costNearNode * l
					break
				}
			}
			key := segKey(it.s.p, np)
			for _, o := range r.used[key] {
				if o.From != e.From && o.To != e.To {
					c += costShare * l / latticeStep
					break
				}
			}
			if u := r.usedDir[np]; u != 0 {
				perp := uint8(2)
				if dv[1] != 0 {
					perp = 1
				}
				if u&perp != 0 {
					for _, o := range r.usedBy[np] {
						if o.From != e.From && o.To != e.To {
							c += costCross
							break
						}
					}
				}
			}
			ns := state{np, d}
			ng := it.g + c
			if old, ok := best[ns]; ok && old <= ng {
				continue
			}
			best[ns] = ng
			from[ns] = it.s
			seq++
			heap.Push(open, &item{ns, ng + h(q), ng, seq})
		}
	}
	if !found {
		// No route: a straight connector between the centres keeps the edge visible.
		return []Point{{ub.CX(), ub.CY()}, {vb.CX(), vb.CY()}}
	}
	var rev []int
	s := goal
	for {
		rev = append(rev, s.p)
		prev, ok := from[s]
		if !ok {
			break
		}
		s = prev
	}
	start := startSide[s]
	pts := []Point{start.port}
	for i := len(rev) - 1; i >= 0; i-- {
		pts = append(pts, r.pt(rev[i]))
	}
	pts = append(pts, goalSide.port)
	for i := len(rev) - 1; i > 0; i-- {
		a, b := rev[i], rev[i-1]
		k := segKey(a, b)
		r.used[k] = append(r.used[k], e)
		bit := uint8(1)
		if a/nx != b/nx {
			bit = 2
		}
		for _, p := range []int{a, b} {
			r.usedDir[p] |= bit
			r.usedBy[p] = append(r.usedBy[p], e)
		}
	}
	return simplify(pts)
}

// alongBorder reports whether the step p-q runs along a group border, close enough to
// be mistaken for it.
func (r *router) alongBorder(p, q Point) bool {
	for _, g := range r.groups {
		b := r.abs[g]
		if p.Y == q.Y {
			lo, hi := math.Min(p.X, q.X), math.Max(p.X, q.X)
			if hi > b.X && lo < b.Right() && (math.Abs(p.Y-b.Y) < 6 || math.Abs(p.Y-b.Bottom()) < 6) {
				return true
			}
		} else {
			lo, hi := math.Min(p.Y, q.Y), math.Max(p.Y, q.Y)
			if hi > b.Y && lo < b.Bottom() && (math.Abs(p.X-b.X) < 6 || math.Abs(p.X-b.Right()) < 6) {
				return true
			}
		}
	}
	return false
}

func sidePenalty(dir int, source bool) float64 {
	switch {
	case dir == 1 || dir == 3:
		return costSideVert
	case source && dir == 2, !source && dir == 0:
		return costSideWrong
	}
	return 0
}

func segKey(a, b int) [2]int {
	if a > b {
		a, b = b, a
	}
	return [2]int{a, b}
}

// simplify drops points in the middle of straight runs.
func simplify(pts []Point) []Point {
	out := []Point{pts[0]}
	for i := 1; i < len(pts); i++ {
		p := pts[i]
		if p == out[len(out)-1] {
			continue
		}
		if len(out) >= 2 {
			a, b := out[len(out)-2], out[len(out)-1]
			if (a.X == b.X && b.X == p.X) || (a.Y == b.Y && b.Y == p.Y) {
				out[len(out)-1] = p
				continue
			}
		}
		out = append(out, p)
	}
	return out
}
