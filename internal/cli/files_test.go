package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFileAtomicErrors: failures name the path the user gave, never the temporary
// file, and leave nothing behind.
func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "f.txt")
	if err := writeFileAtomic(file, []byte("one"), 0o600, false); err != nil {
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
		err := writeFileAtomic(tc.path, []byte("two"), 0o644, tc.overwrite)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("%s: %v; want %q", tc.path, err, tc.want)
		}
	}
	if err := writeFileAtomic(file, []byte("two"), 0o644, true); err != nil {
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
