package diagram

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// checkGeometry verifies a layout: nodes inside their groups and apart from each other,
// groups apart from what they do not contain, every text inside the canvas, labels clear
// of boxes and each other, and routes orthogonal, from border to border, through no
// other node.
func checkGeometry(l *Layout) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	g := l.Graph
	t := newTree(g)
	canvas := Rect{0, 0, l.Width, l.Height}
	for _, n := range g.Nodes {
		b := l.Box[n.ID]
		if !b.Within(canvas) {
			bad("node %s %v outside the canvas", n.ID, b)
		}
		if n.Parent != "" && !b.Within(l.Box[n.Parent].grow(-1)) {
			bad("node %s %v not inside its group %s %v", n.ID, b, n.Parent, l.Box[n.Parent])
		}
		// The text of a node fits its card.
		w := 8 + tileSize + 10 + math.Max(textWidth(n.Label, fontNode, true), textWidth(n.Detail, fontDetail, false))
		if w > b.W-4 {
			bad("node %s text %.0fpx wider than its card %.0fpx", n.ID, w, b.W)
		}
		for _, m := range g.Nodes {
			if m.ID < n.ID && b.Overlaps(l.Box[m.ID].grow(2)) {
				bad("nodes %s and %s overlap", n.ID, m.ID)
			}
		}
		for _, gr := range g.Groups {
			if !t.within(n.ID, gr.ID) && b.Overlaps(l.Box[gr.ID]) {
				bad("node %s overlaps group %s it is not in", n.ID, gr.ID)
			}
			if b.Overlaps(l.GroupLabel[gr.ID]) {
				bad("node %s covers the title of %s", n.ID, gr.ID)
			}
		}
	}
	for _, n := range g.Nodes {
		if len(n.Findings) == 0 {
			continue
		}
		b := l.Box[n.ID]
		rules := nodeBadge(n, b.W)
		badge := Rect{b.Right() - badgeWidth(rules) - 4, b.Y - 8, badgeWidth(rules), 15}
		if !badge.Within(l.Box[n.Parent]) || badge.X < b.X {
			bad("finding badge of %s sticks out", n.ID)
		}
		for _, m := range g.Nodes {
			if m.ID != n.ID && badge.Overlaps(l.Box[m.ID]) {
				bad("finding badge of %s covers %s", n.ID, m.ID)
			}
		}
	}
	for _, gr := range g.Groups {
		b := l.Box[gr.ID]
		if !b.Within(canvas) {
			bad("group %s outside the canvas", gr.ID)
		}
		if !l.GroupLabel[gr.ID].Within(b) {
			bad("title of %s sticks out of it", gr.ID)
		}
		for _, o := range g.Groups {
			if o.ID < gr.ID && !t.within(o.ID, gr.ID) && !t.within(gr.ID, o.ID) && b.Overlaps(l.Box[o.ID]) {
				bad("groups %s and %s overlap", gr.ID, o.ID)
			}
		}
	}
	if !l.Title.Within(canvas) || !l.Legend.Box.Within(canvas) {
		bad("title or legend outside the canvas")
	}
	for _, it := range l.Legend.Items {
		if it.At.X+it.W > l.Legend.Box.Right() {
			bad("legend item %q sticks out of the legend", it.Text)
		}
	}
	for id, r := range l.Label {
		if !r.Within(canvas) {
			bad("label of %s outside the canvas", id)
		}
		for _, n := range g.Nodes {
			if r.Overlaps(l.Box[n.ID]) {
				bad("label of %s covers node %s", id, n.ID)
			}
		}
		for _, gr := range g.Groups {
			if r.Overlaps(l.GroupLabel[gr.ID]) {
				bad("label of %s covers the title of %s", id, gr.ID)
			}
		}
		for id2, r2 := range l.Label {
			if id2 < id && r.Overlaps(r2) {
				bad("labels of %s and %s overlap", id, id2)
			}
		}
	}
	for _, e := range g.Edges {
		pts := l.Route[e.ID]
		if len(pts) < 2 {
			bad("edge %s has no route", e.ID)
			continue
		}
		if !onBorder(pts[0], l.Box[e.From]) || !onBorder(pts[len(pts)-1], l.Box[e.To]) {
			bad("edge %s does not run from border to border", e.ID)
		}
		for i := 0; i+1 < len(pts); i++ {
			a, b := pts[i], pts[i+1]
			if a.X != b.X && a.Y != b.Y {
				bad("edge %s has a diagonal segment", e.ID)
			}
			if !(Rect{a.X, a.Y, 0, 0}).Within(canvas) {
				bad("edge %s leaves the canvas", e.ID)
			}
			for _, n := range g.Nodes {
				if n.ID != e.From && n.ID != e.To && segHits(a, b, l.Box[n.ID]) {
					bad("edge %s runs through node %s", e.ID, n.ID)
				}
			}
			for _, gr := range g.Groups {
				if segHits(a, b, l.GroupLabel[gr.ID]) {
					bad("edge %s runs through the title of %s", e.ID, gr.ID)
				}
			}
		}
	}
	return errs
}

func onBorder(p Point, r Rect) bool {
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.5 }
	inX := p.X >= r.X-0.5 && p.X <= r.Right()+0.5
	inY := p.Y >= r.Y-0.5 && p.Y <= r.Bottom()+0.5
	return (inY && (near(p.X, r.X) || near(p.X, r.Right()))) || (inX && (near(p.Y, r.Y) || near(p.Y, r.Bottom())))
}

// crossings counts proper crossings between the routes of edges that share no end.
func crossings(l *Layout) int {
	n := 0
	es := l.Graph.Edges
	for i, e := range es {
		for _, f := range es[:i] {
			if e.From == f.From || e.To == f.To || e.From == f.To || e.To == f.From {
				continue
			}
			a, b := l.Route[e.ID], l.Route[f.ID]
			for x := 0; x+1 < len(a); x++ {
				for y := 0; y+1 < len(b); y++ {
					if crosses(a[x], a[x+1], b[y], b[y+1]) {
						n++
					}
				}
			}
		}
	}
	return n
}

func crosses(a1, a2, b1, b2 Point) bool {
	h, v := [2]Point{a1, a2}, [2]Point{b1, b2}
	if a1.X == a2.X {
		h, v = v, h
	}
	if h[0].Y != h[1].Y || v[0].X != v[1].X {
		return false // parallel
	}
	x, y := v[0].X, h[0].Y
	return x > math.Min(h[0].X, h[1].X) && x < math.Max(h[0].X, h[1].X) && y > math.Min(v[0].Y, v[1].Y) && y < math.Max(v[0].Y, v[1].Y)
}

func TestLayoutGeometry(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			l := Lay(Derive(fx.arch(), nil))
			for _, e := range checkGeometry(l) {
				t.Error(e)
			}
			c := crossings(l)
			t.Logf("%s: %.0f×%.0f px, %d nodes, %d edges, %d crossings", fx.name, l.Width, l.Height, len(l.Graph.Nodes), len(l.Graph.Edges), c)
			if c > fx.maxCrossings {
				t.Errorf("%d edge crossings; the layout should need at most %d", c, fx.maxCrossings)
			}
		})
	}
}

// TestLayoutWithFindings: badges and red borders keep the layout clean, and a finding on
// a resource the diagram does not draw goes to the legend.
func TestLayoutWithFindings(t *testing.T) {
	fs := []model.Finding{
		{Rule: "PRV-03/endpoint-policy", Resource: "Endpointsqs"},
		{Rule: "PRV-04/private-dns", Resource: "Endpointsqs"},
		{Rule: "NET-04/route-table", Resource: "PrivateRouteTable2"},
		{Rule: "NET-05/self-reference", Resource: "EnvironmentSecurityGroup"},
		{Rule: "LOG-01/retention", Resource: "NotDrawn", Message: "a long message that the legend must hold inside the canvas"},
	}
	for _, mk := range []func() *model.Architecture{fixturePrivate, func() *model.Architecture { return fixturePublic(true) }} {
		g := Derive(mk(), fs)
		l := Lay(g)
		for _, e := range checkGeometry(l) {
			t.Error(e)
		}
	}
	g := Derive(fixturePrivate(), fs)
	if len(g.Unplaced) != 1 || g.Unplaced[0].Resource != "NotDrawn" {
		t.Errorf("unplaced findings = %v, want the one on NotDrawn", g.Unplaced)
	}
	if n := g.node("vpce-sqs"); n == nil || len(n.Findings) != 2 {
		t.Errorf("the sqs endpoint should carry 2 findings")
	}
	if gr := g.group("subnet-PrivateSubnet2"); gr == nil || len(gr.Findings) != 1 {
		t.Errorf("the route table's finding should mark its subnet")
	}
	if n := g.node("mwaa"); n == nil || len(n.Findings) != 1 {
		t.Errorf("the environment security group's finding should mark the environment")
	}
	if g := Derive(fixturePrivate(), nil); len(g.Unplaced) != 0 {
		t.Error("no findings, yet some unplaced")
	}
}

// TestLayoutNotFixed shows the layout follows the graph: more endpoints make the endpoint
// column taller, and a third zone adds a third row, all still clean.
func TestLayoutNotFixed(t *testing.T) {
	a := fixturePrivate()
	base := Lay(Derive(a, nil))
	a.ExtraServices = []string{"secretsmanager", "glue"}
	for _, s := range a.ExtraServices {
		a.Endpoints = append(a.Endpoints, &model.VPCEndpoint{ID: "Endpoint" + s, VPC: "VPC", Service: "com.amazonaws.${AWS::Region}." + s, Type: "Interface"})
	}
	a.Subnets = append(a.Subnets, &model.Subnet{ID: "PrivateSubnet3", VPC: "VPC", CIDR: pfx("10.192.12.0/24"), AZ: "${AWS::Region}#2", AvailableIPs: -1})
	a.Environments[0].Subnets = append(a.Environments[0].Subnets, "PrivateSubnet3")
	l := Lay(Derive(a, nil))
	for _, e := range checkGeometry(l) {
		t.Error(e)
	}
	if l.Height <= base.Height {
		t.Errorf("height %.0f with 2 more endpoints and a third zone, %.0f before", l.Height, base.Height)
	}
	var svg strings.Builder
	if err := WriteSVG(&svg, l); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AWS Secrets Manager", "AWS Glue", "Availability Zone 3"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestIsotonic(t *testing.T) {
	got := isotonic([]float64{50, 10, 300}, []float64{20, 20, 20}, 10)
	// The first two pool: both want to be at 50 and 10, with 30 between their tops.
	if got[0] != 15 || got[1] != 45 || got[2] != 300 {
		t.Errorf("isotonic = %v, want [15 45 300]", got)
	}
	if got := isotonic([]float64{-40}, []float64{10}, 10); got[0] != 0 {
		t.Errorf("isotonic clamps at 0: got %v", got)
	}
}

// TestNetworkOnly: an input without an environment (a bare VPC template or snapshot)
// draws its network; the internet path to services that are not drawn is left out
// rather than pointing at nothing.
func TestNetworkOnly(t *testing.T) {
	a := fixturePublic(false)
	a.Environments, a.Buckets, a.Keys, a.Roles, a.Alarms = nil, nil, nil, nil, nil
	g := Derive(a, nil)
	for _, e := range g.Edges {
		if g.node(e.From) == nil && g.group(e.From) == nil || g.node(e.To) == nil && g.group(e.To) == nil {
			t.Errorf("edge %s names a missing element", e.ID)
		}
	}
	if g.node("nat-NatGateway1") == nil || g.node("igw-InternetGateway") == nil {
		t.Error("the NAT gateways and the internet gateway should be drawn")
	}
	if !strings.Contains(g.Title, "no MWAA environment") {
		t.Errorf("title %q should say there is no environment", g.Title)
	}
	l := Lay(g)
	for _, e := range checkGeometry(l) {
		t.Error(e)
	}
}

// TestPartialInputs: whatever part of an architecture is missing (inputs are often
// partial: a template with only a VPC, a snapshot without endpoints), every format
// renders and the layout stays clean.
func TestPartialInputs(t *testing.T) {
	drops := map[string]func(a *model.Architecture){
		"vpcs":         func(a *model.Architecture) { a.VPCs = nil },
		"subnets":      func(a *model.Architecture) { a.Subnets = nil },
		"route-tables": func(a *model.Architecture) { a.RouteTables = nil },
		"endpoints":    func(a *model.Architecture) { a.Endpoints = nil },
		"client-vpns":  func(a *model.Architecture) { a.ClientVPNs = nil },
		"nats":         func(a *model.Architecture) { a.NATGateways = nil },
		"igws":         func(a *model.Architecture) { a.InternetGateways = nil },
		"environment":  func(a *model.Architecture) { a.Environments = nil },
		"region":       func(a *model.Architecture) { a.Region = ""; a.Routing = "" },
		"env-subnets":  func(a *model.Architecture) { a.Environments[0].Subnets = nil },
		"everything":   func(a *model.Architecture) { *a = model.Architecture{} },
	}
	for _, fx := range fixtures {
		for name, drop := range drops {
			a := fx.arch()
			drop(a)
			g := Derive(a, nil)
			l := Lay(g)
			var b strings.Builder
			for _, err := range []error{WriteSVG(&b, l), WriteDrawIO(&b, l), WriteMermaid(&b, g)} {
				if err != nil {
					t.Errorf("%s without %s: %v", fx.name, name, err)
				}
			}
			for _, e := range checkGeometry(l) {
				t.Errorf("%s without %s: %s", fx.name, name, e)
			}
		}
	}
}
