// Package report turns findings into what a person or a tool reads: text for terminals
// (grouped by severity, coloured unless NO_COLOR), JSON with a stable shape, SARIF 2.1.0
// for code scanning, JUnit XML for CI dashboards, and one self-contained HTML page.
//
// Every format is deterministic: findings are sorted (severity, file, line, column, rule,
// resource, message) before writing, so the same input gives the same bytes.
//
// report never decides anything: it must not filter, re-grade or invent findings.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Rule describes a rule for formats that list rules (SARIF's driver.rules, JUnit's test
// cases) and for `mwaanet rules`.
type Rule struct {
	ID          string         // "NET-05/self-reference"
	Requirement string         // "NET-05"
	Severity    model.Severity // default severity
	Summary     string         // one line
	HelpURI     string         // the AWS documentation page behind the requirement
	DocURI      string         // the rule's page in the repository (docs/rules/ID.md)
	Help        string         // Markdown help: the page's summary (SARIF help.markdown)
}

// Report is a check's result: what was checked, by which rules, and what was found.
type Report struct {
	// Inputs names what was read (files, a snapshot directory, "embedded default").
	Inputs []string
	// Rules are the rules that ran (all of them, also those that found nothing).
	Rules    []Rule
	Findings []model.Finding
}

// Summary counts findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Info     int `json:"info"`
	Total    int `json:"total"`
	// Rules is the number of rules that ran.
	Rules int `json:"rules"`
}

// Summarize counts r's findings.
func (r *Report) Summarize() Summary {
	s := Summary{Total: len(r.Findings), Rules: len(r.Rules)}
	for _, f := range r.Findings {
		switch f.Severity {
		case model.SeverityError:
			s.Errors++
		case model.SeverityWarning:
			s.Warnings++
		default:
			s.Info++
		}
	}
	return s
}

// Sort orders findings deterministically (model.SortFindings).
func Sort(fs []model.Finding) { model.SortFindings(fs) }

// Format is an output format name.
type Format string

const (
	FormatText  Format = "text"
	FormatJSON  Format = "json"
	FormatSARIF Format = "sarif"
	FormatJUnit Format = "junit"
	FormatHTML  Format = "html"
)

// Formats lists the formats, for flag help and errors.
var Formats = []Format{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatHTML}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("--format %q is not one of %s", s, strings.Join(names, ", "))
}

// Options tune the writers.
type Options struct {
	// Color turns on ANSI colours in text output (the caller decides: a terminal and no
	// NO_COLOR).
	Color bool
	// Version is the tool version written into SARIF and HTML.
	Version string
	// HTML is what the HTML page shows beyond the findings (diagram, paths); nil shows
	// the findings alone.
	HTML *HTMLExtras
}

// Write writes r in format f.
func Write(w io.Writer, r *Report, f Format, opts Options) error {
	fs := append([]model.Finding(nil), r.Findings...)
	Sort(fs)
	sorted := *r
	sorted.Findings = fs
	switch f {
	case FormatText:
		return writeText(w, &sorted, opts)
	case FormatJSON:
		return writeJSON(w, &sorted)
	case FormatSARIF:
		return writeSARIF(w, &sorted, opts)
	case FormatJUnit:
		return writeJUnit(w, &sorted)
	case FormatHTML:
		return writeHTML(w, &sorted, opts)
	}
	return fmt.Errorf("unknown format %q", f)
}
