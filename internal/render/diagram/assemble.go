package diagram

import (
	"math"
	"sort"
)

// Lay places a graph: boxes, titles, edge routes, edge labels and the legend.
func Lay(g *Graph) *Layout {
	t := newTree(g)
	t.rank()
	abs := t.place()
	canvas := abs[""]
	delete(abs, "")
	l := &Layout{Graph: g, Box: abs, GroupLabel: map[string]Rect{}, Route: map[string][]Point{}, Label: map[string]Rect{}, SharedLabel: map[string]Rect{}}
	for _, gr := range g.Groups {
		b := abs[gr.ID]
		l.GroupLabel[gr.ID] = Rect{b.X + 8, b.Y + 8, t.groupTitleWidth(gr.ID), 20}
	}
	l.Title = Rect{margin, margin, textWidth(g.Title, 16, true), 22}
	r := newRouter(t, abs, l.GroupLabel, canvas)
	var edges []*Edge
	for _, e := range g.Edges {
		if _, ok := abs[e.From]; ok {
			if _, ok := abs[e.To]; ok {
				edges = append(edges, e)
			}
		}
	}
	dist := func(e *Edge) float64 {
		a, b := abs[e.From], abs[e.To]
		return math.Abs(a.CX()-b.CX()) + math.Abs(a.CY()-b.CY())
	}
	sort.SliceStable(edges, func(i, j int) bool {
		if edges[i].Style != edges[j].Style {
			return edges[i].Style == Network
		}
		return dist(edges[i]) < dist(edges[j])
	})
	for _, e := range edges {
		if _, ok := abs[e.From]; !ok {
			continue
		}
		if _, ok := abs[e.To]; !ok {
			continue
		}
		l.Route[e.ID] = r.route(e)
	}
	l.placeLabels(edges)
	l.Width = math.Max(canvas.W, math.Ceil(l.Title.Right()+margin))
	l.Height = canvas.H
	l.Legend = makeLegend(g, margin, canvas.H-margin+8, l.Width-2*margin)
	l.Height = l.Legend.Box.Bottom() + margin
	l.Width = math.Max(l.Width, l.Legend.Box.Right()+margin)
	return l
}

// placeLabels puts each edge label beside a segment of its route where it covers no
// box, title, other label or group border, preferring horizontal segments near the
// target.
func (l *Layout) placeLabels(edges []*Edge) {
	type placed struct {
		r    Rect
		text string
	}
	var done []placed
	for _, e := range edges {
		pts := l.Route[e.ID]
		if e.Label == "" || len(pts) < 2 {
			continue
		}
		w := math.Ceil(textWidth(e.Label, fontEdge, false)) + 8
		bestScore := math.Inf(1)
		var best Rect
		shared := false
		nseg := len(pts) - 1
		for i := 0; i < nseg; i++ {
			a, b := pts[i], pts[i+1]
			var cands []Rect
			if a.Y == b.Y {
				lo, hi := math.Min(a.X, b.X), math.Max(a.X, b.X)
				if hi-lo < w+6 {
					continue
				}
				for _, f := range []float64{0.5, 0.3, 0.7, 0.12, 0.88} {
					cx := lo + (hi-lo)*f
					cx = math.Min(math.Max(cx, lo+w/2+3), hi-w/2-3)
					cands = append(cands, Rect{cx - w/2, a.Y - labelH - 2, w, labelH}, Rect{cx - w/2, a.Y + 2, w, labelH})
				}
			} else {
				lo, hi := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
				if hi-lo < labelH+8 {
					continue
				}
				for _, f := range []float64{0.5, 0.3, 0.7} {
					cy := lo + (hi-lo)*f
					cy = math.Min(math.Max(cy, lo+labelH/2+3), hi-labelH/2-3)
					cands = append(cands, Rect{a.X + 4, cy - labelH/2, w, labelH}, Rect{a.X - 4 - w, cy - labelH/2, w, labelH})
				}
			}
			for k, c := range cands {
				c = Rect{math.Round(c.X), math.Round(c.Y), c.W, c.H}
				s := float64(nseg-1-i)*3 + float64(k/2)*2
				if a.X == b.X {
					s += 25
				}
				if k%2 == 1 {
					s += 1
				}
				same := false
				for _, n := range l.Graph.Nodes {
					if c.Overlaps(l.Box[n.ID].grow(3)) {
						s += 1000
					}
				}
				for _, gr := range l.Graph.Groups {
					if c.Overlaps(l.GroupLabel[gr.ID].grow(2)) {
						s += 1000
					}
					gb := l.Box[gr.ID]
					if c.Overlaps(gb.grow(2)) && !c.Within(gb.grow(-2)) {
						s += 400
					}
				}
				for _, p := range done {
					if c.Overlaps(p.r.grow(2)) {
						if p.text == e.Label && c.Overlaps(p.r) {
							same = true
						} else {
							s += 1000
						}
					}
				}
				for id, route := range l.Route {
					if id == e.ID {
						continue
					}
					for j := 0; j+1 < len(route); j++ {
						if segHits(route[j], route[j+1], c) {
							s += 60
						}
					}
				}
				if s < bestScore {
					bestScore, best, shared = s, c, same
				}
			}
		}
		if math.IsInf(bestScore, 1) {
			// Every segment is too short: put it beside the middle of the route.
			m := pts[len(pts)/2]
			best = Rect{math.Round(m.X + 4), math.Round(m.Y - labelH - 2), w, labelH}
		}
		if shared {
			l.SharedLabel[e.ID] = best
			continue
		}
		l.Label[e.ID] = best
		done = append(done, placed{best, e.Label})
	}
}

// segHits reports whether an orthogonal segment passes through r.
func segHits(a, b Point, r Rect) bool {
	if a.Y == b.Y {
		lo, hi := math.Min(a.X, b.X), math.Max(a.X, b.X)
		return a.Y > r.Y && a.Y < r.Bottom() && hi > r.X && lo < r.Right()
	}
	lo, hi := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
	return a.X > r.X && a.X < r.Right() && hi > r.Y && lo < r.Bottom()
}
