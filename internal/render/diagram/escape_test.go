package diagram

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// hostileGraph has IDs, labels and a title that try to end an attribute, open an element,
// break a Mermaid statement, and send escape sequences to a terminal.
func hostileGraph() *Graph {
	evil := "x\" onload=\"alert(1)\" a=\"<script>\x1b[31m"
	return &Graph{
		Title:  "net \x1b]0;pwned\x07 <b>",
		Groups: []*Group{{ID: "g" + evil, Kind: GroupVPC, Label: "VPC \"quoted\" <i>", Detail: "10.0.0.0/16\r\nx"}},
		Nodes: []*Node{
			{ID: evil, Kind: KindS3, Label: "bucket <img src=x>", Detail: "a\x1bb", Parent: "g" + evil,
				Findings: []model.Finding{{Rule: "S3-01", Requirement: "S3-01", Severity: model.SeverityError, Message: "bad \x1b[2J </title><script>"}}},
			{ID: "plain", Kind: KindSQS, Label: "queue\nend\n  click plain call alert()", Parent: "g" + evil},
		},
		Edges: []*Edge{{ID: "e" + evil, From: evil, To: "plain", Label: "443 \"|x|\" `md` #quot; \x1b[0m", Style: Network}},
	}
}

// wellFormed parses data as XML and returns every attribute value and text, decoded.
func wellFormed(t *testing.T, name string, data []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var all strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "script" {
				t.Errorf("%s: a <script> element from the input", name)
			}
			for _, a := range x.Attr {
				if strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("%s: an injected %s attribute", name, a.Name.Local)
				}
				all.WriteString(a.Value + "\n")
			}
		case xml.CharData:
			all.Write(x)
		}
	}
	return all.String()
}

func TestOutputEscapesHostileText(t *testing.T) {
	g := hostileGraph()
	l := Lay(g)
	var svg, drawio, mermaid bytes.Buffer
	if err := WriteSVG(&svg, l); err != nil {
		t.Fatal(err)
	}
	if err := WriteDrawIO(&drawio, l); err != nil {
		t.Fatal(err)
	}
	if err := WriteMermaid(&mermaid, g); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"svg": svg.Bytes(), "drawio": drawio.Bytes(), "mermaid": mermaid.Bytes()} {
		if bytes.ContainsAny(data, "\x1b\x07\r") {
			t.Errorf("%s: a raw control character reached the output", name)
		}
		if !bytes.Contains(data, []byte(`\x1b`)) {
			t.Errorf("%s: the escape character is not shown as \\x1b", name)
		}
	}
	// The XML formats stay well-formed, and the IDs and labels come back as written
	// (control characters shown escaped).
	for name, data := range map[string][]byte{"svg": svg.Bytes(), "drawio": drawio.Bytes()} {
		text := wellFormed(t, name, data)
		if !strings.Contains(text, `x" onload="alert(1)" a="<script>\x1b[31m`) {
			t.Errorf("%s: the hostile ID does not read back as text", name)
		}
	}
	// draw.io: the node's cell keeps its ID and its parent the group's, so that the file
	// opens with the node inside its group.
	if !strings.Contains(drawio.String(), `parent="gx&quot; onload=&quot;alert(1)&quot; a=&quot;&lt;script&gt;\x1b[31m"`) {
		t.Error("draw.io: the parent attribute is not escaped")
	}
	// Mermaid: one statement per line; no label ends its quotes or the line early.
	for i, line := range strings.Split(strings.TrimRight(mermaid.String(), "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "click") || trimmed == "end" && !strings.HasPrefix(line, "  end") {
			t.Errorf("mermaid line %d: %q was injected", i+1, line)
		}
		if strings.Count(line, `"`)%2 != 0 {
			t.Errorf("mermaid line %d: unbalanced quotes: %q", i+1, line)
		}
	}
	if !strings.Contains(mermaid.String(), "#quot;#124;x#124;#quot;") || !strings.Contains(mermaid.String(), "#35;quot;") {
		t.Errorf("mermaid: the label's quotes and # are not written as entity codes:\n%s", mermaid.String())
	}
}
