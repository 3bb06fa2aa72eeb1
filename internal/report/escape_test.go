package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// hostileReport holds control characters wherever the input reaches a report: the file
// name, the resource (a logical ID), the message (a quoted value), the fix, a related
// place.
func hostileReport() *Report {
	return &Report{
		Inputs: []string{"t\x1b[2J.yaml"},
		Rules:  []Rule{{ID: "NET-05/self-reference", Requirement: "NET-05", Severity: model.SeverityError, Summary: "s"}},
		Findings: []model.Finding{{Rule: "NET-05/self-reference", Requirement: "NET-05", Severity: model.SeverityError,
			Resource: "Group\x1b[31m\r\nPASS 0 errors", Source: model.Source{File: "t\x1b[2J.yaml", Line: 3, Column: 4},
			Message: "value \"\x1b]0;title\x07\" is odd\nsecond line \x9b1m", Fix: "set \x1b[0m it\nthen \x1b[1m",
			Related: []model.Source{{File: "r\x1b.yaml", Line: 1, Column: 1}}}},
	}
}

// TestTextEscapesControlCharacters: no control character from the input reaches the
// terminal raw in the text report, with or without colour; they read as \x1b.
func TestTextEscapesControlCharacters(t *testing.T) {
	for _, colour := range []bool{false, true} {
		var b bytes.Buffer
		if err := Write(&b, hostileReport(), FormatText, Options{Color: colour}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if colour {
			// The report's own colours are the only escape sequences.
			for _, own := range []string{ansiReset, ansiBold, ansiRed, ansiYellow, ansiCyan, ansiDim, ansiGreen} {
				out = strings.ReplaceAll(out, own, "")
			}
		}
		if strings.ContainsAny(out, "\x1b\x07\r\u009b") {
			t.Errorf("colour %v: a raw control character reached the output:\n%q", colour, out)
		}
		for _, want := range []string{`t\x1b[2J.yaml:3:4:`, `Group\x1b[31m\r\nPASS 0 errors`, `value "\x1b]0;title\x07" is odd`, `second line \x9b1m`, `set \x1b[0m it`, `then \x1b[1m`, `r\x1b.yaml:1:1`} {
			if !strings.Contains(out, want) {
				t.Errorf("colour %v: %q not in\n%s", colour, want, out)
			}
		}
		// A resource cannot forge a line of the report.
		if strings.Contains(out, "\nPASS 0 errors") {
			t.Errorf("colour %v: a forged line", colour)
		}
	}
}

// TestEncodedFormatsEscapeControlCharacters: JSON and SARIF escape control characters
// through encoding/json (\u001b), and JUnit stays well-formed XML; none holds one raw.
func TestEncodedFormatsEscapeControlCharacters(t *testing.T) {
	for _, f := range []Format{FormatJSON, FormatSARIF, FormatJUnit} {
		var b bytes.Buffer
		if err := Write(&b, hostileReport(), f, Options{Version: "test"}); err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(b.Bytes(), "\x1b\x07\r") {
			t.Errorf("%s: a raw control character in the output", f)
		}
		switch f {
		case FormatJUnit:
			dec := xml.NewDecoder(&b)
			for {
				if _, err := dec.Token(); err != nil {
					if err.Error() != "EOF" {
						t.Errorf("junit: %v", err)
					}
					break
				}
			}
		default:
			if !json.Valid(b.Bytes()) || !strings.Contains(b.String(), `\u001b`) {
				t.Errorf("%s: not JSON with \\u001b escapes", f)
			}
		}
	}
}
