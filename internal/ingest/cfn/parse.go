package cfn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	// Values quoted with %q are excerpts: a message never echoes a whole input value.
	return fmt.Sprintf(format, textsafe.QuoteArgs(format, args)...)
}

// errAt is an unreadable-input error: where, and what was expected.
func errAt(p Pos, format string, args ...any) *model.InputError {
	return &model.InputError{Source: p, Message: sprintf(format, args...)}
}

// parseDocument turns a file's bytes into one YAML node tree with positions. JSON is read
// by a small JSON reader of our own (the YAML library rejects some valid JSON, such as the
// escape "\/", and JSON errors then get exact columns); anything else is YAML.
func parseDocument(name string, data []byte) (*yaml.Node, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, errAt(Pos{File: name, Line: 1, Column: 1}, "empty file: expected a CloudFormation template (a mapping with a Resources section)")
	}
	if trimmed[0] == '{' {
		n, jerr := parseJSON(name, data)
		if jerr == nil {
			return n, nil
		}
		// A YAML flow mapping also starts with '{'; keep the JSON error if YAML fails too.
		if n, yerr := parseYAML(name, data); yerr == nil {
			return n, nil
		}
		return nil, jerr
	}
	return parseYAML(name, data)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(name string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, yamlError(name, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, errAt(Pos{File: name, Line: extra.Line, Column: extra.Column}, "a second YAML document: expected exactly one template per file")
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(name, data, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errAt(Pos{File: name, Line: 1, Column: 1}, "expected a CloudFormation template (a mapping with a Resources section)")
	}
	return doc.Content[0], nil
}

// yamlError positions a YAML library error. The library reports a line only, and often the
// line where the enclosing block began rather than where it went wrong; so the reported line
// is the first line L such that the document cut after L is no longer valid YAML (found by
// bisection), and the column is that line's first non-blank character.
func yamlError(name string, data []byte, err error) error {
	msg := err.Error()
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	ends := make([]int, len(lines)+1) // ends[k]: offset just after line k
	for i, l := range lines {
		ends[i+1] = ends[i] + len(l)
	}
	fails := func(k int) bool {
		var n yaml.Node
		return yaml.Unmarshal(data[:ends[k]:ends[k]], &n) != nil // the first k lines, not copied
	}
	if len(lines) > 1 && fails(len(lines)) {
		lo, hi := 1, len(lines) // fails(hi) holds
		for lo < hi {
			mid := (lo + hi) / 2
			if fails(mid) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		line = lo
	}
	col := 1
	if line >= 1 && line <= len(lines) {
		l := bytes.TrimRight(lines[line-1], "\r\n")
		col = len(l) - len(bytes.TrimLeft(l, " \t")) + 1
	}
	return errAt(Pos{File: name, Line: line, Column: col}, "invalid YAML: %s", msg)
}

// lineIndex maps byte offsets to line and column. Offsets asked for in increasing order
// (as a reader walks its input) cost time linear in the input all together: the index
// remembers the last position it computed and counts characters only from there, never
// again from the start of the line (a minified template is one line of megabytes).
type lineIndex struct {
	starts []int // byte offset of each line's start
	// The last position computed: byte offset, 0-based line, 1-based column.
	off, line, col int
	// counted is how many bytes were rune-counted; tests use it to show the cost is linear.
	counted int
}

func newLineIndex(data []byte) *lineIndex {
	li := &lineIndex{starts: []int{0}, col: 1}
	for i, c := range data {
		if c == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

func (li *lineIndex) pos(name string, data []byte, off int) Pos {
	off = min(max(off, 0), len(data))
	if off < li.off {
		// Backwards (only error paths do this): start again from the line's start.
		line, _ := slices.BinarySearch(li.starts, off+1)
		li.off, li.line, li.col = li.starts[line-1], line-1, 1
	}
	line := li.line
	for line+1 < len(li.starts) && li.starts[line+1] <= off {
		line++
	}
	from, col := li.off, li.col
	if line != li.line {
		from, col = li.starts[line], 1
	}
	col += utf8.RuneCount(data[from:off])
	li.counted += off - from
	li.off, li.line, li.col = off, line, col
	return Pos{File: name, Line: line + 1, Column: col}
}

type jsonReader struct {
	name string
	data []byte
	dec  *json.Decoder
	li   *lineIndex
}

func parseJSON(name string, data []byte) (n *yaml.Node, err error) {
	r := &jsonReader{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), li: newLineIndex(data)}
	r.dec.UseNumber()
	n, err = r.value(0)
	if err != nil {
		return nil, err
	}
	if _, terr := r.dec.Token(); terr != io.EOF {
		return nil, errAt(r.here(r.tokenStart()), "unexpected content after the JSON template: expected end of file")
	}
	return n, nil
}

// tokenStart returns the offset where the next token starts.
func (r *jsonReader) tokenStart() int {
	off := int(r.dec.InputOffset())
	for off < len(r.data) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (r *jsonReader) here(off int) Pos { return r.li.pos(r.name, r.data, off) }

func (r *jsonReader) fail(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return errAt(r.here(int(se.Offset)), "invalid JSON: %s", se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errAt(r.here(len(r.data)), "invalid JSON: unexpected end of file")
	}
	return errAt(r.here(int(r.dec.InputOffset())), "invalid JSON: %v", err)
}

const maxDepth = 500

func (r *jsonReader) value(depth int) (*yaml.Node, error) {
	if depth > maxDepth {
		return nil, errAt(r.here(r.tokenStart()), "nesting deeper than %d levels", maxDepth)
	}
	p := r.here(r.tokenStart())
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.fail(err)
	}
	n := &yaml.Node{Line: p.Line, Column: p.Column}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			for r.dec.More() {
				kp := r.here(r.tokenStart())
				kt, err := r.dec.Token()
				if err != nil {
					return nil, r.fail(err)
				}
				ks, ok := kt.(string)
				if !ok {
					return nil, errAt(kp, "invalid JSON: expected a string key")
				}
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: ks, Line: kp.Line, Column: kp.Column}, v)
			}
		case '[':
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			for r.dec.More() {
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
		default:
			return nil, errAt(p, "invalid JSON: unexpected %q", string(t))
		}
		if _, err := r.dec.Token(); err != nil { // closing delimiter
			return nil, r.fail(err)
		}
	case string:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", t
	case json.Number:
		n.Kind, n.Value = yaml.ScalarNode, t.String()
		n.Tag = "!!int"
		if strings.ContainsAny(n.Value, ".eE") {
			n.Tag = "!!float"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(t)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}
