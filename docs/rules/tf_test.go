package ruledocs_test

import (
	"bytes"
	"flag"
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
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/mwaanet/mwaanet/internal/cli"
	"github.com/mwaanet/mwaanet/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/base-{private,public}.yaml from what mwaanet synth makes now")

// The Terraform bases are what `mwaanet synth --format terraform` writes for use case 3
// ("private") and use case 1 ("public"), and "network": the private one without the
// environment and what refers to it (its alarms and the outputs that name it), as
// base-network.yaml is base-private.yaml without them. They are not stored: synth's
// configuration is already held to its goldens (internal/render/terraform/testdata), so
// each test run writes the bases once into a temporary directory (tfBase) and merges the
// snippets into them; a change to synth is a change to the bases, with nothing to update.
var tfBases = []struct {
	name    string
	useCase int
}{{"private", 3}, {"public", 1}, {"network", 3}}

// tfNetworkLeftOut are the blocks of the private base the network base leaves out.
func tfNetworkLeftOut(b *hclwrite.Block) bool {
	l := b.Labels()
	switch {
	case b.Type() == "resource" && (l[0] == "aws_mwaa_environment" || l[0] == "aws_cloudwatch_metric_alarm"):
		return true
	case b.Type() == "output":
		return strings.Contains(string(b.Body().BuildTokens(nil).Bytes()), "aws_mwaa_environment.")
	}
	return false
}

// synthTerraform returns the files `mwaanet synth --format terraform` writes for base.
func synthTerraform(t *testing.T, base string, useCase int) map[string][]byte {
	t.Helper()
	text, err := spec.UseCaseText(useCase)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := cli.Run(&cli.App{Streams: cli.Streams{In: bytes.NewReader(text), Out: &out, Err: &errb},
		Getenv: func(string) string { return "" }}, []string{"synth", "--spec", "-", "--format", "terraform", "--out", dir}); code != 0 {
		t.Fatalf("synth (use case %d) exited %d: %s", useCase, code, errb.String())
	}
	files := readTFDir(t, dir)
	if base != "network" {
		return files
	}
	for name, b := range files {
		f, diags := hclwrite.ParseConfig(b, name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", name, diags.Error())
		}
		for _, blk := range f.Body().Blocks() {
			if tfNetworkLeftOut(blk) {
				f.Body().RemoveBlock(blk)
			}
		}
		if len(f.Body().Blocks()) == 0 && len(f.Body().Attributes()) == 0 {
			delete(files, name)
			continue
		}
		files[name] = bytes.TrimLeft(hclwrite.Format(f.Bytes()), "\n")
	}
	return files
}

func readTFDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, n := range names {
		files[filepath.Base(n)] = mustRead(t, n)
	}
	return files
}

// tfBaseDirs holds the directory each base was written to in this run.
var tfBaseDirs = struct {
	sync.Mutex
	root string
	dirs map[string]string
}{dirs: map[string]string{}}

// tfBase returns the directory holding base's configuration, writing it on first use.
func tfBase(t *testing.T, base string) string {
	t.Helper()
	tfBaseDirs.Lock()
	defer tfBaseDirs.Unlock()
	if d, ok := tfBaseDirs.dirs[base]; ok {
		return d
	}
	useCase := 0
	for _, b := range tfBases {
		if b.name == base {
			useCase = b.useCase
		}
	}
	if useCase == 0 {
		t.Fatalf("no Terraform base %q (private, public or network)", base)
	}
	if tfBaseDirs.root == "" {
		root, err := os.MkdirTemp("", "ruledocs-tf-bases-")
		if err != nil {
			t.Fatal(err)
		}
		tfBaseDirs.root = root
	}
	dir := filepath.Join(tfBaseDirs.root, base)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range synthTerraform(t, base, useCase) {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tfBaseDirs.dirs[base] = dir
	return dir
}

// TestMain removes the bases written by tfBase.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if tfBaseDirs.root != "" {
		os.RemoveAll(tfBaseDirs.root)
	}
	os.Exit(code)
}

// tfCheckArgs are the flags a configuration made from base is checked with: the Client
// VPN certificates, which synth's private configuration asks for as variables, and for
// the network base the environment check cannot read from it.
func tfCheckArgs(base string) []string {
	var args []string
	if base == "private" || base == "network" {
		args = append(args,
			"--var", "server_certificate_arn=arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000001",
			"--var", "client_root_certificate_arn=arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000002")
	}
	if base == "network" {
		args = append(args, "--subnets", "aws_subnet.private_subnet_1,aws_subnet.private_subnet_2",
			"--security-groups", "aws_security_group.environment_security_group", "--routing", "private")
	}
	return args
}

func TestTerraformBasesAreClean(t *testing.T) {
	for _, b := range tfBases {
		fs := checkPath(t, tfBase(t, b.name), tfCheckArgs(b.name)...)
		for _, f := range fs {
			if f.Severity == "error" || (f.Severity == "warning" && !(b.name == "public" && f.Rule == "WEB-03/public-only")) {
				t.Errorf("tf-base-%s: %s %s: %s", b.name, f.Severity, f.Rule, f.Message)
			}
		}
	}
}

// blockKey names a block by its type and labels: `resource "aws_vpc" "main"` is
// "resource aws_vpc main", `locals` is "locals".
func blockKey(typ string, labels []string) string {
	return strings.Join(append([]string{typ}, labels...), " ")
}

// removeKey turns a remove= address into a block key: aws_vpc.main (a resource),
// data.aws_iam_policy_document.trust, output.vpc_id, variable.name, module.net.
func removeKey(addr string) (string, error) {
	parts := strings.Split(addr, ".")
	switch {
	case len(parts) == 3 && parts[0] == "data":
		return blockKey("data", parts[1:]), nil
	case len(parts) == 2 && (parts[0] == "output" || parts[0] == "variable" || parts[0] == "module"):
		return blockKey(parts[0], parts[1:]), nil
	case len(parts) == 2 && strings.Contains(parts[0], "_"):
		return blockKey("resource", parts), nil
	}
	return "", fmt.Errorf("remove=%s: not a block address (aws_vpc.main, data.TYPE.NAME, output.NAME, variable.NAME, module.NAME)", addr)
}

// completeTF writes into dir the base configuration with the snippet merged in: the
// base's blocks named by remove= and those the snippet declares again (same type and
// labels) are taken out of the base's files, and the snippet is added as snippet.tf.
// locals blocks are not replaced but merged name by name, as Terraform reads them: a
// local the snippet declares replaces the base's local of that name.
func completeTF(t *testing.T, s snippet, dir string) error {
	return mergeTF(tfBase(t, s.base), s, dir)
}

// mergeTF is completeTF with the base's directory given.
func mergeTF(baseDir string, s snippet, dir string) error {
	part, diags := hclwrite.ParseConfig([]byte(s.body), "snippet.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("snippet: %s", diags.Error())
	}
	replace := map[string]bool{}
	locals := map[string]bool{} // names of the snippet's locals
	for _, b := range part.Body().Blocks() {
		if b.Type() == "locals" {
			for name := range b.Body().Attributes() {
				locals[name] = true
			}
			continue
		}
		replace[blockKey(b.Type(), b.Labels())] = true
	}
	remove := map[string]bool{}
	for _, addr := range s.remove {
		k, err := removeKey(addr)
		if err != nil {
			return err
		}
		remove[k] = false
	}
	names, err := filepath.Glob(filepath.Join(baseDir, "*.tf"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("no Terraform base %s (base=private, public or network)", baseDir)
	}
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		f, diags := hclwrite.ParseConfig(text, n, hcl.InitialPos)
		if diags.HasErrors() {
			return fmt.Errorf("%s: %s", n, diags.Error())
		}
		for _, b := range f.Body().Blocks() {
			k := blockKey(b.Type(), b.Labels())
			if _, ok := remove[k]; ok {
				remove[k] = true
				f.Body().RemoveBlock(b)
			} else if replace[k] {
				f.Body().RemoveBlock(b)
			} else if b.Type() == "locals" {
				for name := range locals {
					b.Body().RemoveAttribute(name)
				}
			}
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n)), f.Bytes(), 0o644); err != nil {
			return err
		}
	}
	for _, addr := range s.remove {
		if k, _ := removeKey(addr); !remove[k] {
			return fmt.Errorf("remove=%s: the base has no block %s", addr, addr)
		}
	}
	return os.WriteFile(filepath.Join(dir, "snippet.tf"), part.Bytes(), 0o644)
}

// tfNoFailing names the pages that can have no failing Terraform snippet, and why.
var tfNoFailing = map[string]string{
	"INPUT": "its rules are the CloudFormation reader's (INPUT/cfn-*); a Terraform configuration that cannot be read stops check with exit 2 and file:line:column instead",
}

// TestTerraformSnippets checks each Terraform snippet as TestCloudFormationSnippets
// checks the CloudFormation ones: merged into a Terraform base (completeTF), the
// configuration directory is checked by `mwaanet check DIR` (the configuration reader,
// no Terraform needed); a failing snippet must make check report the rules it names, a
// passing one no rule of its page. Each snippet also parses as HCL and, when the
// terraform CLI is installed, is in `terraform fmt` form. A snippet marked
// unverifiable="reason" is not checked (it is logged and counted); there are none now.
func TestTerraformSnippets(t *testing.T) {
	pages := pageTexts(t)
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	tf, _ := exec.LookPath("terraform")
	count, unverifiable, allFails, allPasses := 0, 0, 0, 0
	dir := t.TempDir()
	cfnFails, tfFails := map[string]string{}, map[string]bool{}
	for _, name := range names {
		var fails, passes int
		for _, s := range readSnippets(t, name, pages[name]) {
			if s.kind != "tf" {
				for _, r := range s.fails {
					cfnFails[r] = name
				}
				continue
			}
			if s.unverifiable == "" {
				for _, r := range s.fails {
					tfFails[r] = true
				}
			}
			count++
			p := hclparse.NewParser()
			if _, diags := p.ParseHCL([]byte(s.body), name+".md"); diags.HasErrors() {
				t.Errorf("%s.md:%d: the Terraform snippet does not parse: %s", name, s.line, diags.Error())
				continue
			}
			file := fmt.Sprintf("%s_line%d.tf", name, s.line)
			if err := os.WriteFile(filepath.Join(dir, file), []byte(s.body), 0o644); err != nil {
				t.Fatal(err)
			}
			if s.unverifiable != "" {
				unverifiable++
				t.Logf("%s.md:%d: Terraform snippet not verified: %s", name, s.line, s.unverifiable)
				continue
			}
			if len(s.fails) > 0 {
				fails++
			} else {
				passes++
			}
			s := s
			t.Run(fmt.Sprintf("%s/line%d", name, s.line), func(t *testing.T) {
				cfg := t.TempDir()
				if err := completeTF(t, s, cfg); err != nil {
					t.Fatalf("%s.md:%d: %v", s.page, s.line, err)
				}
				fs := checkPath(t, cfg, append(tfCheckArgs(s.base), s.args...)...)
				expectFindings(t, s, fs)
			})
		}
		allFails, allPasses = allFails+fails, allPasses+passes
		if fails == 0 && !hasRuleNotFromTemplate(name) && tfNoFailing[name] == "" {
			t.Errorf("%s.md has no failing Terraform snippet", name)
		}
		if passes == 0 && !alwaysReported[name] {
			t.Errorf("%s.md has no passing Terraform snippet", name)
		}
	}
	// Every rule a CloudFormation example makes fail has a Terraform one too.
	for r, page := range cfnFails {
		if !tfFails[r] && tfNoFailing[page] == "" {
			t.Errorf("%s.md has a failing CloudFormation snippet for %s and no failing Terraform one", page, r)
		}
	}
	if tf != "" {
		// One run for all snippets: terraform fmt -check lists the files it would change.
		cmd := exec.Command(tf, "fmt", "-check", "-list=true", dir)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		for _, f := range strings.Fields(out.String()) {
			t.Errorf("%s: the Terraform snippet is not in terraform fmt form", strings.Replace(strings.TrimSuffix(filepath.Base(f), ".tf"), "_line", ".md:", 1))
		}
		if err != nil && out.Len() == 0 {
			t.Errorf("terraform fmt: %v: %s", err, errb.String())
		}
	} else {
		t.Log("terraform CLI not found on PATH: Terraform snippets checked for HCL syntax and by mwaanet check, not for terraform fmt form")
	}
	if count < len(names) {
		t.Errorf("only %d Terraform snippets on %d pages", count, len(names))
	}
	t.Logf("%d Terraform snippets: %d failing and %d passing verified by check, %d not verified", count, allFails, allPasses, unverifiable)
}

// TestMergeTF pins completeTF's merge: same type and labels replace, other blocks are
// added, locals merge by name, remove= deletes and must name a block of the base.
func TestMergeTF(t *testing.T) {
	base := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(base, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.tf", "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_subnet\" \"a\" {\n  vpc_id = aws_vpc.main.id\n}\n")
	write("b.tf", "locals {\n  x = 1\n  y = 2\n}\n\noutput \"o\" {\n  value = local.x\n}\n")
	s := snippet{body: "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.9.0.0/16\"\n}\n\nresource \"aws_vpc\" \"other\" {\n}\n\nlocals {\n  y = 3\n}\n",
		remove: []string{"aws_subnet.a", "output.o"}}
	dir := t.TempDir()
	if err := mergeTF(base, s, dir); err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, n := range []string{"a.tf", "b.tf", "snippet.tf"} {
		all += string(mustRead(t, filepath.Join(dir, n)))
	}
	for _, want := range []string{"10.9.0.0/16", "\"other\"", "x = 1", "y = 3"} {
		if !strings.Contains(all, want) {
			t.Errorf("merged configuration lacks %q:\n%s", want, all)
		}
	}
	for _, gone := range []string{"10.0.0.0/16", "aws_subnet", "output", "y = 2"} {
		if strings.Contains(all, gone) {
			t.Errorf("merged configuration still has %q:\n%s", gone, all)
		}
	}
	for _, bad := range [][]string{{"aws_subnet.b"}, {"vpc"}, {"data.aws_region"}} {
		if err := mergeTF(base, snippet{body: "", remove: bad}, t.TempDir()); err == nil {
			t.Errorf("remove=%s: no error", bad[0])
		}
	}
}

// TestSnippetDirectives pins the directive grammar: keys with values, a quoted value with
// spaces (unverifiable="..."), remove= lists.
func TestSnippetDirectives(t *testing.T) {
	page := "# X\n<!-- snippet tf fails=NET-04/vpc-dns base=private remove=aws_vpc.main,output.vpc_id -->\n```hcl\n# a\n```\n" +
		"<!-- snippet tf passes base=network unverifiable=\"needs the live account\" args=--routing;private -->\n```hcl\n# b\n```\n"
	got := readSnippets(t, "X", []byte(page))
	if len(got) != 2 {
		t.Fatalf("%d snippets, want 2", len(got))
	}
	if s := got[0]; s.kind != "tf" || s.base != "private" || len(s.fails) != 1 || s.fails[0] != "NET-04/vpc-dns" ||
		len(s.remove) != 2 || s.remove[1] != "output.vpc_id" || s.body != "# a\n" || s.unverifiable != "" {
		t.Errorf("first snippet = %+v", s)
	}
	if s := got[1]; s.base != "network" || len(s.fails) != 0 || s.unverifiable != "needs the live account" || len(s.args) != 2 {
		t.Errorf("second snippet = %+v", s)
	}
}

// TestCloudFormationBasesAreCurrent holds base-private.yaml and base-public.yaml to what
// `mwaanet synth` makes now (base-network.yaml is derived from base-private.yaml by hand, as its header says).
func TestCloudFormationBasesAreCurrent(t *testing.T) {
	for _, b := range []struct {
		name    string
		useCase int
	}{{"private", 3}, {"public", 1}} {
		text, err := spec.UseCaseText(b.useCase)
		if err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		if code := cli.Run(&cli.App{Streams: cli.Streams{In: bytes.NewReader(text), Out: &out, Err: &errb},
			Getenv: func(string) string { return "" }}, []string{"synth", "--spec", "-"}); code != 0 {
			t.Fatalf("synth (use case %d) exited %d: %s", b.useCase, code, errb.String())
		}
		path := filepath.Join("testdata", "base-"+b.name+".yaml")
		if *update {
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !bytes.Equal(mustRead(t, path), out.Bytes()) {
			t.Errorf("%s differs from what mwaanet synth makes now; run go test ./docs/rules -update", path)
		}
	}
}
