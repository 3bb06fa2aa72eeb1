package diagram

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// draw.io styles, copied in key order from draw.io's AWS sidebar (Sidebar-AWS4.js) so
// the file opens with the aws4 library's look and stays byte-stable.
const (
	resStyle  = "sketch=0;points=[[0,0,0],[0.25,0,0],[0.5,0,0],[0.75,0,0],[1,0,0],[0,1,0],[0.25,1,0],[0.5,1,0],[0.75,1,0],[1,1,0],[0,0.25,0],[0,0.5,0],[0,0.75,0],[1,0.25,0],[1,0.5,0],[1,0.75,0]];outlineConnect=0;fontColor=#232F3E;fillColor=%s;strokeColor=#ffffff;dashed=0;verticalLabelPosition=bottom;verticalAlign=top;align=center;html=1;fontSize=12;fontStyle=0;aspect=fixed;shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.%s;"
	prodStyle = "sketch=0;outlineConnect=0;fontColor=#232F3E;gradientColor=none;fillColor=%s;strokeColor=none;dashed=0;verticalLabelPosition=bottom;verticalAlign=top;align=center;html=1;fontSize=12;fontStyle=0;aspect=fixed;pointerEvents=1;shape=mxgraph.aws4.%s;"
	grpStyle  = "points=[[0,0],[0.25,0],[0.5,0],[0.75,0],[1,0],[1,0.25],[1,0.5],[1,0.75],[1,1],[0.75,1],[0.5,1],[0.25,1],[0,1],[0,0.75],[0,0.5],[0,0.25]];outlineConnect=0;gradientColor=none;html=1;whiteSpace=wrap;fontSize=12;fontStyle=0;container=1;pointerEvents=0;collapsible=0;recursiveResize=0;shape=mxgraph.aws4."
	plainGrp  = "container=1;pointerEvents=0;collapsible=0;recursiveResize=0;"
	edgeStyle = "edgeStyle=orthogonalEdgeStyle;html=1;endArrow=block;elbow=vertical;startArrow=none;endFill=1;strokeColor=%s;rounded=0;"
	cardStyle = "rounded=1;arcSize=6;whiteSpace=wrap;html=1;fillColor=#FFFFFF;strokeColor=%s;strokeWidth=%s;fontColor=#232F3E;align=left;verticalAlign=middle;spacingLeft=46;fontSize=12;"
)

var drawioGroupStyle = map[GroupKind]string{
	GroupCloud:     grpStyle + "group;grIcon=mxgraph.aws4.group_aws_cloud_alt;strokeColor=#232F3E;fillColor=none;verticalAlign=top;align=left;spacingLeft=30;fontColor=#232F3E;dashed=0;",
	GroupRegion:    grpStyle + "group;grIcon=mxgraph.aws4.group_region;strokeColor=#00A4A6;fillColor=none;verticalAlign=top;align=left;spacingLeft=30;fontColor=#147EBA;dashed=1;",
	GroupVPC:       grpStyle + "group;grIcon=mxgraph.aws4.group_vpc2;strokeColor=#8C4FFF;fillColor=none;verticalAlign=top;align=left;spacingLeft=30;fontColor=#AAB7B8;dashed=0;",
	GroupAZ:        "fillColor=none;strokeColor=#147EBA;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#147EBA;whiteSpace=wrap;html=1;align=left;spacingLeft=10;" + plainGrp,
	GroupPrivate:   grpStyle + "group;grIcon=mxgraph.aws4.group_security_group;grStroke=0;strokeColor=#00A4A6;fillColor=#E6F6F7;verticalAlign=top;align=left;spacingLeft=30;fontColor=#147EBA;dashed=0;",
	GroupPublic:    grpStyle + "group;grIcon=mxgraph.aws4.group_security_group;grStroke=0;strokeColor=#7AA116;fillColor=#F2F6E8;verticalAlign=top;align=left;spacingLeft=30;fontColor=#248814;dashed=0;",
	GroupCorporate: grpStyle + "group;grIcon=mxgraph.aws4.group_corporate_data_center;strokeColor=#7D8998;fillColor=none;verticalAlign=top;align=left;spacingLeft=30;fontColor=#5A6C86;dashed=0;",
	GroupInternet:  "fillColor=none;strokeColor=#5A6C86;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#5A6C86;whiteSpace=wrap;html=1;align=left;spacingLeft=10;" + plainGrp,
	GroupEndpoints: "fillColor=none;strokeColor=#8C4FFF;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#8C4FFF;whiteSpace=wrap;html=1;align=left;spacingLeft=10;" + plainGrp,
	GroupManaged:   "fillColor=none;strokeColor=#E7157B;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#B0084D;whiteSpace=wrap;html=1;align=left;spacingLeft=10;" + plainGrp,
	GroupServices:  "fillColor=none;strokeColor=#5A6C86;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#5A6C86;whiteSpace=wrap;html=1;align=left;spacingLeft=10;" + plainGrp,
}

// WriteDrawIO writes the laid-out diagram as an uncompressed draw.io file: groups are
// aws4 group containers, each node a card holding its aws4 icon, edges orthogonal
// connectors with the layout's waypoints, all editable afterwards.
func WriteDrawIO(w io.Writer, l *Layout) error {
	g := l.Graph
	t := newTree(g)
	var b bytes.Buffer
	fmt.Fprintf(&b, "<mxfile host=\"mwaanet\">\n  <diagram id=\"mwaanet\" name=\"%s\">\n", attr(g.Title))
	fmt.Fprintf(&b, "    <mxGraphModel dx=\"%s\" dy=\"%s\" grid=\"1\" gridSize=\"10\" guides=\"1\" tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"1\" pageScale=\"1\" pageWidth=\"%s\" pageHeight=\"%s\" math=\"0\" shadow=\"0\">\n",
		num(l.Width), num(l.Height), num(l.Width), num(l.Height))
	b.WriteString("      <root>\n        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n")
	origin := func(parent string) Point {
		if parent == "" {
			return Point{}
		}
		r := l.Box[parent]
		return Point{r.X, r.Y}
	}
	pid := func(parent string) string {
		if parent == "" {
			return "1"
		}
		return parent
	}
	geom := func(r Rect, o Point) string {
		return fmt.Sprintf("<mxGeometry x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" as=\"geometry\"/>", num(r.X-o.X), num(r.Y-o.Y), num(r.W), num(r.H))
	}
	fmt.Fprintf(&b, "        <mxCell id=\"title\" value=\"%s\" style=\"text;html=1;fontSize=16;fontStyle=1;fontColor=#232F3E;align=left;verticalAlign=middle;\" vertex=\"1\" parent=\"1\">%s</mxCell>\n",
		attr(g.Title), geom(Rect{l.Title.X, l.Title.Y, l.Title.W + 20, l.Title.H}, Point{}))
	for _, gr := range g.Groups {
		style := drawioGroupStyle[gr.Kind]
		label := gr.Label
		if gr.Detail != "" {
			label += "  " + gr.Detail
		}
		cell(&b, gr.ID, label, style, gr.Findings, fmt.Sprintf("vertex=\"1\" parent=\"%s\"", attr(pid(gr.Parent))), geom(l.Box[gr.ID], origin(gr.Parent)))
	}
	for _, n := range g.Nodes {
		stroke, width := "#AAB7B8", "1"
		if len(n.Findings) > 0 {
			stroke, width = "#DD344C", "3"
		}
		label := "<b>" + htmlEsc(n.Label) + "</b>"
		if n.Detail != "" {
			label += "<br><font style=\"font-size: 10px;\" color=\"#545B64\">" + htmlEsc(n.Detail) + "</font>"
		}
		box := l.Box[n.ID]
		cell(&b, n.ID, label, fmt.Sprintf(cardStyle, stroke, width), n.Findings, fmt.Sprintf("vertex=\"1\" parent=\"%s\"", attr(pid(n.Parent))), geom(box, origin(n.Parent)))
		info := infoOf(n.Kind)
		icon := fmt.Sprintf(prodStyle, info.Cat.Fill, info.Prod)
		if info.Res != "" {
			icon = fmt.Sprintf(resStyle, info.Cat.Fill, info.Res)
		}
		fmt.Fprintf(&b, "        <mxCell id=\"%s-icon\" value=\"\" style=\"%s\" vertex=\"1\" parent=\"%s\">%s</mxCell>\n",
			attr(n.ID), attr(icon), attr(n.ID), geom(Rect{8, (box.H - tileSize) / 2, tileSize, tileSize}, Point{}))
	}
	for _, e := range g.Edges {
		pts := l.Route[e.ID]
		if len(pts) < 2 {
			continue
		}
		parent := ""
		if lca, _, _, ok := t.lift(e.From, e.To); ok {
			parent = lca
		}
		o := origin(parent)
		fb, tb := l.Box[e.From], l.Box[e.To]
		first, last := pts[0], pts[len(pts)-1]
		colour := "#545B64"
		if e.Style == Relation {
			colour = "#DD344C"
		}
		style := fmt.Sprintf(edgeStyle, colour)
		if e.Style == Relation {
			style += "dashed=1;"
		}
		style += fmt.Sprintf("exitX=%s;exitY=%s;exitDx=0;exitDy=0;entryX=%s;entryY=%s;entryDx=0;entryDy=0;fontSize=10;labelBackgroundColor=#FFFFFF;",
			frac((first.X-fb.X)/fb.W), frac((first.Y-fb.Y)/fb.H), frac((last.X-tb.X)/tb.W), frac((last.Y-tb.Y)/tb.H))
		// An edge whose label the SVG shares with another (same text, same place) has
		// none of its own here either: two copies would never sit exactly on top of each
		// other once draw.io routes the edge.
		lr, ok := l.Label[e.ID]
		label := e.Label
		if _, shared := l.SharedLabel[e.ID]; shared {
			label = ""
		}
		fmt.Fprintf(&b, "        <mxCell id=\"%s\" value=\"%s\" style=\"%s\" edge=\"1\" parent=\"%s\" source=\"%s\" target=\"%s\">\n",
			attr(e.ID), attr(label), attr(style), attr(pid(parent)), attr(e.From), attr(e.To))
		pos, off := labelAnchor(pts, lr)
		fmt.Fprintf(&b, "          <mxGeometry x=\"%s\" relative=\"1\" as=\"geometry\">\n", num(pos))
		if ok {
			fmt.Fprintf(&b, "            <mxPoint x=\"%s\" y=\"%s\" as=\"offset\"/>\n", num(off.X), num(off.Y))
		}
		if len(pts) > 2 {
			b.WriteString("            <Array as=\"points\">\n")
			for _, p := range pts[1 : len(pts)-1] {
				fmt.Fprintf(&b, "              <mxPoint x=\"%s\" y=\"%s\"/>\n", num(p.X-o.X), num(p.Y-o.Y))
			}
			b.WriteString("            </Array>\n")
		}
		b.WriteString("          </mxGeometry>\n        </mxCell>\n")
	}
	writeDrawIOLegend(&b, l, geom)
	b.WriteString("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n")
	_, err := w.Write(b.Bytes())
	return err
}

var strokeRE = regexp.MustCompile(`strokeColor=[^;]*;`)

// cell writes a vertex; one with findings is wrapped in an <object> with the rules as a
// tooltip and the tag "finding".
func cell(b *bytes.Buffer, id, label, style string, findings []findingLike, rest, geom string) {
	if len(findings) > 0 {
		if !strings.Contains(style, "strokeWidth=3") {
			style = strokeRE.ReplaceAllString(style, "strokeColor=#DD344C;strokeWidth=3;")
		}
		label += " [" + ruleList(findings) + "]"
		fmt.Fprintf(b, "        <object id=\"%s\" label=\"%s\" tooltip=\"%s\" tags=\"finding\">\n          <mxCell style=\"%s\" %s>%s</mxCell>\n        </object>\n",
			attr(id), attr(label), attr(findingText(findings)), attr(style), rest, geom)
		return
	}
	fmt.Fprintf(b, "        <mxCell id=\"%s\" value=\"%s\" style=\"%s\" %s>%s</mxCell>\n", attr(id), attr(label), attr(style), rest, geom)
}

func writeDrawIOLegend(b *bytes.Buffer, l *Layout, geom func(Rect, Point) string) {
	lg := l.Legend
	o := Point{lg.Box.X, lg.Box.Y}
	fmt.Fprintf(b, "        <mxCell id=\"legend\" value=\"Legend\" style=\"rounded=1;arcSize=2;whiteSpace=wrap;html=1;fillColor=#FAFAFA;strokeColor=#AAB7B8;fontColor=#232F3E;fontStyle=1;align=left;verticalAlign=top;spacingLeft=10;%s\" vertex=\"1\" parent=\"1\">%s</mxCell>\n",
		plainGrp, geom(lg.Box, Point{}))
	for i, it := range lg.Items {
		id := fmt.Sprintf("legend-%d", i)
		switch it.Kind {
		case "category":
			fmt.Fprintf(b, "        <mxCell id=\"%s-swatch\" value=\"\" style=\"rounded=1;arcSize=20;html=1;fillColor=%s;strokeColor=none;\" vertex=\"1\" parent=\"legend\">%s</mxCell>\n",
				id, it.Fill, geom(Rect{it.At.X + 6, it.At.Y, 14, 14}, o))
		case "network", "relation", "finding":
			style := fmt.Sprintf(edgeStyle, "#545B64")
			if it.Kind == "relation" {
				style = fmt.Sprintf(edgeStyle, "#DD344C") + "dashed=1;"
			}
			if it.Kind == "finding" {
				fmt.Fprintf(b, "        <mxCell id=\"%s-swatch\" value=\"\" style=\"rounded=1;html=1;fillColor=#FFFFFF;strokeColor=#DD344C;strokeWidth=3;\" vertex=\"1\" parent=\"legend\">%s</mxCell>\n",
					id, geom(Rect{it.At.X + 2, it.At.Y, 22, 14}, o))
				break
			}
			fmt.Fprintf(b, "        <mxCell id=\"%s-line\" style=\"%s\" edge=\"1\" parent=\"legend\">\n          <mxGeometry relative=\"1\" as=\"geometry\">\n            <mxPoint x=\"%s\" y=\"%s\" as=\"sourcePoint\"/>\n            <mxPoint x=\"%s\" y=\"%s\" as=\"targetPoint\"/>\n          </mxGeometry>\n        </mxCell>\n",
				id, attr(style), num(it.At.X-o.X), num(it.At.Y+7-o.Y), num(it.At.X+26-o.X), num(it.At.Y+7-o.Y))
		}
		x := it.At.X + 32
		if it.Kind == "note" {
			x = it.At.X
		}
		fmt.Fprintf(b, "        <mxCell id=\"%s\" value=\"%s\" style=\"text;html=1;fontSize=11;fontColor=#232F3E;align=left;verticalAlign=middle;\" vertex=\"1\" parent=\"legend\">%s</mxCell>\n",
			id, attr(it.Text), geom(Rect{x, it.At.Y - 2, math.Ceil(textWidth(it.Text, 11, false)) + 12, 18}, o))
	}
}

// labelAnchor expresses a label box as draw.io does: a position along the edge (-1 at
// the source, 1 at the target) and an offset from that point to the label's centre.
func labelAnchor(pts []Point, r Rect) (float64, Point) {
	if r.W == 0 {
		return 0, Point{}
	}
	c := Point{r.CX(), r.CY()}
	total, best, bestAt := 0.0, math.Inf(1), 0.0
	var bestP Point
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		seg := math.Abs(b.X-a.X) + math.Abs(b.Y-a.Y)
		p := Point{math.Min(math.Max(c.X, math.Min(a.X, b.X)), math.Max(a.X, b.X)), math.Min(math.Max(c.Y, math.Min(a.Y, b.Y)), math.Max(a.Y, b.Y))}
		d := math.Abs(p.X-c.X) + math.Abs(p.Y-c.Y)
		if d < best {
			best, bestP = d, p
			bestAt = total + math.Abs(p.X-a.X) + math.Abs(p.Y-a.Y)
		}
		total += seg
	}
	if total == 0 {
		return 0, Point{}
	}
	return math.Round((bestAt/total*2-1)*1000) / 1000, Point{c.X - bestP.X, c.Y - bestP.Y}
}

func frac(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

// attrEscaper escapes an XML attribute value; line breaks become &#xa; as draw.io writes
// them, and the two non-characters XML 1.0 forbids are written out.
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;", "\n", "&#xa;", "\t", "&#x9;",
	"\ufffe", `\ufffe`, "\uffff", `\uffff`)

// attr escapes an XML attribute value. Control characters (which XML 1.0 cannot hold,
// even as references) are shown as Go escapes (\x1b) first, so that an ID or a name from
// the input can neither end the attribute nor make the file unreadable.
func attr(s string) string {
	return attrEscaper.Replace(textsafe.EscapeMultiline(s))
}

// htmlEsc escapes text for an html=1 label (which attr then escapes as an attribute).
func htmlEsc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
