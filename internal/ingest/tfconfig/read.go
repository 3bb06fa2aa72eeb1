package tfconfig

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/mwaanet/mwaanet/internal/ingest/tfplan"
	"github.com/mwaanet/mwaanet/internal/inputfile"
	"github.com/mwaanet/mwaanet/internal/model"
)

// RuleNotStatic is the rule ID of the ingest findings for what a configuration knows only
// when Terraform plans or applies (a data source, a variable without a value, a module
// not installed, a count known only after apply).
const RuleNotStatic = "TFCONFIG/not-static"

// Options are the values a root module's variables take besides their defaults and the
// tfvars files beside it, as terraform plan's flags give them.
type Options struct {
	Vars     []string // --var NAME=VALUE, in order
	VarFiles []string // --var-file FILE, in order
	// Getenv reads the environment, for TF_VAR_NAME (os.Getenv); nil reads none.
	Getenv func(string) string
	// Region is the Region to assume when the aws provider names none statically.
	Region string
	// AccountID is the account data.aws_caller_identity gives ("" means ${AWS::AccountId}).
	AccountID string
	// MaxFileSize bounds each file read, in bytes (0 means inputfile.MaxDocument).
	MaxFileSize int64
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return inputfile.MaxDocument
}

// IsConfigDir reports whether dir holds Terraform configuration (.tf files).
func IsConfigDir(dir string) bool { return hasTF(dir) }

// ReadDir reads the root module in dir and the modules it calls into the model. Errors
// in the configuration are model.InputErrors naming file:line:column.
func ReadDir(dir string, opts Options) (*model.Architecture, error) {
	ev := &evaluator{root: dir, opts: opts, mods: map[string]*module{}, reported: map[string]bool{},
		attrNames: map[string]bool{}, unknown: map[string]bool{}, funcs: functions()}
	ev.readManifest()
	m := ev.loadModule(dir)
	if err := ev.err(); err != nil {
		return nil, err
	}
	ev.rootVariables(m)
	if err := ev.err(); err != nil {
		return nil, err
	}
	root := newInstance("", "", m, nil, nil, nil)
	ev.root0 = root
	if m.region != nil {
		if v := ev.eval(root, m.region, nil); v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
			ev.region = v.AsString()
		}
	}
	if ev.region == "" {
		ev.region = opts.Region
	}
	ev.walk(root)
	if err := ev.err(); err != nil {
		return nil, err
	}
	sort.SliceStable(ev.out, func(i, j int) bool { return addrLess(ev.out[i].Address, ev.out[j].Address) })
	a, err := tfplan.ReadResources(ev.out, ev.region)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(ev.findings, func(i, j int) bool {
		a, b := ev.findings[i].Source, ev.findings[j].Source
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	a.IngestFindings = append(ev.findings, a.IngestFindings...)
	for _, k := range slices.Sorted(maps.Keys(ev.unknown)) {
		if !a.IsUnknown(k) {
			a.Unknown = append(a.Unknown, k)
		}
	}
	return a, nil
}

func newInstance(addr, key string, m *module, parent *instance, c *callDecl, each map[string]cty.Value) *instance {
	return &instance{addr: addr, key: key, mod: m, parent: parent, call: c, each: each, nodes: map[string]*node{},
		kids: map[string][]*instance{}, callX: map[string]expansion{}, callOK: map[string]bool{}}
}

// walk evaluates everything of an instance and of the module instances it calls, so
// that every error is found and every resource recorded.
func (ev *evaluator) walk(in *instance) {
	m := in.mod
	for _, name := range m.varOrder {
		ev.value(in, "var."+name, m.vars[name].decl)
	}
	for _, r := range m.resources {
		if !r.data {
			ev.value(in, r.key, r.decl)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.locals)) {
		ev.value(in, "local."+name, m.locals[name].NameRange)
	}
	for _, name := range slices.Sorted(maps.Keys(m.outputs)) {
		ev.value(in, "output."+name, m.outDecl[name])
	}
	for _, name := range m.callOrder {
		kids, _, ok := ev.children(in, m.calls[name], m.calls[name].decl)
		if !ok {
			continue
		}
		for _, k := range kids {
			if !k.missing {
				ev.walk(k)
			}
		}
	}
	// Data sources nothing refers to are evaluated for their errors only.
	for _, r := range m.resources {
		if r.data && in.nodes[r.key] == nil {
			saved := len(ev.findings)
			ev.value(in, r.key, r.decl)
			ev.findings = ev.findings[:saved]
		}
	}
}

// addrLess orders addresses as a plan lists them: by module, type and name, then by
// instance key (numbers numerically).
func addrLess(a, b string) bool {
	for a != "" && b != "" {
		ia, ib := strings.IndexByte(a, '['), strings.IndexByte(b, '[')
		if ia < 0 || ib < 0 || a[:ia] != b[:ib] {
			return a < b
		}
		ja, jb := strings.IndexByte(a[ia:], ']'), strings.IndexByte(b[ib:], ']')
		if ja < 0 || jb < 0 {
			return a < b
		}
		ka, kb := a[ia+1:ia+ja], b[ib+1:ib+jb]
		if ka != kb {
			na, ea := strconv.Atoi(ka)
			nb, eb := strconv.Atoi(kb)
			if ea == nil && eb == nil {
				return na < nb
			}
			return ka < kb
		}
		a, b = a[ia+ja+1:], b[ib+jb+1:]
	}
	return a < b
}

// err turns the error diagnostics into model.InputErrors (one per position and message),
// sorted by position.
func (ev *evaluator) err() error {
	var errs model.InputErrors
	seen := map[string]bool{}
	for _, d := range ev.diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		src := model.Source{}
		if d.Subject != nil {
			src = model.Source{File: d.Subject.Filename, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column}
		}
		key := fmt.Sprintf("%s:%d:%d:%s", src.File, src.Line, src.Column, msg)
		if seen[key] {
			continue
		}
		seen[key] = true
		errs = append(errs, &model.InputError{Source: src, Message: msg})
	}
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].Source, errs[j].Source
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return errs
}
