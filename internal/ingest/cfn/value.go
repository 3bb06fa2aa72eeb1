package cfn

import (
	"strconv"
	"strings"
	"unique"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/textsafe"
)

// Pos is a position in a template file: 1-based line and column (ID unused).
type Pos = model.Source

// Kind says what a Value is.
type Kind uint8

const (
	// KindNull is YAML null (or an absent value).
	KindNull Kind = iota
	// KindScalar is a known string, number or boolean, kept as its text (Str) and YAML tag (Tag).
	KindScalar
	// KindList is a known list of values (Items).
	KindList
	// KindMap is a known mapping (Fields, in document order).
	KindMap
	// KindRef is a reference to a template resource: Ref (Attr empty) or GetAtt (Attr set).
	KindRef
	// KindConcat is a string built from parts of which at least one is not a known
	// scalar (a resource reference or an unknown), from Fn::Sub or Fn::Join: Items holds the parts.
	KindConcat
	// KindSymbol is a value that is not known statically but has a stable symbolic form in
	// the model's Fn::Sub syntax (Str): "${AWS::AccountId}", "${AWS::StackName}", "${Param}"
	// for a parameter without a value, "${AWS::Region}#0" for the first Availability Zone.
	// Two equal symbols are the same value; Reason says why it is not known.
	KindSymbol
	// KindUnknown is a value that cannot be known statically; Reason says why.
	KindUnknown
	// KindNoValue is AWS::NoValue: the property is treated as absent.
	KindNoValue
)

// Value is the result of evaluating a template node: known data, a reference to a resource,
// or unknown with a reason. Values are never guessed.
type Value struct {
	Kind Kind
	// at is where the value is written (Pos).
	at textPos
	// Str is the text of a scalar, the symbolic form of a KindSymbol.
	Str string
	// Tag is the YAML tag of a scalar ("!!str", "!!int", "!!float", "!!bool").
	Tag string
	// Items are a list's elements or a concatenation's parts.
	Items []Value
	// Fields are a map's entries in document order.
	Fields []Field
	// Ref is the target of a KindRef (nil otherwise: a pointer, as most values are not
	// references and a Value is kept for every node of every resource).
	Ref *ResourceRef
	// Reason says why a KindUnknown value is unknown.
	Reason string
}

// azRegion is the Region of the (unknown) result of Fn::GetAZs, so that Fn::Select can name
// the selected zone symbolically; "" for any other value. It is kept in Str, which an
// unknown value does not use otherwise.
func (v Value) azRegion() string {
	if v.Kind == KindUnknown {
		return v.Str
	}
	return ""
}

// Pos returns where the value is written in its template.
func (v Value) Pos() Pos { return v.at.source() }

// Field is one key of a map value.
type Field struct {
	Key   string
	keyAt textPos
	Value Value
}

// KeyPos returns where the key is written in its template.
func (f Field) KeyPos() Pos { return f.keyAt.source() }

// textPos is a position as a Value holds it: 16 bytes where a model.Source is 48, as a Value
// is kept for every node of every resource: the file name is interned (one copy per
// name, shared by every position in the file) and there is no ID. A file of at most a
// few gigabytes has fewer than 2^31 lines and columns.
type textPos struct {
	file      unique.Handle[string]
	line, col int32
}

func atOf(p Pos) textPos {
	a := textPos{line: int32(p.Line), col: int32(p.Column)}
	if p.File != "" {
		a.file = unique.Make(p.File)
	}
	return a
}

func (a textPos) source() Pos {
	p := Pos{Line: int(a.line), Column: int(a.col)}
	if a.file != (unique.Handle[string]{}) {
		p.File = a.file.Value()
	}
	return p
}

// ResourceRef names a resource of a template, and optionally one of its attributes.
type ResourceRef struct {
	File      string // template file of the resource
	LogicalID string
	Attr      string // "" for Ref
}

func str(s string, p Pos) Value { return Value{Kind: KindScalar, Str: s, Tag: "!!str", at: atOf(p)} }

func unknown(p Pos, format string, args ...any) Value {
	return Value{Kind: KindUnknown, at: atOf(p), Reason: sprintf(format, args...)}
}

// Get returns the value of a map's key, and whether it exists (and is not AWS::NoValue).
func (v Value) Get(key string) (Value, bool) {
	if v.Kind != KindMap {
		return Value{}, false
	}
	for _, f := range v.Fields {
		if f.Key == key {
			if f.Value.Kind == KindNoValue || f.Value.Kind == KindNull {
				return f.Value, false
			}
			return f.Value, true
		}
	}
	return Value{}, false
}

// String returns the known text of a scalar.
func (v Value) String() (string, bool) {
	if v.Kind == KindScalar {
		return v.Str, true
	}
	return "", false
}

// Bool returns a known boolean ("true"/"false" in any case, as CloudFormation accepts).
func (v Value) Bool() (b, ok bool) {
	if v.Kind != KindScalar {
		return false, false
	}
	switch strings.ToLower(v.Str) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Int returns a known integer.
func (v Value) Int() (int, bool) {
	if v.Kind != KindScalar {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.Str))
	if err != nil {
		return 0, false
	}
	return n, true
}

// List returns the items of a known list; a single non-list value is not a list.
func (v Value) List() ([]Value, bool) {
	if v.Kind == KindList {
		return v.Items, true
	}
	return nil, false
}

// Known reports whether the value is fully known data (no references, symbols or unknowns).
func (v Value) Known() bool {
	switch v.Kind {
	case KindScalar, KindNull, KindNoValue:
		return true
	case KindList:
		for _, it := range v.Items {
			if !it.Known() {
				return false
			}
		}
		return true
	case KindMap:
		for _, f := range v.Fields {
			if !f.Value.Known() {
				return false
			}
		}
		return true
	}
	return false
}

// Describe renders the value for messages: scalars as text, references as
// "LogicalID" or "LogicalID.Attr", unknowns as "<unknown: reason>".
func (v Value) Describe() string {
	var b strings.Builder
	v.describe(&b)
	return b.String()
}

// Excerpt is Describe cut for a message: at most textsafe.ExcerptRunes characters, control
// characters escaped (a value may be megabytes long).
func (v Value) Excerpt() string { return textsafe.Excerpt(v.Describe()) }

func (v Value) describe(b *strings.Builder) {
	switch v.Kind {
	case KindNull:
		b.WriteString("null")
	case KindScalar:
		b.WriteString(v.Str)
	case KindSymbol:
		b.WriteString(v.Str)
	case KindRef:
		b.WriteString("${")
		b.WriteString(v.Ref.LogicalID)
		if v.Ref.Attr != "" {
			b.WriteByte('.')
			b.WriteString(v.Ref.Attr)
		}
		b.WriteString("}")
	case KindConcat:
		for _, p := range v.Items {
			p.describe(b)
		}
	case KindUnknown:
		b.WriteString("<unknown: ")
		b.WriteString(v.Reason)
		b.WriteByte('>')
	case KindNoValue:
		b.WriteString("AWS::NoValue")
	case KindList:
		b.WriteString("[")
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			it.describe(b)
		}
		b.WriteString("]")
	case KindMap:
		b.WriteString("{")
		for i, f := range v.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Key)
			b.WriteString(": ")
			f.Value.describe(b)
		}
		b.WriteString("}")
	}
}
