package cfn

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Resource is one template resource with its properties evaluated.
type Resource struct {
	// ID is the model ID: the logical ID, or "stem/LogicalID" when several given templates
	// define the same logical ID (stem: the file name without directory and extension).
	ID        string
	LogicalID string
	Type      string
	Source    model.Source // position of the logical ID; Source.ID is the logical ID
	// Properties is a KindMap (KindNull when the resource has none).
	Properties Value
	// Condition is the resource's Condition name, if any; CondUnknown is true when it cannot
	// be evaluated statically (the resource is then kept as if created).
	Condition   string
	CondUnknown bool
	file        string
}

// Read reads CloudFormation templates (YAML or JSON) into one Architecture.
//
// Several templates are read as stacks deployed together: Fn::ImportValue resolves against
// the Outputs Export names of all of them. Resources whose Condition is false are left out.
// Every object's Source is the file, line and column of its logical ID; IDs are logical IDs
// (see Resource.ID for collisions across templates). References between objects use model
// IDs; strings that refer to resources or unknown values are symbolic (model package doc).
//
// Problems that do not stop reading (duplicate logical IDs, unsupported resource types,
// conditions that cannot be decided) are returned in Architecture.IngestFindings with the
// pseudo requirement "INPUT"; duplicates are errors. Input that cannot be read returns a
// *model.InputError naming file:line:column and what was expected.
//
// A large YAML template is read one resource at a time where its text allows (split.go),
// so that memory stays a small multiple of the file's size.
func Read(files []File, opts Options) (*model.Architecture, error) {
	var split bool
	a, err := read(files, opts, &split)
	if err != nil && split {
		// Read again on whole documents: the errors and their order are theirs.
		return read(files, opts, nil)
	}
	return a, err
}

func read(files []File, opts Options, split *bool) (*model.Architecture, error) {
	r, err := load(files, opts, split)
	if err != nil {
		return nil, err
	}
	m := newMapper(r)
	if _, err := r.resources(m); err != nil {
		return nil, err
	}
	if err := m.run(); err != nil {
		return nil, err
	}
	r.checkParams()
	m.a.IngestFindings = append(r.diags, m.a.IngestFindings...)
	return m.a, nil
}

// Evaluate parses the templates and evaluates every resource's properties without mapping
// them to the model: the generic layer under Read, for tools that need other resource types.
func Evaluate(files []File, opts Options) ([]Resource, []model.Finding, error) {
	var split bool
	res, diags, err := evaluate(files, opts, &split)
	if err != nil && split {
		return evaluate(files, opts, nil) // as Read does
	}
	return res, diags, err
}

func evaluate(files []File, opts Options, split *bool) ([]Resource, []model.Finding, error) {
	r, err := load(files, opts, split)
	if err != nil {
		return nil, nil, err
	}
	res, err := r.resources(nil)
	if err != nil {
		return nil, nil, err
	}
	r.checkParams()
	return res, r.diags, nil
}

// modelIDs assigns model IDs: logical IDs, qualified by file stem where several templates
// define the same logical ID. The maps hold only the qualified ones (reader.modelID): one
// entry per resource of a large template is memory for nothing.
func (r *reader) modelIDs() map[*template]map[string]string {
	count := map[string]int{}
	for _, t := range r.templates {
		for _, id := range t.order {
			count[id]++
		}
	}
	stems := map[string]int{}
	ids := map[*template]map[string]string{}
	for i, t := range r.templates {
		stem := strings.TrimSuffix(filepath.Base(t.file), filepath.Ext(t.file))
		stem = strings.Map(func(c rune) rune {
			if c == '.' || c == '/' || c == '$' || c == '{' || c == '}' || c == ' ' {
				return '-'
			}
			return c
		}, stem)
		if stems[stem]++; stems[stem] > 1 {
			stem = fmt.Sprintf("%s-%d", stem, i+1)
		}
		m := map[string]string{}
		for _, id := range t.order {
			if count[id] > 1 {
				m[id] = stem + "/" + id
			}
		}
		ids[t] = m
	}
	return ids
}

// modelID returns the model ID of a logical ID of template t.
func (r *reader) modelID(t *template, logicalID string) string {
	if id, ok := r.ids[t][logicalID]; ok {
		return id
	}
	return logicalID
}

// resources evaluates every resource of every template, in file and document order. With
// m non-nil, each resource is given to m.evaluated as soon as it is evaluated (Read maps it
// then, and keeps only what later steps read of it).
func (r *reader) resources(m *mapper) ([]Resource, error) {
	r.ids = r.modelIDs()
	total := 0
	for _, t := range r.templates {
		total += len(t.order)
	}
	var out []Resource // only without m
	if m == nil {
		out = make([]Resource, 0, total)
	}
	for _, t := range r.templates {
		ev := r.evals[t]
		for _, lid := range t.order {
			rs := t.resources.get(lid)
			rs.turn = true
			t.evaluated++
			if err := t.parseResource(rs); err != nil {
				return nil, err
			}
			res := Resource{ID: r.modelID(t, lid), LogicalID: lid, Type: rs.typName(), Condition: rs.condition(), file: t.file}
			res.Source = rs.pos(t).source()
			res.Source.ID = lid
			if rs.condition() != "" {
				c, err := ev.condition(rs.condition(), rs.condPos().source(), 0)
				if err != nil {
					return nil, err
				}
				if c.known && !c.value {
					rs.release()
					continue
				}
				if !c.known {
					res.CondUnknown = true
					r.diags = append(r.diags, finding(model.SeverityWarning, RuleUnknownCondition, rs.condPos().source(), lid,
						"resource %s is created only if condition %s holds, which is not known statically (%s); it is checked as if created", lid, rs.condition(), c.reason))
				}
			}
			res.Properties = Value{Kind: KindNull, at: rs.pos(t)}
			if rs.props() != nil {
				v, err := ev.eval(rs.props(), 0)
				if err != nil {
					return nil, err
				}
				res.Properties = v
				ev.keepProperties(rs, v)
				rs.release()
			}
			if m != nil {
				m.evaluated(t, rs, &res)
			} else {
				out = append(out, res)
			}
		}
		for _, o := range t.outputs {
			if o.condition != "" {
				c, err := ev.condition(o.condition, o.condPos, 0)
				if err != nil {
					return nil, err
				}
				if c.known && !c.value {
					o.skip = true
					continue
				}
			}
			v, err := ev.eval(o.value, 0)
			if err != nil {
				return nil, err
			}
			o.val = v
			if o.exportName != nil {
				if o.exportVal, err = ev.eval(o.exportName, 0); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}
