package diagram

import (
	"math"
)

// Point is a position on the canvas, in pixels.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned box.
type Rect struct{ X, Y, W, H float64 }

func (r Rect) CX() float64     { return r.X + r.W/2 }
func (r Rect) CY() float64     { return r.Y + r.H/2 }
func (r Rect) Right() float64  { return r.X + r.W }
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Inside reports whether p is strictly inside r.
func (r Rect) Inside(p Point) bool {
	return p.X > r.X && p.X < r.Right() && p.Y > r.Y && p.Y < r.Bottom()
}

// Overlaps reports whether r and o share interior.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.Right() && o.X < r.Right() && r.Y < o.Bottom() && o.Y < r.Bottom()
}

// Within reports whether r lies inside o (borders may touch).
func (r Rect) Within(o Rect) bool {
	return r.X >= o.X && r.Y >= o.Y && r.Right() <= o.Right() && r.Bottom() <= o.Bottom()
}

func (r Rect) grow(d float64) Rect { return Rect{r.X - d, r.Y - d, r.W + 2*d, r.H + 2*d} }

// Layout is a graph placed on a canvas: absolute boxes of nodes and groups, edge routes
// (orthogonal polylines from source to target), edge label boxes and the legend.
type Layout struct {
	Graph         *Graph
	Width, Height float64
	Box           map[string]Rect
	// GroupLabel is the box of each group's title (tile, label and detail).
	GroupLabel map[string]Rect
	Route      map[string][]Point
	// Label is the box of each edge's label; an edge whose label repeats an identical
	// label at the same place has none.
	Label map[string]Rect
	// SharedLabel is where the label of such an edge would go: on the identical label
	// drawn for another edge (draw.io gives every edge its own label).
	SharedLabel map[string]Rect
	Title       Rect
	Legend      legend
	// Icons are the user's icon files (see Options.Icons); empty: lettered tiles.
	Icons map[string]Icon
}

// Sizes, in pixels.
const (
	fontNode   = 12.0
	fontDetail = 10.5
	fontGroup  = 12.0
	fontEdge   = 10.5
	tileSize   = 34.0
	nodeH      = 48.0
	padSide    = 30.0
	padTop     = 40.0
	padBottom  = 24.0
	gapNodes   = 16.0
	gapGroups  = 34.0
	gapCols    = 64.0
	margin     = 24.0
	titleH     = 34.0
	labelH     = 15.0
)

// tree is the group hierarchy with the per-group layering.
type tree struct {
	g        *Graph
	parent   map[string]string
	children map[string][]string // "" is the root
	isGroup  map[string]bool
	gkind    map[string]GroupKind
	cols     map[string][][]string // per group: children by rank
	gap      map[string][]float64  // per group: extra width of the gap after each rank
	size     map[string]Point      // W, H of nodes
	nodeW    float64
	// ancestors caches each element's chain as a set (see within).
	ancestors map[string]map[string]bool
}

func newTree(g *Graph) *tree {
	t := &tree{g: g, parent: map[string]string{}, children: map[string][]string{}, isGroup: map[string]bool{},
		gkind: map[string]GroupKind{}, cols: map[string][][]string{}, gap: map[string][]float64{}, size: map[string]Point{}}
	for _, gr := range g.Groups {
		t.parent[gr.ID] = gr.Parent
		t.children[gr.Parent] = append(t.children[gr.Parent], gr.ID)
		t.isGroup[gr.ID] = true
		t.gkind[gr.ID] = gr.Kind
	}
	t.nodeW = 190
	for _, n := range g.Nodes {
		t.parent[n.ID] = n.Parent
		t.children[n.Parent] = append(t.children[n.Parent], n.ID)
		w := 10 + tileSize + 10 + math.Max(textWidth(n.Label, fontNode, true), textWidth(n.Detail, fontDetail, false)) + 12
		t.nodeW = math.Max(t.nodeW, math.Ceil(w))
	}
	for _, n := range g.Nodes {
		t.size[n.ID] = Point{t.nodeW, nodeH}
	}
	return t
}

// chain returns id and its ancestors up to the root "".
func (t *tree) chain(id string) []string {
	out := []string{id}
	for id != "" {
		id = t.parent[id]
		out = append(out, id)
	}
	return out
}

// lift returns the lowest common ancestor of an edge's ends and the two children of it
// that contain them; ok is false when one end contains the other.
func (t *tree) lift(from, to string) (lca, su, sv string, ok bool) {
	cf, ct := t.chain(from), t.chain(to)
	inTo := map[string]int{}
	for i, x := range ct {
		inTo[x] = i
	}
	for i := 1; i < len(cf); i++ {
		if j, found := inTo[cf[i]]; found {
			if j == 0 {
				return "", "", "", false
			}
			return cf[i], cf[i-1], ct[j-1], true
		}
	}
	return "", "", "", false
}

// within reports whether id is anc or inside it.
func (t *tree) within(id, anc string) bool {
	if id == anc {
		return true
	}
	if t.ancestors == nil {
		t.ancestors = map[string]map[string]bool{}
	}
	set, ok := t.ancestors[id]
	if !ok {
		set = map[string]bool{}
		for _, x := range t.chain(id) {
			set[x] = true
		}
		t.ancestors[id] = set
	}
	return set[anc]
}

// rank assigns each group's children to columns: longest path over the edges lifted to
// the group (cycles broken in input order), sources pulled next to their successors.
func (t *tree) rank() {
	type pair struct{ a, b string }
	lifted := map[string][]pair{}
	labelW := map[string]map[pair]float64{}
	for _, e := range t.g.Edges {
		lca, su, sv, ok := t.lift(e.From, e.To)
		if !ok {
			continue
		}
		if _, ok := t.parent[su]; !ok {
			continue // an end the graph does not hold
		}
		if _, ok := t.parent[sv]; !ok {
			continue
		}
		if e.Style == Network {
			lifted[lca] = append(lifted[lca], pair{su, sv})
		}
		if labelW[lca] == nil {
			labelW[lca] = map[pair]float64{}
		}
		w := textWidth(e.Label, fontEdge, false)
		if w > labelW[lca][pair{su, sv}] {
			labelW[lca][pair{su, sv}] = w
		}
	}
	groups := append([]string{""}, func() []string {
		var ids []string
		for _, g := range t.g.Groups {
			ids = append(ids, g.ID)
		}
		return ids
	}()...)
	for _, gid := range groups {
		kids := t.children[gid]
		if len(kids) == 0 {
			continue
		}
		r := map[string]int{}
		if t.gkind[gid] == GroupAZ {
			// Subnets of a zone stack, public ones first (closest to the internet gateway
			// above them in the picture's reading order).
			var pub, priv []string
			for _, k := range kids {
				if t.gkind[k] == GroupPublic {
					pub = append(pub, k)
				} else {
					priv = append(priv, k)
				}
			}
			t.cols[gid] = [][]string{append(pub, priv...)}
			t.gap[gid] = []float64{0}
			continue
		}
		succ := map[string][]string{}
		pred := map[string][]string{}
		// Break cycles: DFS in child order, dropping edges back to the stack.
		adj := map[string][]string{}
		for _, p := range lifted[gid] {
			if !contains(adj[p.a], p.b) {
				adj[p.a] = append(adj[p.a], p.b)
			}
		}
		state := map[string]int{}
		var dfs func(string)
		dfs = func(v string) {
			state[v] = 1
			for _, w := range adj[v] {
				switch state[w] {
				case 0:
					succ[v] = append(succ[v], w)
					pred[w] = append(pred[w], v)
					dfs(w)
				case 2:
					succ[v] = append(succ[v], w)
					pred[w] = append(pred[w], v)
				}
			}
			state[v] = 2
		}
		for _, k := range kids {
			if state[k] == 0 {
				dfs(k)
			}
		}
		// Longest path in topological order.
		var topo []string
		seen := map[string]bool{}
		var visit func(string)
		visit = func(v string) {
			if seen[v] {
				return
			}
			seen[v] = true
			for _, p := range pred[v] {
				visit(p)
			}
			topo = append(topo, v)
		}
		for _, k := range kids {
			visit(k)
		}
		for _, v := range topo {
			for _, p := range pred[v] {
				if r[p]+1 > r[v] {
					r[v] = r[p] + 1
				}
			}
		}
		for i := len(topo) - 1; i >= 0; i-- {
			v := topo[i]
			if len(pred[v]) == 0 && len(succ[v]) > 0 {
				m := math.MaxInt
				for _, s := range succ[v] {
					m = min(m, r[s]-1)
				}
				r[v] = max(m, 0)
			}
		}
		maxR := 0
		for _, k := range kids {
			maxR = max(maxR, r[k])
		}
		cols := make([][]string, maxR+1)
		for _, k := range kids {
			cols[r[k]] = append(cols[r[k]], k)
		}
		gaps := make([]float64, maxR+1)
		for p, w := range labelW[gid] {
			ra, rb := r[p.a], r[p.b]
			if ra > rb {
				ra, rb = rb, ra
			}
			if rb > ra {
				gaps[rb-1] = math.Max(gaps[rb-1], w+16)
			}
		}
		t.cols[gid] = cols
		t.gap[gid] = gaps
	}
}

// reorderable says whether a group's children may be reordered to reduce crossings;
// zones and subnets keep the input order.
func (t *tree) reorderable(gid string) bool {
	k := t.gkind[gid]
	return k != GroupAZ && k != GroupVPC && k != GroupPrivate && k != GroupPublic
}

// desired returns the vertical shift that would put c level with the items that send
// network traffic into it from its left, given the previous pass's boxes, and whether
// there are any. Alignment thus flows left to right along the paths, like reading the
// picture, and settles instead of drifting.
func (t *tree) desired(c string, prev map[string]Rect) (float64, bool) {
	sum, n := 0.0, 0
	for _, e := range t.g.Edges {
		if e.Style != Network || t.within(e.From, c) || !t.within(e.To, c) {
			continue
		}
		if prev[e.From].CX() >= prev[c].X {
			continue
		}
		sum += prev[e.From].CY() - prev[e.To].CY()
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// barycenter returns where c would sit level with everything it connects to (both
// directions), for ordering a column to reduce crossings. Relations (IAM, KMS) count only
// for a node that has no network path, and never for a group.
func (t *tree) barycenter(c string, prev map[string]Rect) float64 {
	var sum [2]float64
	var n [2]int
	for _, e := range t.g.Edges {
		inF, inT := t.within(e.From, c), t.within(e.To, c)
		if inF == inT {
			continue
		}
		inner, outer := e.From, e.To
		if inT {
			inner, outer = e.To, e.From
		}
		k := 0
		if e.Style == Relation {
			if t.isGroup[c] {
				continue
			}
			k = 1
		}
		sum[k] += prev[outer].CY() - prev[inner].CY()
		n[k]++
	}
	for k := range n {
		if n[k] > 0 {
			return prev[c].CY() + sum[k]/float64(n[k])
		}
	}
	return prev[c].CY()
}
