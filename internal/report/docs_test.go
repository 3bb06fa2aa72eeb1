package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// A rule's page reaches SARIF (helpUri, help.markdown) and JSON findings (doc_uri); a
// rule without one keeps the AWS documentation link and no doc_uri.
func TestRuleDocLinks(t *testing.T) {
	r := &Report{
		Rules: []Rule{
			{ID: "NET-05/path", Requirement: "NET-05", Severity: model.SeverityError, Summary: "s",
				HelpURI: "https://docs.aws.amazon.com/x", DocURI: "https://example.com/NET-05.md", Help: "# NET-05\n"},
			{ID: "X-01/y", Requirement: "X-01", Severity: model.SeverityError, Summary: "s", HelpURI: "https://docs.aws.amazon.com/y"},
		},
		Findings: []model.Finding{
			{Rule: "NET-05/path", Requirement: "NET-05", Severity: model.SeverityError, Message: "m"},
			{Rule: "X-01/y", Requirement: "X-01", Severity: model.SeverityError, Message: "m"},
		},
	}
	var b bytes.Buffer
	if err := Write(&b, r, FormatSARIF, Options{}); err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						HelpURI string `json:"helpUri"`
						Help    struct{ Text, Markdown string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &sarif); err != nil {
		t.Fatal(err)
	}
	rules := sarif.Runs[0].Tool.Driver.Rules
	if rules[0].HelpURI != "https://example.com/NET-05.md" || rules[0].Help.Markdown != "# NET-05\n" {
		t.Errorf("rule with a page: %+v", rules[0])
	}
	if rules[1].HelpURI != "https://docs.aws.amazon.com/y" || rules[1].Help.Markdown != "" {
		t.Errorf("rule without a page: %+v", rules[1])
	}
	b.Reset()
	if err := Write(&b, r, FormatJSON, Options{}); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Findings []struct {
			Rule   string `json:"rule"`
			DocURI string `json:"doc_uri"`
		}
	}
	if err := json.Unmarshal(b.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	for _, f := range js.Findings {
		want := map[string]string{"NET-05/path": "https://example.com/NET-05.md", "X-01/y": ""}[f.Rule]
		if f.DocURI != want {
			t.Errorf("%s: doc_uri %q, want %q", f.Rule, f.DocURI, want)
		}
	}
}
