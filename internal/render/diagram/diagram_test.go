package diagram

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

type fixture struct {
	name string
	arch func() *model.Architecture
	// maxCrossings bounds the edge crossings of its layout. Public routing needs a few:
	// each zone sends its NAT traffic to the one internet gateway and its database
	// traffic to the endpoints, so the two zones' paths interleave.
	maxCrossings int
}

var fixtures = []fixture{
	{"private", fixturePrivate, 0},
	{"public", func() *model.Architecture { return fixturePublic(false) }, 4},
	{"hybrid", func() *model.Architecture { return fixturePublic(true) }, 6},
	{"existing", fixtureExisting, 0},
}

var extOf = map[Format]string{SVG: ".svg", DrawIO: ".drawio", Mermaid: ".mmd"}

func render(t *testing.T, a *model.Architecture, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, a, opts); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test ./internal/render/diagram -update and review the diff)", path)
	}
}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		for _, f := range Formats {
			t.Run(fx.name+"/"+string(f), func(t *testing.T) {
				got := render(t, fx.arch(), Options{Format: f})
				golden(t, filepath.Join("testdata", fx.name+extOf[f]), got)
				again := render(t, fx.arch(), Options{Format: f})
				if !bytes.Equal(got, again) {
					t.Errorf("two renders of the same architecture differ")
				}
			})
		}
	}
}

// svgDoc is what the tests read back from an SVG.
type svgDoc struct {
	Texts []string
	Edges [][2]string
}

func parseSVG(t *testing.T, data []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	inText := false
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "text" {
				inText = true
				sb.Reset()
			}
			if x.Name.Local == "path" {
				var from, to string
				for _, a := range x.Attr {
					switch a.Name.Local {
					case "data-from":
						from = a.Value
					case "data-to":
						to = a.Value
					}
				}
				if from != "" {
					doc.Edges = append(doc.Edges, [2]string{from, to})
				}
			}
		case xml.CharData:
			if inText {
				sb.Write(x)
			}
		case xml.EndElement:
			if x.Name.Local == "text" {
				inText = false
				doc.Texts = append(doc.Texts, sb.String())
			}
		}
	}
	return doc
}

// TestSVGShowsEveryComponent is the acceptance check for the embedded default's shape:
// every component of the reference architecture is named and every connection drawn.
func TestSVGShowsEveryComponent(t *testing.T) {
	a := fixturePrivate()
	out := render(t, a, Options{Format: SVG})
	doc := parseSVG(t, out)
	all := strings.Join(doc.Texts, "\n")
	for _, want := range []string{
		"AWS Cloud", "Region", "us-east-1", "VPC", "Availability Zone 1", "Availability Zone 2", "Private subnet",
		"MWAA environment", "Web server", "Scheduler", "Workers", "Metadata database", "Aurora PostgreSQL",
		"Amazon S3", "CloudWatch Logs", "Amazon CloudWatch", "2 alarms", "Amazon ECR", "Amazon SQS", "AWS STS", "AWS KMS",
		"IAM execution role", "Client VPN endpoint", "Corporate network", "Corporate users", "VPC endpoints",
		"HTTPS 443", "PostgreSQL 5432", "OpenVPN UDP 443", "IAM", "KMS", "Legend",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG does not name %q", want)
		}
	}
	for _, e := range a.Endpoints {
		if short := model.ServiceShortName(e.Service); !strings.Contains(all, short) {
			t.Errorf("SVG does not name the %s endpoint", short)
		}
	}
	g := Derive(a, nil)
	drawn := map[[2]string]int{}
	for _, e := range doc.Edges {
		drawn[e]++
	}
	for _, e := range g.Edges {
		if drawn[[2]string{e.From, e.To}] == 0 {
			t.Errorf("no connector for %s -> %s (%s)", e.From, e.To, e.Label)
		}
	}
	if len(doc.Edges) != len(g.Edges) {
		t.Errorf("SVG has %d connectors, the graph %d edges", len(doc.Edges), len(g.Edges))
	}
	// Self-contained: nothing fetched, nothing run.
	for _, bad := range []string{"<script", "<image", "@import", "url(http", "href=\"http", "<foreignObject"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("SVG contains %q", bad)
		}
	}
}

func TestDrawIO(t *testing.T) {
	a := fixturePrivate()
	out := render(t, a, Options{Format: DrawIO})
	type mxCell struct {
		ID     string `xml:"id,attr"`
		Style  string `xml:"style,attr"`
		Edge   string `xml:"edge,attr"`
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
		Parent string `xml:"parent,attr"`
	}
	var f struct {
		Host    string `xml:"host,attr"`
		Diagram struct {
			Cells   []mxCell `xml:"mxGraphModel>root>mxCell"`
			Objects []struct {
				ID   string `xml:"id,attr"`
				Cell mxCell `xml:"mxCell"`
			} `xml:"mxGraphModel>root>object"`
		} `xml:"diagram"`
	}
	if err := xml.Unmarshal(out, &f); err != nil {
		t.Fatalf("draw.io file is not XML: %v", err)
	}
	if f.Host != "mwaanet" || len(f.Diagram.Cells) < 3 || f.Diagram.Cells[0].ID != "0" || f.Diagram.Cells[1].ID != "1" {
		t.Fatalf("draw.io skeleton wrong: host %q, %d cells", f.Host, len(f.Diagram.Cells))
	}
	ids := map[string]bool{}
	edges := map[[2]string]bool{}
	aws4 := 0
	for _, c := range f.Diagram.Cells {
		if ids[c.ID] {
			t.Errorf("duplicate cell id %q", c.ID)
		}
		ids[c.ID] = true
		if strings.Contains(c.Style, "mxgraph.aws4.") {
			aws4++
		}
		if c.Edge == "1" && c.Source != "" {
			edges[[2]string{c.Source, c.Target}] = true
		}
	}
	g := Derive(a, nil)
	tr := newTree(g)
	for _, c := range f.Diagram.Cells {
		if c.ID != "0" && !ids[c.Parent] {
			t.Errorf("cell %q has unknown parent %q", c.ID, c.Parent)
		}
		if c.Edge == "1" && c.Source != "" {
			// draw.io wants an edge's parent to be the nearest common ancestor of its ends.
			want := "1"
			if lca, _, _, ok := tr.lift(c.Source, c.Target); ok && lca != "" {
				want = lca
			}
			if c.Parent != want {
				t.Errorf("edge %s has parent %q, want the common ancestor %q", c.ID, c.Parent, want)
			}
		}
	}
	if aws4 < len(g.Nodes) {
		t.Errorf("only %d cells use mxgraph.aws4 shapes, want at least one per node (%d)", aws4, len(g.Nodes))
	}
	for _, want := range []string{"mxgraph.aws4.group_vpc2", "mxgraph.aws4.group_region", "mxgraph.aws4.group_aws_cloud_alt",
		"resIcon=mxgraph.aws4.managed_workflows_for_apache_airflow", "shape=mxgraph.aws4.endpoints", "resIcon=mxgraph.aws4.client_vpn", "fillColor=#C925D1"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("draw.io file lacks %q", want)
		}
	}
	for _, e := range g.Edges {
		if !edges[[2]string{e.From, e.To}] {
			t.Errorf("draw.io file lacks edge %s -> %s", e.From, e.To)
		}
		if !ids[e.From] || !ids[e.To] {
			t.Errorf("edge %s -> %s names a missing cell", e.From, e.To)
		}
	}
	if len(edges) != len(g.Edges) {
		t.Errorf("draw.io has %d edges, graph %d", len(edges), len(g.Edges))
	}
}

func TestMermaid(t *testing.T) {
	a := fixturePrivate()
	out := string(render(t, a, Options{Format: Mermaid}))
	if !strings.HasPrefix(out, "flowchart LR\n") {
		t.Fatalf("Mermaid text does not start with a flowchart header:\n%s", out[:min(len(out), 80)])
	}
	g := Derive(a, nil)
	for _, e := range g.Edges {
		if !strings.Contains(out, mid(e.From)+" ") || !strings.Contains(out, "| "+mid(e.To)+"\n") {
			t.Errorf("Mermaid lacks edge %s -> %s", e.From, e.To)
		}
	}
	if n, m := strings.Count(out, "subgraph "), strings.Count(out, "\n  end\n")+strings.Count(out, "    end\n"); n == 0 || n > m+20 {
		t.Errorf("subgraphs unbalanced: %d opened", n)
	}
	if strings.Count(out, "subgraph ") != strings.Count(out, "end\n") {
		t.Errorf("%d subgraphs but %d ends", strings.Count(out, "subgraph "), strings.Count(out, "end\n"))
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("png"); err == nil || !strings.Contains(err.Error(), "svg, drawio or mermaid") {
		t.Errorf("ParseFormat(png) = %v, want an error naming the formats", err)
	}
}

// TestDrawIOGeometryIsRelative: a child's geometry is relative to its parent and lies
// inside it, as draw.io expects.
func TestDrawIOGeometryIsRelative(t *testing.T) {
	type geo struct {
		X, Y, W, H float64
	}
	type file struct {
		Cells []struct {
			ID     string `xml:"id,attr"`
			Parent string `xml:"parent,attr"`
			Vertex string `xml:"vertex,attr"`
			Geom   struct {
				X float64 `xml:"x,attr"`
				Y float64 `xml:"y,attr"`
				W float64 `xml:"width,attr"`
				H float64 `xml:"height,attr"`
			} `xml:"mxGeometry"`
		} `xml:"diagram>mxGraphModel>root>mxCell"`
	}
	for _, fx := range fixtures {
		var f file
		out := render(t, fx.arch(), Options{Format: DrawIO})
		if err := xml.Unmarshal(out, &f); err != nil {
			t.Fatal(err)
		}
		size := map[string]geo{}
		for _, c := range f.Cells {
			if c.Vertex == "1" {
				size[c.ID] = geo{c.Geom.X, c.Geom.Y, c.Geom.W, c.Geom.H}
			}
		}
		for _, c := range f.Cells {
			p, ok := size[c.Parent]
			if c.Vertex != "1" || !ok {
				continue
			}
			g := geo{c.Geom.X, c.Geom.Y, c.Geom.W, c.Geom.H}
			if g.X < 0 || g.Y < 0 || g.X+g.W > p.W || g.Y+g.H > p.H {
				t.Errorf("%s: cell %s (%v) is not inside its parent %s (%v) in relative coordinates", fx.name, c.ID, g, c.Parent, p)
			}
		}
	}
}

func BenchmarkRenderDefaultSVG(b *testing.B) {
	a := fixturePrivate()
	var buf bytes.Buffer
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := Render(&buf, a, Options{Format: SVG}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIcons: the user's icon files replace the lettered tiles of their kinds, embedded as
// data URIs (nothing fetched); without them the SVG has no image at all.
func TestIcons(t *testing.T) {
	svgIcon := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#7AA116"/></svg>`)
	icons := map[string]Icon{
		"s3":                                   {"image/svg+xml", svgIcon},
		"managed_workflows_for_apache_airflow": {"image/svg+xml", svgIcon},
		"vpc-endpoint":                         {"image/png", []byte{0x89, 'P', 'N', 'G'}},
	}
	a := fixturePrivate()
	g := Derive(a, nil)
	want := 0
	for _, n := range g.Nodes {
		if _, ok := iconFor(icons, n.Kind); ok {
			want++
		}
	}
	out := string(render(t, a, Options{Format: SVG, Icons: icons}))
	parseSVG(t, []byte(out))
	if got := strings.Count(out, "<image "); got != want || want < 8 {
		t.Errorf("%d images for %d nodes with icons", got, want)
	}
	if !strings.Contains(out, `href="data:image/svg+xml;base64,`) || !strings.Contains(out, `href="data:image/png;base64,`) {
		t.Error("icons are not embedded as data URIs")
	}
	if strings.Contains(out, ">S3</text>") {
		t.Error("the S3 node still shows its lettered tile")
	}
	if plain := string(render(t, a, Options{Format: SVG})); strings.Contains(plain, "<image") {
		t.Error("an SVG without icons contains an image")
	}
}
