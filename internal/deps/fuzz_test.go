package deps

import (
	"bytes"
	"errors"
	"strings"
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

// FuzzParseMetadata: whatever a wheel's METADATA holds, ParseMetadata returns a result or
// an error, never panics, and quotes no more of a line than an excerpt. Seeds are in
// testdata/fuzz/FuzzParseMetadata and testdata/metadata.
func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte("Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nRequires-Python: >=2.7\n\nbody\n"))
	f.Add([]byte("Name: x\nVersion: 1\nDescription: a\n b\n\tc\nRequires-Dist: y (>=1) ; extra == 'z'\nProvides-Extra: z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMetadata(bytes.NewReader(data))
		if err != nil {
			// A few excerpts of at most 80 escaped characters each (\xcb is 4): bounded,
			// never proportional to the input.
			if len(err.Error()) > 2000 {
				t.Fatalf("error of %d bytes: %.200s", len(err.Error()), err)
			}
			return
		}
		if m.Name == "" || m.Version == "" {
			t.Fatalf("accepted without Name or Version: %+v", m)
		}
	})
}

// FuzzReadPlugins: whatever plugins.zip holds (the seeds are small archives with wheels,
// in testdata/fuzz/FuzzReadPlugins), ReadPlugins and a check against it return, never
// panic, and every wheel they accept has metadata.
func FuzzReadPlugins(f *testing.F) {
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPlugins("plugins.zip", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error not marked unreadable: %v", err)
			}
			return
		}
		for _, w := range p.Wheels {
			if w.Meta == nil {
				t.Fatalf("%s accepted without METADATA", w.Path)
			}
		}
		_, _ = Check(Options{RequirementsName: "requirements.txt", Plugins: p, BareImage: true,
			RequirementsData: []byte("--no-index\n--find-links /usr/local/airflow/plugins\n-r /usr/local/airflow/plugins/r.txt\nsix\n")})
	})
}
