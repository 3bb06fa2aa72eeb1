package ruledocs_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
)

// The Terraform snippets are documentation of the same change as the CloudFormation ones;
// they are checked for what can be checked without a plan: they parse as HCL and are in
// `terraform fmt` form (when the terraform CLI is installed). Planning each one would need
// the stub provider of internal/render/terraform, which other packages cannot import yet.
func TestTerraformSnippets(t *testing.T) {
	pages := pageTexts(t)
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	tf, _ := exec.LookPath("terraform")
	count := 0
	dir := t.TempDir()
	for _, name := range names {
		for _, s := range readSnippets(t, name, pages[name]) {
			if s.kind != "tf" {
				continue
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
	}
	if count < len(names) {
		t.Errorf("only %d Terraform snippets on %d pages", count, len(names))
	}
	if tf == "" {
		t.Log("terraform CLI not found on PATH: Terraform snippets checked for HCL syntax only, not terraform fmt")
	}
}
