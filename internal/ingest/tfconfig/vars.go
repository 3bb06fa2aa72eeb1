package tfconfig

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// rootVariables gathers the root module's variable values in Terraform's order, each
// later source overriding an earlier one: TF_VAR_ environment variables,
// terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in name order, then the
// --var-file files and --var values as given.
func (ev *evaluator) rootVariables(m *module) {
	ev.rootVals = map[string]rootValue{}
	if ev.opts.Getenv != nil {
		for _, name := range m.varOrder {
			if val := ev.opts.Getenv("TF_VAR_" + name); val != "" {
				ev.rootVals[name] = rootValue{val: cty.StringVal(val), raw: true, rng: hcl.Range{Filename: "TF_VAR_" + name}}
			}
		}
	}
	var files []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if p := filepath.Join(ev.root, n); exists(p) {
			files = append(files, p)
		}
	}
	var auto []string
	if ents, err := os.ReadDir(ev.root); err == nil {
		for _, e := range ents {
			if !e.IsDir() && (strings.HasSuffix(e.Name(), ".auto.tfvars") || strings.HasSuffix(e.Name(), ".auto.tfvars.json")) {
				auto = append(auto, e.Name())
			}
		}
	}
	sort.Strings(auto)
	for _, n := range auto {
		files = append(files, filepath.Join(ev.root, n))
	}
	for _, p := range files {
		ev.varFile(m, p, false)
	}
	for _, p := range ev.opts.VarFiles {
		ev.varFile(m, p, true)
	}
	for _, kv := range ev.opts.Vars {
		name, val, ok := strings.Cut(kv, "=")
		rng := hcl.Range{Filename: "--var " + name}
		if !ok || name == "" {
			ev.errorf(hcl.Range{Filename: "--var"}, "--var %q: expected NAME=VALUE", kv)
			continue
		}
		if m.vars[name] == nil {
			ev.errorf(rng, "--var %s: the root module declares no variable %q", name, name)
			continue
		}
		ev.rootVals[name] = rootValue{val: cty.StringVal(val), raw: true, rng: rng}
	}
}

func exists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// varFile reads a .tfvars (HCL) or .tfvars.json file: constant assignments only.
// Variables the module does not declare are errors in files given with --var-file and
// ignored in the files Terraform loads by itself (Terraform only warns about them).
func (ev *evaluator) varFile(m *module, path string, given bool) {
	data, err := inputfile.Read(path, ev.opts.maxFileSize())
	if err != nil {
		ev.errorf(hcl.Range{Filename: path}, "%v", errText(err))
		return
	}
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = p.ParseJSON(data, path)
	} else {
		f, diags = p.ParseHCL(data, path)
	}
	ev.diags = append(ev.diags, diags...)
	if diags.HasErrors() {
		return
	}
	attrs, diags := f.Body.JustAttributes()
	ev.diags = append(ev.diags, diags...)
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := attrs[n]
		if m.vars[n] == nil {
			if given {
				ev.errorf(a.NameRange, "the root module declares no variable %q", n)
			}
			continue
		}
		v, diags := a.Expr.Value(&hcl.EvalContext{Functions: ev.funcs})
		ev.diags = append(ev.diags, diags...)
		if diags.HasErrors() {
			continue
		}
		ev.rootVals[n] = rootValue{val: v, rng: a.Expr.Range()}
	}
}
