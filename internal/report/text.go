package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
	ansiGreen  = "\x1b[32m"
)

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s model.Severity) string {
	switch s {
	case model.SeverityError:
		return ansiRed
	case model.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// writeText writes findings grouped by severity, each as
//
//	file:line:col: RULE (REQUIREMENT) resource
//	  message
//	  fix: ...
//
// and a closing summary line. Everything that comes from the input (file names, IDs,
// messages quoting values) has its control characters shown as Go escapes (\x1b), so
// that a logical ID holding an escape sequence can neither colour nor clear the terminal
// nor forge a line of the report; only the report's own colours are sent raw.
func writeText(w io.Writer, r *Report, opts Options) error {
	var b strings.Builder
	if len(r.Inputs) > 0 {
		inputs := make([]string, len(r.Inputs))
		for i, in := range r.Inputs {
			inputs[i] = textsafe.Escape(in)
		}
		fmt.Fprintf(&b, "%s %s\n\n", paint(opts.Color, ansiDim, "checked"), strings.Join(inputs, ", "))
	}
	var last model.Severity
	for _, f := range r.Findings {
		if f.Severity != last {
			if last != "" {
				b.WriteString("\n")
			}
			title := map[model.Severity]string{
				model.SeverityError:   "Errors",
				model.SeverityWarning: "Warnings",
				model.SeverityInfo:    "Info",
			}[f.Severity]
			fmt.Fprintf(&b, "%s\n", paint(opts.Color, ansiBold+severityColor(f.Severity), title))
			last = f.Severity
		}
		rawWhere := f.Source.String()
		where := textsafe.Escape(rawWhere)
		if where == "" {
			where = "(no position)"
		}
		fmt.Fprintf(&b, "  %s %s %s", paint(opts.Color, ansiBold, where+":"),
			paint(opts.Color, severityColor(f.Severity), string(f.Severity)),
			textsafe.Escape(f.Rule))
		if f.Resource != "" && f.Resource != rawWhere {
			fmt.Fprintf(&b, " %s", paint(opts.Color, ansiBold, textsafe.Escape(f.Resource)))
		}
		b.WriteString("\n")
		for _, line := range strings.Split(f.Message, "\n") {
			fmt.Fprintf(&b, "      %s\n", textsafe.Escape(line))
		}
		if f.Fix != "" {
			lines := strings.Split(f.Fix, "\n")
			for i, l := range lines {
				lines[i] = textsafe.Escape(l)
			}
			fmt.Fprintf(&b, "      %s %s\n", paint(opts.Color, ansiGreen, "fix:"), strings.Join(lines, "\n           "))
		}
		for _, rel := range f.Related {
			fmt.Fprintf(&b, "      %s %s\n", paint(opts.Color, ansiDim, "see:"), textsafe.Escape(rel.String()))
		}
	}
	s := r.Summarize()
	if len(r.Findings) > 0 {
		b.WriteString("\n")
	}
	verdict := paint(opts.Color, ansiGreen+ansiBold, "PASS")
	if s.Errors > 0 {
		verdict = paint(opts.Color, ansiRed+ansiBold, "FAIL")
	}
	fmt.Fprintf(&b, "%s %s, %s, %s (%d rules)\n", verdict,
		plural(s.Errors, "error", "errors"), plural(s.Warnings, "warning", "warnings"),
		fmt.Sprintf("%d info", s.Info), s.Rules)
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
