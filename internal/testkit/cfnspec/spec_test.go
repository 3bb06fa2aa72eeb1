package cfnspec

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var (
	loadOnce  sync.Once
	loadSpec  *Spec
	loadPath  string
	loadError error
)

// testSpec loads the specification once per test binary, or skips the
// test when the npm package is not installed.
func testSpec(tb testing.TB) *Spec {
	tb.Helper()
	loadOnce.Do(func() {
		loadPath, loadError = Locate()
		if loadError == nil {
			loadSpec, loadError = Load(loadPath)
		}
	})
	if loadPath == "" {
		tb.Skipf("CloudFormation specification not installed (%v): npm install @aws-cdk/aws-service-spec (see .ci/run)", loadError)
	}
	if loadError != nil {
		tb.Fatal(loadError)
	}
	return loadSpec
}

func TestLoad(t *testing.T) {
	s := testSpec(t)
	vpc, ok := s.Resource("AWS::EC2::VPC")
	if !ok {
		t.Fatal("AWS::EC2::VPC missing")
	}
	if p := vpc.Properties["EnableDnsSupport"]; p == nil || p.Type.Kind != KindBoolean {
		t.Errorf("VPC EnableDnsSupport = %+v, want boolean", p)
	}
	if p := vpc.Properties["Tags"]; p == nil || p.Type.Kind != KindList || p.Type.Elem.Kind != KindTag {
		t.Errorf("VPC Tags = %+v, want list of tag", p)
	}
	if _, ok := vpc.Attributes["CidrBlockAssociations"]; !ok {
		t.Error("VPC attribute CidrBlockAssociations missing")
	}
	env, _ := s.Resource("AWS::MWAA::Environment")
	if p := env.Properties["Name"]; p == nil || !p.Required {
		t.Errorf("MWAA Environment Name = %+v, want required", p)
	}
	nc := env.Properties["NetworkConfiguration"]
	if nc == nil || nc.Type.Kind != KindStruct || nc.Type.Def.Properties["SubnetIds"] == nil {
		t.Errorf("MWAA NetworkConfiguration = %+v, want object with SubnetIds", nc)
	}
	mode := env.Properties["WebserverAccessMode"]
	if mode == nil || len(mode.Type.Enum) == 0 {
		t.Errorf("MWAA WebserverAccessMode = %+v, want an enum", mode)
	}
	if len(s.ResourceTypes()) < 1000 {
		t.Errorf("only %d resource types", len(s.ResourceTypes()))
	}
}

func TestLocateEnv(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "db.json.gz")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvSpecPath, p)
	got, err := Locate()
	if err != nil || got != p {
		t.Errorf("Locate() = %q, %v; want %q", got, err, p)
	}
	t.Setenv(EnvSpecPath, filepath.Join(dir, "missing.gz"))
	if _, err := Locate(); err == nil {
		t.Error("Locate() with a missing $MWAANET_CFN_SPEC: want error")
	}
}

func TestLocateWalksUp(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, specRelPath)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := locateFrom(deep)
	if err != nil || got != p {
		t.Errorf("locateFrom(%s) = %q, %v; want %q", deep, got, err, p)
	}
	if _, err := locateFrom(t.TempDir()); err == nil {
		t.Error("locateFrom(empty dir): want error")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "nope.gz")); err == nil {
		t.Error("Load(missing): want error")
	}
	bad := filepath.Join(dir, "bad.gz")
	os.WriteFile(bad, []byte("not gzip"), 0o644)
	if _, err := Load(bad); err == nil {
		t.Error("Load(not gzip): want error")
	}
}

func BenchmarkLoad(b *testing.B) {
	testSpec(b)
	for b.Loop() {
		if _, err := Load(loadPath); err != nil {
			b.Fatal(err)
		}
	}
}
