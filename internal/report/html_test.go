package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Every text of the page is escaped: a message, resource or path that holds markup shows
// as text; a diagram with a script or an external reference is not inlined.
func TestHTMLEscapes(t *testing.T) {
	r := &Report{
		Inputs: []string{`<b>in</b>.yaml`},
		Rules:  []Rule{{ID: "NET-05/path", Requirement: "NET-05", DocURI: "https://example.com/NET-05.md"}},
		Findings: []model.Finding{{Rule: "NET-05/path", Requirement: "NET-05", Severity: model.SeverityError,
			Resource: `"><img src=x onerror=alert(1)>`, Message: "<script>alert(1)</script>", Fix: "a & b",
			Source: model.Source{File: "t<.yaml", Line: 3, Column: 1}}},
	}
	ex := &HTMLExtras{Diagram: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>ok</text></svg>`),
		Paths: []HTMLPath{{From: "env", To: "<x>", ProtoPort: "tcp/443", Why: "</details><script>", Hops: []HTMLHop{{Message: "<i>m</i>"}}}}}
	var b bytes.Buffer
	if err := Write(&b, r, FormatHTML, Options{HTML: ex}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>in</b>", "<x>", "</details><script>", "<i>m</i>", "t<.yaml"} {
		if strings.Contains(page, bad) {
			t.Errorf("unescaped %q in the page", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "a &amp; b", `<svg xmlns="http://www.w3.org/2000/svg"><text>ok</text></svg>`, `href="https://example.com/NET-05.md"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<?xml") {
		t.Error("the XML declaration was inlined")
	}
	for _, svg := range []string{`<svg><script>alert(1)</script></svg>`, `<svg><image href="https://example.com/i.png"/></svg>`,
		`<svg><rect onclick="x()"/></svg>`, `<svg><foreignObject/></svg>`, `<svg style="background:url(http://x/y)"/>`} {
		b.Reset()
		if err := Write(&b, r, FormatHTML, Options{HTML: &HTMLExtras{Diagram: []byte(svg)}}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), svg) || !strings.Contains(b.String(), "not inlined") {
			t.Errorf("unsafe diagram %q was inlined", svg)
		}
	}
}
