package tfplan

import (
	"net/netip"
	"strconv"

	"github.com/mwaanet/mwaanet/internal/ingest/iampolicy"
	"github.com/mwaanet/mwaanet/internal/ingest/jsonpos"
	"github.com/mwaanet/mwaanet/internal/model"
)

// val is one attribute (or block, or list element) of a planned resource, seen three
// ways at once: its planned value (v; nil when Terraform knows it only after apply), its
// after_unknown marker (u: true, or an object/list of markers), and the configuration
// expression that sets it (e: {"constant_value": ...} or {"references": [...]}, or an
// object/list of those for blocks).
type val struct {
	v, u, e *jsonpos.Node
}

// get returns the member key of a block value.
func (x val) get(key string) val {
	out := val{v: x.v.Get(key), e: x.e.Get(key)}
	if x.u != nil && x.u.Kind == jsonpos.Bool {
		out.u = x.u // everything inside an unknown value is unknown
	} else {
		out.u = x.u.Get(key)
	}
	return out
}

// unknown reports whether the value is known only after apply.
func (x val) unknown() bool {
	if x.u != nil && x.u.Kind == jsonpos.Bool && x.u.True {
		return true
	}
	return x.v == nil
}

// null reports whether the value is known to be null (unset).
func (x val) null() bool { return x.v != nil && x.v.Kind == jsonpos.Null && !x.unknown() }

// elems returns the elements of a list or set value (a list of blocks or of scalars).
// Blocks are matched to their configuration by index when the counts agree.
func (x val) elems() []val {
	if x.unknown() || x.v.Kind != jsonpos.Array {
		return nil
	}
	out := make([]val, len(x.v.Elems))
	var cfg []*jsonpos.Node
	if x.e != nil && x.e.Kind == jsonpos.Array && len(x.e.Elems) == len(x.v.Elems) {
		cfg = x.e.Elems
	}
	for i, e := range x.v.Elems {
		out[i].v = e
		switch {
		case x.u != nil && x.u.Kind == jsonpos.Array && i < len(x.u.Elems):
			out[i].u = x.u.Elems[i]
		case x.u != nil && x.u.Kind == jsonpos.Bool:
			out[i].u = x.u
		}
		if cfg != nil {
			out[i].e = cfg[i]
		} else if x.e != nil && x.e.Kind == jsonpos.Object {
			out[i].e = x.e // one expression for the whole list (a reference to a list)
		}
	}
	return out
}

// first returns the first element of a block list (network_configuration, ...), or a
// zero val.
func (x val) first() val {
	if es := x.elems(); len(es) > 0 {
		return es[0]
	}
	if x.unknown() {
		return val{u: x.u}
	}
	return val{}
}

// refs returns the references of the configuration expression.
func (x val) refs() []string {
	var out []string
	if r := x.e.Get("references"); r != nil && r.Kind == jsonpos.Array {
		for _, e := range r.Elems {
			if e.Kind == jsonpos.String {
				out = append(out, e.Text)
			}
		}
	}
	return out
}

// converters, reporting type errors at the value's position.

func (r *resource) errorf(n *jsonpos.Node, format string, args ...any) {
	src := r.src
	if n != nil {
		src.Line, src.Column = n.Line, n.Column
	}
	r.p.errs = append(r.p.errs, model.Errorf(src, format, args...))
}

// str returns a known string value, else "".
func (r *resource) str(x val, key string) string {
	y := x.get(key)
	if y.unknown() || y.v.Kind == jsonpos.Null {
		return ""
	}
	switch y.v.Kind {
	case jsonpos.String, jsonpos.Number:
		return y.v.Text
	case jsonpos.Bool:
		return strconv.FormatBool(y.v.True)
	}
	r.errorf(y.v, "%s: %s: expected a string, found %s", r.addr, key, y.v.Kind)
	return ""
}

// strs returns the known strings of a list value.
func (r *resource) strs(x val, key string) []string {
	var out []string
	for _, e := range x.get(key).elems() {
		if !e.unknown() && e.v.Kind == jsonpos.String {
			out = append(out, e.v.Text)
		}
	}
	return out
}

// tri returns a boolean; def when known to be null; Unknown when known only after apply.
func (r *resource) tri(x val, key string, def model.Tri) model.Tri {
	y := x.get(key)
	switch {
	case y.unknown():
		return model.Unknown
	case y.v.Kind == jsonpos.Null:
		return def
	case y.v.Kind == jsonpos.Bool:
		return model.TriOf(y.v.True)
	case y.v.Kind == jsonpos.String && (y.v.Text == "true" || y.v.Text == "false"):
		return model.TriOf(y.v.Text == "true")
	}
	r.errorf(y.v, "%s: %s: expected a boolean, found %s", r.addr, key, y.v.Kind)
	return model.Unknown
}

// integer returns an integer, def when null, -1 when unknown.
func (r *resource) integer(x val, key string, def int) int {
	y := x.get(key)
	switch {
	case y.unknown():
		return -1
	case y.v.Kind == jsonpos.Null:
		return def
	case y.v.Kind == jsonpos.Number:
		if i, ok := y.v.Int(); ok && i >= -1<<31 && i < 1<<31 {
			return int(i)
		}
	case y.v.Kind == jsonpos.String:
		if i, err := strconv.Atoi(y.v.Text); err == nil {
			return i
		}
	}
	r.errorf(y.v, "%s: %s: expected an integer, found %s", r.addr, key, describe(y.v))
	return -1
}

func describe(n *jsonpos.Node) string {
	if n.Kind == jsonpos.String || n.Kind == jsonpos.Number {
		return strconv.Quote(n.Text)
	}
	return n.Kind.String()
}

// prefix returns a CIDR block; zero when unknown or unset.
func (r *resource) prefix(x val, key string) netip.Prefix {
	s := r.str(x, key)
	if s == "" {
		return netip.Prefix{}
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		r.errorf(x.get(key).v, "%s: %s: %q is not a CIDR block", r.addr, key, s)
		return netip.Prefix{}
	}
	return p
}

func (r *resource) addrOf(x val, key string) netip.Addr {
	s := r.str(x, key)
	if s == "" {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		r.errorf(x.get(key).v, "%s: %s: %q is not an IP address", r.addr, key, s)
		return netip.Addr{}
	}
	return a
}

// strMap returns a map of known strings (tags).
func (r *resource) strMap(x val, key string) map[string]string {
	y := x.get(key)
	if y.unknown() || y.v.Kind != jsonpos.Object {
		return nil
	}
	m := map[string]string{}
	for _, mem := range y.v.Members {
		if mem.Value.Kind == jsonpos.String {
			m[mem.Key] = mem.Value.Text
		}
	}
	return m
}

// policy reads a policy document attribute (a JSON string). A policy known only after
// apply is reported as an ingest finding and returned as nil.
func (r *resource) policy(x val, key string) *model.PolicyDocument {
	y := x.get(key)
	if y.unknown() {
		r.p.unknownValue(r, key, "policy")
		return nil
	}
	if y.v.Kind == jsonpos.Null || (y.v.Kind == jsonpos.String && y.v.Text == "") {
		return nil
	}
	doc, errs := iampolicy.Parse(y.v, r.p.path, r.addr+": "+key)
	r.p.errs = append(r.p.errs, errs...)
	return doc
}

// src returns the Source of a block inside the resource.
func (r *resource) srcOf(x val) model.Source {
	s := r.src
	if x.v != nil {
		s.Line, s.Column = x.v.Line, x.v.Column
	}
	return s
}
