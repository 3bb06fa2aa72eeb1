package diagram_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/render/diagram"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/testkit/usecase"
)

// useCase builds the architecture of use case n the way `mwaanet synth` does.
func useCase(t *testing.T, n int) *model.Architecture {
	t.Helper()
	return usecase.Architecture(t, n)
}

var ext = map[diagram.Format]string{diagram.SVG: ".svg", diagram.DrawIO: ".drawio", diagram.Mermaid: ".mmd"}

// TestUseCaseGolden keeps the diagrams of the four use cases in testdata, and the
// README's picture of the embedded default (use case 3) in docs/diagram.svg.
func TestUseCaseGolden(t *testing.T) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		for _, f := range diagram.Formats {
			t.Run(fmt.Sprintf("usecase-%d/%s", n, f), func(t *testing.T) {
				var b bytes.Buffer
				if err := diagram.Render(&b, useCase(t, n), diagram.Options{Format: f}); err != nil {
					t.Fatal(err)
				}
				diagram.Golden(t, filepath.Join("testdata", fmt.Sprintf("usecase-%d%s", n, ext[f])), b.Bytes())
				if n == spec.DefaultUseCase && f == diagram.SVG {
					diagram.Golden(t, filepath.Join("..", "..", "..", "docs", "diagram.svg"), b.Bytes())
				}
			})
		}
	}
}

// customerManaged is use case 3 with CUSTOMER endpoint management (shared VPCs): the
// database and web server endpoints are the user's, not MWAA's.
func customerManaged(t *testing.T) *model.Architecture {
	t.Helper()
	text, err := spec.UseCaseText(3)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Parse("customer.yaml", []byte(strings.Replace(string(text), "endpointManagement: SERVICE", "endpointManagement: CUSTOMER", 1)))
	if err != nil {
		t.Fatal(err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestUseCaseLayout(t *testing.T) {
	archs := []*model.Architecture{nil}
	for n := 1; n <= spec.UseCaseCount; n++ {
		archs = append(archs, useCase(t, n))
	}
	archs[0] = customerManaged(t)
	for n, a := range archs {
		l := diagram.Lay(diagram.Derive(a, nil))
		for _, e := range diagram.CheckGeometry(l) {
			t.Errorf("use case %d (0: customer-managed endpoints): %s", n, e)
		}
		// Public routing crosses a few paths: each zone's NAT traffic and database traffic
		// interleave; private routing needs none.
		limit := 0
		if l.Graph.Title != "" && strings.Contains(l.Graph.Title, "public routing") {
			limit = 4
		}
		if c := diagram.Crossings(l); c > limit {
			t.Errorf("use case %d (0: customer-managed endpoints): %d edge crossings, want at most %d", n, c, limit)
		}
	}
}

func TestCustomerManagedEndpoints(t *testing.T) {
	g := diagram.Derive(customerManaged(t), nil)
	want := map[string]string{"vpce-DatabaseEndpoint": "aurora", "vpce-WebserverEndpoint": "mwaa"}
	for _, e := range g.Edges {
		if to, ok := want[e.From]; ok && e.To == to {
			delete(want, e.From)
		}
	}
	for from, to := range want {
		t.Errorf("no edge %s -> %s: the customer's MWAA endpoints should lead to the database and the environment", from, to)
	}
	for _, n := range g.Nodes {
		if n.ID == "vpce-mwaa-database" {
			t.Error("an MWAA-managed database endpoint is drawn although endpoints are customer-managed")
		}
	}
}

// TestUseCaseDefaultComponents: the default's SVG names what seed 004 lists, with one
// connector per connection.
func TestUseCaseDefaultComponents(t *testing.T) {
	a := useCase(t, spec.DefaultUseCase)
	var b bytes.Buffer
	if err := diagram.Render(&b, a, diagram.Options{Format: diagram.SVG}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Web server", "Scheduler", "Workers", "Metadata database", "Aurora PostgreSQL", "Amazon S3",
		"CloudWatch Logs", "Amazon CloudWatch", "Amazon ECR", "Amazon SQS", "AWS STS", "AWS KMS", "IAM execution role",
		"Client VPN endpoint", "Corporate network", "Corporate users", "Private subnet", "Availability Zone"} {
		if !strings.Contains(out, ">"+want) {
			t.Errorf("default diagram does not name %q", want)
		}
	}
	if len(a.Alarms) == 0 || !strings.Contains(out, fmt.Sprintf("%d alarms<", len(a.Alarms))) {
		t.Errorf("default diagram does not show its %d alarms", len(a.Alarms))
	}
	for _, e := range a.Endpoints {
		if s := model.ServiceShortName(e.Service); !strings.Contains(out, ">"+s+"<") {
			t.Errorf("default diagram does not show the %s endpoint", s)
		}
	}
	g := diagram.Derive(a, nil)
	for _, e := range g.Edges {
		if !strings.Contains(out, fmt.Sprintf(`data-from="%s" data-to="%s"`, e.From, e.To)) {
			t.Errorf("no connector %s -> %s", e.From, e.To)
		}
	}
}

// TestUseCaseInChromium renders each use case's SVG in headless Chromium and checks the
// PNG (size, drawn pixels, category colours, nothing at the canvas edge). Set
// MWAANET_DIAGRAM_PNG_DIR to keep the PNGs.
func TestUseCaseInChromium(t *testing.T) {
	bin := diagram.Chromium()
	if bin == "" {
		t.Skip("chromium not found: install it (apt-get install -y chromium) to render the SVGs to PNG")
	}
	dir := os.Getenv("MWAANET_DIAGRAM_PNG_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for n := 1; n <= spec.UseCaseCount; n++ {
		t.Run(fmt.Sprintf("usecase-%d", n), func(t *testing.T) {
			l := diagram.Lay(diagram.Derive(useCase(t, n), nil))
			svgPath, _ := filepath.Abs(filepath.Join(dir, fmt.Sprintf("usecase-%d.svg", n)))
			pngPath, _ := filepath.Abs(filepath.Join(dir, fmt.Sprintf("usecase-%d.png", n)))
			var b bytes.Buffer
			if err := diagram.WriteSVG(&b, l); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(svgPath, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			w, h := int(math.Ceil(l.Width)), int(math.Ceil(l.Height))
			diagram.Screenshot(t, bin, svgPath, pngPath, w, h)
			f, err := os.Open(pngPath)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			diagram.CheckPNG(t, img, w, h)
			diagram.CheckText(t, img, l)
		})
	}
}

// TestUseCaseDefaultDrawIOAndMermaid: the default's draw.io file uses aws4 shapes and has
// the graph's connections as edges; its Mermaid text has a diagram header and the same
// connections.
func TestUseCaseDefaultDrawIOAndMermaid(t *testing.T) {
	a := useCase(t, spec.DefaultUseCase)
	g := diagram.Derive(a, nil)
	var d, m bytes.Buffer
	if err := diagram.Render(&d, a, diagram.Options{Format: diagram.DrawIO}); err != nil {
		t.Fatal(err)
	}
	if err := diagram.Render(&m, a, diagram.Options{Format: diagram.Mermaid}); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cells []struct {
			Style  string `xml:"style,attr"`
			Edge   string `xml:"edge,attr"`
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
		} `xml:"diagram>mxGraphModel>root>mxCell"`
	}
	if err := xml.Unmarshal(d.Bytes(), &f); err != nil {
		t.Fatalf("draw.io file is not XML: %v", err)
	}
	edges, aws4 := map[[2]string]bool{}, 0
	for _, c := range f.Cells {
		if strings.Contains(c.Style, "mxgraph.aws4.") {
			aws4++
		}
		if c.Edge == "1" && c.Source != "" {
			edges[[2]string{c.Source, c.Target}] = true
		}
	}
	if aws4 < len(g.Nodes) {
		t.Errorf("%d aws4 cells for %d nodes", aws4, len(g.Nodes))
	}
	for _, e := range g.Edges {
		if !edges[[2]string{e.From, e.To}] {
			t.Errorf("draw.io lacks edge %s -> %s", e.From, e.To)
		}
	}
	if len(edges) != len(g.Edges) {
		t.Errorf("draw.io has %d edges, the graph %d", len(edges), len(g.Edges))
	}
	if !strings.HasPrefix(m.String(), "flowchart LR\n") {
		t.Error("Mermaid text lacks the flowchart header")
	}
	if got := strings.Count(m.String(), "-->") + strings.Count(m.String(), "-.->"); got != len(g.Edges) {
		t.Errorf("Mermaid has %d links, the graph %d edges", got, len(g.Edges))
	}
}
