package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCheckGolden keeps check's text and JSON output on AWS's quick-start template and
// its snapshot as files a reviewer can read (testdata/check; rewrite with -update).
func TestCheckGolden(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	corpusDir := filepath.Dir(filepath.Dir(corpus(t, quickStartTemplate)))
	for _, tc := range []struct{ input, format, golden string }{
		{"cloudformation/aws-mwaa-quick-start.yaml", "text", "quick-start-template.txt"},
		{"cloudformation/aws-mwaa-quick-start.yaml", "json", "quick-start-template.json"},
		{"snapshot/aws-mwaa-quick-start", "text", "quick-start-snapshot.txt"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			t.Chdir(corpusDir) // relative paths in the output
			_, out, errs := runCLI(t, nil, false, "check", "--format", tc.format, tc.input)
			if errs != "" {
				t.Fatalf("stderr: %s", errs)
			}
			path := filepath.Join(wd, "testdata", "check", tc.golden)
			if updatingGolden() {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("check %s --format %s differs from %s (go test -update rewrites it):\n%s", tc.input, tc.format, tc.golden, out)
			}
		})
	}
}
