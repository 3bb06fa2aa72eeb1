package diagram

import (
	"fmt"
	"io"

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
}

// Render draws a into w.
func Render(w io.Writer, a *model.Architecture, opts Options) error {
	g := Derive(a, opts.Findings)
	switch opts.Format {
	case SVG, "":
		return WriteSVG(w, Lay(g))
	case DrawIO:
		return WriteDrawIO(w, Lay(g))
	case Mermaid:
		return WriteMermaid(w, g)
	}
	return fmt.Errorf("unknown diagram format %q; expected svg, drawio or mermaid", opts.Format)
}
