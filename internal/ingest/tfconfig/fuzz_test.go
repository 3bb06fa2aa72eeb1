package tfconfig

import (
	"os"
	"path/filepath"
	"testing"
)

// Any main.tf reads without a panic or a hang: an error or a model.
func FuzzReadDir(f *testing.F) {
	for _, p := range []string{"testdata/unknowns/main.tf", "testdata/modules/modules/vpc/main.tf", "testdata/modules/modules/security-group/main.tf"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("locals {\n  a = [for i in range(3) : cidrsubnet(\"10.0.0.0/16\", 8, i)]\n}\n"))
	f.Add([]byte("resource \"aws_vpc\" \"v\" {\n  count = 3\n  cidr_block = \"10.${count.index}.0.0/16\"\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := ReadDir(dir, Options{})
		if err == nil && a == nil {
			t.Fatal("no model and no error")
		}
	})
}
