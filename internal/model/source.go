package model

import (
	"fmt"
	"strings"
)

// Source says where an object or rule came from: a position in a file (spec, template,
// plan, snapshot file) and/or the AWS ID or Terraform address it stands for.
// The zero Source means "synthesized; no position".
type Source struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// ID is the name a user knows the object by when there is no file position or in
	// addition to it: an AWS ID (subnet-0abc), a logical ID or a Terraform address.
	ID string `json:"id,omitempty"`
}

// IsZero reports whether s carries no information.
func (s Source) IsZero() bool { return s == Source{} }

// String renders s as file:line:column (the parts that are known), else the ID.
func (s Source) String() string {
	if s.File == "" {
		return s.ID
	}
	var b strings.Builder
	b.WriteString(s.File)
	if s.Line > 0 {
		fmt.Fprintf(&b, ":%d", s.Line)
		if s.Column > 0 {
			fmt.Fprintf(&b, ":%d", s.Column)
		}
	}
	return b.String()
}

// InputError is an error in what the user gave us: a spec, template, plan or snapshot that
// cannot be read or is invalid. Its Error text reads like a compiler's:
// "spec.yaml:2:10: routing: \"sideways\" is not one of public, private". Commands exit 2 on it.
type InputError struct {
	Source  Source
	Message string
}

func (e *InputError) Error() string {
	if e.Source.IsZero() {
		return e.Message
	}
	return e.Source.String() + ": " + e.Message
}

// Errorf builds an *InputError at src.
func Errorf(src Source, format string, args ...any) *InputError {
	return &InputError{Source: src, Message: fmt.Sprintf(format, args...)}
}

// InputErrors is several input errors found in one pass (a spec with three mistakes
// reports all three). Its Error joins them one per line.
type InputErrors []*InputError

func (es InputErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil for an empty list, else the list itself as an error.
func (es InputErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
