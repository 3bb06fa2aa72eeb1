package diagram

import (
	"math"
	"sort"
)

// Coordinate assignment: sizes bottom-up, positions top-down, in passes that order each
// column by barycentre and pull items level with their left-hand neighbours.

// place runs passes of sizing and positioning; each pass after the first orders
// columns by where their items' neighbours were and pulls items level with them.
func (t *tree) place() map[string]Rect {
	var prev map[string]Rect
	for pass := 0; pass < 16; pass++ {
		rel := map[string]Point{} // top-left relative to the parent's content origin
		// Target tops, top-down: an item with neighbours on its left wants to sit level
		// with them, but never above its parent's content; the others follow their
		// parent. Each group then places its children relative to its own target, so
		// nothing moves twice and nothing drifts.
		align := prev != nil && pass >= 4
		target := map[string]float64{}
		has := map[string]bool{}
		contentTop := func(gid string) float64 {
			if gid == "" {
				return margin + titleH
			}
			return target[gid] + padTop
		}
		prevContentTop := func(gid string) float64 { return t.contentOrigin(gid, prev).Y }
		if align {
			var visit func(gid string)
			visit = func(gid string) {
				for _, c := range t.children[gid] {
					y := prev[c].Y - prevContentTop(gid) + contentTop(gid)
					if s, ok := t.desired(c, prev); ok {
						y, has[c] = prev[c].Y+s, true
					}
					target[c] = math.Max(y, contentTop(gid))
					if t.isGroup[c] {
						visit(c)
					}
				}
			}
			visit("")
		}
		desire := func(c string) (float64, bool) {
			if !align || !has[c] {
				return 0, false
			}
			p := t.parent[c]
			return target[c] - contentTop(p) - (prev[c].Y - prevContentTop(p)), true
		}
		var size func(gid string) Point
		size = func(gid string) Point {
			for _, k := range t.children[gid] {
				if t.isGroup[k] {
					t.size[k] = size(k)
				}
			}
			cols := t.cols[gid]
			var prevTop float64
			if prev != nil {
				prevTop = t.contentOrigin(gid, prev).Y
			}
			x, contentH := 0.0, 0.0
			tops := map[string]float64{}
			minTop := math.Inf(1)
			for r, col := range cols {
				if prev != nil && t.reorderable(gid) {
					key := map[string]float64{}
					for _, c := range col {
						key[c] = t.barycenter(c, prev)
					}
					sort.SliceStable(col, func(i, j int) bool { return key[col[i]] < key[col[j]] })
				}
				gap := gapNodes
				for _, c := range col {
					if t.isGroup[c] {
						gap = gapGroups
					}
				}
				// Columns stay packed; the whole column moves to sit level with what its
				// items connect to.
				y, shift, count := 0.0, 0.0, 0
				stacked := make([]float64, len(col))
				for i, c := range col {
					stacked[i] = y
					if prev != nil {
						if s, ok := desire(c); ok {
							shift += prev[c].Y + s - prevTop - y
							count++
						}
					}
					y += t.size[c].Y + gap
				}
				if count > 0 {
					shift /= float64(count)
				}
				onlyNodes := true
				for _, c := range col {
					onlyNodes = onlyNodes && !t.isGroup[c]
				}
				if align && onlyNodes && len(col) > 1 {
					// A column of nodes may open up so each sits level with its
					// neighbours, keeping order and minimum gaps.
					want := make([]float64, len(col))
					hs := make([]float64, len(col))
					for i, c := range col {
						hs[i] = t.size[c].Y
						want[i] = math.Max(shift, 0) + stacked[i]
						if s, ok := desire(c); ok {
							want[i] = prev[c].Y + s - prevTop
						}
					}
					for i, y := range isotonic(want, hs, gap) {
						tops[col[i]] = y
						minTop = math.Min(minTop, y)
					}
					continue
				}
				for i, c := range col {
					tops[c] = math.Round(math.Max(shift, 0) + stacked[i])
					minTop = math.Min(minTop, tops[c])
				}
				_ = r
			}
			for r, col := range cols {
				w := 0.0
				for _, c := range col {
					w = math.Max(w, t.size[c].X)
				}
				for _, c := range col {
					rel[c] = Point{math.Round(x + (w-t.size[c].X)/2), math.Round(tops[c] - minTop)}
					contentH = math.Max(contentH, tops[c]-minTop+t.size[c].Y)
				}
				x += w
				if r < len(cols)-1 {
					x += gapCols + t.gap[gid][r]
				}
			}
			if gid == "" {
				return Point{x, contentH}
			}
			w := x + 2*padSide
			w = math.Max(w, t.groupTitleWidth(gid)+2*padSide)
			return Point{math.Ceil(w), math.Ceil(contentH + padTop + padBottom)}
		}
		root := size("")
		abs := map[string]Rect{}
		var walk func(gid string, origin Point)
		walk = func(gid string, origin Point) {
			for _, k := range t.children[gid] {
				p := rel[k]
				r := Rect{origin.X + p.X, origin.Y + p.Y, t.size[k].X, t.size[k].Y}
				abs[k] = r
				if t.isGroup[k] {
					// Centre the content horizontally when the title made the group wider.
					cw := t.contentWidth(k)
					dx := (r.W - 2*padSide - cw) / 2
					walk(k, Point{math.Round(r.X + padSide + math.Max(dx, 0)), r.Y + padTop})
				}
			}
		}
		walk("", Point{margin, margin + titleH})
		abs[""] = Rect{0, 0, root.X + 2*margin, root.Y + 2*margin + titleH}
		prev = abs
	}
	return prev
}

func (t *tree) contentWidth(gid string) float64 {
	x := 0.0
	cols := t.cols[gid]
	for r, col := range cols {
		w := 0.0
		for _, c := range col {
			w = math.Max(w, t.size[c].X)
		}
		x += w
		if r < len(cols)-1 {
			x += gapCols + t.gap[gid][r]
		}
	}
	return x
}

// contentOrigin is the top-left of a group's content area in a pass's boxes.
func (t *tree) contentOrigin(gid string, abs map[string]Rect) Point {
	if gid == "" {
		return Point{margin, margin + titleH}
	}
	r := abs[gid]
	return Point{r.X + padSide, r.Y + padTop}
}

func (t *tree) groupTitleWidth(gid string) float64 {
	g := t.g.group(gid)
	w := textWidth(g.Label, fontGroup, true)
	if g.Detail != "" {
		w += 8 + textWidth(g.Detail, fontDetail, false)
	}
	if groupStyles[g.Kind].Abbrev != "" {
		w += 26
	}
	if len(g.Findings) > 0 {
		w += 8 + badgeWidth(ruleList(g.Findings))
	}
	return math.Ceil(w)
}

// badgeWidth is the width of the red badge naming the rules of findings.
func badgeWidth(rules string) float64 { return math.Ceil(textWidth(rules, 9, true) + 8) }

// isotonic places boxes of heights hs in order, each as close as it can be to its
// wanted top, with at least gap between them and none above 0 (pool adjacent
// violators).
func isotonic(want, hs []float64, gap float64) []float64 {
	n := len(want)
	off := make([]float64, n)
	for i := 1; i < n; i++ {
		off[i] = off[i-1] + hs[i-1] + gap
	}
	type block struct {
		sum   float64
		count int
	}
	var blocks []block
	var sizes []int
	for i := 0; i < n; i++ {
		blocks = append(blocks, block{want[i] - off[i], 1})
		sizes = append(sizes, 1)
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.count) <= b.sum/float64(b.count) {
				break
			}
			blocks = blocks[:len(blocks)-2]
			blocks = append(blocks, block{a.sum + b.sum, a.count + b.count})
			sa, sb := sizes[len(sizes)-2], sizes[len(sizes)-1]
			sizes = append(sizes[:len(sizes)-2], sa+sb)
		}
	}
	out := make([]float64, 0, n)
	for i, b := range blocks {
		v := math.Max(b.sum/float64(b.count), 0)
		for j := 0; j < sizes[i]; j++ {
			out = append(out, v)
		}
	}
	for i := range out {
		out[i] = math.Round(out[i] + off[i])
	}
	return out
}
