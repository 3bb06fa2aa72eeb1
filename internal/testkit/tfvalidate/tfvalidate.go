// Package tfvalidate runs the Terraform CLI's own checks (`terraform
// validate` and `terraform fmt -check`) on a generated root module, against
// the AWS provider's schema, on machines that cannot reach the Terraform
// registry.
//
// It builds the schema-only provider in ../tfstub (internal/testkit/tfstub) into a temporary directory,
// writes the schemas of exactly the resource and data-source types the module
// uses (read by tfschema from node_modules/@cdktf/provider-aws) and a CLI
// configuration whose dev_overrides point registry.terraform.io/hashicorp/aws
// at the stub. With dev_overrides no `terraform init` is needed. It is test
// tooling and must never be imported by shipped code; where the terraform
// binary or the npm package is missing, New skips the test and says why.
package tfvalidate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/mwaanet/mwaanet/internal/testkit/tfschema"
)

// ProviderPackage is the npm package whose generated code carries the schema.
const ProviderPackage = "@cdktf/provider-aws"

// Harness runs terraform against the stub provider.
type Harness struct {
	terraform string
	pkgDir    string
	stubDir   string
	work      string
}

// Diagnostic is one diagnostic of `terraform validate -json`.
type Diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Range    *struct {
		Filename string `json:"filename"`
		Start    struct {
			Line   int `json:"line"`
			Column int `json:"column"`
		} `json:"start"`
	} `json:"range"`
}

func (d Diagnostic) String() string {
	pos := ""
	if d.Range != nil {
		pos = fmt.Sprintf("%s:%d:%d: ", d.Range.Filename, d.Range.Start.Line, d.Range.Start.Column)
	}
	return fmt.Sprintf("%s%s: %s: %s", pos, d.Severity, d.Summary, d.Detail)
}

// New prepares a harness, or skips the test when terraform or the npm
// package is not installed.
func New(t testing.TB) *Harness {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform CLI not found on PATH: skipping terraform validate/fmt checks")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(root, "node_modules", filepath.FromSlash(ProviderPackage))
	if _, err := os.Stat(filepath.Join(pkg, "package.json")); err != nil {
		t.Skipf("%s not installed under %s (npm install %s@21.22.1): skipping terraform validate", ProviderPackage, filepath.Join(root, "node_modules"), ProviderPackage)
	}
	work := t.TempDir()
	stub, err := buildStub(root)
	if err != nil {
		t.Fatal(err)
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/hashicorp/aws", filepath.ToSlash(stub))
	if err := os.WriteFile(filepath.Join(work, "terraformrc"), []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	return &Harness{terraform: tf, pkgDir: pkg, stubDir: stub, work: work}
}

// The stub is built once per test binary, into a directory Cleanup removes.
var stub struct {
	once sync.Once
	dir  string
	err  error
}

func buildStub(root string) (string, error) {
	stub.once.Do(func() {
		dir, err := os.MkdirTemp("", "mwaanet-tfstub-")
		if err != nil {
			stub.err = err
			return
		}
		stub.dir = dir
		build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-aws"),
			"github.com/mwaanet/mwaanet/internal/testkit/tfstub")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			stub.err = fmt.Errorf("building the stub provider: %v\n%s", err, out)
		}
	})
	return stub.dir, stub.err
}

// Cleanup removes the stub provider's build directory; call it from TestMain after
// m.Run.
func Cleanup() {
	if stub.dir != "" {
		os.RemoveAll(stub.dir)
	}
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// TypesUsed lists the resource and data-source types that the .tf files of
// dir declare, sorted.
func TypesUsed(dir string) (resources, dataSources []string, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, nil, err
	}
	p := hclparse.NewParser()
	res, data := map[string]bool{}, map[string]bool{}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
	}}
	for _, f := range files {
		file, diags := p.ParseHCLFile(f)
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("parsing %s: %s", f, diags.Error())
		}
		content, _, diags := file.Body.PartialContent(schema)
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("reading %s: %s", f, diags.Error())
		}
		for _, b := range content.Blocks {
			if b.Type == "resource" {
				res[b.Labels[0]] = true
			} else {
				data[b.Labels[0]] = true
			}
		}
	}
	return keys(res), keys(data), nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Validate runs `terraform validate -json` in dir against the stub provider
// and returns its error and warning diagnostics, leaving out the warning
// that development overrides are in effect.
func (h *Harness) Validate(dir string) ([]Diagnostic, error) {
	schema, err := h.writeSchema(dir)
	if err != nil {
		return nil, err
	}
	cmd := h.command(dir, schema, "validate", "-json", "-no-color")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var out struct {
		Valid       bool         `json:"valid"`
		Diagnostics []Diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("terraform validate in %s: %v (%v)\nstdout: %s\nstderr: %s", dir, err, runErr, stdout.String(), stderr.String())
	}
	var diags []Diagnostic
	for _, d := range out.Diagnostics {
		if d.Severity == "warning" && strings.Contains(strings.ToLower(d.Summary), "development overrides") {
			continue
		}
		diags = append(diags, d)
	}
	if !out.Valid && len(diags) == 0 {
		return nil, fmt.Errorf("terraform validate in %s: invalid without diagnostics: %s", dir, stderr.String())
	}
	return diags, nil
}

// writeSchema writes the schemas of the types the module in dir uses and returns the
// file's path.
func (h *Harness) writeSchema(dir string) (string, error) {
	res, data, err := TypesUsed(dir)
	if err != nil {
		return "", err
	}
	// Types the package lacks are left out, so that Terraform itself
	// reports them as invalid resource types.
	res = h.present(res, tfschema.ResourceDir)
	data = h.present(data, tfschema.DataSourceDir)
	s, err := tfschema.FromPackage(h.pkgDir, res, data)
	if err != nil {
		return "", err
	}
	b, err := s.Marshal()
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(h.work, "schema-*.json")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// Plan runs `terraform plan` in dir against the stub provider (which plans without AWS:
// computed values are unknown until apply, data sources report Region, partition,
// account and zones) with the given -var values, and returns `terraform show -json` of
// the plan.
func (h *Harness) Plan(dir, region string, vars map[string]string) ([]byte, error) {
	schema, err := h.writeSchema(dir)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(h.work, "plan-*.bin")
	if err != nil {
		return nil, err
	}
	planFile := f.Name()
	f.Close()
	args := []string{"plan", "-input=false", "-refresh=false", "-lock=false", "-no-color", "-out=" + planFile}
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		args = append(args, "-var", k+"="+vars[k])
	}
	cmd := h.command(dir, schema, args...)
	cmd.Env = append(cmd.Env, "MWAANET_TFSTUB_REGION="+region)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("terraform plan in %s: %v\n%s", dir, err, out)
	}
	show := h.command(dir, schema, "show", "-json", "-no-color", planFile)
	var stdout, stderr bytes.Buffer
	show.Stdout, show.Stderr = &stdout, &stderr
	if err := show.Run(); err != nil {
		return nil, fmt.Errorf("terraform show -json: %v\n%s", err, stderr.String())
	}
	return stdout.Bytes(), nil
}

func (h *Harness) present(types []string, dir func(string) string) []string {
	var out []string
	for _, t := range types {
		if _, err := os.Stat(filepath.Join(h.pkgDir, "lib", dir(t), "index.js")); err == nil {
			out = append(out, t)
		}
	}
	return out
}

// FmtCheck runs `terraform fmt -check` in dir and returns the files it would
// rewrite.
func (h *Harness) FmtCheck(dir string) ([]string, error) {
	cmd := h.command(dir, "", "fmt", "-check", "-list=true", "-no-color")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var files []string
	for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if l != "" {
			files = append(files, l)
		}
	}
	if err != nil && len(files) == 0 {
		return nil, fmt.Errorf("terraform fmt -check in %s: %v: %s", dir, err, stderr.String())
	}
	return files, nil
}

func (h *Harness) command(dir, schema string, args ...string) *exec.Cmd {
	cmd := exec.Command(h.terraform, args...)
	cmd.Dir = dir
	env := []string{
		"TF_CLI_CONFIG_FILE=" + filepath.Join(h.work, "terraformrc"),
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TF_DATA_DIR=" + filepath.Join(h.work, "tfdata"),
		"HOME=" + h.work,
	}
	if schema != "" {
		env = append(env, "MWAANET_TFSTUB_SCHEMA="+schema)
	}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PATH=") || strings.HasPrefix(kv, "TMPDIR=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	return cmd
}

// Console evaluates expr with `terraform console` in a module made of files (name ->
// content; variables.tf alone needs no provider) with the given -var values. It returns
// what the console printed and the error diagnostics, "" when there were none: invalid
// variable values (validation blocks) show up there.
func (h *Harness) Console(files map[string][]byte, vars map[string]string, expr string) (string, string, error) {
	dir, err := os.MkdirTemp(h.work, "console-*")
	if err != nil {
		return "", "", err
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return "", "", err
		}
	}
	args := []string{"console", "-no-color"}
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		args = append(args, "-var", k+"="+vars[k])
	}
	cmd := h.command(dir, "", args...)
	cmd.Stdin = strings.NewReader(expr + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	errs := strings.TrimSpace(stderr.String())
	if !strings.Contains(errs, "Error:") {
		errs = ""
	}
	if runErr != nil && errs == "" {
		return "", "", fmt.Errorf("terraform console: %v: %s", runErr, stderr.String())
	}
	return strings.TrimSpace(stdout.String()), errs, nil
}
