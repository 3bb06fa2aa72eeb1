package awscli

import (
	"net/netip"
	"strings"

	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// file reads values out of one parsed JSON file, collecting type errors with positions.
type file struct {
	path string
	errs *model.InputErrors
}

func (f *file) src(n *jsonpos.Node, id string) model.Source {
	s := model.Source{File: f.path, ID: id}
	if n != nil {
		s.Line, s.Column = n.Line, n.Column
	}
	return s
}

func (f *file) errorf(n *jsonpos.Node, format string, args ...any) {
	*f.errs = append(*f.errs, model.Errorf(f.src(n, ""), format, textsafe.QuoteArgs(format, args)...))
}

// member returns n[key] if it has the wanted kind; a member of another kind is an error,
// an absent or null member is nil.
func (f *file) member(n *jsonpos.Node, key string, kind jsonpos.Kind) *jsonpos.Node {
	v := n.Get(key)
	if v.IsNull() {
		return nil
	}
	if v.Kind != kind {
		f.errorf(v, "%s: expected %s, found %s", key, kind, v.Kind)
		return nil
	}
	return v
}

func (f *file) obj(n *jsonpos.Node, key string) *jsonpos.Node {
	return f.member(n, key, jsonpos.Object)
}

// objs returns the objects of the array n[key]; other elements are errors.
func (f *file) objs(n *jsonpos.Node, key string) []*jsonpos.Node {
	a := f.member(n, key, jsonpos.Array)
	if a == nil {
		return nil
	}
	out := make([]*jsonpos.Node, 0, len(a.Elems))
	for _, e := range a.Elems {
		if e.Kind != jsonpos.Object {
			f.errorf(e, "%s: expected an object in the list, found %s", key, e.Kind)
			continue
		}
		out = append(out, e)
	}
	return out
}

func (f *file) str(n *jsonpos.Node, key string) string {
	v := f.member(n, key, jsonpos.String)
	if v == nil {
		return ""
	}
	return v.Text
}

// strs reads a list of strings.
func (f *file) strs(n *jsonpos.Node, key string) []string {
	a := f.member(n, key, jsonpos.Array)
	if a == nil {
		return nil
	}
	var out []string
	for _, e := range a.Elems {
		if e.Kind != jsonpos.String {
			f.errorf(e, "%s: expected a string in the list, found %s", key, e.Kind)
			continue
		}
		out = append(out, e.Text)
	}
	return out
}

func (f *file) tri(n *jsonpos.Node, key string) model.Tri {
	v := f.member(n, key, jsonpos.Bool)
	if v == nil {
		return model.Unknown
	}
	return model.TriOf(v.True)
}

func (f *file) boolean(n *jsonpos.Node, key string) bool { return f.tri(n, key) == model.Yes }

// integer reads an integer member; absent gives def.
func (f *file) integer(n *jsonpos.Node, key string, def int) int {
	v := f.member(n, key, jsonpos.Number)
	if v == nil {
		return def
	}
	i, ok := v.Int()
	if !ok || i > 1<<31 || i < -(1<<31) {
		f.errorf(v, "%s: expected an integer, found %s", key, textsafe.Excerpt(v.Text))
		return def
	}
	return int(i)
}

func (f *file) prefix(n *jsonpos.Node, key string) netip.Prefix {
	v := f.member(n, key, jsonpos.String)
	if v == nil {
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(v.Text)
	if err != nil {
		f.errorf(v, "%s: %q is not a CIDR block", key, v.Text)
		return netip.Prefix{}
	}
	return p
}

func (f *file) addr(n *jsonpos.Node, key string) netip.Addr {
	v := f.member(n, key, jsonpos.String)
	if v == nil {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(v.Text)
	if err != nil {
		f.errorf(v, "%s: %q is not an IP address", key, v.Text)
		return netip.Addr{}
	}
	return a
}

// tags reads an EC2 tag list ([{"Key": k, "Value": v}]); nil when there are none.
func (f *file) tags(n *jsonpos.Node, key string) map[string]string {
	var m map[string]string
	for _, t := range f.objs(n, key) {
		if m == nil {
			m = map[string]string{}
		}
		m[f.str(t, "Key")] = f.str(t, "Value")
	}
	return m
}

// strMap reads an object of strings (MWAA tags, Airflow configuration options).
func (f *file) strMap(n *jsonpos.Node, key string) map[string]string {
	o := f.obj(n, key)
	if o == nil {
		return nil
	}
	m := map[string]string{}
	for _, mem := range o.Members {
		if mem.Value.Kind != jsonpos.String {
			f.errorf(mem.Value, "%s.%s: expected a string, found %s", key, mem.Key, mem.Value.Kind)
			continue
		}
		m[mem.Key] = mem.Value.Text
	}
	return m
}

// id reads a required ID member.
func (f *file) id(n *jsonpos.Node, key, what string) string {
	s := f.str(n, key)
	if s == "" {
		f.errorf(n, "%s without %s", what, key)
	}
	return s
}

// regionOfARN returns the Region field of an ARN.
func regionOfARN(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}
