package deps

import (
	"fmt"
	"strings"
)

// MarkerEnv is the environment markers are evaluated in (PEP 508 variable -> value).
type MarkerEnv map[string]string

// Marker is a parsed environment marker expression.
type Marker struct {
	text string
	root markerNode
}

type markerNode interface {
	eval(env MarkerEnv) (bool, error)
}

type markerBool struct {
	or   bool
	l, r markerNode
}

type markerCmp struct {
	lhs, rhs markerOperand
	op       string
	original string
}

type markerOperand struct {
	variable string // set for a variable
	literal  string // set for a string
}

func (m *Marker) String() string {
	if m == nil {
		return ""
	}
	return m.text
}

// markerVars are PEP 508's variables and the legacy dotted spellings pip still accepts.
var markerVars = map[string]string{
	"python_version": "python_version", "python_full_version": "python_full_version",
	"os_name": "os_name", "sys_platform": "sys_platform", "platform_release": "platform_release",
	"platform_system": "platform_system", "platform_version": "platform_version",
	"platform_machine": "platform_machine", "platform_python_implementation": "platform_python_implementation",
	"implementation_name": "implementation_name", "implementation_version": "implementation_version",
	"extra": "extra", "dependency_groups": "dependency_groups",
	"os.name": "os_name", "sys.platform": "sys_platform", "platform.version": "platform_version",
	"platform.machine": "platform_machine", "platform.python_implementation": "platform_python_implementation",
	"python_implementation": "platform_python_implementation",
}

// ParseMarker parses a PEP 508 marker expression.
func ParseMarker(s string) (*Marker, error) {
	p := &markerParser{src: s}
	p.next()
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, fmt.Errorf("marker %s: unexpected %s at column %d: expected 'and', 'or' or the end", quote(s), quote(p.tok.text), p.tok.pos+1)
	}
	return &Marker{text: strings.TrimSpace(s), root: n}, nil
}

// Eval evaluates the marker in env. A nil marker is true.
func (m *Marker) Eval(env MarkerEnv) (bool, error) {
	if m == nil {
		return true, nil
	}
	return m.root.eval(env)
}

func (b *markerBool) eval(env MarkerEnv) (bool, error) {
	l, err := b.l.eval(env)
	if err != nil {
		return false, err
	}
	if b.or && l {
		return true, nil
	}
	if !b.or && !l {
		return false, nil
	}
	return b.r.eval(env)
}

func (c *markerCmp) eval(env MarkerEnv) (bool, error) {
	value := func(o markerOperand) string {
		if o.variable != "" {
			return env[o.variable]
		}
		return o.literal
	}
	lhs, rhs := value(c.lhs), value(c.rhs)
	if c.lhs.variable == "extra" || c.rhs.variable == "extra" {
		lhs, rhs = NormalizeName(lhs), NormalizeName(rhs)
	}
	switch c.op {
	case "in":
		return strings.Contains(rhs, lhs), nil
	case "not in":
		return !strings.Contains(rhs, lhs), nil
	}
	// Version comparison when the right side is a valid specifier version, as
	// packaging does; else plain string comparison for == and !=.
	if sp, err := ParseSpecifier(c.op + rhs); err == nil {
		if v, err := ParseVersion(lhs); err == nil {
			return SpecifierSet{sp}.Contains(v, lhs, true), nil
		}
	}
	switch c.op {
	case "==", "===":
		return lhs == rhs, nil
	case "!=":
		return lhs != rhs, nil
	}
	return false, fmt.Errorf("marker %s: cannot compare %s %s %s: not versions", quote(c.original), quote(lhs), c.op, quote(rhs))
}

type tokKind int

const (
	tEOF tokKind = iota
	tVar
	tStr
	tOp
	tLParen
	tRParen
	tAnd
	tOr
	tBad
)

type token struct {
	kind tokKind
	text string
	pos  int
}

type markerParser struct {
	src string
	i   int
	tok token
}

func (p *markerParser) next() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
	start := p.i
	if p.i >= len(p.src) {
		p.tok = token{kind: tEOF, pos: start}
		return
	}
	c := p.src[p.i]
	switch {
	case c == '(':
		p.i++
		p.tok = token{tLParen, "(", start}
	case c == ')':
		p.i++
		p.tok = token{tRParen, ")", start}
	case c == '\'' || c == '"':
		end := strings.IndexByte(p.src[p.i+1:], c)
		if end < 0 {
			p.tok = token{tBad, p.src[p.i:], start}
			p.i = len(p.src)
			return
		}
		p.tok = token{tStr, p.src[p.i+1 : p.i+1+end], start}
		p.i += end + 2
	case strings.ContainsRune("<>=!~", rune(c)):
		for _, op := range []string{"===", "==", "!=", "<=", ">=", "~=", "<", ">"} {
			if strings.HasPrefix(p.src[p.i:], op) {
				p.i += len(op)
				p.tok = token{tOp, op, start}
				return
			}
		}
		p.i++
		p.tok = token{tBad, string(c), start}
	case isIdent(c):
		for p.i < len(p.src) && (isIdent(p.src[p.i]) || p.src[p.i] == '.') {
			p.i++
		}
		w := p.src[start:p.i]
		switch w {
		case "and":
			p.tok = token{tAnd, w, start}
		case "or":
			p.tok = token{tOr, w, start}
		case "in":
			p.tok = token{tOp, "in", start}
		case "not":
			save := p.i
			p.next()
			if p.tok.kind == tOp && p.tok.text == "in" {
				p.tok = token{tOp, "not in", start}
				return
			}
			p.i = save
			p.tok = token{tBad, w, start}
		default:
			p.tok = token{tVar, w, start}
		}
	default:
		p.i++
		p.tok = token{tBad, string(c), start}
	}
}

func isIdent(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func (p *markerParser) or() (markerNode, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tOr {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = &markerBool{or: true, l: l, r: r}
	}
	return l, nil
}

func (p *markerParser) and() (markerNode, error) {
	l, err := p.atom()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tAnd {
		p.next()
		r, err := p.atom()
		if err != nil {
			return nil, err
		}
		l = &markerBool{l: l, r: r}
	}
	return l, nil
}

func (p *markerParser) atom() (markerNode, error) {
	if p.tok.kind == tLParen {
		p.next()
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			return nil, p.errorf("expected ')'")
		}
		p.next()
		return n, nil
	}
	start := p.tok.pos
	lhs, err := p.operand()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tOp {
		return nil, p.errorf("expected a comparison operator")
	}
	op := p.tok.text
	p.next()
	rhs, err := p.operand()
	if err != nil {
		return nil, err
	}
	if lhs.variable == "" && rhs.variable == "" {
		return nil, fmt.Errorf("marker %s: comparison at column %d has no variable", quote(p.src), start+1)
	}
	return &markerCmp{lhs: lhs, rhs: rhs, op: op, original: strings.TrimSpace(p.src[start:p.tok.pos])}, nil
}

func (p *markerParser) operand() (markerOperand, error) {
	switch p.tok.kind {
	case tStr:
		o := markerOperand{literal: p.tok.text}
		p.next()
		return o, nil
	case tVar:
		name, ok := markerVars[p.tok.text]
		if !ok {
			return markerOperand{}, p.errorf("unknown marker variable %s", quote(p.tok.text))
		}
		p.next()
		return markerOperand{variable: name}, nil
	}
	return markerOperand{}, p.errorf("expected a marker variable or a quoted string")
}

func (p *markerParser) errorf(format string, args ...any) error {
	what := p.tok.text
	if p.tok.kind == tEOF {
		what = "end of marker"
	}
	return fmt.Errorf("marker %s: %s at column %d (found %s)", quote(p.src), fmt.Sprintf(format, args...), p.tok.pos+1, quote(what))
}
