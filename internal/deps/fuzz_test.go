package deps

import (
	"bytes"
	"testing"
)

// The parsers must return errors, never panic, whatever they are given.

func FuzzParseRequirement(f *testing.F) {
	for _, s := range []string{"requests>=2,<3", `a[b,c] (==1.*) ; python_version >= "3.8" and (os_name == 'posix' or extra == "x")`,
		"pkg @ https://x/y.whl ; sys_platform == 'linux'", "x~=1.4.5", "y===odd", "z!=1.0+local"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRequirement(s)
		if err != nil {
			return
		}
		env := MWAAMarkerEnv("3.11.9")
		_, _ = r.Marker.Eval(env)
		v := MustVersion("1.0")
		_ = r.Specifier.Contains(v, "1.0", false)
		_ = r.String()
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"1.0", "1!2.0rc1.post2.dev3+a.1", "v1.0-1", "1.0.POST"} {
		f.Add(s, "2.0")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, err1 := ParseVersion(a)
		vb, err2 := ParseVersion(b)
		if err1 != nil || err2 != nil {
			return
		}
		if va.Compare(vb) != -vb.Compare(va) {
			t.Fatalf("Compare not antisymmetric: %q %q", a, b)
		}
		if va.Compare(MustVersion(va.String())) != 0 {
			t.Fatalf("%q: normalized form %q compares unequal", a, va.String())
		}
	})
}

func FuzzRequirementsFile(f *testing.F) {
	f.Add([]byte("--no-index\n--find-links /usr/local/airflow/plugins\n-c https://x/c.txt\nrequests==2.32.3 \\\n --hash=sha256:ab\n# c\nsix; python_version>'3'\n"))
	f.Add([]byte("-r other.txt\n-e .\n--index-url=https://pypi.org/simple\n./x-1.0-py3-none-any.whl\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ParseRequirementsFile("requirements.txt", data, FileSource{
			ReadLocal: func(string) ([]byte, error) { return []byte("six\n"), nil },
		})
		_, _ = ParseMetadata(bytes.NewReader(data))
	})
}
