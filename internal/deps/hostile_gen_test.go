package deps

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Generators of the hostile inputs of issue 11, shared by TestHostileInputs and the
// benchmarks.

// metadataContinuationZip is plugins.zip with one wheel whose METADATA has a Description
// field of n continuation lines: a few hundred bytes compressed, quadratic before.
func metadataContinuationZip(t testing.TB, n int) []byte {
	t.Helper()
	var meta bytes.Buffer
	meta.WriteString("Metadata-Version: 2.1\nName: bomb\nVersion: 1.0\nDescription: x\n")
	for i := 0; i < n; i++ {
		meta.WriteString(" .\n")
	}
	meta.WriteString("\n")
	whl := wheelFileB(t, "bomb-1.0-py3-none-any.whl", meta.Bytes())
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("bomb-1.0-py3-none-any.whl")
	f.Write(whl)
	zw.Close()
	return buf.Bytes()
}

// writeDiamond writes levels × width requirements files in dir where every file of a
// level includes every file of the next: width^levels paths through width*levels files.
// It returns the top file.
func writeDiamond(t testing.TB, dir string, width, levels int) string {
	t.Helper()
	name := func(l, i int) string { return fmt.Sprintf("l%02d-%02d.txt", l, i) }
	for l := 0; l < levels; l++ {
		for i := 0; i < width; i++ {
			var b strings.Builder
			if l == levels-1 {
				fmt.Fprintf(&b, "pkg%d\n", i)
			} else {
				for j := 0; j < width; j++ {
					fmt.Fprintf(&b, "-r %s\n", name(l+1, j))
				}
			}
			if err := os.WriteFile(filepath.Join(dir, name(l, i)), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	top := filepath.Join(dir, "requirements.txt")
	os.WriteFile(top, []byte("--no-index\n--find-links /usr/local/airflow/plugins\n-r "+name(0, 0)+"\n"), 0o644)
	return top
}

// continuationLines is size bytes of lines continued with a backslash, then a requirement.
func continuationLines(size int) []byte {
	line := []byte("        \\\n")
	b := bytes.Repeat(line, size/len(line))
	return append(b, "six\n"...)
}

func zipBytes(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		f, _ := zw.Create(name)
		f.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}
