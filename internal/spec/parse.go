package spec

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/didyoumean"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// Parse reads a spec from data (file names the source in errors), applies defaults and
// validates it. All problems found are returned together as model.InputErrors, each at
// file:line:column.
func Parse(file string, data []byte) (*Spec, error) {
	s := &Spec{File: file, Pos: map[string]model.Source{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			// An empty file is the all-defaults spec.
			ApplyDefaults(s)
			return s, validate(s)
		}
		return nil, yamlError(file, err)
	}
	d := &decoder{file: file, pos: s.Pos}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if !(root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
		d.decode(root, reflect.ValueOf(s).Elem(), "")
	}
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	ApplyDefaults(s)
	if err := validate(s); err != nil {
		return nil, err
	}
	return s, nil
}

// yamlError turns a YAML syntax error ("yaml: line 3: mapping values are not allowed in
// this context") into an InputError at that line.
func yamlError(file string, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if k := strings.Index(rest, ": "); k > 0 {
			if n, e := strconv.Atoi(rest[:k]); e == nil {
				line, msg = n, rest[k+2:]
			}
		}
	}
	return model.InputErrors{{Source: model.Source{File: file, Line: line}, Message: "invalid YAML: " + msg}}
}

type decoder struct {
	file string
	pos  map[string]model.Source
	errs model.InputErrors
}

func (d *decoder) at(n *yaml.Node) model.Source {
	return model.Source{File: d.file, Line: n.Line, Column: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, model.Errorf(d.at(n), format, textsafe.QuoteArgs(format, args)...))
}

// kindName says what a YAML node is, for "expected X, got Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	}
	return strconv.Quote(n.Value)
}

func label(path string) string {
	if path == "" {
		return "spec"
	}
	return path
}

// decode fills v from n, recording positions under path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if path != "" {
		d.pos[path] = d.at(n)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Tag == "!!null" {
			return
		}
		nv := reflect.New(v.Type().Elem())
		d.decode(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s: expected a mapping of keys, got %s", label(path), kindName(n))
			return
		}
		fields := structFields(v.Type())
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			key := k.Value
			sub := key
			if path != "" {
				sub = path + "." + key
			}
			if seen[key] {
				d.errorf(k, "%s: key %q given twice", label(path), key)
				continue
			}
			seen[key] = true
			idx, ok := fields[key]
			if !ok {
				d.errorf(k, "%s", unknownKey(label(path), key, fields))
				continue
			}
			if val.Tag == "!!null" && v.Field(idx).Kind() != reflect.Pointer {
				d.pos[sub] = d.at(val)
				continue // "key:" with no value keeps the default
			}
			d.decode(val, v.Field(idx), sub)
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, "%s: expected a string, got %s", label(path), kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s: expected a whole number, got %s", label(path), kindName(n))
			return
		}
		i, err := strconv.Atoi(n.Value)
		if err != nil {
			d.errorf(n, "%s: %q is not a whole number", label(path), n.Value)
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s: expected true or false, got %s", label(path), kindName(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s: expected a list, got %s", label(path), kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s: expected a mapping, got %s", label(path), kindName(n))
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if val.Kind != yaml.ScalarNode || val.Tag == "!!null" {
				d.errorf(val, "%s.%s: expected a string value, got %s", label(path), k.Value, kindName(val))
				continue
			}
			d.pos[path+"."+k.Value] = d.at(val)
			m.SetMapIndex(reflect.ValueOf(k.Value), reflect.ValueOf(val.Value))
		}
		v.Set(m)
	default:
		d.errorf(n, "%s: unsupported field type %s", label(path), v.Kind())
	}
}

func structFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		m[tag] = i
	}
	return m
}

// unknownKey says a key is unknown, suggesting the closest known one.
func unknownKey(where, key string, fields map[string]int) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	msg := fmt.Sprintf("%s: unknown key %q", where, key)
	if best, ok := didyoumean.Closest(key, names); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg + "; expected one of " + strings.Join(names, ", ")
}
