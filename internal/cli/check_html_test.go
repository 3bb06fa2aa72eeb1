package cli

import (
	"encoding/json"
	"html"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ruledocs "github.com/mwaanet/mwaanet/docs/rules"
	"github.com/mwaanet/mwaanet/internal/testkit/browser"
)

// htmlCase is one input of the HTML report tests: the embedded default (passes) and a
// defective template (NET-04 and NET-05 fail).
type htmlCase struct {
	name string
	args []string
	code int
}

var htmlCases = []htmlCase{
	{"default", nil, ExitOK},
	{"defective", []string{filepath.Join("testdata", "html", "defective.yaml")}, ExitFindings},
}

type htmlExpect struct {
	page     string
	findings []struct{ Rule, Message string }
	paths    []struct{ From, To string }
}

func buildHTML(t *testing.T, c htmlCase) htmlExpect {
	t.Helper()
	code, page, errs := runCLI(t, nil, false, append([]string{"check", "--format", "html"}, c.args...)...)
	if code != c.code {
		t.Fatalf("check --format html exited %d, want %d: %s", code, c.code, errs)
	}
	var e htmlExpect
	e.page = page
	_, js, _ := runCLI(t, nil, false, append([]string{"check", "--format", "json"}, c.args...)...)
	var rep struct {
		Findings []struct{ Rule, Message string }
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	e.findings = rep.Findings
	_, tj, _ := runCLI(t, nil, false, append([]string{"trace", "--all", "--format", "json"}, c.args...)...)
	var tr struct {
		Paths []struct {
			Query struct{ From, To string }
		}
	}
	if err := json.Unmarshal([]byte(tj), &tr); err != nil {
		t.Fatalf("trace --all: %v\n%s", err, tj)
	}
	for _, p := range tr.Paths {
		e.paths = append(e.paths, struct{ From, To string }{p.Query.From, p.Query.To})
	}
	if len(e.findings) == 0 || len(e.paths) == 0 {
		t.Fatalf("nothing to look for: %d findings, %d paths", len(e.findings), len(e.paths))
	}
	return e
}

var attrURL = regexp.MustCompile(`(?i)\s(?:src|href|xlink:href|action|poster|data)\s*=\s*"([^"]*)"`)

// The page holds every finding and every path, says where each finding is, links only to
// the rule pages, and asks for nothing over the network.
func TestCheckHTML(t *testing.T) {
	for _, c := range htmlCases {
		t.Run(c.name, func(t *testing.T) {
			e := buildHTML(t, c)
			p := e.page
			if !strings.Contains(p, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`) {
				t.Error("no Content-Security-Policy that forbids requests")
			}
			for _, m := range attrURL.FindAllStringSubmatch(p, -1) {
				u := m[1]
				if strings.HasPrefix(u, "#") || strings.HasPrefix(u, "data:") {
					continue
				}
				if !strings.HasPrefix(u, ruledocs.BaseURL) {
					t.Errorf("a link or source that leaves the file: %q", u)
				}
			}
			for _, bad := range []string{"<link", "@import", "<iframe", "<object", "<embed"} {
				if strings.Contains(strings.ToLower(p), bad) {
					t.Errorf("the page has %s", bad)
				}
			}
			for _, f := range e.findings {
				if !strings.Contains(p, ">"+f.Rule+"<") || !strings.Contains(p, html.EscapeString(f.Message)) {
					t.Errorf("finding %s %q is not on the page", f.Rule, f.Message)
				}
			}
			if got := strings.Count(p, `<details class="path`); got != len(e.paths) {
				t.Errorf("%d paths on the page, trace --all has %d", got, len(e.paths))
			}
			for _, path := range e.paths {
				if !strings.Contains(p, html.EscapeString(path.From+" → "+path.To)) {
					t.Errorf("path %s → %s is not on the page", path.From, path.To)
				}
			}
			if !strings.Contains(p, "<svg") {
				t.Error("no inline diagram")
			}
			if c.code == ExitFindings {
				// One click from the top to a failing path: it is linked and open.
				if !regexp.MustCompile(`Failing paths: <a href="#path-\d+">`).MatchString(p) ||
					!regexp.MustCompile(`<details class="path bad" id="path-\d+" open`).MatchString(p) {
					t.Error("the failing paths are not linked from the top, or not open")
				}
				if !strings.Contains(p, ruledocs.URL("NET-05/path")) {
					t.Error("no link to the NET-05 page")
				}
			}
		})
	}
}

const chromiumPath = "/usr/bin/chromium"

func chromium(t *testing.T, args ...string) (string, string) {
	t.Helper()
	base := []string{"--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0"}
	out, errb := browser.Run(t, chromiumPath, 3*time.Minute, append(base, args...)...)
	return string(out), string(errb)
}

// The page in a real browser: the script runs without a console message, every finding and
// path is in the DOM, and screenshots at 1280 and 1920 wide show the verdict's colour.
// MWAANET_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
func TestCheckHTMLInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not installed (apt-get install chromium fonts-liberation): the HTML report is checked without a browser only", chromiumPath)
	}
	keep := os.Getenv("MWAANET_SCREENSHOTS")
	for _, c := range htmlCases {
		t.Run(c.name, func(t *testing.T) {
			e := buildHTML(t, c)
			dir := t.TempDir()
			file := filepath.Join(dir, "report.html")
			if err := os.WriteFile(file, []byte(e.page), 0o644); err != nil {
				t.Fatal(err)
			}
			url := "file://" + file
			dom, logs := chromium(t, "--dump-dom", url)
			for _, line := range strings.Split(logs, "\n") {
				if strings.Contains(line, ":CONSOLE") {
					t.Errorf("console message: %s", line)
				}
			}
			if !strings.Contains(dom, `<div id="filters">`) {
				t.Error("the filter script did not run (the filters are still hidden)")
			}
			if got := strings.Count(dom, `<tr class="finding"`); got != len(e.findings) {
				t.Errorf("%d findings in the DOM, want %d", got, len(e.findings))
			}
			if got := strings.Count(dom, `<details class="path`); got != len(e.paths) {
				t.Errorf("%d paths in the DOM, want %d", got, len(e.paths))
			}
			verdict := color.RGBA{0x1d, 0x81, 0x02, 0xff} // pass
			if c.code == ExitFindings {
				verdict = color.RGBA{0xd1, 0x32, 0x12, 0xff}
			}
			widths := []int{1280, 1920}
			if c.name == "default" {
				widths = widths[:1]
			}
			for _, w := range widths {
				shot := filepath.Join(dir, c.name+"-"+strconv.Itoa(w)+".png")
				chromium(t, "--window-size="+strconv.Itoa(w)+",1400", "--hide-scrollbars", "--screenshot="+shot, url)
				checkScreenshot(t, shot, w, 1400, verdict)
				if keep != "" {
					if b, err := os.ReadFile(shot); err == nil {
						os.WriteFile(filepath.Join(keep, filepath.Base(shot)), b, 0o644)
					}
				}
			}
		})
	}
}

// checkScreenshot: the expected size, not blank (many colours), and the verdict's colour
// in the top part of the page.
func checkScreenshot(t *testing.T, path string, w, h int, verdict color.RGBA) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("%s: %dx%d, want %dx%d", filepath.Base(path), b.Dx(), b.Dy(), w, h)
	}
	colours := map[color.RGBA]bool{}
	verdictPixels := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 0xff}
			colours[c] = true
			if y < 300 && c == verdict {
				verdictPixels++
			}
		}
	}
	if len(colours) < 50 {
		t.Errorf("%s looks blank: %d colours", filepath.Base(path), len(colours))
	}
	if verdictPixels < 100 {
		t.Errorf("%s: the verdict's colour %v is not at the top (%d pixels)", filepath.Base(path), verdict, verdictPixels)
	}
}
