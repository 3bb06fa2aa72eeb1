package diagram_test

import (
	"bytes"
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
)

// useCase builds the architecture of use case n the way `mwaanet synth` does.
func useCase(t *testing.T, n int) *model.Architecture {
	t.Helper()
	s, err := spec.UseCase(n)
	if err != nil {
		t.Fatal(err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("design.Build(use case %d): %v", n, err)
	}
	return a
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

func TestUseCaseLayout(t *testing.T) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		l := diagram.Lay(diagram.Derive(useCase(t, n), nil))
		for _, e := range diagram.CheckGeometry(l) {
			t.Errorf("use case %d: %s", n, e)
		}
		// Public routing crosses a few paths: each zone's NAT traffic and database traffic
		// interleave; private routing needs none.
		limit := 0
		if l.Graph.Title != "" && strings.Contains(l.Graph.Title, "public routing") {
			limit = 4
		}
		if c := diagram.Crossings(l); c > limit {
			t.Errorf("use case %d: %d edge crossings, want at most %d", n, c, limit)
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
