package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteOutputErrors: failures name the path the user gave, never the temporary
// file, and leave nothing behind.
func TestWriteOutputErrors(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "f.txt")
	if err := writeOutput(file, []byte("one"), 0o600, false, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path      string
		overwrite bool
		want      string
	}{
		{sub, true, sub + " is a directory; expected a file"},
		{file, false, file + " already exists; not overwriting it"},
		{filepath.Join(dir, "missing", "x.svg"), true, "x.svg: directory " + filepath.Join(dir, "missing") + " does not exist"},
		{filepath.Join(file, "x.svg"), true, file + " is not a directory"},
	} {
		err := writeOutput(tc.path, []byte("two"), 0o644, tc.overwrite, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("%s: %v; want %q", tc.path, err, tc.want)
		}
	}
	if err := writeOutput(file, []byte("two"), 0o644, true, nil); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != "two" {
		t.Errorf("overwrite: %q", data)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestWriteOutputs: a set of files is renamed into place only when every one is
// written; a failure leaves the old files as they were and no temporary file behind.
func TestWriteOutputs(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeOutputs(dir, map[string][]byte{"a.tf": []byte("old a"), "b.tf": []byte("old b")}, 0o644, false, nil); err != nil {
		t.Fatal(err)
	}
	// c.tf is a directory: nothing may change.
	if err := os.Mkdir(filepath.Join(dir, "c.tf"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := writeOutputs(dir, map[string][]byte{"a.tf": []byte("new a"), "b.tf": []byte("new b"), "c.tf": []byte("new c")}, 0o644, true, nil)
	if err == nil || !strings.Contains(err.Error(), "c.tf is a directory") {
		t.Fatalf("err = %v, want c.tf is a directory", err)
	}
	for _, n := range []string{"a.tf", "b.tf"} {
		if data, _ := os.ReadFile(filepath.Join(dir, n)); !strings.HasPrefix(string(data), "old") {
			t.Errorf("%s = %q after a failed write; want the old contents", n, data)
		}
	}
	paths, err := writeOutputs(dir, map[string][]byte{"b.tf": []byte("new b"), "a.tf": []byte("new a")}, 0o644, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || paths[0] != filepath.Join(dir, "a.tf") || paths[1] != filepath.Join(dir, "b.tf") {
		t.Errorf("paths = %v, want a.tf, b.tf in order", paths)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
