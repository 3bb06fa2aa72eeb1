// Package tfplan reads a Terraform plan in JSON (`terraform show -json plan.out`) into the
// model: planned_values give the resources and their values, resource_changes'
// after_unknown says which values are known only after apply (unknown in the model, never
// guessed), and configuration's expressions give the references between resources, so that
// a subnet whose vpc_id is unknown until apply still links to its VPC. Model IDs are
// resource addresses (module.net.aws_subnet.private[0]); nested modules are read.
//
// Strings that name another resource of the plan hold that resource's address (the model's
// "the ID itself" form), or, when the ARN can be spelled from known values, an ARN with
// ${AWS::Partition} and ${AWS::AccountId} (an S3 bucket or IAM role with a known name).
// The reader must never read other files, call AWS, or run Terraform.
//
// A plan gives a configuration expression only as its constant value or the list of what
// it refers to, never its text: slice(module.vpc.private_subnets, 0, 2),
// element(aws_subnet.private[*].id, 0) and module.vpc.private_subnets all read
// ["module.vpc.private_subnets", "module.vpc"]. References are followed through module
// outputs and variables, instance keys (count.index, each.key pick the instance with
// the same key), each.value of a for_each over resources, and locals (which a plan does
// not carry: the module's resources of the attribute's types are the candidates). A
// list known only after apply is read as everything its expression names; where that
// may be more than the value (every instance of a resource with several, or an
// expression that also depends on a number, a local, count.index) the reader says so:
// the environment's subnets become unknown when there are more than two candidates
// (MWAA takes exactly two), other lists are read as their candidates with an ingest
// finding (RuleCandidates). The tests read plans that the real Terraform and AWS
// provider made (testdata/real, see real_test.go).
package tfplan

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// RuleUnknownValue is the rule ID of the ingest finding for a value the checks need that
// the plan knows only after apply (a policy built with jsonencode from ARNs, ...).
const RuleUnknownValue = "TFPLAN/unknown-until-apply"

// Read reads the plan JSON data; path names it in Sources and errors. A state in JSON
// (terraform show -json without a plan file: "values" instead of "planned_values") reads
// too, with every value known.
func Read(path string, data []byte) (*model.Architecture, error) {
	root, err := jsonpos.Parse(data)
	if err != nil {
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) {
			return nil, model.Errorf(model.Source{File: path, Line: se.Line, Column: se.Column}, "%s", se.Msg)
		}
		return nil, model.Errorf(model.Source{File: path}, "%v", err)
	}
	p := newPlan(path, &model.Architecture{})
	if err := p.load(root); err != nil {
		return nil, err
	}
	p.build()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.a, nil
}

// newPlan returns an empty plan reading into a, its indexes made.
func newPlan(path string, a *model.Architecture) *plan {
	return &plan{
		path:         path,
		a:            a,
		byAddr:       map[string]*resource{},
		byBase:       map[string][]*resource{},
		byModuleType: map[string][]*resource{},
		data:         map[string][]*jsonpos.Node{},
		byID:         map[string]string{},
		configRes:    map[string]*jsonpos.Node{},
		configMods:   map[string]*jsonpos.Node{},
		modules:      map[string]bool{},
		unknownSet:   map[string]bool{},
		pvName:       "planned_values",
	}
}

type plan struct {
	path string
	a    *model.Architecture
	errs model.InputErrors
	res  []*resource
	// byAddr and byBase index managed resources by address and by address without the
	// instance key; data indexes data sources' values by base address.
	byAddr map[string]*resource
	byBase map[string][]*resource
	// byModuleType indexes them by "module instance|type".
	byModuleType map[string][]*resource
	data         map[string][]*jsonpos.Node
	// byID maps a known AWS ID (or name) of a planned resource to its address.
	byID map[string]string
	// configRes maps "config module path|type.name" to the configuration resource;
	// configMods maps a config module path ("" for root, "module.a.module.b") to its
	// configuration module; modules holds the module instance addresses of the plan.
	configRes  map[string]*jsonpos.Node
	configMods map[string]*jsonpos.Node
	modules    map[string]bool
	variables  *jsonpos.Node
	unknownSet map[string]bool
	budget     int
	// wide and computed describe the last resolve: wide when a reference named every
	// instance of a resource with several (aws_subnet.private, from a splat, a for
	// expression or a module output: the plan's references cannot tell
	// slice(module.vpc.private_subnets, 0, 2) from module.vpc.private_subnets);
	// computed when the expression also depends on values that are not IDs (a number
	// variable, a local, count.index), so it evidently selects among what it names.
	wide, computed bool
	// types are the resource types the reference being resolved may name (see
	// resolveLocal).
	types []string
	// pvName names the member the values are read from: planned_values, or values (a state).
	pvName string
}

// resource is one planned resource instance.
type resource struct {
	p      *plan
	addr   string // module.net.aws_subnet.private[0]
	module string // module.net ("" for the root module)
	typ    string
	name   string
	base   string // module.net.aws_subnet.private
	index  string // the instance key as written in the address ("0", "\"a\""), or ""
	action string
	x      val
	src    model.Source
}

func (p *plan) load(root *jsonpos.Node) error {
	src := model.Source{File: p.path}
	if root.Kind != jsonpos.Object {
		src.Line, src.Column = root.Line, root.Column
		return model.Errorf(src, "expected a Terraform plan (terraform show -json plan.out), found %s", root.Kind)
	}
	if fv, ok := root.Get("format_version").Str(); ok && !strings.HasPrefix(fv, "0.") && !strings.HasPrefix(fv, "1.") {
		n := root.Get("format_version")
		src.Line, src.Column = n.Line, n.Column
		return model.Errorf(src, "format_version %q is not supported (expected 1.x)", fv)
	}
	pv := root.Get("planned_values")
	if pv == nil && root.Get("values") != nil && root.Get("values").Kind == jsonpos.Object {
		// A state (terraform show -json without a plan): every value is known.
		pv = root.Get("values")
		p.pvName = "values"
	}
	if pv == nil || pv.Kind != jsonpos.Object {
		src.Line, src.Column = root.Line, root.Column
		return model.Errorf(src, "expected a Terraform plan (terraform show -json plan.out): no planned_values object")
	}
	p.variables = root.Get("variables")
	p.expect(p.variables, jsonpos.Object, "variables")
	p.expect(root.Get("resource_changes"), jsonpos.Array, "resource_changes")
	p.expect(root.Get("configuration"), jsonpos.Object, "configuration")
	p.expect(root.Get("prior_state"), jsonpos.Object, "prior_state")
	p.expect(root.Get("prior_state").Get("values"), jsonpos.Object, "prior_state.values")
	changes := map[string]*jsonpos.Node{}
	for _, rc := range elems(root.Get("resource_changes")) {
		if a, ok := rc.Get("address").Str(); ok {
			changes[a] = rc.Get("change")
		}
	}
	if cfg := root.Get("configuration"); cfg != nil {
		p.loadConfig(cfg.Get("root_module"), "")
	}
	if ps := root.Get("prior_state").Get("values"); ps != nil {
		p.loadModule(ps.Get("root_module"), "", nil, true)
	}
	p.loadModule(pv.Get("root_module"), "", changes, false)
	p.region(root)
	if len(p.errs) > 0 {
		return p.errs
	}
	return nil
}

// expect reports a member of the plan that is there but not of the JSON type Terraform
// writes (an object where an array belongs, a string for an object, null): a plan whose
// resources are unreadable must not read as a plan without resources.
func (p *plan) expect(n *jsonpos.Node, kind jsonpos.Kind, what string) bool {
	if n == nil {
		return false
	}
	if n.Kind != kind {
		src := model.Source{File: p.path, Line: n.Line, Column: n.Column}
		p.errs = append(p.errs, model.Errorf(src, "%s: expected %s, found %s", what, kind, n.Kind))
		return false
	}
	return true
}

func elems(n *jsonpos.Node) []*jsonpos.Node {
	if n == nil || n.Kind != jsonpos.Array {
		return nil
	}
	return n.Elems
}

func (p *plan) loadConfig(m *jsonpos.Node, path string) {
	if !p.expect(m, jsonpos.Object, "configuration: "+configName(path)) {
		return
	}
	p.configMods[path] = m
	p.expect(m.Get("resources"), jsonpos.Array, "configuration: "+configName(path)+": resources")
	p.expect(m.Get("module_calls"), jsonpos.Object, "configuration: "+configName(path)+": module_calls")
	for _, r := range elems(m.Get("resources")) {
		if a, ok := r.Get("address").Str(); ok {
			p.configRes[path+"|"+a] = r
		}
	}
	if calls := m.Get("module_calls"); calls != nil && calls.Kind == jsonpos.Object {
		for _, c := range calls.Members {
			if !p.expect(c.Value, jsonpos.Object, "configuration: module_calls: "+c.Key) {
				continue
			}
			p.loadConfig(c.Value.Get("module"), join(path, "module."+c.Key))
		}
	}
}

func configName(path string) string {
	if path == "" {
		return "root_module"
	}
	return path
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func join(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "." + s
}

// configPath drops instance keys from a module address: module.a[0].module.b -> module.a.module.b.
func configPath(module string) string {
	var b strings.Builder
	depth := 0
	for _, c := range module {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// loadModule reads the resources of a planned (or prior state) module and its children.
func (p *plan) loadModule(m *jsonpos.Node, module string, changes map[string]*jsonpos.Node, prior bool) {
	where := p.pvName
	if prior {
		where = "prior_state"
	}
	if a, ok := m.Get("address").Str(); ok {
		module = a
	}
	where += ": " + or(module, "root_module")
	if !p.expect(m, jsonpos.Object, where) {
		return
	}
	if module != "" && !prior {
		p.modules[module] = true
	}
	p.expect(m.Get("resources"), jsonpos.Array, where+": resources")
	p.expect(m.Get("child_modules"), jsonpos.Array, where+": child_modules")
	for _, n := range elems(m.Get("resources")) {
		if !p.expect(n, jsonpos.Object, where+": resources: element") {
			continue
		}
		addr, _ := n.Get("address").Str()
		typ, _ := n.Get("type").Str()
		name, _ := n.Get("name").Str()
		mode, _ := n.Get("mode").Str()
		if addr == "" || typ == "" {
			continue
		}
		base := join(module, typ+"."+name)
		if mode == "data" {
			base = join(module, "data."+typ+"."+name)
			p.data[base] = append(p.data[base], n)
			continue
		}
		if prior {
			continue
		}
		if p.byAddr[addr] != nil {
			src := model.Source{File: p.path, Line: n.Line, Column: n.Column, ID: addr}
			p.errs = append(p.errs, model.Errorf(src, "resource %s appears twice in planned_values", addr))
			continue
		}
		r := &resource{p: p, addr: addr, module: module, typ: typ, name: name, base: base,
			src: model.Source{File: p.path, Line: n.Line, Column: n.Column, ID: addr}}
		if i := strings.LastIndexByte(addr, '['); i > len(base)-1 && strings.HasSuffix(addr, "]") {
			r.index = addr[i+1 : len(addr)-1]
		}
		r.x.v = n.Get("values")
		if r.x.v != nil && !p.expect(r.x.v, jsonpos.Object, addr+": values") {
			r.x.v = nil
		}
		if r.x.v == nil {
			r.x.v = &jsonpos.Node{Kind: jsonpos.Object, Line: n.Line, Column: n.Column}
		}
		if ch := changes[addr]; ch != nil {
			r.x.u = ch.Get("after_unknown")
			if acts := elems(ch.Get("actions")); len(acts) > 0 {
				r.action, _ = acts[len(acts)-1].Str()
			}
		}
		if cr := p.configRes[configPath(module)+"|"+typ+"."+name]; cr != nil {
			r.x.e = cr.Get("expressions")
		}
		if id := r.str(r.x, "id"); id != "" {
			p.byID[id] = addr
		}
		if arn := r.str(r.x, "arn"); arn != "" {
			p.byID[arn] = addr
		}
		p.res = append(p.res, r)
		p.byAddr[addr] = r
		p.byBase[base] = append(p.byBase[base], r)
		p.byModuleType[module+"|"+typ] = append(p.byModuleType[module+"|"+typ], r)
	}
	for _, c := range elems(m.Get("child_modules")) {
		p.loadModule(c, module, changes, prior)
	}
}

// region reads the AWS provider's region (a constant or a root variable).
func (p *plan) region(root *jsonpos.Node) {
	prov := root.Get("configuration").Get("provider_config")
	if prov == nil || prov.Kind != jsonpos.Object {
		return
	}
	for _, m := range prov.Members {
		if m.Key != "aws" {
			continue
		}
		expr := m.Value.Get("expressions").Get("region")
		if s, ok := expr.Get("constant_value").Str(); ok {
			p.a.Region = s
		}
		for _, ref := range (val{e: expr}).refs() {
			for _, t := range p.resolve("", ref) {
				if t.literal != "" && p.a.Region == "" {
					p.a.Region = t.literal
				}
			}
		}
	}
}

// target is what a reference resolves to: a planned resource, or a literal value (a
// variable, a data source attribute).
type target struct {
	res     *resource
	literal string
}

// step is one part of a reference: a name and an optional instance key.
type step struct {
	name, key string
}

// parseRef splits "module.a[0].aws_subnet.b[\"x\"].id" into steps.
func parseRef(ref string) []step {
	var steps []step
	for ref != "" {
		var s step
		i := strings.IndexAny(ref, ".[")
		if i < 0 {
			s.name, ref = ref, ""
		} else {
			s.name, ref = ref[:i], ref[i:]
		}
		if strings.HasPrefix(ref, "[") {
			j := strings.IndexByte(ref, ']')
			if j < 0 {
				return steps
			}
			s.key, ref = ref[1:j], ref[j+1:]
		}
		ref = strings.TrimPrefix(ref, ".")
		steps = append(steps, s)
	}
	return steps
}

// resolve returns what ref, written in module instance module, refers to.
func (p *plan) resolve(module, ref string) []target {
	p.budget = 1000
	return p.resolveDepth(module, ref, 0)
}

// resolveDepth follows ref through module variables and outputs, at most 20 deep and
// 1000 steps for one reference (a hostile plan cannot make it loop).
func (p *plan) resolveDepth(module, ref string, depth int) []target {
	p.budget--
	if depth > 20 || p.budget < 0 {
		return nil
	}
	steps := parseRef(ref)
	if len(steps) < 2 {
		return nil
	}
	switch steps[0].name {
	case "var":
		return p.resolveVar(module, steps[1].name, depth)
	case "module":
		if len(steps) < 3 {
			return nil
		}
		return p.resolveOutput(module, steps[1], steps[2].name, depth)
	case "data":
		if len(steps) < 3 {
			return nil
		}
		attr := "id"
		if len(steps) > 3 {
			attr = steps[3].name
		}
		var out []target
		for _, n := range p.data[join(module, "data."+steps[1].name+"."+steps[2].name)] {
			if s, ok := n.Get("values").Get(attr).Str(); ok && s != "" {
				out = append(out, target{literal: s})
			}
		}
		return out
	case "local":
		return p.resolveLocal(module)
	case "count", "each", "path", "terraform", "self":
		p.computed = true
		return nil
	}
	var out []target
	for _, r := range p.byBase[join(module, steps[0].name+"."+steps[1].name)] {
		if steps[1].key == "" || steps[1].key == r.index {
			out = append(out, target{res: r})
		}
	}
	if steps[1].key == "" && len(out) > 1 {
		p.wide = true
	}
	return out
}

// resolveLocal resolves a reference to a local value of module instance module. A plan
// carries no locals (terraform-aws-modules/vpc passes its IDs through them: vpc_id =
// local.vpc_id, nat_gateway_id = element(local.nat_gateway_ids, ...)), so the candidates
// are the resources of the types the attribute takes in that module instance; the
// caller picks among several by instance key, or reads a list as candidates.
func (p *plan) resolveLocal(module string) []target {
	p.computed = true
	if len(p.types) == 0 {
		return nil
	}
	var out []target
	for _, typ := range p.types {
		for _, r := range p.byModuleType[module+"|"+typ] {
			out = append(out, target{res: r})
		}
	}
	if len(out) > 1 {
		p.wide = true
	}
	return out
}

// resolveVar follows a module input variable to the expression of the module call.
func (p *plan) resolveVar(module, name string, depth int) []target {
	if module == "" {
		if s, ok := p.variables.Get(name).Get("value").Str(); ok {
			if !looksLikeID(s) {
				p.computed = true
			}
			return []target{{literal: s}}
		}
		p.computed = true
		return nil
	}
	parent, call := splitModule(module)
	callNode := p.configMods[configPath(parent)].Get("module_calls").Get(call)
	expr := callNode.Get("expressions").Get(name)
	if s, ok := expr.Get("constant_value").Str(); ok {
		return []target{{literal: s}}
	}
	if c := expr.Get("constant_value"); c != nil && c.Kind != jsonpos.Array && c.Kind != jsonpos.Object {
		p.computed = true // a number or a boolean: an argument, not an ID (a list or map is most often what a for iterates over)
	}
	var out []target
	for _, ref := range (val{e: expr}).refs() {
		out = append(out, p.resolveDepth(parent, ref, depth+1)...)
	}
	return out
}

// resolveOutput follows module.NAME[KEY].OUTPUT to the output's expression.
func (p *plan) resolveOutput(module string, call step, output string, depth int) []target {
	childPath := join(configPath(module), "module."+call.name)
	expr := p.configMods[childPath].Get("outputs").Get(output).Get("expression")
	prefix := join(module, "module."+call.name)
	var instances []string
	if call.key != "" {
		instances = []string{prefix + "[" + call.key + "]"}
	} else {
		for m := range p.modules {
			if m == prefix || strings.HasPrefix(m, prefix+"[") {
				instances = append(instances, m)
			}
		}
		sortStrings(instances)
		if len(instances) == 0 {
			instances = []string{prefix}
		}
	}
	var out []target
	for _, inst := range instances {
		if s, ok := expr.Get("constant_value").Str(); ok {
			out = append(out, target{literal: s})
			continue
		}
		for _, ref := range (val{e: expr}).refs() {
			out = append(out, p.resolveDepth(inst, ref, depth+1)...)
		}
	}
	return out
}

// splitModule splits "module.a.module.b[0]" into "module.a" and "b[0]"'s call name "b".
func splitModule(module string) (parent, call string) {
	i := strings.LastIndex(module, "module.")
	parent = strings.TrimSuffix(module[:i], ".")
	call = module[i+len("module."):]
	if j := strings.IndexByte(call, '['); j >= 0 {
		call = call[:j]
	}
	return parent, call
}

// unknownKinds are the Architecture.Unknown kinds a value known only after apply makes
// unknown, by resource type and attribute.
var unknownKinds = map[string]string{
	"aws_iam_role.assume_role_policy": model.UnknownExecutionRole,
	"aws_iam_role.inline_policy":      model.UnknownRolePolicies,
	"aws_iam_role_policy.policy":      model.UnknownRolePolicies,
	"aws_iam_policy.policy":           model.UnknownRolePolicies,
	"aws_kms_key.policy":              model.UnknownKeyPolicy,
	"aws_vpc_endpoint.policy":         model.UnknownEndpointPolicies,
	"aws_vpc_endpoint_policy.policy":  model.UnknownEndpointPolicies,
	"aws_s3_bucket_policy.policy":     model.UnknownBucketPolicy,
}

// unknownValue records, once per resource and attribute, that a value the checks need is
// known only after apply.
func (p *plan) unknownValue(r *resource, attr, what string) {
	key := r.addr + "." + attr
	if p.unknownSet[key] {
		return
	}
	p.unknownSet[key] = true
	if kind := unknownKinds[r.typ+"."+attr]; kind != "" && !p.a.IsUnknown(kind) {
		p.a.Unknown = append(p.a.Unknown, kind)
	}
	p.a.IngestFindings = append(p.a.IngestFindings, model.Finding{
		Rule:     RuleUnknownValue,
		Severity: model.SeverityInfo,
		Resource: r.addr,
		Source:   r.src,
		Message:  fmt.Sprintf("%s.%s (%s) is known only after apply; checks that need it cannot decide", r.addr, attr, what),
		Fix:      "write the value with known parts (for example a literal bucket name instead of an ARN attribute), or check the applied network with 'mwaanet check --live'",
	})
}
