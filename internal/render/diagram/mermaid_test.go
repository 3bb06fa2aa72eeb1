package diagram

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// mermaidCheck parses each file with Mermaid's own parser (mermaid.parse, in Node with
// jsdom for the DOM it expects) and exits 1 naming any that fail.
const mermaidCheck = `
import { JSDOM } from 'jsdom';
import fs from 'fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window; globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
let bad = 0;
for (const f of process.argv.slice(1)) {
  try { await mermaid.parse(fs.readFileSync(f, 'utf8')); }
  catch (e) { bad++; console.log(f + ': ' + String(e.message || e)); }
}
process.exit(bad ? 1 : 0);
`

// nodeModulesRoot finds the directory whose node_modules holds the given packages: the
// repository root (npm ci from package.json), or MWAANET_NODE_MODULES_ROOT.
func nodeModulesRoot(pkgs ...string) string {
	var dirs []string
	if d := os.Getenv("MWAANET_NODE_MODULES_ROOT"); d != "" {
		dirs = append(dirs, d)
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			dirs = append(dirs, d)
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	for _, d := range dirs {
		all := true
		for _, p := range pkgs {
			if _, err := os.Stat(filepath.Join(d, "node_modules", p, "package.json")); err != nil {
				all = false
			}
		}
		if all {
			return d
		}
	}
	return ""
}

// TestMermaidParses checks every Mermaid golden file with Mermaid's parser.
func TestMermaidParses(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: install Node.js to parse the Mermaid output with mermaid")
	}
	root := nodeModulesRoot("mermaid", "jsdom")
	if root == "" {
		t.Skip("mermaid and jsdom not in node_modules (npm ci with them in package.json, or set MWAANET_NODE_MODULES_ROOT)")
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.mmd"))
	if len(files) == 0 {
		t.Fatal("no Mermaid golden files")
	}
	args := []string{"--input-type=module", "-e", mermaidCheck}
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		args = append(args, abs)
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("mermaid rejects the output: %v\n%s", err, out)
	}
}
