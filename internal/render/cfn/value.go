package cfn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// The template is built as a small tree of these values, then written as YAML or JSON:
// string, int, bool, float64, []any, *object, and the intrinsic functions below.

// object is a map that keeps its keys in insertion order.
type object struct {
	keys []string
	vals []any
}

func newObject() *object { return &object{} }

// set adds key with val; nil values, empty strings, empty lists and empty objects are
// left out (CloudFormation treats absent and empty alike, and absent reads better).
func (o *object) set(key string, val any) *object {
	switch v := val.(type) {
	case nil:
		return o
	case string:
		if v == "" {
			return o
		}
	case []any:
		if len(v) == 0 {
			return o
		}
	case *object:
		if v == nil || len(v.keys) == 0 {
			return o
		}
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, val)
	return o
}

// setAlways adds key even when val is empty.
func (o *object) setAlways(key string, val any) *object {
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, val)
	return o
}

func (o *object) get(key string) (any, bool) {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i], true
		}
	}
	return nil, false
}

// sortedObject builds an object from a map with sorted keys.
func sortedObject[V any](m map[string]V, conv func(V) any) *object {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := newObject()
	for _, k := range keys {
		o.setAlways(k, conv(m[k]))
	}
	return o
}

// Intrinsic functions.
type (
	refFn    struct{ name string }
	getAttFn struct{ id, attr string }
	subFn    struct{ s string }
	// selectAZFn is !Select [index, !GetAZs ""].
	selectAZFn struct{ index int }
)

// ---- YAML ----

func yamlNode(v any) *yaml.Node {
	switch x := v.(type) {
	case string:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: x}
		if yaml11NonString(x) {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case float64:
		if x == float64(int64(x)) {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: formatFloat(x)}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: formatFloat(x)}
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, e := range x {
			n.Content = append(n.Content, yamlNode(e))
		}
		return n
	case *object:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for i, k := range x.keys {
			n.Content = append(n.Content, yamlNode(k), yamlNode(x.vals[i]))
		}
		return n
	case refFn:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!Ref", Value: x.name}
	case getAttFn:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!GetAtt", Value: x.id + "." + x.attr}
	case subFn:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!Sub", Value: x.s}
	case selectAZFn:
		return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!Select", Style: yaml.FlowStyle, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x.index)},
			{Kind: yaml.ScalarNode, Tag: "!GetAZs", Value: "", Style: yaml.DoubleQuotedStyle},
		}}
	}
	panic(fmt.Sprintf("cfn: cannot render %T", v))
}

// yaml11Sexagesimal matches YAML 1.1's base-60 integers and floats ("12:30" is 750).
var yaml11Sexagesimal = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`)

// yaml11NonString reports whether a plain scalar s would be read as something other than
// a string by a YAML 1.1 reader, which CloudFormation is ("AWS CloudFormation supports the
// YAML Version 1.1 specification"), while the YAML 1.2 encoder leaves it unquoted: the
// 1.1 booleans (yes, no, on, off, y, n in their three casings), base-60 numbers and the
// value key "=".
func yaml11NonString(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF", "=":
		return true
	}
	return yaml11Sexagesimal.MatchString(s)
}

// writeYAML writes the template with a header comment.
func writeYAML(t *object, header string) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: header, Content: []*yaml.Node{yamlNode(t)}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing YAML: %w", err)
	}
	return buf.Bytes(), nil
}

// ---- JSON ----

func jsonValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case *object:
		return orderedJSON{x}
	case refFn:
		return orderedJSON{newObject().setAlways("Ref", x.name)}
	case getAttFn:
		return orderedJSON{newObject().setAlways("Fn::GetAtt", []any{x.id, x.attr})}
	case subFn:
		return orderedJSON{newObject().setAlways("Fn::Sub", x.s)}
	case selectAZFn:
		return orderedJSON{newObject().setAlways("Fn::Select", []any{
			x.index, newObject().setAlways("Fn::GetAZs", ""),
		})}
	}
	return v
}

// orderedJSON marshals an object keeping its key order.
type orderedJSON struct{ o *object }

func (j orderedJSON) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range j.o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, err := marshal(k)
		if err != nil {
			return nil, err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := marshal(jsonValue(j.o.vals[i]))
		if err != nil {
			return nil, err
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func writeJSON(t *object) ([]byte, error) {
	raw, err := marshal(orderedJSON{t})
	if err != nil {
		return nil, fmt.Errorf("writing JSON: %w", err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return nil, fmt.Errorf("writing JSON: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// marshal is json.Marshal without HTML escaping (policies hold & and <).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
