package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteNewAndRefuseExisting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.yaml")
	if err := Write(p, []byte("one"), Options{}); err != nil {
		t.Fatal(err)
	}
	err := Write(p, []byte("two"), Options{})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "give --force") || strings.Count(err.Error(), "already exists") > 1 {
		t.Fatalf("second write: %v; want ErrExists naming --force", err)
	}
	if got := read(t, p); got != "one" {
		t.Fatalf("refused write changed the file: %q", got)
	}
	if err := Write(p, []byte("two"), Options{Force: true}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "two" {
		t.Fatalf("forced write: %q", got)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestWriteNeverOntoAnInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "spec.yaml")
	os.WriteFile(in, []byte("spec"), 0o644)
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(in, link); err != nil {
		t.Skip("no symbolic links here")
	}
	hard := filepath.Join(dir, "hard.yaml")
	if err := os.Link(in, hard); err != nil {
		t.Skip("no hard links here")
	}
	for _, target := range []string{in, link, hard, filepath.Join(dir, ".", "spec.yaml")} {
		err := Write(target, []byte("template"), Options{Force: true, Inputs: []string{in}})
		if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "even with --force") {
			t.Errorf("%s: %v; want ErrInput", target, err)
		}
	}
	if got := read(t, in); got != "spec" {
		t.Fatalf("input changed: %q", got)
	}
}

func TestWriteDirectoryTarget(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, []byte("x"), Options{Force: true}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("got %v", err)
	}
	if err := Write(filepath.Join(dir, "no", "x.svg"), []byte("x"), Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("got %v", err)
	}
}

func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	files := []File{{Name: "main.tf", Data: []byte("new main")}, {Name: "key.pem", Data: []byte("k"), Mode: 0o600}}
	paths, err := WriteFiles(dir, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || filepath.Base(paths[0]) != "key.pem" {
		t.Errorf("paths %v", paths)
	}
	if fi, _ := os.Stat(paths[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	// The user's own main.tf is never replaced without Force, and a refused run writes
	// nothing at all (not even the files that would be new).
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("user's main"), 0o644)
	_, err = WriteFiles(dir, []File{{Name: "a.tf", Data: []byte("a")}, {Name: "main.tf", Data: []byte("x")}}, Options{})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("got %v", err)
	}
	if got := read(t, filepath.Join(dir, "main.tf")); got != "user's main" {
		t.Errorf("main.tf: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.tf")); err == nil {
		t.Errorf("a refused run wrote a.tf")
	}
	if _, err := WriteFiles(dir, []File{{Name: "main.tf", Data: []byte("x")}}, Options{Force: true}); err != nil {
		t.Fatal(err)
	}
	// Never onto an input, even with Force.
	_, err = WriteFiles(dir, []File{{Name: "main.tf", Data: []byte("y")}}, Options{Force: true, Inputs: []string{filepath.Join(dir, "main.tf")}})
	if !errors.Is(err, ErrInput) {
		t.Fatalf("got %v", err)
	}
	if _, err := WriteFiles(dir, []File{{Name: "../x", Data: nil}}, Options{}); err == nil {
		t.Error("a name with a separator was accepted")
	}
}

// TestWriteFilesFailureLeavesNoDirectory: a write that fails leaves no directory it
// created behind.
func TestWriteFilesFailureLeavesNoDirectory(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "new")
	// A name too long for the file system fails after the directory was made.
	_, err := WriteFiles(dir, []File{{Name: "a", Data: []byte("a")}, {Name: strings.Repeat("n", 300), Data: nil}}, Options{})
	if err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s left behind", dir)
	}
	created, err := MkdirAll(filepath.Join(base, "x", "y"))
	if err != nil || len(created) != 2 {
		t.Fatalf("created %v, %v", created, err)
	}
	RemoveCreated(created)
	if _, err := os.Stat(filepath.Join(base, "x")); err == nil {
		t.Errorf("RemoveCreated left %s", filepath.Join(base, "x"))
	}
}

func TestInputFilesUnder(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	for _, n := range []string{"a.json", "sub/b.JSON", "c.svg"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	got := InputFilesUnder(dir, ".json")
	if len(got) != 2 {
		t.Errorf("got %v", got)
	}
}
