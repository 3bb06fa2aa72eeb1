package deps

import (
	"fmt"
	"strings"
	"testing"
)

// benchPlugins makes n projects with three versions each; project i requires projects
// 2i+1 and 2i+2 (a tree), with ranges that exclude their newest version, so the resolver
// filters on every edge.
func benchPlugins(b *testing.B, n int) *Plugins {
	files := map[string][]byte{}
	for i := 0; i < n; i++ {
		for v := 1; v <= 3; v++ {
			var reqs []string
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < n {
					reqs = append(reqs, fmt.Sprintf("Requires-Dist: pkg%d>=1,<3", c))
				}
			}
			name := fmt.Sprintf("pkg%d", i)
			file := fmt.Sprintf("%s-%d.0-py3-none-any.whl", name, v)
			files[file] = wheelFileB(b, file, synthMetadata(name, fmt.Sprintf("%d.0", v), reqs...))
		}
	}
	return pluginsZipB(b, files)
}

func BenchmarkCheck300(b *testing.B) {
	plugins := benchPlugins(b, 300)
	reqs := []byte(strings.Join([]string{"--no-index", "--find-links /usr/local/airflow/plugins", "pkg0"}, "\n"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Check(Options{RequirementsName: "requirements.txt", RequirementsData: reqs, Plugins: plugins, BareImage: true})
		if err != nil || r.HasErrors() || len(r.Resolved) != 300 {
			b.Fatalf("err %v, errors %v, resolved %d", err, r.HasErrors(), len(r.Resolved))
		}
	}
}

func BenchmarkParseVersion(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseVersion("1!2.10.3rc1.post2.dev3+ubuntu.1"); err != nil {
			b.Fatal(err)
		}
	}
}
