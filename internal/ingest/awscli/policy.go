package awscli

import (
	"net/url"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// policyDoc reads an IAM policy document given as a JSON object or, as EC2 and KMS print
// it, as a string holding JSON (IAM's URL-encoded form is accepted too). Positions inside
// a string all point at the string.
func (f *file) policyDoc(v *jsonpos.Node, key string) *model.PolicyDocument {
	if v.IsNull() {
		return nil
	}
	doc := v
	inString := false
	if v.Kind == jsonpos.String {
		text := strings.TrimSpace(v.Text)
		if strings.HasPrefix(text, "%7B") || strings.HasPrefix(text, "%7b") {
			if u, err := url.QueryUnescape(text); err == nil {
				text = u
			}
		}
		n, err := jsonpos.Parse([]byte(text))
		if err != nil {
			f.errorf(v, "%s: the policy document is not JSON: %v", key, err)
			return nil
		}
		doc, inString = n, true
	}
	if doc.Kind != jsonpos.Object {
		f.errorf(v, "%s: expected a policy document object, found %s", key, doc.Kind)
		return nil
	}
	at := func(n *jsonpos.Node) model.Source {
		if inString {
			return f.src(v, "")
		}
		return f.src(n, "")
	}
	// Errors inside an embedded string are reported at the string.
	pf := f
	if inString {
		pf = &file{path: f.path, errs: new(model.InputErrors)}
		defer func() {
			for _, e := range *pf.errs {
				f.errorf(v, "%s: %s", key, e.Message)
			}
		}()
	}
	p := &model.PolicyDocument{Version: pf.str(doc, "Version"), Source: at(doc)}
	st := doc.Get("Statement")
	var stmts []*jsonpos.Node
	switch {
	case st.IsNull():
	case st.Kind == jsonpos.Object:
		stmts = []*jsonpos.Node{st}
	case st.Kind == jsonpos.Array:
		stmts = pf.objs(doc, "Statement")
	default:
		pf.errorf(st, "Statement: expected an object or a list, found %s", st.Kind)
	}
	for _, s := range stmts {
		p.Statements = append(p.Statements, model.Statement{
			Sid:          pf.str(s, "Sid"),
			Effect:       pf.str(s, "Effect"),
			Principal:    pf.principal(s, "Principal"),
			NotPrincipal: pf.principal(s, "NotPrincipal"),
			Action:       pf.oneOrMany(s, "Action"),
			NotAction:    pf.oneOrMany(s, "NotAction"),
			Resource:     pf.oneOrMany(s, "Resource"),
			NotResource:  pf.oneOrMany(s, "NotResource"),
			Condition:    pf.condition(s),
			Source:       at(s),
		})
	}
	return p
}

// oneOrMany reads a string or a list of strings.
func (f *file) oneOrMany(n *jsonpos.Node, key string) []string {
	v := n.Get(key)
	switch {
	case v.IsNull():
		return nil
	case v.Kind == jsonpos.String:
		return []string{v.Text}
	case v.Kind == jsonpos.Array:
		return f.strs(n, key)
	}
	f.errorf(v, "%s: expected a string or a list of strings, found %s", key, v.Kind)
	return nil
}

func (f *file) principal(n *jsonpos.Node, key string) map[string][]string {
	v := n.Get(key)
	switch {
	case v.IsNull():
		return nil
	case v.Kind == jsonpos.String:
		if v.Text == "*" {
			return map[string][]string{"*": {"*"}}
		}
		return map[string][]string{"AWS": {v.Text}}
	case v.Kind == jsonpos.Object:
		m := map[string][]string{}
		for _, mem := range v.Members {
			m[mem.Key] = f.oneOrMany(v, mem.Key)
		}
		return m
	}
	f.errorf(v, "%s: expected \"*\" or an object, found %s", key, v.Kind)
	return nil
}

func (f *file) condition(n *jsonpos.Node) map[string]map[string][]string {
	c := f.obj(n, "Condition")
	if c == nil {
		return nil
	}
	out := map[string]map[string][]string{}
	for _, op := range c.Members {
		if op.Value.Kind != jsonpos.Object {
			f.errorf(op.Value, "Condition.%s: expected an object, found %s", op.Key, op.Value.Kind)
			continue
		}
		m := map[string][]string{}
		for _, k := range op.Value.Members {
			switch k.Value.Kind {
			case jsonpos.String, jsonpos.Number:
				m[k.Key] = []string{k.Value.Text}
			case jsonpos.Bool:
				if k.Value.True {
					m[k.Key] = []string{"true"}
				} else {
					m[k.Key] = []string{"false"}
				}
			default:
				m[k.Key] = f.oneOrMany(op.Value, k.Key)
			}
		}
		out[op.Key] = m
	}
	return out
}
