package diagram

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/mwaanet/mwaanet/internal/testkit/browser"
)

// chromium finds a Chromium or Chrome binary, or "".
func chromium() string { return browser.Path() }

// screenshot renders an SVG file in headless Chromium at its own size.
func screenshot(t *testing.T, bin, svgPath, pngPath string, w, h int) {
	t.Helper()
	browser.Run(t, bin, 90*time.Second, "--hide-scrollbars", fmt.Sprintf("--window-size=%d,%d", w, h),
		"--screenshot="+pngPath, "file://"+svgPath)
}

// TestSVGInChromium renders the SVG of the existing-VPC fixture (subnets known only by
// ID; the use cases are rendered in usecases_test.go) in headless Chromium and checks the PNG:
// the canvas size, enough drawn pixels, the category colours present, and a blank
// margin all round (nothing drawn off the canvas). Set MWAANET_DIAGRAM_PNG_DIR to keep
// the PNGs for a look.
func TestSVGInChromium(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("chromium not found: install it (apt-get install -y chromium) to render the SVGs to PNG")
	}
	dir := os.Getenv("MWAANET_DIAGRAM_PNG_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, fx := range fixtures[3:] {
		t.Run(fx.name, func(t *testing.T) {
			l := Lay(Derive(fx.arch(), nil))
			svgPath, _ := filepath.Abs(filepath.Join(dir, fx.name+".svg"))
			pngPath, _ := filepath.Abs(filepath.Join(dir, fx.name+".png"))
			f, err := os.Create(svgPath)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteSVG(f, l); err != nil {
				t.Fatal(err)
			}
			f.Close()
			w, h := int(math.Ceil(l.Width)), int(math.Ceil(l.Height))
			screenshot(t, bin, svgPath, pngPath, w, h)
			pf, err := os.Open(pngPath)
			if err != nil {
				t.Fatal(err)
			}
			defer pf.Close()
			img, err := png.Decode(pf)
			if err != nil {
				t.Fatalf("decoding the screenshot: %v", err)
			}
			checkPNG(t, img, w, h)
			checkText(t, img, l)
		})
	}
}

func checkPNG(t *testing.T, img image.Image, w, h int) {
	t.Helper()
	b := img.Bounds()
	if b.Dx() < w || b.Dy() < h {
		t.Fatalf("screenshot is %d×%d, the SVG %d×%d", b.Dx(), b.Dy(), w, h)
	}
	drawn, total := 0, 0
	colours := map[string]int{"#8C4FFF": 0, "#E7157B": 0, "#DD344C": 0, "#00A4A6": 0}
	rgb := map[string][3]uint32{}
	for c := range colours {
		var r, g, bl uint32
		fmt.Sscanf(c, "#%02x%02x%02x", &r, &g, &bl)
		rgb[c] = [3]uint32{r, g, bl}
	}
	edge := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			total++
			if r < 245 || g < 245 || bl < 245 {
				drawn++
				if x < 6 || y < 6 || x >= w-6 || y >= h-6 {
					edge++
				}
			}
			for c, v := range rgb {
				if absDiff(r, v[0]) < 6 && absDiff(g, v[1]) < 6 && absDiff(bl, v[2]) < 6 {
					colours[c]++
				}
			}
		}
	}
	if frac := float64(drawn) / float64(total); frac < 0.03 {
		t.Errorf("the PNG is nearly blank: %.1f%% of pixels drawn", 100*frac)
	}
	for c, n := range colours {
		if n < 50 {
			t.Errorf("colour %s shows in %d pixels only", c, n)
		}
	}
	if edge > 0 {
		t.Errorf("%d pixels drawn within 6px of the canvas edge: something runs off the canvas", edge)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// fontsInstalled reports whether fontconfig knows any font (a machine without fonts
// draws SVG text as nothing).
func fontsInstalled() bool {
	out, err := exec.Command("fc-list").Output()
	return err == nil && len(out) > 0
}

// checkText verifies that the labels were drawn where the layout put them: the title and
// every node's label hold dark text pixels.
func checkText(t *testing.T, img image.Image, l *Layout) {
	t.Helper()
	if !fontsInstalled() {
		t.Log("no fonts installed (fc-list is empty): not checking that text was drawn; install fonts-liberation")
		return
	}
	ink := func(r Rect) int {
		n := 0
		for y := int(r.Y); y < int(r.Bottom()); y++ {
			for x := int(r.X); x < int(r.Right()); x++ {
				cr, cg, cb, _ := img.At(x, y).RGBA()
				if cr>>8 < 110 && cg>>8 < 110 && cb>>8 < 130 {
					n++
				}
			}
		}
		return n
	}
	if n := ink(l.Title); n < 100 {
		t.Errorf("title area has %d text pixels: the title was not drawn", n)
	}
	for _, n := range l.Graph.Nodes {
		b := l.Box[n.ID]
		area := Rect{b.X + 8 + tileSize + 10, b.Y + 8, textWidth(n.Label, fontNode, true), 14}
		if c := ink(area); c < 15 {
			t.Errorf("label %q of %s has %d text pixels: not drawn where the layout put it", n.Label, n.ID, c)
		}
	}
}
