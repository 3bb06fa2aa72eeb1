package diagram

import (
	"fmt"
	"math"
)

// legend explains the colours and line styles used, and lists findings that no element
// of the diagram stands for.
type legend struct {
	Box   Rect
	Items []legendItem
}

type legendItem struct {
	Kind string // "category", "network", "relation", "finding", "note"
	Text string
	Fill string
	At   Point // top-left of the swatch (notes: of the text)
	W    float64
}

func makeLegend(g *Graph, x, y, width float64) legend {
	var items []legendItem
	seen := map[string]bool{}
	order := []Category{catAppIntegration, catManagement, catDatabase, catStorage, catNetworking, catContainers, catSecurity, catGeneral}
	used := map[string]bool{}
	for _, n := range g.Nodes {
		used[infoOf(n.Kind).Cat.Name] = true
	}
	for _, c := range order {
		if used[c.Name] && !seen[c.Name] {
			seen[c.Name] = true
			items = append(items, legendItem{Kind: "category", Text: c.Name, Fill: c.Fill})
		}
	}
	hasRel, findings := false, len(g.Unplaced) > 0
	for _, e := range g.Edges {
		hasRel = hasRel || e.Style == Relation
	}
	for _, gr := range g.Groups {
		findings = findings || len(gr.Findings) > 0
	}
	for _, n := range g.Nodes {
		findings = findings || len(n.Findings) > 0
	}
	items = append(items, legendItem{Kind: "network", Text: "network path (protocol port)"})
	if hasRel {
		items = append(items, legendItem{Kind: "relation", Text: "IAM / KMS relation"})
	}
	if findings {
		items = append(items, legendItem{Kind: "finding", Text: "finding (rule)"})
	}
	// Flow the items in rows.
	const rowH, swatch = 22.0, 26.0
	cx, cy := x+12, y+30
	right := x + width
	maxX := cx
	for i := range items {
		it := &items[i]
		it.W = swatch + 6 + math.Ceil(textWidth(it.Text, fontDetail+0.5, false))
		if cx+it.W > right-12 && cx > x+12 {
			cx, cy = x+12, cy+rowH
		}
		it.At = Point{cx, cy}
		cx += it.W + 22
		maxX = math.Max(maxX, cx)
	}
	bottom := cy + rowH
	for _, f := range g.Unplaced {
		text := fmt.Sprintf("%s %s: %s", f.Rule, f.Resource, f.Message)
		items = append(items, legendItem{Kind: "note", Text: text, At: Point{x + 12, bottom}, W: textWidth(text, fontDetail, false)})
		maxX = math.Max(maxX, x+12+textWidth(text, fontDetail, false)+12)
		bottom += rowH - 4
	}
	w := math.Max(width, maxX-x)
	return legend{Box: Rect{x, y, w, bottom - y + 4}, Items: items}
}
