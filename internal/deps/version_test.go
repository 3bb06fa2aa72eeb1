package deps

import (
	"strings"
	"testing"
)

func TestVersionOrdering(t *testing.T) {
	// PEP 440's example ordering, ascending.
	ordered := []string{
		"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
		"1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345",
		"1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34",
		"1.0.post456", "1.0.15", "1.1.dev1", "2!0.1",
	}
	for i := 0; i+1 < len(ordered); i++ {
		a, b := MustVersion(ordered[i]), MustVersion(ordered[i+1])
		if a.Compare(b) >= 0 || b.Compare(a) <= 0 {
			t.Errorf("%s should sort before %s", ordered[i], ordered[i+1])
		}
	}
	for _, eq := range [][2]string{{"1.0", "1.0.0"}, {"1.0", "v1.0"}, {"1.0-alpha.1", "1.0a1"}, {"1.0-1", "1.0.post1"}, {"1.0.POST", "1.0.post0"}, {"1.0c1", "1.0rc1"}, {"1.0.0+AbC", "1.0+abc"}} {
		if MustVersion(eq[0]).Compare(MustVersion(eq[1])) != 0 {
			t.Errorf("%s should equal %s", eq[0], eq[1])
		}
	}
	if got := MustVersion("1!2.0-RC-1.POST-3.DEV-4+Local_1").String(); got != "1!2.0rc1.post3.dev4+local.1" {
		t.Errorf("normalized form %q", got)
	}
	for _, bad := range []string{"", "1.0.x", "french toast", "1.0+", "1.0+a..b"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
}

func TestSpecifiers(t *testing.T) {
	cases := []struct {
		spec, version string
		want          bool
	}{
		{"~=2.2", "2.3", true}, {"~=2.2", "3.0", false}, {"~=2.2", "2.1", false},
		{"~=1.4.5", "1.4.9", true}, {"~=1.4.5", "1.5.0", false}, {"~=1.4.5", "1.4.4", false},
		{"~=2.2.post3", "2.2.post4", true}, {"~=2.2.post3", "2.3", true}, {"~=2.2.post3", "3.0", false},
		{"==1.1.*", "1.1.0", true}, {"==1.1.*", "1.1.post1", true}, {"==1.1.*", "1.10", false}, {"==1.1.*", "1.2", false},
		{"==1.1", "1.1.0", true}, {"==1.1", "1.1+local", true}, {"==1.1+local", "1.1", false}, {"==1.1+local", "1.1+local", true},
		{"!=1.1.*", "1.1.5", false}, {"!=1.1.*", "1.2", true}, {"!=1.1", "1.1.0", false},
		{"==2.*", "2.0a1", true}, {"==1.0rc1.*", "1.0rc1", true}, {"==1.0rc1.*", "1.0", false},
		{"<2", "2.0a1", false}, {"<2", "1.9", true}, {"<2.0rc1", "2.0b1", true}, {"<2", "2.0", false},
		{">1.7", "1.7.post1", false}, {">1.7.post1", "1.7.post2", true}, {">1.7", "1.7+local", false}, {">1.7", "1.8", true},
		{"<=2.0", "2.0+local", true}, {">=2.0", "2.0+local", true}, {">=2.0", "1.99", false},
		{"===1.0", "1.0", true}, {"===1.0", "1.0.0", false}, {"===foobar", "foobar", true},
	}
	for _, c := range cases {
		sp, err := ParseSpecifier(c.spec)
		if err != nil {
			t.Errorf("ParseSpecifier(%q): %v", c.spec, err)
			continue
		}
		v, err := ParseVersion(c.version)
		if err != nil && c.spec[:3] != "===" {
			t.Fatalf("ParseVersion(%q): %v", c.version, err)
		}
		if got := sp.Match(v, c.version); got != c.want {
			t.Errorf("%s matches %s: got %v, want %v", c.spec, c.version, got, c.want)
		}
	}
	for _, bad := range []string{">=1.0.*", "~=1", ">=1.0+local", "1.0", "=>1.0", "==1.0+loc.*"} {
		if _, err := ParseSpecifier(bad); err == nil {
			t.Errorf("ParseSpecifier(%q) accepted", bad)
		}
	}
}

func TestSpecifierSetPrereleases(t *testing.T) {
	set, err := ParseSpecifierSet(">=1.0, <2")
	if err != nil {
		t.Fatal(err)
	}
	if set.Contains(MustVersion("1.5b1"), "1.5b1", false) {
		t.Error("pre-release matched without being asked for")
	}
	if !set.Contains(MustVersion("1.5b1"), "1.5b1", true) || !set.Contains(MustVersion("1.5"), "1.5", false) {
		t.Error("set rejects a version it should take")
	}
	pre, _ := ParseSpecifierSet(">=1.5b1")
	if !pre.Contains(MustVersion("1.6a1"), "1.6a1", false) {
		t.Error("a clause naming a pre-release should allow pre-releases")
	}
	if got := set.String(); got != ">=1.0,<2" {
		t.Errorf("String %q", got)
	}
}

func TestMarkers(t *testing.T) {
	env := MWAAMarkerEnv("3.11.9")
	cases := []struct {
		marker string
		extra  string
		want   bool
	}{
		{`python_version >= "3.8"`, "", true},
		{`python_version < "3.10"`, "", false},
		{`python_version > "3.9" and platform_machine == "x86_64"`, "", true},
		{`sys_platform == "win32" or (os_name == "posix" and platform_system == "Linux")`, "", true},
		{`sys_platform == "darwin"`, "", false},
		{`extra == "aws"`, "", false},
		{`extra == "aws"`, "aws", true},
		{`extra == "Fast_Json"`, "fast-json", true},
		{`"linux" in sys_platform`, "", true},
		{`"win" not in sys_platform`, "", true},
		{`python_full_version >= "3.11.4"`, "", true},
		{`python_version ~= "3.11"`, "", true},
		{`platform_python_implementation == "PyPy"`, "", false},
		{`python_version == "3.11.*"`, "", true},
		{`'3.9' < python_version`, "", true},
	}
	for _, c := range cases {
		m, err := ParseMarker(c.marker)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", c.marker, err)
			continue
		}
		e := MarkerEnv{}
		for k, v := range env {
			e[k] = v
		}
		e["extra"] = c.extra
		got, err := m.Eval(e)
		if err != nil {
			t.Errorf("Eval(%q): %v", c.marker, err)
		}
		if got != c.want {
			t.Errorf("%s (extra %q): got %v, want %v", c.marker, c.extra, got, c.want)
		}
	}
	for _, bad := range []string{`python_version >=`, `python_version >= "3" and`, `foo == "1"`, `(python_version > "3"`, `"a" == "b"`, `python_version = "3"`} {
		if _, err := ParseMarker(bad); err == nil {
			t.Errorf("ParseMarker(%q) accepted", bad)
		}
	}
}

func TestParseRequirement(t *testing.T) {
	r, err := ParseRequirement(`Apache_Airflow.Providers-Amazon[S3 , http] (>=8.0,<9) ; python_version >= "3.9"`)
	if err != nil {
		t.Fatal(err)
	}
	if r.Canonical != "apache-airflow-providers-amazon" || strings.Join(r.Extras, ",") != "http,s3" || r.Specifier.String() != ">=8.0,<9" || r.Marker == nil {
		t.Errorf("parsed %+v", r)
	}
	if got := r.String(); got != `apache-airflow-providers-amazon[http,s3]>=8.0,<9; python_version >= "3.9"` {
		t.Errorf("String %q", got)
	}
	u, err := ParseRequirement(`pkg @ https://example.com/pkg-1.0.whl ; sys_platform == "linux"`)
	if err != nil || u.URL != "https://example.com/pkg-1.0.whl" || u.Marker == nil {
		t.Errorf("URL requirement: %+v %v", u, err)
	}
	plain, err := ParseRequirement("requests")
	if err != nil || plain.Canonical != "requests" || plain.Specifier != nil {
		t.Errorf("plain: %+v %v", plain, err)
	}
	for _, bad := range []string{"", "-foo", "pkg[extra", "pkg >=", "pkg 1.0", "pkg ; ", "pkg (>=1.0", "pkg @"} {
		if _, err := ParseRequirement(bad); err == nil {
			t.Errorf("ParseRequirement(%q) accepted", bad)
		}
	}
}
