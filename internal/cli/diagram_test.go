package cli

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// runDiagramCmd runs the diagram command with fake streams; opts nil means the real
// loader.
func runDiagramCmd(t *testing.T, opts *diagramOptions, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errOut},
		Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }}
	if opts == nil {
		opts = &diagramOptions{load: LoadArchitectures}
	}
	cmd := diagramCmd(app, opts)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	code := ExitOK
	if err != nil {
		code = ExitInput
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
		}
		errOut.WriteString("mwaanet: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), code
}

func TestDiagramDefaultIsTheREADMEPicture(t *testing.T) {
	out, errOut, code := runDiagramCmd(t, nil)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
		t.Fatalf("output is not XML: %v", err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "docs", "diagram.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Error("mwaanet diagram does not print docs/diagram.svg (regenerate: go test ./internal/render/diagram -update)")
	}
}

func TestDiagramFormats(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "spec.yaml")
	text, err := spec.UseCaseText(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(specPath, text, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		file string
		want string
	}{
		{[]string{specPath, "--format", "mermaid"}, "", "flowchart LR\n"},
		{[]string{specPath, "-f", "drawio"}, "", "<mxfile host=\"mwaanet\">"},
		{[]string{specPath, "--out", filepath.Join(dir, "a.drawio")}, "a.drawio", "<mxfile host=\"mwaanet\">"},
		{[]string{specPath, "--out", filepath.Join(dir, "a.mmd")}, "a.mmd", "flowchart LR\n"},
		{[]string{specPath, "--out", filepath.Join(dir, "a.svg")}, "a.svg", "<?xml"},
		{[]string{specPath, "--out", filepath.Join(dir, "picture"), "--format", "svg"}, "picture", "<?xml"},
	} {
		out, errOut, code := runDiagramCmd(t, nil, tc.args...)
		if code != ExitOK {
			t.Errorf("%v: exit %d: %s", tc.args, code, errOut)
			continue
		}
		got := out
		if tc.file != "" {
			if out != "" {
				t.Errorf("%v: printed %d bytes with --out", tc.args, len(out))
			}
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Errorf("%v: %v", tc.args, err)
				continue
			}
			got = string(data)
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%v: output starts %q, want %q", tc.args, got[:min(len(got), 40)], tc.want)
		}
		if strings.Contains(got, "mwaa-public") == false {
			t.Errorf("%v: the diagram is not of the given spec (no mwaa-public)", tc.args)
		}
	}
	// No temporary files left beside the outputs.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestDiagramErrors(t *testing.T) {
	_, errOut, code := runDiagramCmd(t, nil, "--format", "png")
	if code != ExitInput || !strings.Contains(errOut, "svg, drawio or mermaid") {
		t.Errorf("--format png: exit %d, %q; want 2 naming the formats", code, errOut)
	}
	_, errOut, code = runDiagramCmd(t, nil, filepath.Join(t.TempDir(), "missing.yaml"))
	if code != ExitInput || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing input: exit %d, %q; want 2 naming the file", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("routing: sideways\nvpc:\n  cidr: 10.0.0.0/16\n"), 0o644)
	_, errOut, code = runDiagramCmd(t, nil, bad)
	if code != ExitInput || !strings.Contains(errOut, "bad.yaml:") {
		t.Errorf("bad spec: exit %d, %q; want 2 with file:line", code, errOut)
	}
	_, _, code = runDiagramCmd(t, nil, "a", "b")
	if code != ExitInput {
		t.Errorf("two inputs: exit %d, want 2", code)
	}
}

// TestDiagramFindings: findings handed to the command mark their components in red.
func TestDiagramFindings(t *testing.T) {
	a, err := LoadArchitecture("", InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var subnet string
	for _, s := range a.Environment().Subnets {
		subnet = s
		break
	}
	opts := &diagramOptions{
		load: func([]string, InputOptions) (*model.Architecture, error) { return a, nil },
		Findings: []model.Finding{
			{Rule: "NET-01/two-azs", Severity: model.SeverityError, Resource: subnet, Message: "test finding"},
			{Rule: "KMS-01/policy", Severity: model.SeverityError, Resource: "NotInTheDiagram", Message: "elsewhere"},
		},
	}
	out, errOut, code := runDiagramCmd(t, opts)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`stroke="#DD344C" stroke-width="3"`, ">NET-01/two-azs<", "KMS-01/policy NotInTheDiagram: elsewhere"} {
		if !strings.Contains(out, want) {
			t.Errorf("SVG with findings lacks %q", want)
		}
	}
	plain, _, _ := runDiagramCmd(t, &diagramOptions{load: opts.load})
	if strings.Contains(plain, `stroke="#DD344C" stroke-width="3"`) {
		t.Error("SVG without findings marks something in red")
	}
	out, _, _ = runDiagramCmd(t, opts, "--format", "drawio")
	if !strings.Contains(out, `tags="finding"`) || !strings.Contains(out, "NET-01/two-azs") {
		t.Error("draw.io file with findings lacks the tagged object")
	}
}

func TestDiagramIcons(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "S3.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	os.WriteFile(filepath.Join(dir, "client_vpn.png"), []byte("\x89PNG\r\n\x1a\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)
	out, errOut, code := runDiagramCmd(t, nil, "--icons", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Count(out, `href="data:image/svg+xml;base64,`) != 1 || strings.Count(out, `href="data:image/png;base64,`) != 1 {
		t.Error("--icons should embed the S3 and Client VPN icons once each")
	}
	_, errOut, code = runDiagramCmd(t, nil, "--icons", filepath.Join(dir, "missing"))
	if code != ExitInput || !strings.Contains(errOut, "--icons") || !strings.Contains(errOut, filepath.Join(dir, "missing")) {
		t.Errorf("missing icon dir: exit %d, %q; want 2 naming --icons and the directory", code, errOut)
	}
	// A file that is not the image its name says is an error, not a broken picture.
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "s3.svg"), []byte("\x00\x01 not an image"), 0o644)
	_, errOut, code = runDiagramCmd(t, nil, "--icons", bad)
	if code != ExitInput || !strings.Contains(errOut, "s3.svg is not an SVG image") {
		t.Errorf("garbage icon: exit %d, %q; want 2 naming the file", code, errOut)
	}
	os.Remove(filepath.Join(bad, "s3.svg"))
	os.WriteFile(filepath.Join(bad, "s3.png"), []byte("GIF89a"), 0o644)
	_, errOut, code = runDiagramCmd(t, nil, "--icons", bad)
	if code != ExitInput || !strings.Contains(errOut, "s3.png is not a PNG image") {
		t.Errorf("GIF named .png: exit %d, %q; want 2 naming the file", code, errOut)
	}
}
