package tfconfig

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// module is the parsed configuration of one module directory (shared by every instance
// and every call of it).
type module struct {
	dir       string
	vars      map[string]*variable
	varOrder  []string
	locals    map[string]*hclsyntax.Attribute
	outputs   map[string]*hclsyntax.Attribute // the output's value
	outDecl   map[string]hcl.Range
	resources []*resourceDecl
	byKey     map[string]*resourceDecl // "aws_subnet.a", "data.aws_vpc.b"
	calls     map[string]*callDecl
	callOrder []string
	region    hcl.Expression // the default aws provider's region
}

type variable struct {
	name     string
	decl     hcl.Range
	def      hcl.Expression // nil without a default
	typ      cty.Type
	defaults *typeexpr.Defaults
	typed    bool // a type constraint is given
	// validations are the variable's validation blocks (condition, error_message).
	validations []*hclsyntax.Body
}

type resourceDecl struct {
	data          bool
	typ, name     string
	key           string // aws_subnet.a or data.aws_vpc.b
	body          *hclsyntax.Body
	count, forEac hcl.Expression
	decl          hcl.Range
	// refs are the traversals of the whole body (computed once, used for every instance).
	refs []hcl.Traversal
}

type callDecl struct {
	name          string
	source        string
	body          *hclsyntax.Body
	count, forEac hcl.Expression
	decl          hcl.Range
}

// metaArgs are the arguments of resource and data blocks that are Terraform's own;
// callArgs those of module blocks.
var metaArgs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}

var callArgs = map[string]bool{"count": true, "for_each": true, "providers": true, "depends_on": true,
	"source": true, "version": true}

// metaBlocks are the blocks of a resource that are Terraform's own.
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "precondition": true, "postcondition": true}

// hasTF reports whether dir holds at least one .tf (or .tf.json) file.
func hasTF(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tf.json")) {
			return true
		}
	}
	return false
}

// loadModule parses the .tf files of dir, in name order. Files named *_override.tf are
// not merged (Terraform's override files are rare in MWAA configurations): they are read
// as ordinary files, so a block declared twice is reported.
func (ev *evaluator) loadModule(dir string) *module {
	if m := ev.mods[dir]; m != nil {
		return m
	}
	m := &module{dir: dir, vars: map[string]*variable{}, locals: map[string]*hclsyntax.Attribute{},
		outputs: map[string]*hclsyntax.Attribute{}, outDecl: map[string]hcl.Range{}, byKey: map[string]*resourceDecl{},
		calls: map[string]*callDecl{}}
	ev.mods[dir] = m
	ents, err := os.ReadDir(dir)
	if err != nil {
		ev.errorf(hcl.Range{Filename: dir}, "cannot read the module directory: %v", errText(err))
		return m
	}
	var names []string
	for _, e := range ents {
		switch {
		case e.IsDir():
		case strings.HasSuffix(e.Name(), ".tf"):
			names = append(names, e.Name())
		case strings.HasSuffix(e.Name(), ".tf.json"):
			ev.errorf(hcl.Range{Filename: filepath.Join(dir, e.Name()), Start: hcl.InitialPos}, "Terraform's JSON syntax (.tf.json) is not read; mwaanet reads .tf files (check the plan instead: terraform show -json plan.out)")
		}
	}
	sort.Strings(names)
	for _, n := range names {
		path := filepath.Join(dir, n)
		data, err := inputfile.Read(path, ev.opts.maxFileSize())
		if err != nil {
			ev.errorf(hcl.Range{Filename: path}, "%v", errText(err))
			continue
		}
		ev.bytes += len(data)
		f, diags := hclsyntax.ParseConfig(data, path, hcl.InitialPos)
		ev.diags = append(ev.diags, diags...)
		if diags.HasErrors() {
			continue
		}
		body := f.Body.(*hclsyntax.Body)
		collectAttrNames(body, ev.attrNames)
		ev.declare(m, body)
	}
	return m
}

func (ev *evaluator) declare(m *module, body *hclsyntax.Body) {
	for name, a := range body.Attributes {
		ev.errorf(a.SrcRange, "unexpected argument %q at the top level of a module; expected blocks (resource, variable, locals, module, output, ...)", name)
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			if !ev.labels(b, 1, "variable \"NAME\"") {
				continue
			}
			ev.declareVariable(m, b)
		case "locals":
			for name, a := range b.Body.Attributes {
				if prev := m.locals[name]; prev != nil {
					ev.duplicate(a.NameRange, "local value", name, prev.NameRange)
					continue
				}
				m.locals[name] = a
			}
		case "output":
			if !ev.labels(b, 1, "output \"NAME\"") {
				continue
			}
			name := b.Labels[0]
			if prev, ok := m.outDecl[name]; ok {
				ev.duplicate(b.DefRange(), "output", name, prev)
				continue
			}
			m.outDecl[name] = b.DefRange()
			if a := b.Body.Attributes["value"]; a != nil {
				m.outputs[name] = a
			} else {
				ev.errorf(b.DefRange(), "output %q has no value argument", name)
			}
		case "resource", "data":
			if !ev.labels(b, 2, b.Type+" \"TYPE\" \"NAME\"") {
				continue
			}
			r := &resourceDecl{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], body: b.Body, decl: b.DefRange()}
			r.key = r.typ + "." + r.name
			if r.data {
				r.key = "data." + r.key
			}
			if prev := m.byKey[r.key]; prev != nil {
				ev.duplicate(r.decl, b.Type, r.key, prev.decl)
				continue
			}
			if a := b.Body.Attributes["count"]; a != nil {
				r.count = a.Expr
			}
			if a := b.Body.Attributes["for_each"]; a != nil {
				r.forEac = a.Expr
			}
			if r.count != nil && r.forEac != nil {
				ev.errorf(b.Body.Attributes["for_each"].SrcRange, "%s has both count and for_each; use one", r.key)
			}
			r.refs = bodyTraversals(b.Body, true)
			m.byKey[r.key] = r
			m.resources = append(m.resources, r)
		case "module":
			if !ev.labels(b, 1, "module \"NAME\"") {
				continue
			}
			c := &callDecl{name: b.Labels[0], body: b.Body, decl: b.DefRange()}
			if prev := m.calls[c.name]; prev != nil {
				ev.duplicate(c.decl, "module", c.name, prev.decl)
				continue
			}
			a := b.Body.Attributes["source"]
			if a == nil {
				ev.errorf(c.decl, "module %q has no source argument", c.name)
				continue
			}
			v, diags := a.Expr.Value(nil)
			if diags.HasErrors() || v.Type() != cty.String || v.IsNull() {
				ev.errorf(a.Expr.Range(), "module %q: source must be a literal string", c.name)
				continue
			}
			c.source = v.AsString()
			if a := b.Body.Attributes["count"]; a != nil {
				c.count = a.Expr
			}
			if a := b.Body.Attributes["for_each"]; a != nil {
				c.forEac = a.Expr
			}
			m.calls[c.name] = c
			m.callOrder = append(m.callOrder, c.name)
		case "provider":
			if !ev.labels(b, 1, "provider \"NAME\"") {
				continue
			}
			if b.Labels[0] == "aws" && b.Body.Attributes["alias"] == nil {
				if a := b.Body.Attributes["region"]; a != nil {
					m.region = a.Expr
				}
			}
		case "terraform", "moved", "import", "removed", "check":
			// Terraform's own settings and refactoring blocks say nothing about the network.
		default:
			ev.errorf(b.TypeRange, "unsupported block type %q; expected resource, data, module, variable, locals, output, provider or terraform", b.Type)
		}
	}
}

func (ev *evaluator) labels(b *hclsyntax.Block, n int, form string) bool {
	if len(b.Labels) != n {
		ev.errorf(b.TypeRange, "expected %s", form)
		return false
	}
	for _, l := range b.Labels {
		if !hclsyntax.ValidIdentifier(l) {
			ev.errorf(b.DefRange(), "%q is not a valid name (letters, digits, underscores and dashes, starting with a letter or underscore)", l)
			return false
		}
	}
	return true
}

func (ev *evaluator) duplicate(at hcl.Range, what, name string, prev hcl.Range) {
	ev.errorf(at, "duplicate %s %q; it is already declared at %s", what, name, posString(prev))
}

func (ev *evaluator) declareVariable(m *module, b *hclsyntax.Block) {
	v := &variable{name: b.Labels[0], decl: b.DefRange(), typ: cty.DynamicPseudoType}
	if prev := m.vars[v.name]; prev != nil {
		ev.duplicate(v.decl, "variable", v.name, prev.decl)
		return
	}
	if a := b.Body.Attributes["type"]; a != nil {
		// Terraform's own shorthand, before the HCL type grammar: the bare keywords list
		// and map are list(any) and map(any) (its pre-0.12 forms, still accepted).
		switch hcl.ExprAsKeyword(a.Expr) {
		case "list":
			v.typ, v.typed = cty.List(cty.DynamicPseudoType), true
		case "map":
			v.typ, v.typed = cty.Map(cty.DynamicPseudoType), true
		}
	}
	if a := b.Body.Attributes["type"]; a != nil && !v.typed {
		t, defs, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
		ev.diags = append(ev.diags, diags...)
		if !diags.HasErrors() {
			v.typ, v.defaults, v.typed = t, defs, true
		}
	}
	if a := b.Body.Attributes["default"]; a != nil {
		v.def = a.Expr
	}
	for _, vb := range b.Body.Blocks {
		if vb.Type == "validation" && vb.Body.Attributes["condition"] != nil {
			v.validations = append(v.validations, vb.Body)
		}
	}
	m.vars[v.name] = v
	m.varOrder = append(m.varOrder, v.name)
}

// bodyTraversals lists the references of every expression of a body, its nested blocks
// and dynamic blocks (count and for_each included when top is true), leaving out the
// iterators of dynamic blocks.
func bodyTraversals(b *hclsyntax.Body, top bool) []hcl.Traversal {
	return traversalsIn(b, top, nil)
}

func traversalsIn(b *hclsyntax.Body, top bool, iters map[string]bool) []hcl.Traversal {
	var out []hcl.Traversal
	for name, a := range b.Attributes {
		if top && (name == "provider" || name == "depends_on" || name == "providers") {
			continue
		}
		for _, t := range hclsyntax.Variables(a.Expr) {
			if !iters[t.RootName()] {
				out = append(out, t)
			}
		}
	}
	for _, nb := range b.Blocks {
		if top && metaBlocks[nb.Type] {
			continue
		}
		inner := iters
		if nb.Type == "dynamic" && len(nb.Labels) == 1 {
			it := nb.Labels[0]
			if a := nb.Body.Attributes["iterator"]; a != nil {
				if t, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(t) == 1 {
					it = t.RootName()
				}
			}
			inner = map[string]bool{it: true}
			for k := range iters {
				inner[k] = true
			}
			// for_each of the dynamic block is outside the iterator's scope, but an
			// outer iterator may be used there; the content sees both.
			if a := nb.Body.Attributes["for_each"]; a != nil {
				for _, t := range hclsyntax.Variables(a.Expr) {
					if !iters[t.RootName()] {
						out = append(out, t)
					}
				}
			}
			for _, c := range nb.Body.Blocks {
				out = append(out, traversalsIn(c.Body, false, inner)...)
			}
			continue
		}
		out = append(out, traversalsIn(nb.Body, false, inner)...)
	}
	return out
}

// modulesManifest is .terraform/modules/modules.json, which terraform init writes.
type modulesManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// readManifest reads the root module's installed-modules manifest, if any.
func (ev *evaluator) readManifest() {
	ev.installed = map[string]string{}
	path := filepath.Join(ev.root, ".terraform", "modules", "modules.json")
	if _, err := os.Stat(path); err != nil {
		return
	}
	data, err := inputfile.Read(path, ev.opts.maxFileSize())
	if err != nil {
		ev.errorf(hcl.Range{Filename: path}, "%v", errText(err))
		return
	}
	var mf modulesManifest
	if err := json.Unmarshal(data, &mf); err != nil {
		ev.errorf(hcl.Range{Filename: path}, "not the manifest terraform init writes (run terraform init again): %v", err)
		return
	}
	for _, m := range mf.Modules {
		if m.Key != "" {
			ev.installed[m.Key] = m.Dir
		}
	}
}

// isLocalSource reports whether a module source is a local path (Terraform's rule: it
// starts with ./ or ../).
func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, ".\\") || strings.HasPrefix(s, "..\\")
}

// moduleDir returns the directory of a module call: a local path relative to the calling
// module, else the directory terraform init installed it in ("" when not installed).
func (ev *evaluator) moduleDir(parent *module, key string, c *callDecl) string {
	if isLocalSource(c.source) {
		return filepath.Join(parent.dir, filepath.FromSlash(c.source))
	}
	d, ok := ev.installed[key]
	if !ok || d == "" {
		return ""
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(ev.root, filepath.FromSlash(d))
	}
	return d
}

func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
