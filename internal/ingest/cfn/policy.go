package cfn

import (
	"encoding/json"
	"sort"

	"github.com/mwaanet/mwaanet/internal/model"
)

// policy reads an IAM policy document given as a mapping or as a JSON string.
func (m *mapper) policy(v Value, rs *Resource) *model.PolicyDocument {
	if s, ok := v.String(); ok {
		var raw any
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			m.warn(at(rs, v), rs.LogicalID, "%s: the policy document is a string that is not JSON: %v", rs.LogicalID, err)
			return nil
		}
		v = fromJSON(raw, v.Pos())
	}
	if v.Kind != KindMap {
		m.warn(at(rs, v), rs.LogicalID, "%s: the policy document is not known statically (%s)", rs.LogicalID, v.Excerpt())
		return nil
	}
	d := &model.PolicyDocument{Version: m.text(v, "Version"), Source: at(rs, v)}
	st, _ := v.Get("Statement")
	items, ok := st.List()
	if !ok && st.Kind == KindMap {
		items = []Value{st}
	}
	for _, it := range items {
		if it.Kind != KindMap {
			m.warn(at(rs, it), rs.LogicalID, "%s: a policy statement is not known statically (%s)", rs.LogicalID, it.Excerpt())
			continue
		}
		s := model.Statement{Sid: m.text(it, "Sid"), Effect: m.text(it, "Effect"), Source: at(rs, it)}
		s.Principal = m.principal(it, "Principal")
		s.NotPrincipal = m.principal(it, "NotPrincipal")
		for key, dst := range map[string]*[]string{"Action": &s.Action, "NotAction": &s.NotAction, "Resource": &s.Resource, "NotResource": &s.NotResource} {
			if x, ok := it.Get(key); ok {
				*dst = m.syms(x)
			}
		}
		if c, ok := it.Get("Condition"); ok && c.Kind == KindMap {
			s.Condition = map[string]map[string][]string{}
			for _, op := range c.Fields {
				keys := map[string][]string{}
				for _, k := range op.Value.Fields {
					keys[k.Key] = m.syms(k.Value)
				}
				s.Condition[op.Key] = keys
			}
		}
		d.Statements = append(d.Statements, s)
	}
	return d
}

func (m *mapper) principal(st Value, key string) map[string][]string {
	v, ok := st.Get(key)
	if !ok {
		return nil
	}
	if s, ok := v.String(); ok && s == "*" {
		return map[string][]string{"*": {"*"}}
	}
	out := map[string][]string{}
	for _, f := range v.Fields {
		out[f.Key] = m.syms(f.Value)
	}
	return out
}

// fromJSON turns decoded JSON into a Value (map keys sorted for determinism).
func fromJSON(x any, p Pos) Value {
	switch t := x.(type) {
	case map[string]any:
		v := Value{Kind: KindMap, at: atOf(p)}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v.Fields = append(v.Fields, Field{Key: k, keyAt: atOf(p), Value: fromJSON(t[k], p)})
		}
		return v
	case []any:
		v := Value{Kind: KindList, at: atOf(p)}
		for _, it := range t {
			v.Items = append(v.Items, fromJSON(it, p))
		}
		return v
	case string:
		return str(t, p)
	case bool:
		if t {
			return Value{Kind: KindScalar, Str: "true", Tag: "!!bool", at: atOf(p)}
		}
		return Value{Kind: KindScalar, Str: "false", Tag: "!!bool", at: atOf(p)}
	case float64:
		b, _ := json.Marshal(t)
		return Value{Kind: KindScalar, Str: string(b), Tag: "!!float", at: atOf(p)}
	}
	return Value{Kind: KindNull, at: atOf(p)}
}
