package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestEmbeddedMatchesNPM regenerates the catalogue from the npm package installed at the
// repository root and compares it with the embedded file, so a table edited by hand or
// left behind after a version bump fails here.
func TestEmbeddedMatchesNPM(t *testing.T) {
	dir, err := findPackage(".")
	if err != nil {
		t.Skipf("%s is not installed (npm ci at the repository root installs the version package.json pins): %v", Package, err)
	}
	version, text, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "catalog.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := bytes.Cut(embedded, []byte("\n"))
	if want := "# " + Package + " " + version; string(first) != want {
		t.Skipf("node_modules holds %s but the embedded catalogue says %q: run npm ci (package-lock.json pins the version), then go generate ./internal/iamcatalog if package.json changed", version, first)
	}
	if !bytes.Equal(text, embedded) {
		t.Errorf("the embedded catalogue differs from %s %s: run go generate ./internal/iamcatalog", Package, version)
	}
	again, err := Compress(text)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Errorf("catalog.tsv.gz is not the gzip this generator writes for the same text: run go generate ./internal/iamcatalog")
	}
}
