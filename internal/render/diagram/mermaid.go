package diagram

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// WriteMermaid writes the graph as a Mermaid flowchart (left to right), groups as nested
// subgraphs, for READMEs and wikis.
func WriteMermaid(w io.Writer, g *Graph) error {
	var b bytes.Buffer
	b.WriteString("flowchart LR\n")
	fmt.Fprintf(&b, "  %%%% %s\n", mermaidTitle(g.Title))
	var write func(parent, indent string)
	write = func(parent, indent string) {
		for _, gr := range g.Groups {
			if gr.Parent != parent {
				continue
			}
			fmt.Fprintf(&b, "%ssubgraph %s[\"%s\"]\n", indent, mid(gr.ID), mlabel(gr.Label, gr.Detail))
			write(gr.ID, indent+"  ")
			fmt.Fprintf(&b, "%send\n", indent)
		}
		for _, n := range g.Nodes {
			if n.Parent != parent {
				continue
			}
			fmt.Fprintf(&b, "%s%s[\"%s\"]\n", indent, mid(n.ID), mlabel(n.Label, n.Detail))
		}
	}
	write("", "  ")
	for _, e := range g.Edges {
		arrow := "-->"
		if e.Style == Relation {
			arrow = "-.->"
		}
		if e.Label != "" {
			fmt.Fprintf(&b, "  %s %s|\"%s\"| %s\n", mid(e.From), arrow, mesc(e.Label), mid(e.To))
		} else {
			fmt.Fprintf(&b, "  %s %s %s\n", mid(e.From), arrow, mid(e.To))
		}
	}
	// Category colours, as in the SVG.
	classes := map[string]bool{}
	for _, n := range g.Nodes {
		c := infoOf(n.Kind).Cat
		name := className(c.Name)
		if !classes[name] {
			classes[name] = true
			fmt.Fprintf(&b, "  classDef %s fill:%s,stroke:%s,color:#FFFFFF\n", name, c.Fill, c.Fill)
		}
	}
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "  class %s %s\n", mid(n.ID), className(infoOf(n.Kind).Cat.Name))
	}
	var marked []string
	for _, n := range g.Nodes {
		if len(n.Findings) > 0 {
			marked = append(marked, mid(n.ID))
		}
	}
	for _, gr := range g.Groups {
		if len(gr.Findings) > 0 {
			marked = append(marked, mid(gr.ID))
		}
	}
	if len(marked) > 0 {
		b.WriteString("  classDef finding stroke:#DD344C,stroke-width:3px\n")
		fmt.Fprintf(&b, "  class %s finding\n", strings.Join(marked, ","))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mid makes a Mermaid identifier of an element ID.
func mid(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	// Words Mermaid reserves.
	switch strings.ToLower(s) {
	case "end", "graph", "subgraph", "flowchart", "class", "classdef", "style", "click":
		s = "n_" + s
	}
	return s
}

func className(cat string) string {
	return "cat_" + strings.ToLower(strings.Fields(strings.NewReplacer(",", "", "&", "").Replace(cat))[0])
}

func mlabel(label, detail string) string {
	if detail == "" {
		return mesc(label)
	}
	return mesc(label) + "<br/><small>" + mesc(detail) + "</small>"
}

// mescaper writes Mermaid's entity codes for the characters that would end a quoted
// label or start markup ("#" first of all, so that text that reads like a code stays text).
var mescaper = strings.NewReplacer("#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "$", "#36;", "{", "#123;", "}", "#125;",
	"`", "#96;", "|", "#124;")

// mesc escapes a label: control characters (a line break would end the statement) as Go
// escapes, then Mermaid's entity codes.
func mesc(s string) string {
	return mescaper.Replace(textsafe.Escape(s))
}

// mermaidTitle is the title for a %% comment: one line, control characters escaped.
func mermaidTitle(s string) string {
	return textsafe.Escape(strings.NewReplacer("\n", " ").Replace(s))
}
