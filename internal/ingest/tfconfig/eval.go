package tfconfig

import (
	"fmt"
	"maps"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/model"
)

// maxInstances bounds the resource and module instances of one configuration (a count
// of a billion must not exhaust memory).
const maxInstances = 200000

// maxModuleDepth bounds the nesting of module calls (a module whose source is its own
// directory would call itself without end).
const maxModuleDepth = 32

// maxDepth bounds the chain of references followed while evaluating (each link is one
// Go stack frame group).
const maxDepth = 5000

type evaluator struct {
	root      string
	opts      Options
	mods      map[string]*module
	installed map[string]string // modules.json Key -> Dir
	diags     hcl.Diagnostics
	findings  []model.Finding
	reported  map[string]bool
	attrNames map[string]bool // attribute names any traversal uses
	// unknown holds the model's Unknown kinds of what could not be read (model.Unknown*).
	unknown   map[string]bool
	funcs     map[string]function.Function
	rootVals  map[string]rootValue
	region    string
	instances int
	depth     int
	bytes     int
	out       []tfplan.Resource
	root0     *instance
}

// rootValue is a root variable's value from a tfvars file, the command line or the
// environment.
type rootValue struct {
	val cty.Value
	rng hcl.Range
	raw bool // a string from the command line or environment, to parse per the type
}

// instance is one instance of a module (the root module, or module.a["x"]).
type instance struct {
	addr    string // "" for the root, module.a["x"].module.b
	key     string // modules.json key: a.b
	mod     *module
	parent  *instance
	call    *callDecl
	each    map[string]cty.Value // "count"/"each" of the module call instance
	nodes   map[string]*node
	missing bool // the module is not installed: every output is unknown
	depth   int  // module calls from the root
	// kids, callX and callOK are the instances of each module call, once expanded.
	kids   map[string][]*instance
	callX  map[string]expansion
	callOK map[string]bool
}

type node struct {
	state int8 // 0 new, 1 evaluating, 2 done
	val   cty.Value
	def   hcl.Range
}

func (ev *evaluator) errorf(rng hcl.Range, format string, args ...any) {
	ev.diags = append(ev.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf(format, args...), Subject: rng.Ptr()})
}

func posString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// finding records an ingest finding (info: a value the checks cannot know), once per key.
func (ev *evaluator) finding(key string, rng hcl.Range, resource, msg, fix string) {
	if ev.reported[key] {
		return
	}
	ev.reported[key] = true
	ev.findings = append(ev.findings, model.Finding{
		Rule: RuleNotStatic, Severity: model.SeverityInfo, Resource: resource,
		Source:  model.Source{File: rng.Filename, Line: rng.Start.Line, Column: rng.Start.Column, ID: resource},
		Message: msg, Fix: fix,
	})
}

func (in *instance) join(s string) string {
	if in.addr == "" {
		return s
	}
	return in.addr + "." + s
}

// value returns the value of a node of instance in ("var.x", "local.y", "aws_vpc.a",
// "data.t.n", "module.m.out", "module.m"), evaluating it on first use; from is where it
// is referred to (for cycle errors).
func (ev *evaluator) value(in *instance, key string, from hcl.Range) cty.Value {
	n := in.nodes[key]
	if n == nil {
		n = &node{}
		in.nodes[key] = n
	}
	switch n.state {
	case 2:
		return n.val
	case 1:
		ev.errorf(from, "cycle: %s refers to itself (it is defined at %s); Terraform would refuse this configuration", in.join(key), posString(n.def))
		return cty.DynamicVal
	}
	if ev.depth >= maxDepth {
		ev.errorf(from, "references are nested more than %d deep", maxDepth)
		return cty.DynamicVal
	}
	n.state = 1
	ev.depth++
	n.val = ev.compute(in, key, n, from)
	ev.depth--
	n.state = 2
	return n.val
}

func (ev *evaluator) compute(in *instance, key string, n *node, from hcl.Range) cty.Value {
	kind, name, _ := strings.Cut(key, ".")
	m := in.mod
	switch kind {
	case "var":
		v := m.vars[name]
		if v == nil {
			ev.errorf(from, "reference to undeclared input variable %q", name)
			return cty.DynamicVal
		}
		n.def = v.decl
		return ev.variable(in, v)
	case "local":
		a := m.locals[name]
		if a == nil {
			ev.errorf(from, "reference to undeclared local value %q", name)
			return cty.DynamicVal
		}
		n.def = a.NameRange
		return ev.eval(in, a.Expr, nil)
	case "output":
		a := m.outputs[name]
		if a == nil {
			return cty.DynamicVal
		}
		n.def = m.outDecl[name]
		return ev.eval(in, a.Expr, nil)
	}
	r := m.byKey[key]
	if r == nil {
		what := "resource"
		if kind == "data" {
			what = "data source"
		}
		ev.errorf(from, "reference to undeclared %s %s", what, key)
		return cty.DynamicVal
	}
	n.def = r.decl
	return ev.resource(in, r)
}

// variable returns an input variable's value: the module call's argument (or for the
// root module the tfvars, --var and TF_VAR_ values), else the default, converted to the
// variable's type. A root variable with no value is unknown, reported once.
func (ev *evaluator) variable(in *instance, v *variable) cty.Value {
	var val cty.Value
	rng := v.decl
	switch {
	case in.parent == nil:
		rv, ok := ev.rootVals[v.name]
		switch {
		case ok && rv.raw:
			val = ev.parseRaw(rv, v)
			rng = rv.rng
		case ok:
			val, rng = rv.val, rv.rng
		case v.def != nil:
			val = ev.eval(in, v.def, nil)
			rng = v.def.Range()
		default:
			ev.finding("var."+v.name, v.decl, "var."+v.name,
				fmt.Sprintf("variable %q has no default and no value was given; values derived from it are unknown, and checks that need them cannot decide", v.name),
				fmt.Sprintf("give it with --var %s=VALUE, --var-file FILE, a terraform.tfvars file or TF_VAR_%s", v.name, v.name))
			return cty.UnknownVal(v.typ)
		}
	default:
		if a := in.call.body.Attributes[v.name]; a != nil {
			val = ev.eval(in.parent, a.Expr, in.each)
			rng = a.Expr.Range()
		} else if v.def != nil {
			val = ev.eval(in, v.def, nil)
			rng = v.def.Range()
		} else {
			ev.errorf(in.call.decl, "module %q: the argument %q is required (the variable has no default, %s)", in.call.name, v.name, posString(v.decl))
			return cty.UnknownVal(v.typ)
		}
	}
	val = ev.convertVar(val, v, rng)
	if !ev.validate(val, v, rng) {
		return cty.UnknownVal(v.typ) // reported once, not again by what uses it
	}
	return val
}

// validate evaluates the variable's validation conditions that refer to the variable
// only (as Terraform before 1.9 requires); a known false condition is an error at the
// value, with the block's error_message, and validate returns false.
func (ev *evaluator) validate(val cty.Value, v *variable, rng hcl.Range) bool {
	for _, b := range v.validations {
		cond := b.Attributes["condition"].Expr
		self := true
		for _, t := range hclsyntax.Variables(cond) {
			if name, ok := attrStep(t, 1); t.RootName() != "var" || !ok || name != v.name {
				self = false
			}
		}
		if !self {
			continue
		}
		ctx := &hcl.EvalContext{Functions: ev.funcs, Variables: map[string]cty.Value{
			"var": cty.ObjectVal(map[string]cty.Value{v.name: val})}}
		ok, diags := cond.Value(ctx)
		if diags.HasErrors() || !ok.IsKnown() || ok.IsNull() || ok.Type() != cty.Bool || ok.True() {
			continue
		}
		msg := "the value does not pass the variable's validation"
		if a := b.Attributes["error_message"]; a != nil {
			if m, diags := a.Expr.Value(ctx); !diags.HasErrors() && m.IsKnown() && !m.IsNull() && m.Type() == cty.String {
				msg = m.AsString()
			}
		}
		ev.errorf(rng, "variable %q: %s (validation at %s)", v.name, msg, posString(cond.Range()))
		return false
	}
	return true
}

func (ev *evaluator) convertVar(val cty.Value, v *variable, rng hcl.Range) cty.Value {
	if !v.typed {
		return val
	}
	if v.defaults != nil {
		val = v.defaults.Apply(val)
	}
	out, err := convert.Convert(val, v.typ)
	if err != nil {
		ev.errorf(rng, "variable %q: %s (expected %s)", v.name, err, typeexpr.TypeString(v.typ))
		return cty.UnknownVal(v.typ)
	}
	return out
}

// parseRaw turns a --var or TF_VAR_ string into a value: the string itself for a
// variable of type string (or without a type), else an HCL expression, as Terraform does.
func (ev *evaluator) parseRaw(rv rootValue, v *variable) cty.Value {
	s := rv.val.AsString()
	if !v.typed || v.typ == cty.String || v.typ == cty.DynamicPseudoType && !looksComplex(s) {
		return cty.StringVal(s)
	}
	if v.typ.IsPrimitiveType() && v.typ != cty.String {
		return cty.StringVal(s) // converted to number or bool by the type
	}
	expr, diags := hclsyntax.ParseExpression([]byte(s), rv.rng.Filename, rv.rng.Start)
	if diags.HasErrors() {
		ev.errorf(rv.rng, "variable %q: the value is not a valid HCL expression for type %s: %s", v.name, typeexpr.TypeString(v.typ), diags[0].Summary)
		return cty.UnknownVal(v.typ)
	}
	val, diags := expr.Value(&hcl.EvalContext{Functions: ev.funcs})
	if diags.HasErrors() {
		ev.errorf(rv.rng, "variable %q: %s", v.name, diags[0].Summary)
		return cty.UnknownVal(v.typ)
	}
	return val
}

func looksComplex(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{")
}

// eval evaluates an expression of instance in; extra adds variables (count, each,
// a dynamic block's iterator).
func (ev *evaluator) eval(in *instance, expr hcl.Expression, extra map[string]cty.Value) cty.Value {
	ctx := ev.context(in, hclsyntax.Variables(expr.(hclsyntax.Expression)), extra)
	v, diags := expr.Value(ctx)
	ev.diags = append(ev.diags, diags...)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// context builds the evaluation context for the given references: only the values they
// name are evaluated and put in it.
func (ev *evaluator) context(in *instance, refs []hcl.Traversal, extra map[string]cty.Value) *hcl.EvalContext {
	roots := map[string]map[string]cty.Value{}
	put := func(root, name string, v cty.Value) {
		if roots[root] == nil {
			roots[root] = map[string]cty.Value{}
		}
		roots[root][name] = v
	}
	// Outputs of module calls, collected first: module.a.x and module.a.y make one value.
	outs := map[string]map[string]bool{} // call -> outputs; nil map means all
	outRng := map[string]hcl.Range{}
	data := map[string]map[string]cty.Value{}
	vars := map[string]cty.Value{}
	for k, v := range extra {
		vars[k] = v
	}
	for _, t := range refs {
		root := t.RootName()
		if _, ok := extra[root]; ok {
			continue
		}
		rng := t.SourceRange()
		switch root {
		case "var", "local":
			name, ok := attrStep(t, 1)
			if !ok {
				ev.errorf(rng, "a reference to %s must name one (%s.NAME)", root, root)
				continue
			}
			put(root, name, ev.value(in, root+"."+name, rng))
		case "module":
			name, ok := attrStep(t, 1)
			if !ok {
				ev.errorf(rng, "a reference to a module must name it (module.NAME)")
				continue
			}
			out, hasOut := attrStep(t, 2)
			if !hasOut {
				if _, isIndex := t[min(2, len(t)-1)].(hcl.TraverseIndex); isIndex && len(t) > 3 {
					out, hasOut = attrStep(t, 3)
				}
			}
			outRng[name] = rng
			if _, seen := outs[name]; seen && outs[name] == nil {
				continue
			}
			if !hasOut {
				outs[name] = nil
				continue
			}
			if outs[name] == nil {
				outs[name] = map[string]bool{}
			}
			outs[name][out] = true
		case "data":
			typ, ok1 := attrStep(t, 1)
			name, ok2 := attrStep(t, 2)
			if !ok1 || !ok2 {
				ev.errorf(rng, "a reference to a data source must name it (data.TYPE.NAME)")
				continue
			}
			if data[typ] == nil {
				data[typ] = map[string]cty.Value{}
			}
			data[typ][name] = ev.value(in, "data."+typ+"."+name, rng)
		case "count", "each":
			if _, ok := vars[root]; !ok {
				ev.errorf(rng, "%s is only available in a block with %s", root, map[string]string{"count": "count", "each": "for_each"}[root])
			}
		case "path":
			put("path", "module", cty.StringVal(in.mod.dir))
			put("path", "root", cty.StringVal(ev.root))
			put("path", "cwd", cty.StringVal(ev.root))
		case "terraform":
			put("terraform", "workspace", cty.StringVal("default"))
		case "self":
			vars["self"] = cty.DynamicVal
		default:
			name, ok := attrStep(t, 1)
			if !ok {
				ev.errorf(rng, "unknown reference %q; expected var., local., module., data. or a resource TYPE.NAME", root)
				continue
			}
			put(root, name, ev.value(in, root+"."+name, rng))
		}
	}
	for call, set := range outs {
		c := in.mod.calls[call]
		if c == nil {
			ev.errorf(outRng[call], "reference to undeclared module %q", call)
			continue
		}
		var names []string
		if set != nil {
			names = make([]string, 0, len(set))
			for o := range set {
				names = append(names, o)
			}
			sort.Strings(names)
		}
		put("module", call, ev.moduleValue(in, c, names, outRng[call]))
	}
	for typ, m := range data {
		if roots["data"] == nil {
			roots["data"] = map[string]cty.Value{}
		}
		roots["data"][typ] = cty.ObjectVal(m)
	}
	for root, m := range roots {
		vars[root] = cty.ObjectVal(m)
	}
	return &hcl.EvalContext{Variables: vars, Functions: ev.funcs}
}

// attrStep returns the name of the i-th step of t when it is an attribute (or the root).
func attrStep(t hcl.Traversal, i int) (string, bool) {
	if i >= len(t) {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl.TraverseRoot:
		return s.Name, true
	case hcl.TraverseAttr:
		return s.Name, true
	}
	return "", false
}

// expansion is the instances of a resource or module call: keys in order and, for
// each, the count/each variables.
type expansion struct {
	single bool // neither count nor for_each
	byKey  bool // for_each
	keys   []string
	each   []map[string]cty.Value
}

// expand evaluates count or for_each. ok is false when they are not known statically
// (the caller reports it and makes no instances).
func (ev *evaluator) expand(in *instance, count, forEach hcl.Expression, what string) (expansion, bool) {
	switch {
	case count != nil:
		v := ev.eval(in, count, nil)
		if !wholeKnown(v) {
			return expansion{}, false
		}
		nv, err := convert.Convert(v, cty.Number)
		if err != nil || nv.IsNull() {
			ev.errorf(count.Range(), "%s: count must be a whole number, found %s", what, typeName(v))
			return expansion{}, false
		}
		bf := nv.AsBigFloat()
		n, acc := bf.Int64()
		if acc != big.Exact || n < 0 {
			ev.errorf(count.Range(), "%s: count must be a whole number of zero or more, found %s", what, bf.Text('f', -1))
			return expansion{}, false
		}
		if ev.instances+int(n) > maxInstances {
			ev.errorf(count.Range(), "%s: count %d makes more than %d instances in this configuration", what, n, maxInstances)
			return expansion{}, false
		}
		x := expansion{keys: make([]string, n), each: make([]map[string]cty.Value, n)}
		for i := range x.keys {
			x.keys[i] = strconv.Itoa(i)
			x.each[i] = map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))})}
		}
		ev.instances += int(n)
		return x, true
	case forEach != nil:
		v := ev.eval(in, forEach, nil)
		v, _ = v.Unmark()
		// Keys must be known (Terraform's rule); the values of a map may be unknown
		// (for_each = aws_subnet.private).
		if !v.IsKnown() || v.Type().IsSetType() && !v.IsWhollyKnown() {
			return expansion{}, false
		}
		if v.IsNull() {
			ev.errorf(forEach.Range(), "%s: for_each must be a map or a set of strings, found null", what)
			return expansion{}, false
		}
		ty := v.Type()
		x := expansion{byKey: true}
		add := func(k string, val cty.Value) {
			x.keys = append(x.keys, k)
			x.each = append(x.each, map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k), "value": val})})
		}
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, val := it.Element()
				add(k.AsString(), val)
			}

		case ty.IsSetType() && (ty.ElementType() == cty.String || ty.ElementType() == cty.DynamicPseudoType):
			for it := v.ElementIterator(); it.Next(); {
				_, val := it.Element()
				if val.IsNull() || val.Type() != cty.String {
					ev.errorf(forEach.Range(), "%s: for_each set elements must be strings", what)
					return expansion{}, false
				}
				add(val.AsString(), val)
			}
		default:
			ev.errorf(forEach.Range(), "%s: for_each must be a map or a set of strings, found %s (use toset() for a list)", what, typeName(v))
			return expansion{}, false
		}
		for _, k := range x.keys {
			if isSymbolic(k) {
				return expansion{}, false // keys known only after apply
			}
		}
		if ev.instances+len(x.keys) > maxInstances {
			ev.errorf(forEach.Range(), "%s: for_each makes more than %d instances in this configuration", what, maxInstances)
			return expansion{}, false
		}
		ev.instances += len(x.keys)
		return x, true
	}
	ev.instances++
	return expansion{single: true, keys: []string{""}, each: []map[string]cty.Value{nil}}, true
}

// wholeKnown reports whether v and everything in it is known.
func wholeKnown(v cty.Value) bool {
	v, _ = v.UnmarkDeep()
	return v.IsWhollyKnown()
}

func typeName(v cty.Value) string {
	if !v.IsKnown() {
		return "an unknown value"
	}
	return v.Type().FriendlyName()
}

// instanceAddr formats an instance key as in addresses: [0] or ["a"].
func instanceAddr(x expansion, i int) string {
	switch {
	case x.single:
		return ""
	case x.byKey:
		return "[" + strconv.Quote(x.keys[i]) + "]"
	}
	return "[" + x.keys[i] + "]"
}

// collect makes the value of a resource or module from its instances' values: the
// object itself, a tuple for count, an object keyed like for_each.
func collect(x expansion, vals []cty.Value) cty.Value {
	switch {
	case x.single:
		return vals[0]
	case x.byKey:
		m := make(map[string]cty.Value, len(vals))
		for i, v := range vals {
			m[x.keys[i]] = v
		}
		return cty.ObjectVal(m)
	}
	return cty.TupleVal(vals)
}

// moduleValue returns the value of module call c: for each instance an object of the
// given outputs (every output when names is nil), in the call's shape (an object, a tuple
// for count, an object keyed like for_each). A module not installed is unknown.
func (ev *evaluator) moduleValue(in *instance, c *callDecl, names []string, from hcl.Range) cty.Value {
	kids, x, ok := ev.children(in, c, from)
	if !ok {
		return cty.DynamicVal
	}
	vals := make([]cty.Value, len(kids))
	for i, k := range kids {
		if k.missing {
			return cty.DynamicVal
		}
		want := names
		if want == nil {
			for name := range k.mod.outDecl {
				want = append(want, name)
			}
		}
		m := make(map[string]cty.Value, len(want))
		for _, name := range want {
			if _, declared := k.mod.outDecl[name]; !declared {
				ev.errorf(from, "module %q has no output %q", c.name, name)
				m[name] = cty.DynamicVal
				continue
			}
			m[name] = ev.value(k, "output."+name, from)
		}
		vals[i] = cty.ObjectVal(m)
	}
	return collect(x, vals)
}

// children returns the instances of module call c in instance in, creating them once.
func (ev *evaluator) children(in *instance, c *callDecl, from hcl.Range) ([]*instance, expansion, bool) {
	key := "\x00call." + c.name
	if n := in.nodes[key]; n != nil {
		if n.state == 1 {
			ev.errorf(from, "cycle: the count or for_each of module %q refers to the module itself (the call is at %s)", c.name, posString(c.decl))
			return nil, expansion{}, false
		}
		return in.kids[c.name], in.callX[c.name], in.callOK[c.name]
	}
	n := &node{state: 1}
	in.nodes[key] = n
	defer func() { n.state = 2 }()
	what := in.join("module." + c.name)
	x, ok := ev.expand(in, c.count, c.forEac, what)
	in.callOK[c.name] = ok
	in.callX[c.name] = x
	if !ok {
		ev.unknownAll()
		ev.finding("module:"+what, c.decl, what,
			fmt.Sprintf("the count or for_each of %s is known only after apply; its resources are not read, and checks that need them cannot decide", what),
			"use count or for_each values that are known before apply (variables, locals, literals)")
		return nil, x, false
	}
	if in.depth >= maxModuleDepth {
		ev.errorf(c.decl, "module calls nest more than %d deep (does module %q call itself?)", maxModuleDepth, c.name)
		return nil, x, false
	}
	mkey := c.name
	if in.key != "" {
		mkey = in.key + "." + c.name
	}
	dir := ev.moduleDir(in.mod, mkey, c)
	var m *module
	if dir == "" {
		ev.unknownAll()
		ev.finding("install:"+mkey, c.decl, what,
			fmt.Sprintf("module %s (source %q) is not installed; its outputs are unknown and its resources are not checked", what, c.source),
			"run 'terraform init' (it needs no AWS credentials; add -backend=false to skip the backend) in "+ev.root+", then check again")
	} else if !hasTF(dir) {
		ev.errorf(c.decl, "module %q: %s has no .tf files (source %q)", c.name, dir, c.source)
		dir = ""
	} else {
		m = ev.loadModule(dir)
		for _, name := range slices.Sorted(maps.Keys(c.body.Attributes)) {
			if !callArgs[name] && m.vars[name] == nil {
				ev.errorf(c.body.Attributes[name].NameRange, "module %q has no variable %q (its variables are declared in %s)", c.name, name, dir)
			}
		}
	}
	kids := make([]*instance, len(x.keys))
	for i := range x.keys {
		kids[i] = &instance{addr: what + instanceAddr(x, i), key: mkey, mod: m, parent: in, call: c, each: x.each[i],
			nodes: map[string]*node{}, missing: m == nil, depth: in.depth + 1, kids: map[string][]*instance{}, callX: map[string]expansion{}, callOK: map[string]bool{}}
		if m == nil {
			kids[i].mod = &module{}
		}
	}
	in.kids[c.name] = kids
	return kids, x, true
}
