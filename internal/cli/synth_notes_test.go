package cli

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// TestWithNotesMultiLine: a note whose message or fix spans several lines (a check
// finding with its other blocked paths) stays in the template's comment header; it used
// to break the YAML ("could not find expected ':'"), so check rejected synth's output.
func TestWithNotesMultiLine(t *testing.T) {
	s, err := spec.UseCase(4)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := []byte("# header\n\nAWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n")
	notes := []design.Note{{
		Severity: model.SeverityError, Requirement: "PRV-04", Resource: "sg-1",
		Message: "first line\nSG_NO_ALLOW: second line\n(and 5 more like these)",
		Fix:     "aws ec2 one\naws ec2 two",
	}}
	out := withNotes(tmpl, s, "snap\ndir", notes)
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("the template is not YAML: %v\n%s", err, out)
	}
	if doc["AWSTemplateFormatVersion"] != "2010-09-09" || len(doc) != 2 {
		t.Errorf("the notes changed the template: %v", doc)
	}
	header := string(out[:strings.Index(string(out), "AWSTemplateFormatVersion")])
	for _, want := range []string{"#   error PRV-04 sg-1: first line\n", "#       SG_NO_ALLOW: second line\n", "#     fix: aws ec2 one\n", "#          aws ec2 two\n"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q:\n%s", want, header)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(header), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			t.Errorf("header line %q is not a comment", l)
		}
	}
}

// TestNotesEscapeControlCharacters: a note quoting a name or tag from the account holds
// no raw control character, on the terminal or in the template's YAML comments (a raw
// \r or \x1b there made the template unreadable and coloured the terminal).
func TestNotesEscapeControlCharacters(t *testing.T) {
	s, err := spec.UseCase(4)
	if err != nil {
		t.Fatal(err)
	}
	notes := []design.Note{{Severity: model.SeverityWarning, Requirement: "PRV-04", Resource: "sg-1\x1b[31m",
		Message: "group \"web\r\x1b[2J\" reused", Fix: "aws ec2 \x07one"}}
	for _, l := range noteLines(notes) {
		if strings.ContainsAny(l, "\x1b\r\x07") {
			t.Errorf("raw control character in %q", l)
		}
	}
	out := withNotes([]byte("# header\n\nAWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n"), s, "snap", notes)
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil || !strings.Contains(string(out), `group "web\r\x1b[2J" reused`) {
		t.Errorf("template: %v\n%s", err, out)
	}
}
