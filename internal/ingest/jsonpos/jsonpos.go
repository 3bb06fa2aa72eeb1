// Package jsonpos parses JSON into a tree whose every value knows the line and column it
// starts at, so that readers of JSON inputs (AWS CLI snapshots, Terraform plans) can name
// file:line:column in their errors and findings. It only parses: it must never interpret
// what the JSON means, read files or allocate without bound on hostile input (nesting is
// limited to MaxDepth).
package jsonpos

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Kind is the JSON type of a Node.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "an array"
	case Object:
		return "an object"
	}
	return "?"
}

// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
const MaxDepth = 1000

// Node is one JSON value. Line and Column (1-based, columns count characters) are where
// the value starts.
type Node struct {
	Kind   Kind
	Line   int
	Column int
	// Text is the decoded string (String) or the number as written (Number).
	Text string
	// True is the value of a Bool.
	True bool
	// Elems are an Array's elements.
	Elems []*Node
	// Members are an Object's members, in input order.
	Members []Member
}

// Member is one "key": value pair of an object.
type Member struct {
	Key   string
	Line  int // position of the key
	Col   int
	Value *Node
}

// Get returns the value of the first member named key, or nil (also for a nil or
// non-object n).
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Has reports whether n is an object with a member named key.
func (n *Node) Has(key string) bool { return n.Get(key) != nil }

// IsNull reports whether n is absent (nil) or JSON null.
func (n *Node) IsNull() bool { return n == nil || n.Kind == Null }

// Str returns n's text if it is a string, else "" and false.
func (n *Node) Str() (string, bool) {
	if n == nil || n.Kind != String {
		return "", false
	}
	return n.Text, true
}

// Bool returns n's value if it is a boolean.
func (n *Node) Bool() (bool, bool) {
	if n == nil || n.Kind != Bool {
		return false, false
	}
	return n.True, true
}

// Int returns n's value if it is a number that is an integer fitting in 64 bits.
func (n *Node) Int() (int64, bool) {
	if n == nil || n.Kind != Number {
		return 0, false
	}
	if v, err := strconv.ParseInt(n.Text, 10, 64); err == nil {
		return v, true
	}
	f, err := strconv.ParseFloat(n.Text, 64)
	if err != nil || f != float64(int64(f)) || f > 1<<62 || f < -(1<<62) {
		return 0, false
	}
	return int64(f), true
}

// Float returns n's value if it is a number.
func (n *Node) Float() (float64, bool) {
	if n == nil || n.Kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Text, 64)
	return f, err == nil
}

// SyntaxError is a JSON syntax error at a position.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// Parse parses one JSON value (surrounded by optional whitespace).
func Parse(data []byte) (*Node, error) {
	p := &parser{data: data, line: 1, col: 1}
	// A UTF-8 byte order mark is allowed (editors on Windows write one).
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.pos = 3
	}
	p.space()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.data) {
		return nil, p.errf("unexpected %s after the JSON value", p.what())
	}
	return n, nil
}

type parser struct {
	data      []byte
	pos       int
	line, col int
}

func (p *parser) errf(format string, args ...any) *SyntaxError {
	return &SyntaxError{Line: p.line, Column: p.col, Msg: fmt.Sprintf(format, args...)}
}

// what describes the byte at pos for an error message.
func (p *parser) what() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", p.data[p.pos])
	}
	return strconv.QuoteRune(r)
}

// advance moves over n bytes, keeping line and column.
func (p *parser) advance(n int) {
	for i := 0; i < n && p.pos < len(p.data); i++ {
		c := p.data[p.pos]
		p.pos++
		switch {
		case c == '\n':
			p.line++
			p.col = 1
		case c&0xC0 != 0x80: // not a UTF-8 continuation byte
			p.col++
		}
	}
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.advance(1)
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, p.errf("nesting deeper than %d levels", MaxDepth)
	}
	n := &Node{Line: p.line, Column: p.col}
	if p.pos >= len(p.data) {
		return nil, p.errf("unexpected end of input, expected a JSON value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		n.Kind = Object
		p.advance(1)
		p.space()
		if p.peek('}') {
			p.advance(1)
			return n, nil
		}
		for {
			p.space()
			if !p.peek('"') {
				return nil, p.errf("expected a quoted member name, found %s", p.what())
			}
			m := Member{Line: p.line, Col: p.col}
			key, err := p.str()
			if err != nil {
				return nil, err
			}
			m.Key = key
			p.space()
			if !p.peek(':') {
				return nil, p.errf("expected ':' after member name %q, found %s", key, p.what())
			}
			p.advance(1)
			p.space()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m.Value = v
			n.Members = append(n.Members, m)
			p.space()
			if p.peek(',') {
				p.advance(1)
				continue
			}
			if p.peek('}') {
				p.advance(1)
				return n, nil
			}
			return nil, p.errf("expected ',' or '}' in object, found %s", p.what())
		}
	case c == '[':
		n.Kind = Array
		p.advance(1)
		p.space()
		if p.peek(']') {
			p.advance(1)
			return n, nil
		}
		for {
			p.space()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Elems = append(n.Elems, v)
			p.space()
			if p.peek(',') {
				p.advance(1)
				continue
			}
			if p.peek(']') {
				p.advance(1)
				return n, nil
			}
			return nil, p.errf("expected ',' or ']' in array, found %s", p.what())
		}
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n.Kind, n.Text = String, s
		return n, nil
	case c == '-' || (c >= '0' && c <= '9'):
		t, err := p.number()
		if err != nil {
			return nil, err
		}
		n.Kind, n.Text = Number, t
		return n, nil
	default:
		for _, lit := range []struct {
			word string
			kind Kind
			val  bool
		}{{"true", Bool, true}, {"false", Bool, false}, {"null", Null, false}} {
			if p.hasPrefix(lit.word) {
				p.advance(len(lit.word))
				n.Kind, n.True = lit.kind, lit.val
				return n, nil
			}
		}
		return nil, p.errf("unexpected %s, expected a JSON value", p.what())
	}
}

func (p *parser) peek(c byte) bool { return p.pos < len(p.data) && p.data[p.pos] == c }

func (p *parser) hasPrefix(s string) bool {
	return len(p.data)-p.pos >= len(s) && string(p.data[p.pos:p.pos+len(s)]) == s
}

// str reads a quoted string at pos.
func (p *parser) str() (string, error) {
	startLine, startCol := p.line, p.col
	i := p.pos + 1
	escaped := false
	for {
		if i >= len(p.data) {
			return "", &SyntaxError{Line: startLine, Column: startCol, Msg: "unterminated string"}
		}
		c := p.data[i]
		if c == '"' {
			break
		}
		if c < 0x20 {
			p.advance(i - p.pos)
			return "", p.errf("control character %s in string", p.what())
		}
		if c == '\\' {
			escaped = true
			i++
		}
		if c >= 0x80 {
			escaped = true // let encoding/json replace invalid UTF-8 as it does
		}
		i++
	}
	raw := p.data[p.pos : i+1]
	var s string
	if !escaped {
		s = string(raw[1 : len(raw)-1])
	} else if err := json.Unmarshal(raw, &s); err != nil {
		return "", &SyntaxError{Line: startLine, Column: startCol, Msg: "invalid escape in string"}
	}
	// Strings hold no newlines: the column moves by the characters of raw.
	p.pos += len(raw)
	p.col += utf8.RuneCount(raw)
	return s, nil
}

// number reads a JSON number at pos and returns its text.
func (p *parser) number() (string, error) {
	start := p.pos
	i := p.pos
	d := p.data
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if digits() == 0 {
		return "", p.errf("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			return "", p.errf("invalid number: expected digits after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", p.errf("invalid number: expected digits in exponent")
		}
	}
	p.advance(i - start)
	return string(d[start:i]), nil
}
