package tfplan

import (
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// Resource is one managed resource instance given in the plan's JSON shapes by a reader
// that evaluates a configuration itself (ingest/tfconfig), so that both readers map
// resource values to the model with the same code and give the same verdicts.
type Resource struct {
	Address string // module.net.aws_subnet.private["a"]
	Module  string // the module instance address: module.net ("" for the root module)
	Type    string // aws_subnet
	Name    string // private
	// Values is the object planned_values gives ("values"): a value known only after
	// apply is absent (or null inside a list) and marked in Unknown. Node positions are
	// the configuration file's; Source.File names the file.
	Values *jsonpos.Node
	// Unknown is after_unknown: true, or an object/list of markers; nil when all known.
	Unknown *jsonpos.Node
	// Expressions is the configuration's "expressions" object: {"references": [...]}
	// per attribute (references relative to Module), a list of such objects per block.
	Expressions *jsonpos.Node
	Source      model.Source
}

// policyFile stands for the file of a policy document while the resources are mapped;
// ReadResources replaces it with the file of the resource the document belongs to.
const policyFile = "\x00policy"

// ReadResources maps evaluated resource instances to the model exactly as Read maps a
// plan's planned values. Resources are taken in the order given; region is the AWS
// provider's Region ("" when not known statically).
func ReadResources(rs []Resource, region string) (*model.Architecture, error) {
	p := newPlan(policyFile, &model.Architecture{Region: region})
	files := map[string]string{} // address -> file
	for _, in := range rs {
		base := join(in.Module, in.Type+"."+in.Name)
		if p.byAddr[in.Address] != nil {
			p.errs = append(p.errs, model.Errorf(in.Source, "resource %s is declared twice", in.Address))
			continue
		}
		if in.Module != "" {
			p.modules[in.Module] = true
		}
		r := &resource{p: p, addr: in.Address, module: in.Module, typ: in.Type, name: in.Name, base: base,
			action: "create", src: in.Source}
		if i := strings.LastIndexByte(in.Address, '['); i > len(base)-1 && strings.HasSuffix(in.Address, "]") {
			r.index = in.Address[i+1 : len(in.Address)-1]
		}
		r.x = val{v: in.Values, u: in.Unknown, e: in.Expressions}
		if r.x.v == nil {
			r.x.v = &jsonpos.Node{Kind: jsonpos.Object, Line: in.Source.Line, Column: in.Source.Column}
		}
		if id := r.str(r.x, "id"); id != "" {
			p.byID[id] = in.Address
		}
		if arn := r.str(r.x, "arn"); arn != "" {
			p.byID[arn] = in.Address
		}
		files[in.Address] = in.Source.File
		p.res = append(p.res, r)
		p.byAddr[in.Address] = r
		p.byBase[base] = append(p.byBase[base], r)
	}
	p.build()
	fixPolicyFiles(p.a)
	for _, e := range p.errs {
		if e.Source.File == policyFile {
			e.Source.File = files[e.Source.ID]
			if e.Source.File == "" {
				// iampolicy names the resource at the start of the message.
				addr, _, _ := strings.Cut(e.Message, ":")
				e.Source.File = files[addr]
			}
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.a, nil
}

// fixPolicyFiles gives each policy document the file of the object it belongs to.
func fixPolicyFiles(a *model.Architecture) {
	fix := func(d *model.PolicyDocument, file string) {
		if d == nil {
			return
		}
		if d.Source.File == policyFile {
			d.Source.File = file
		}
		for i := range d.Statements {
			if d.Statements[i].Source.File == policyFile {
				d.Statements[i].Source.File = file
			}
		}
	}
	for _, r := range a.Roles {
		fix(r.AssumeRolePolicy, r.Source.File)
		for _, np := range r.Policies {
			fix(np.Document, np.Source.File)
		}
	}
	for _, mp := range a.ManagedPolicies {
		fix(mp.Document, mp.Source.File)
	}
	for _, b := range a.Buckets {
		file := b.PolicySource.File
		if file == "" {
			file = b.Source.File
		}
		fix(b.Policy, file)
	}
	for _, k := range a.Keys {
		fix(k.Policy, k.Source.File)
	}
	for _, e := range a.Endpoints {
		fix(e.Policy, e.Source.File)
	}
}
