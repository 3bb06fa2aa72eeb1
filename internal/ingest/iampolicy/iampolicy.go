// Package iampolicy reads IAM policy documents (identity, resource, trust, key and endpoint
// policies) from JSON into model.PolicyDocument, for every reader of JSON inputs. A
// document may be a JSON object or, as EC2, KMS and Terraform give it, a string holding
// JSON (IAM's URL-encoded form is accepted too). It must never evaluate a policy.
package iampolicy

import (
	"net/url"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// Parse reads the policy document v (an object or a string holding one) found in file
// under key. Positions inside a string all point at the string. A nil or null v gives nil.
func Parse(v *jsonpos.Node, file, key string) (*model.PolicyDocument, model.InputErrors) {
	if v.IsNull() {
		return nil, nil
	}
	r := &reader{file: file, at: v}
	doc := v
	if v.Kind == jsonpos.String {
		text := strings.TrimSpace(v.Text)
		if strings.HasPrefix(text, "%7B") || strings.HasPrefix(text, "%7b") {
			if u, err := url.QueryUnescape(text); err == nil {
				text = u
			}
		}
		n, err := jsonpos.Parse([]byte(text))
		if err != nil {
			return nil, model.InputErrors{model.Errorf(r.src(v), "%s: the policy document is not JSON: %v", key, err)}
		}
		doc, r.inString = n, true
	}
	if doc.Kind != jsonpos.Object {
		return nil, model.InputErrors{model.Errorf(r.src(v), "%s: expected a policy document object, found %s", key, doc.Kind)}
	}
	r.key = key
	p := &model.PolicyDocument{Version: r.str(doc, "Version"), Source: r.src(doc)}
	st := doc.Get("Statement")
	var stmts []*jsonpos.Node
	switch {
	case st.IsNull():
	case st.Kind == jsonpos.Object:
		stmts = []*jsonpos.Node{st}
	case st.Kind == jsonpos.Array:
		for _, e := range st.Elems {
			if e.Kind != jsonpos.Object {
				r.errorf(e, "Statement: expected an object in the list, found %s", e.Kind)
				continue
			}
			stmts = append(stmts, e)
		}
	default:
		r.errorf(st, "Statement: expected an object or a list, found %s", st.Kind)
	}
	for _, s := range stmts {
		p.Statements = append(p.Statements, model.Statement{
			Sid:          r.str(s, "Sid"),
			Effect:       r.str(s, "Effect"),
			Principal:    r.principal(s, "Principal"),
			NotPrincipal: r.principal(s, "NotPrincipal"),
			Action:       r.oneOrMany(s, "Action"),
			NotAction:    r.oneOrMany(s, "NotAction"),
			Resource:     r.oneOrMany(s, "Resource"),
			NotResource:  r.oneOrMany(s, "NotResource"),
			Condition:    r.condition(s),
			Source:       r.src(s),
		})
	}
	return p, r.errs
}

type reader struct {
	file     string
	key      string
	at       *jsonpos.Node // the document's node in the file
	inString bool
	errs     model.InputErrors
}

func (r *reader) src(n *jsonpos.Node) model.Source {
	if r.inString || n == nil {
		n = r.at
	}
	return model.Source{File: r.file, Line: n.Line, Column: n.Column}
}

func (r *reader) errorf(n *jsonpos.Node, format string, args ...any) {
	e := model.Errorf(r.src(n), format, args...)
	if r.key != "" {
		e.Message = r.key + ": " + e.Message
	}
	r.errs = append(r.errs, e)
}

func (r *reader) str(n *jsonpos.Node, key string) string {
	v := n.Get(key)
	if v.IsNull() {
		return ""
	}
	if v.Kind != jsonpos.String {
		r.errorf(v, "%s: expected a string, found %s", key, v.Kind)
		return ""
	}
	return v.Text
}

// oneOrMany reads a string or a list of strings.
func (r *reader) oneOrMany(n *jsonpos.Node, key string) []string {
	v := n.Get(key)
	switch {
	case v.IsNull():
		return nil
	case v.Kind == jsonpos.String:
		return []string{v.Text}
	case v.Kind == jsonpos.Array:
		var out []string
		for _, e := range v.Elems {
			if e.Kind != jsonpos.String {
				r.errorf(e, "%s: expected a string in the list, found %s", key, e.Kind)
				continue
			}
			out = append(out, e.Text)
		}
		return out
	}
	r.errorf(v, "%s: expected a string or a list of strings, found %s", key, v.Kind)
	return nil
}

func (r *reader) principal(n *jsonpos.Node, key string) map[string][]string {
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
			m[mem.Key] = r.oneOrMany(v, mem.Key)
		}
		return m
	}
	r.errorf(v, "%s: expected \"*\" or an object, found %s", key, v.Kind)
	return nil
}

func (r *reader) condition(n *jsonpos.Node) map[string]map[string][]string {
	c := n.Get("Condition")
	if c.IsNull() {
		return nil
	}
	if c.Kind != jsonpos.Object {
		r.errorf(c, "Condition: expected an object, found %s", c.Kind)
		return nil
	}
	out := map[string]map[string][]string{}
	for _, op := range c.Members {
		if op.Value.Kind != jsonpos.Object {
			r.errorf(op.Value, "Condition.%s: expected an object, found %s", op.Key, op.Value.Kind)
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
				m[k.Key] = r.oneOrMany(op.Value, k.Key)
			}
		}
		out[op.Key] = m
	}
	return out
}
