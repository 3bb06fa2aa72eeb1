package cfn

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// File is one template to read: its name (as given on the command line, used in positions)
// and its content.
type File struct {
	Name string
	Data []byte
}

// Options are the deploy-time inputs a template is evaluated with.
type Options struct {
	// Region is AWS::Region; "" means us-east-1. AWS::Partition and AWS::URLSuffix follow it.
	Region string
	// Params are --param Key=Value overrides; they apply to every template declaring Key.
	Params map[string]string
	// AccountID and StackName, when set, give AWS::AccountId and AWS::StackName; otherwise
	// they stay symbolic (KindSymbol).
	AccountID string
	StackName string
}

// reader holds the state of one Read over several templates.
type reader struct {
	opts       Options
	templates  []*template
	evals      map[*template]*evaluator
	exports    map[string]*exported
	usedParams map[string]bool
	ids        map[*template]map[string]string // logical ID -> model ID, set by resources
	diags      []model.Finding
}

type exported struct {
	t      *template
	out    *output
	active bool
	done   bool
	val    Value
}

// region is AWS::Region: --region, else the Region a synthesized template names in
// Metadata.mwaanet.Region, else us-east-1.
func (r *reader) region() string {
	if r.opts.Region != "" {
		return r.opts.Region
	}
	for _, t := range r.templates {
		if t.regionHint != "" {
			return t.regionHint
		}
	}
	return "us-east-1"
}

// accountParam takes --param AWS::AccountId=ID as the account (AWS::AccountId is a pseudo
// parameter, which no template declares). It must be twelve digits and agree with
// Options.AccountID (--account) when both are given.
func accountParam(opts Options) (Options, error) {
	const name = "AWS::AccountId"
	id, ok := opts.Params[name]
	if !ok {
		return opts, nil
	}
	if !model.IsAccountID(id) {
		return opts, &model.InputError{Message: fmt.Sprintf("--param %s: expected a 12-digit AWS account ID, found %s", name, textsafe.Quote(id))}
	}
	if opts.AccountID != "" && opts.AccountID != id {
		return opts, &model.InputError{Message: fmt.Sprintf("--param %s=%s and --account %s disagree; give the account once", name, id, opts.AccountID)}
	}
	params := make(map[string]string, len(opts.Params)-1)
	for k, v := range opts.Params {
		if k != name {
			params[k] = v
		}
	}
	opts.Params, opts.AccountID = params, id
	return opts, nil
}

func (r *reader) importValue(name string, p Pos) (Value, error) {
	ex, ok := r.exports[name]
	if !ok {
		return unknown(p, "no given template exports %q", name), nil
	}
	if ex.done {
		v := ex.val
		return v, nil
	}
	if ex.active {
		return Value{}, errAt(p, "Fn::ImportValue %q: the export depends on itself", name)
	}
	ex.active = true
	v, err := r.evals[ex.t].eval(ex.out.value, 0)
	ex.active = false
	if err != nil {
		return Value{}, err
	}
	ex.val, ex.done = v, true
	return v, nil
}

// load parses all files, collects exports and checks the parameters given. With split
// non-nil, the Resources section of a YAML template is parsed one resource at a time when
// it can be (split.go): *split then says whether any was, and if so any error of the read
// means: read again with split nil (Read and Evaluate do).
func load(files []File, opts Options, split *bool) (*reader, error) {
	opts, err := accountParam(opts)
	if err != nil {
		return nil, err
	}
	r := &reader{opts: opts, evals: map[*template]*evaluator{}, exports: map[string]*exported{}, usedParams: map[string]bool{}}
	if len(files) == 0 {
		return nil, fmt.Errorf("no template given")
	}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.Name] {
			return nil, errAt(Pos{File: f.Name, Line: 1, Column: 1}, "the same template is given twice; expected each template once")
		}
		seen[f.Name] = true
		t, err := newTemplate(f, &r.diags, split)
		if err != nil {
			return nil, err
		}
		r.templates = append(r.templates, t)
		r.evals[t] = newEvaluator(r, t)
	}
	for _, t := range r.templates {
		ev := r.evals[t]
		for _, o := range t.outputs {
			if o.exportName == nil {
				continue
			}
			nv, err := ev.eval(o.exportName, 0)
			if err != nil {
				return nil, err
			}
			name, ok := nv.String()
			if !ok {
				r.diags = append(r.diags, finding(model.SeverityWarning, RuleBadProperty, nodePos(t.file, o.exportName), o.name,
					"output %s: the export name is not known statically (%s); Fn::ImportValue cannot use it", o.name, nv.Excerpt()))
				continue
			}
			if prev, dup := r.exports[name]; dup {
				d := finding(model.SeverityError, RuleDuplicateExport, o.pos, o.name,
					"export %q is defined by two outputs (%s and %s); CloudFormation rejects the second", name, prev.out.pos, o.pos)
				d.Related = []model.Source{prev.out.pos}
				r.diags = append(r.diags, d)
				continue
			}
			r.exports[name] = &exported{t: t, out: o}
		}
	}
	return r, nil
}

// resource returns the index entry of a logical ID of a template, and the template; nil
// when it has none.
func (r *reader) resource(file, logicalID string) (*template, *resource) {
	for _, t := range r.templates {
		if t.file == file {
			return t, t.resources.get(logicalID)
		}
	}
	return nil, nil
}

func (r *reader) checkParams() {
	for _, t := range r.templates {
		ev := r.evals[t]
		for _, name := range slices.Sorted(maps.Keys(t.params)) {
			_, allowed := lookup(t.params[name], "AllowedValues")
			if allowed == nil || allowed.Kind != yaml.SequenceNode {
				continue
			}
			v, err := ev.param(name)
			if err != nil || v.Kind != KindScalar {
				continue
			}
			ok := false
			var list []string
			for _, c := range allowed.Content {
				list = append(list, c.Value)
				ok = ok || c.Value == v.Str
			}
			if !ok {
				r.diags = append(r.diags, finding(model.SeverityError, RuleParamNotAllowed, nodePos(t.file, t.params[name]), name,
					"parameter %s is %q, which is not one of its AllowedValues (%s); CloudFormation rejects the stack", name, v.Str, strings.Join(list, ", ")))
			}
		}
	}
	names := make([]string, 0, len(r.opts.Params))
	for k := range r.opts.Params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		declared := false
		for _, t := range r.templates {
			if _, ok := t.params[k]; ok {
				declared = true
			}
		}
		if !declared {
			r.diags = append(r.diags, finding(model.SeverityWarning, RuleUnusedParam, Pos{File: r.templates[0].file}, k,
				"--param %s: no given template declares a parameter %s", k, k))
		}
	}
}
