package diagram

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/mwaanet/mwaanet/internal/textsafe"
)

const fontFamily = "Helvetica, Arial, 'Liberation Sans', sans-serif"

// WriteSVG writes the laid-out diagram as a self-contained SVG: no scripts, no external
// fonts or images, and no AWS icon artwork (category-coloured tiles with short labels).
func WriteSVG(w io.Writer, l *Layout) error {
	var b bytes.Buffer
	g := l.Graph
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"%s\" role=\"img\" aria-label=\"%s\">\n",
		num(l.Width), num(l.Height), num(l.Width), num(l.Height), fontFamily, esc(g.Title))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(g.Title))
	b.WriteString(`<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#545B64"/></marker>
<marker id="arrow-relation" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#DD344C"/></marker>
</defs>
`)
	fmt.Fprintf(&b, "<rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" fill=\"#FFFFFF\"/>\n", num(l.Width), num(l.Height))
	text(&b, l.Title.X, l.Title.Y+16, g.Title, 16, true, "#232F3E", "start")

	for _, gr := range g.Groups {
		writeGroup(&b, l, gr)
	}
	for _, e := range g.Edges {
		pts := l.Route[e.ID]
		if len(pts) < 2 {
			continue
		}
		var d strings.Builder
		for i, p := range pts {
			if i == 0 {
				fmt.Fprintf(&d, "M%s,%s", num(p.X), num(p.Y))
			} else {
				fmt.Fprintf(&d, " L%s,%s", num(p.X), num(p.Y))
			}
		}
		stroke, marker, dash := "#545B64", "arrow", ""
		if e.Style == Relation {
			stroke, marker, dash = "#DD344C", "arrow-relation", ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&b, "<path class=\"edge\" data-from=\"%s\" data-to=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s marker-end=\"url(#%s)\"><title>%s</title></path>\n",
			esc(e.From), esc(e.To), d.String(), stroke, dash, marker, esc(e.Label))
	}
	for _, n := range g.Nodes {
		writeNode(&b, l, n)
	}
	ids := make([]string, 0, len(l.Label))
	for _, e := range g.Edges {
		if _, ok := l.Label[e.ID]; ok {
			ids = append(ids, e.ID)
		}
	}
	for _, id := range ids {
		var e *Edge
		for _, x := range g.Edges {
			if x.ID == id {
				e = x
			}
		}
		r := l.Label[id]
		colour := "#232F3E"
		if e.Style == Relation {
			colour = "#C7131F"
		}
		fmt.Fprintf(&b, "<g class=\"edge-label\" data-edge=\"%s\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"2\" fill=\"#FFFFFF\" fill-opacity=\"0.92\"/>",
			esc(id), num(r.X), num(r.Y), num(r.W), num(r.H))
		text(&b, r.CX(), r.Y+11, e.Label, fontEdge, false, colour, "middle")
		b.WriteString("</g>\n")
	}
	writeLegend(&b, l)
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeGroup(b *bytes.Buffer, l *Layout, gr *Group) {
	st := groupStyles[gr.Kind]
	r := l.Box[gr.ID]
	stroke, width := st.Stroke, "1.5"
	if len(gr.Findings) > 0 {
		stroke, width = "#DD344C", "3"
	}
	dash := ""
	if st.Dashed {
		dash = ` stroke-dasharray="6 4"`
	}
	fmt.Fprintf(b, "<g class=\"group\" id=\"g-%s\" data-kind=\"%s\">", esc(gr.ID), gr.Kind)
	if len(gr.Findings) > 0 {
		fmt.Fprintf(b, "<title>%s</title>", esc(findingText(gr.Findings)))
	}
	fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
		num(r.X), num(r.Y), num(r.W), num(r.H), st.Fill, stroke, width, dash)
	t := l.GroupLabel[gr.ID]
	x := t.X
	if st.Abbrev != "" {
		fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"22\" height=\"18\" rx=\"2\" fill=\"%s\"/>", num(x), num(t.Y+1), st.Tile)
		size := 7.0
		if textWidth(st.Abbrev, size, true) > 19 {
			size = 6.0
		}
		text(b, x+11, t.Y+13, st.Abbrev, size, true, "#FFFFFF", "middle")
		x += 26
	}
	text(b, x, t.Y+15, gr.Label, fontGroup, true, st.Font, "start")
	if gr.Detail != "" {
		text(b, x+textWidth(gr.Label, fontGroup, true)+8, t.Y+15, gr.Detail, fontDetail, false, "#545B64", "start")
	}
	if len(gr.Findings) > 0 {
		rules := ruleList(gr.Findings)
		badge(b, t.Right()-badgeWidth(rules), t.Y+2, rules)
	}
	b.WriteString("</g>\n")
}

func writeNode(b *bytes.Buffer, l *Layout, n *Node) {
	r := l.Box[n.ID]
	info := infoOf(n.Kind)
	stroke, width := "#AAB7B8", "1"
	if len(n.Findings) > 0 {
		stroke, width = "#DD344C", "3"
	}
	fmt.Fprintf(b, "<g class=\"node\" id=\"n-%s\" data-kind=\"%s\">", esc(n.ID), n.Kind)
	if len(n.Findings) > 0 {
		fmt.Fprintf(b, "<title>%s</title>", esc(findingText(n.Findings)))
	}
	fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"4\" fill=\"#FFFFFF\" stroke=\"%s\" stroke-width=\"%s\"/>",
		num(r.X), num(r.Y), num(r.W), num(r.H), stroke, width)
	tx, ty := r.X+8, r.Y+(r.H-tileSize)/2
	if ic, ok := iconFor(l.Icons, n.Kind); ok {
		fmt.Fprintf(b, "<image x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" href=\"data:%s;base64,%s\"/>",
			num(tx), num(ty), num(tileSize), num(tileSize), esc(ic.MediaType), base64.StdEncoding.EncodeToString(ic.Data))
	} else {
		fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"4\" fill=\"%s\"/>", num(tx), num(ty), num(tileSize), num(tileSize), info.Cat.Fill)
		size := 10.0
		for size > 6 && textWidth(info.Abbrev, size, true) > tileSize-6 {
			size -= 0.5
		}
		text(b, tx+tileSize/2, ty+tileSize/2+size*0.36, info.Abbrev, size, true, "#FFFFFF", "middle")
	}
	lx := tx + tileSize + 10
	if n.Detail == "" {
		text(b, lx, r.CY()+4, n.Label, fontNode, true, "#232F3E", "start")
	} else {
		text(b, lx, r.Y+20, n.Label, fontNode, true, "#232F3E", "start")
		text(b, lx, r.Y+35, n.Detail, fontDetail, false, "#545B64", "start")
	}
	if len(n.Findings) > 0 {
		rules := nodeBadge(n, r.W)
		badge(b, r.Right()-badgeWidth(rules)-4, r.Y-8, rules)
	}
	b.WriteString("</g>\n")
}

func badge(b *bytes.Buffer, x, y float64, s string) {
	fmt.Fprintf(b, "<g class=\"finding\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"15\" rx=\"3\" fill=\"#DD344C\"/>", num(x), num(y), num(badgeWidth(s)))
	text(b, x+4, y+11, s, 9, true, "#FFFFFF", "start")
	b.WriteString("</g>")
}

// ruleList names the rules of findings, sorted and deduplicated.
func ruleList(fs []findingLike) string {
	seen := map[string]bool{}
	var rules []string
	for _, f := range fs {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			rules = append(rules, f.Rule)
		}
	}
	sort.Strings(rules)
	return strings.Join(rules, ", ")
}

// nodeBadge is the badge text of a node's findings, shortened to "first +N" when all
// the rules would not fit the card.
func nodeBadge(n *Node, width float64) string {
	rules := ruleList(n.Findings)
	if badgeWidth(rules) <= width-8 {
		return rules
	}
	parts := strings.Split(rules, ", ")
	return fmt.Sprintf("%s +%d", parts[0], len(parts)-1)
}

func findingText(fs []findingLike) string {
	var lines []string
	for _, f := range fs {
		lines = append(lines, fmt.Sprintf("%s (%s): %s", f.Rule, f.Severity, f.Message))
	}
	return strings.Join(lines, "\n")
}

func writeLegend(b *bytes.Buffer, l *Layout) {
	lg := l.Legend
	r := lg.Box
	fmt.Fprintf(b, "<g class=\"legend\"><rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"4\" fill=\"#FAFAFA\" stroke=\"#AAB7B8\"/>",
		num(r.X), num(r.Y), num(r.W), num(r.H))
	text(b, r.X+12, r.Y+19, "Legend", fontGroup, true, "#232F3E", "start")
	for _, it := range lg.Items {
		x, y := it.At.X, it.At.Y
		switch it.Kind {
		case "category":
			fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"14\" height=\"14\" rx=\"3\" fill=\"%s\"/>", num(x+6), num(y), it.Fill)
		case "network":
			fmt.Fprintf(b, "<path d=\"M%s,%s L%s,%s\" stroke=\"#545B64\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>", num(x), num(y+7), num(x+26), num(y+7))
		case "relation":
			fmt.Fprintf(b, "<path d=\"M%s,%s L%s,%s\" stroke=\"#DD344C\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" marker-end=\"url(#arrow-relation)\"/>", num(x), num(y+7), num(x+26), num(y+7))
		case "finding":
			fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"22\" height=\"14\" rx=\"3\" fill=\"#FFFFFF\" stroke=\"#DD344C\" stroke-width=\"3\"/>", num(x+2), num(y))
		case "note":
			text(b, x, y+11, it.Text, fontDetail, false, "#C7131F", "start")
			continue
		}
		text(b, x+32, y+11, it.Text, fontDetail+0.5, false, "#232F3E", "start")
	}
	b.WriteString("</g>\n")
}

// text writes one line of text with its estimated width as textLength, so the box the
// layout reserved holds whatever font renders it.
func text(b *bytes.Buffer, x, y float64, s string, size float64, bold bool, fill, anchor string) {
	weight := ""
	if bold {
		weight = ` font-weight="bold"`
	}
	w := textWidth(s, size, bold)
	fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" font-size=\"%s\"%s fill=\"%s\" text-anchor=\"%s\" textLength=\"%s\" lengthAdjust=\"spacingAndGlyphs\">%s</text>",
		num(x), num(y), num(size), weight, fill, anchor, num(w), esc(s))
}

func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// esc escapes text or an attribute value for the SVG: control characters (which XML 1.0
// cannot hold) shown as Go escapes (\x1b), then XML's five and line breaks.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(textsafe.EscapeMultiline(s)))
	return b.String()
}
