package diagram

import (
	"fmt"
	"io"
	"sort"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Format is an output format of the diagram.
type Format string

const (
	SVG     Format = "svg"
	DrawIO  Format = "drawio"
	Mermaid Format = "mermaid"
)

// Formats lists the formats, in help order.
var Formats = []Format{SVG, DrawIO, Mermaid}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown diagram format %q; expected svg, drawio or mermaid", s)
}

// Options say what to draw.
type Options struct {
	Format Format
	// Findings mark the elements that stand for their Resource (a model ID) in red, with
	// the rule; findings on resources the diagram does not show are listed in the legend.
	Findings []model.Finding
	// Icons are icon files the user has (AWS's architecture icons are not ours to ship),
	// by name: the aws4 icon name of a kind ("s3", "managed_workflows_for_apache_airflow",
	// "endpoints") or the node kind ("s3", "vpc-endpoint"). A node whose kind has one
	// shows it, embedded as a data URI, instead of its lettered tile. The CLI reads them
	// from --icons DIR; this package reads no files.
	Icons map[string]Icon
}

// Icon is one image file's bytes and media type ("image/svg+xml", "image/png").
type Icon struct {
	MediaType string
	Data      []byte
}

// iconFor returns the user's icon for a node kind, if any.
func iconFor(icons map[string]Icon, k NodeKind) (Icon, bool) {
	if len(icons) == 0 {
		return Icon{}, false
	}
	info := infoOf(k)
	for _, name := range []string{info.Res, info.Prod, string(k)} {
		if name == "" {
			continue
		}
		if ic, ok := icons[name]; ok {
			return ic, true
		}
	}
	return Icon{}, false
}

// Render draws a into w.
func Render(w io.Writer, a *model.Architecture, opts Options) error {
	g := Derive(a, opts.Findings)
	switch opts.Format {
	case SVG, "":
		l := Lay(g)
		l.Icons = opts.Icons
		return WriteSVG(w, l)
	case DrawIO:
		return WriteDrawIO(w, Lay(g))
	case Mermaid:
		return WriteMermaid(w, g)
	}
	return fmt.Errorf("unknown diagram format %q; expected svg, drawio or mermaid", opts.Format)
}

// IconsMatched says how many of the diagram's nodes would show one of icons (Render
// with Format SVG), and the names looked for, sorted: the CLI tells the user when an
// icon directory matched nothing, rather than drawing tiles silently.
func IconsMatched(a *model.Architecture, icons map[string]Icon) (int, []string) {
	g := Derive(a, nil)
	n := 0
	seen := map[string]bool{}
	var names []string
	for _, node := range g.Nodes {
		if _, ok := iconFor(icons, node.Kind); ok {
			n++
		}
		info := infoOf(node.Kind)
		for _, name := range []string{info.Res, info.Prod, string(node.Kind)} {
			if name != "" && !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	return n, names
}
