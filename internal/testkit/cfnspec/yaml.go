package cfnspec

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// shortForms maps CloudFormation's YAML short-form tags to the JSON key of
// the intrinsic function they stand for.
var shortForms = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!And": "Fn::And", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr",
	"!Equals": "Fn::Equals", "!FindInMap": "Fn::FindInMap", "!GetAtt": "Fn::GetAtt",
	"!GetAZs": "Fn::GetAZs", "!If": "Fn::If", "!ImportValue": "Fn::ImportValue",
	"!Join": "Fn::Join", "!Length": "Fn::Length", "!Not": "Fn::Not", "!Or": "Fn::Or",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!Sub": "Fn::Sub",
	"!ToJsonString": "Fn::ToJsonString", "!Transform": "Fn::Transform",
}

// DecodeYAML decodes a CloudFormation template written in YAML into its
// JSON form, the input of Validate: objects become map[string]any, lists
// []any, integers int64, other numbers float64; short-form tags become
// their long form (!Ref X -> {"Ref": "X"}, !GetAtt A.B -> {"Fn::GetAtt":
// ["A", "B"]}, !Sub ... -> {"Fn::Sub": ...}, and so on). Timestamps stay
// strings, as CloudFormation reads them (Version: 2012-10-17).
//
// Duplicate keys are an error, as in YAML and cfn-lint: a reader that kept
// one of them would hide which definition is used. Errors name the
// position as "line:column: message"; all duplicates are reported, joined.
func DecodeYAML(data []byte) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, errors.New("1:1: empty template")
	}
	d := &yamlDecoder{}
	v := d.value(doc.Content[0], 0)
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	m, ok := v.(map[string]any)
	if !ok {
		n := doc.Content[0]
		return nil, fmt.Errorf("%d:%d: expected a template object, got %s", n.Line, n.Column, describe(v))
	}
	return m, nil
}

type yamlDecoder struct {
	errs  []error
	nodes int // values decoded so far, against alias bombs
}

func (d *yamlDecoder) fail(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, fmt.Errorf("%d:%d: %s", n.Line, n.Column, fmt.Sprintf(format, args...)))
}

const (
	maxYAMLDepth = 200
	maxYAMLNodes = 1 << 20
)

func (d *yamlDecoder) value(n *yaml.Node, depth int) any {
	if depth > maxYAMLDepth {
		d.fail(n, "nested too deeply (aliases forming a cycle?)")
		return nil
	}
	if d.nodes++; d.nodes > maxYAMLNodes {
		if d.nodes == maxYAMLNodes+1 {
			d.fail(n, "too many values (aliases expanding without end?)")
		}
		return nil
	}
	if n.Kind == yaml.AliasNode {
		return d.value(n.Alias, depth+1)
	}
	if fn, ok := shortForms[n.Tag]; ok {
		return map[string]any{fn: d.intrinsicArg(n, fn, depth)}
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		d.fail(n, "unknown tag %s", n.Tag)
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.fail(k, "expected a string key")
				continue
			}
			if prev, dup := first[k.Value]; dup {
				d.fail(k, "duplicate key %q (first defined at %d:%d)", k.Value, prev.Line, prev.Column)
				continue
			}
			first[k.Value] = k
			m[k.Value] = d.value(val, depth+1)
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			l = append(l, d.value(e, depth+1))
		}
		return l
	case yaml.ScalarNode:
		return d.scalar(n)
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return d.value(n.Content[0], depth+1)
		}
	}
	return nil
}

func (d *yamlDecoder) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		return n.Value
	case "!!null":
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		d.fail(n, "%v", err)
		return nil
	}
	switch x := v.(type) {
	case int:
		return int64(x)
	case uint64:
		return float64(x)
	case time.Time:
		return n.Value
	}
	return v
}

// intrinsicArg decodes the argument of a short-form tag. Scalars are
// strings; !GetAtt "A.B.C" becomes ["A", "B.C"].
func (d *yamlDecoder) intrinsicArg(n *yaml.Node, fn string, depth int) any {
	if n.Kind != yaml.ScalarNode {
		c := *n
		c.Tag = "" // decode the node itself, without its tag
		switch n.Kind {
		case yaml.MappingNode:
			c.Tag = "!!map"
		case yaml.SequenceNode:
			c.Tag = "!!seq"
		}
		return d.value(&c, depth+1)
	}
	if fn == "Fn::GetAtt" {
		res, attr, ok := strings.Cut(n.Value, ".")
		if !ok {
			d.fail(n, "!GetAtt expects Resource.Attribute, got %q", n.Value)
			return n.Value
		}
		return []any{res, attr}
	}
	return n.Value
}
