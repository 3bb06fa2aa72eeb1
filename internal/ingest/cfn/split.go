package cfn

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/mwaanet/mwaanet/internal/model"
)

// Reading a YAML template one resource at a time.
//
// The YAML library's node tree is many times the size of the text (a yaml.Node is 152
// bytes, and "VpcId: !Ref Vpc" is three of them), and it holds the whole document at once.
// Most of a large template is its Resources section, so when that section is written in
// the plain block style of almost every template, the reader cuts it into one piece of
// text per resource, by lines, and parses the pieces in batches of consecutive resources
// (about batchBytes of text) when one of them is first needed (evaluated, or read by a
// Ref, GetAtt or Sub of another resource); a resource's nodes are released once it is
// evaluated (resource.release). The rest of the document (the lines before and after the
// section) is parsed as before. Line numbers of a batch are shifted by the line it starts
// at, and columns are those of whole lines, so every position is the one the whole
// document's parse gives.
//
// The cut is taken only when it is plainly right, and checked: a batch must parse as one
// mapping whose keys are the logical IDs found on its pieces' first lines. Anything else
// (flow style, tabs, directives, document markers, line breaks other than \n and \r\n,
// duplicate logical IDs, a logical ID that is not alphanumeric) reads the whole document
// as before. And whenever a read that cut a template fails at all, with an error or a
// finding of the YAML checks (checkTree) in a piece, the read starts again on the whole
// document, so that every error, its position and which error comes first are exactly
// those of the whole-document read: the cut is an optimisation of valid templates only.

// span is the text of one resource in the Resources section: its lines, from the one
// holding its logical ID to the line before the next logical ID.
//
// Its fields are int32 (a span is kept for every resource of the read; a document is at
// most inputfile.MaxDocument, 256 MiB, far under 2^31 bytes and lines).
type span struct {
	start, end int32 // byte offsets in the file
	line       int32 // 1-based line of the logical ID
	// first and last are the indexes of the first and last span of its batch: the
	// consecutive resources parsed together, with one parser (a parser costs several
	// kilobytes to set up, more than a small resource's text).
	first, last int32
}

// batchBytes is about the most text of resources parsed together.
const batchBytes = 32 << 10

// splitDoc is a YAML template cut around its Resources section.
type splitDoc struct {
	root   *yaml.Node // the document without the resources: Resources is an empty mapping
	ids    []string   // logical IDs in document order
	spans  []span
	column int // 1-based column of every logical ID
}

// errSplit stands for any problem found in a batch of resources' text: the read is then
// done again on the whole document, which reports it exactly.
var errSplit = errors.New("cfn: resource piece does not read on its own")

var resourcesLineRE = regexp.MustCompile(`^Resources:[ \t]*(#.*)?\r?$`)

// splitYAML cuts data (without byte-order mark) around its Resources section, or returns
// nil when the cut is not plainly right.
func splitYAML(data []byte) *splitDoc {
	if len(data) == 0 || len(data) >= math.MaxInt32 || data[0] == '{' || bytes.IndexByte(data, 0) >= 0 ||
		bytes.Contains(data, []byte("\xc2\x85")) || bytes.Contains(data, []byte("\xe2\x80\xa8")) || bytes.Contains(data, []byte("\xe2\x80\xa9")) {
		return nil // JSON, UTF-16, or line breaks the cut does not count
	}
	d := &splitDoc{}
	const (
		before = iota
		body
		after
	)
	state := before
	bodyStart, bodyEnd, suffixLine := -1, len(data), 0
	indent, resLine := -1, 0
	seen := map[string]bool{}
	// The logical IDs' text one after the other, and where each ends: d.ids are cut from
	// one string (a string each took 16 bytes and its own allocation).
	var (
		idText []byte
		idEnds []int32
	)
	line := 0
	for off := 0; off < len(data); {
		line++
		end := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if end < 0 {
			end = len(data)
		} else {
			end += off
			next = end + 1
		}
		l := data[off:end]
		if i := bytes.IndexByte(l, '\r'); i >= 0 && i != len(l)-1 {
			return nil // a lone \r is a line break to YAML
		}
		if len(l) > 0 && l[0] == '%' {
			return nil // a directive (%TAG would change what the pieces' tags mean)
		}
		if state != before && (bytes.HasPrefix(l, []byte("---")) || bytes.HasPrefix(l, []byte("..."))) {
			return nil // a document marker after the section
		}
		switch state {
		case before:
			if resourcesLineRE.Match(l) {
				state, bodyStart, resLine = body, next, line
			}
		case body:
			n := 0
			for n < len(l) && l[n] == ' ' {
				n++
			}
			rest := l[n:]
			switch {
			case len(bytes.Trim(rest, " \t\r")) == 0 || rest[0] == '#':
				// blank or comment: part of the current piece
			case rest[0] == '\t':
				return nil
			case n == 0:
				state, bodyEnd, suffixLine = after, off, line
			case indent < 0 || n == indent:
				if indent < 0 {
					indent = n
				}
				id, ok := logicalIDAt(rest)
				if !ok || seen[id] {
					return nil
				}
				seen[id] = true
				if k := len(d.spans); k > 0 {
					d.spans[k-1].end = int32(off)
				}
				idText = append(idText, id...)
				idEnds = append(idEnds, int32(len(idText)))
				d.spans = append(d.spans, span{start: int32(off), end: int32(len(data)), line: int32(line)})
			case n < indent:
				return nil
			}
		}
		off = next
	}
	if len(d.spans) == 0 {
		return nil
	}
	d.spans[len(d.spans)-1].end = int32(bodyEnd)
	all, from := string(idText), int32(0)
	d.ids = make([]string, len(idEnds))
	for i, end := range idEnds {
		d.ids[i], from = all[from:end], end
	}
	d.column = indent + 1
	for i := 0; i < len(d.spans); {
		j := i + 1
		for j < len(d.spans) && int(d.spans[j].end-d.spans[i].start) <= batchBytes {
			j++
		}
		for k := i; k < j; k++ {
			d.spans[k].first, d.spans[k].last = int32(i), int32(j-1)
		}
		i = j
	}
	// The lines before and after the section, each parsed as a document of its own.
	prefix, ok := parsePiece(data[:bodyStart], 0)
	if !ok || prefix.Kind != yaml.MappingNode || prefix.Style != 0 || prefix.Column != 1 || len(prefix.Content) < 2 {
		return nil
	}
	rk, rv := prefix.Content[len(prefix.Content)-2], prefix.Content[len(prefix.Content)-1]
	if rk.Value != "Resources" || rk.Kind != yaml.ScalarNode || rk.Style != 0 || rk.Line != resLine || rk.Column != 1 ||
		rv.Kind != yaml.ScalarNode || rv.Tag != "!!null" || rv.Value != "" {
		return nil
	}
	// Where the whole document's parse puts the section's mapping: at its first key.
	first := d.spans[0]
	*rv = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: int(first.line), Column: d.column}
	d.root = prefix
	if state == after {
		suffix, ok := parsePiece(data[bodyEnd:], suffixLine-1)
		if !ok || suffix.Kind != yaml.MappingNode || suffix.Style != 0 || suffix.Column != 1 {
			return nil
		}
		for i := 0; i < len(suffix.Content); i += 2 {
			if suffix.Content[i].Value == "Resources" {
				return nil
			}
		}
		prefix.Content = append(prefix.Content, suffix.Content...)
	}
	return d
}

// logicalIDAt returns the logical ID a line of the Resources section starts with: letters
// and digits, then a colon and a blank or the end of the line.
func logicalIDAt(l []byte) (string, bool) {
	i := 0
	for i < len(l) && (l[i] >= 'a' && l[i] <= 'z' || l[i] >= 'A' && l[i] <= 'Z' || l[i] >= '0' && l[i] <= '9') {
		i++
	}
	if i == 0 || i >= len(l) || l[i] != ':' {
		return "", false
	}
	if i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t' && l[i+1] != '\r' {
		return "", false
	}
	return string(l[:i]), true
}

// parsePiece parses one YAML document from b, shifting its lines by lineOffset; ok is false
// when b is not exactly one document.
func parsePiece(b []byte, lineOffset int) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, false
	}
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, false
	}
	n := doc.Content[0]
	if lineOffset != 0 {
		shiftLines(n, lineOffset)
	}
	return n, true
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// parseResource parses the batch of resources of a cut template that r is part of, on
// first use of r, and checks them as newTemplate checks the resources of a whole
// document. Any problem is errSplit: the read starts again on the whole document, which
// reports it exactly.
func (t *template) parseResource(r *resource) error {
	if r.span == 0 {
		return nil
	}
	sp := t.spans[r.span-1]
	spans := t.spans[sp.first : sp.last+1]
	ids := t.order[sp.first : sp.last+1]
	root, ok := parsePiece(t.data[spans[0].start:spans[len(spans)-1].end], int(spans[0].line)-1)
	if !ok || root.Kind != yaml.MappingNode || len(root.Content) != 2*len(spans) {
		return errSplit
	}
	for i, sp := range spans {
		k, v := root.Content[2*i], root.Content[2*i+1]
		if k.Kind != yaml.ScalarNode || k.Value != ids[i] || k.Line != int(sp.line) || k.Column != t.column || k.Tag == "!!merge" {
			return errSplit
		}
		var diags []model.Finding
		if err := checkTree(t.file, v, 2, false, &diags); err != nil || len(diags) > 0 {
			return errSplit
		}
		pr, err := newResource(t, entry{key: ids[i], k: k, v: v})
		if err != nil {
			return errSplit
		}
		// Only what parsing finds: the resource's turn or what target knows of it stay.
		r := t.resources.get(ids[i])
		r.typ, r.line, r.col, r.parsed, r.span = pr.typ, pr.line, pr.col, pr.parsed, 0
		t.parsed++
	}
	t.mostParsed = max(t.mostParsed, t.parsed-t.evaluated)
	if t.parsed == len(t.spans) {
		t.spans = nil // every resource is parsed: no span is read again
	}
	return nil
}
