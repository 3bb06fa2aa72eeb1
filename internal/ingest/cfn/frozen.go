package cfn

import (
	"encoding/binary"
	"unique"
	"unsafe"
)

// Frozen values: the evaluated properties of a resource of the second pass wait, between
// its evaluation and the second pass (mapper.run), written compactly into bytes: a Value
// is 128 bytes and a Field 160, with their strings apart, where the bytes take a few per
// value and the text itself. The second pass thaws one resource's properties at a time.

// freezer writes and reads frozen values; files numbers the file names of positions and
// references (0: none), keys the keys of map values and the reasons of unknown values
// (property names and reasons such as "Availability Zone names are known only at deploy
// time": a template has few, written many times). Bytes frozen by one freezer are thawed
// by the same one. The table lives for the whole read and holds each distinct string
// once, with a map slot: linear in the values frozen.
type freezer struct {
	files   []unique.Handle[string]
	fileNum map[unique.Handle[string]]int
	keys    []string
	keyNum  map[string]int
	scratch []byte
}

// key returns the number of a map key or reason (from 0).
func (fz *freezer) key(k string) uint64 {
	if fz.keyNum == nil {
		fz.keyNum = map[string]int{}
	}
	n, ok := fz.keyNum[k]
	if !ok {
		n = len(fz.keys)
		fz.keys = append(fz.keys, k)
		fz.keyNum[k] = n
	}
	return uint64(n)
}

// tags are the scalar tags written as one byte; any other is written out.
var tags = []string{"", "!!str", "!!int", "!!float", "!!bool", "!!null"}

func (fz *freezer) freeze(v Value) []byte {
	fz.scratch = fz.value(fz.scratch[:0], v)
	return append([]byte(nil), fz.scratch...)
}

func (fz *freezer) file(h unique.Handle[string]) uint64 {
	if h == (unique.Handle[string]{}) {
		return 0
	}
	if fz.fileNum == nil {
		fz.fileNum = map[unique.Handle[string]]int{}
	}
	n, ok := fz.fileNum[h]
	if !ok {
		fz.files = append(fz.files, h)
		n = len(fz.files)
		fz.fileNum[h] = n
	}
	return uint64(n)
}

func (fz *freezer) pos(b []byte, p textPos) []byte {
	b = binary.AppendUvarint(b, fz.file(p.file))
	b = binary.AppendUvarint(b, uint64(uint32(p.line)))
	return binary.AppendUvarint(b, uint64(uint32(p.col)))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// count writes a slice's length, 0 for a nil slice (thawed as nil, an empty one as empty).
func count[T any](b []byte, s []T) []byte {
	if s == nil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(len(s))+1)
}

func (fz *freezer) value(b []byte, v Value) []byte {
	b = append(b, byte(v.Kind))
	b = fz.pos(b, v.at)
	b = appendString(b, v.Str)
	tag := len(tags)
	for i, t := range tags {
		if v.Tag == t {
			tag = i
			break
		}
	}
	b = append(b, byte(tag))
	if tag == len(tags) {
		b = appendString(b, v.Tag)
	}
	b = binary.AppendUvarint(b, fz.key(v.Reason))
	if v.Ref == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.AppendUvarint(b, fz.file(unique.Make(v.Ref.File)))
		b = appendString(b, v.Ref.LogicalID)
		b = appendString(b, v.Ref.Attr)
	}
	b = count(b, v.Items)
	for _, it := range v.Items {
		b = fz.value(b, it)
	}
	b = count(b, v.Fields)
	for _, f := range v.Fields {
		b = binary.AppendUvarint(b, fz.key(f.Key))
		b = fz.pos(b, f.keyAt)
		b = fz.value(b, f.Value)
	}
	return b
}

// freezeScratch is freeze into the freezer's scratch buffer, valid until its next use.
func (fz *freezer) freezeScratch(v Value) []byte {
	fz.scratch = fz.value(fz.scratch[:0], v)
	return fz.scratch
}

// frozenBytes gives the bytes of frozen values kept in a string (resource.frozen), for
// thaw and the readers of resource.kept, which only read them (thawer.string copies what
// it returns).
func frozenBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// thaw reads back a value frozen by freeze.
func (fz *freezer) thaw(b []byte) Value {
	r := thawer{fz: fz, b: b}
	return r.value()
}

type thawer struct {
	fz *freezer
	b  []byte
}

func (r *thawer) uvarint() uint64 {
	n, k := binary.Uvarint(r.b)
	r.b = r.b[k:]
	return n
}

func (r *thawer) byte() byte {
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *thawer) string() string {
	n := r.uvarint()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *thawer) file() unique.Handle[string] {
	if n := r.uvarint(); n > 0 {
		return r.fz.files[n-1]
	}
	return unique.Handle[string]{}
}

func (r *thawer) pos() textPos {
	p := textPos{file: r.file()}
	p.line = int32(uint32(r.uvarint()))
	p.col = int32(uint32(r.uvarint()))
	return p
}

func (r *thawer) value() Value {
	v := Value{Kind: Kind(r.byte())}
	v.at = r.pos()
	v.Str = r.string()
	if tag := int(r.byte()); tag < len(tags) {
		v.Tag = tags[tag]
	} else {
		v.Tag = r.string()
	}
	v.Reason = r.fz.keys[r.uvarint()]
	if r.byte() == 1 {
		ref := &ResourceRef{}
		if h := r.file(); h != (unique.Handle[string]{}) {
			ref.File = h.Value()
		}
		ref.LogicalID = r.string()
		ref.Attr = r.string()
		v.Ref = ref
	}
	if n := r.uvarint(); n > 0 {
		v.Items = make([]Value, n-1)
		for i := range v.Items {
			v.Items[i] = r.value()
		}
	}
	if n := r.uvarint(); n > 0 {
		v.Fields = make([]Field, n-1)
		for i := range v.Fields {
			f := &v.Fields[i]
			f.Key = r.fz.keys[r.uvarint()]
			f.keyAt = r.pos()
			f.Value = r.value()
		}
	}
	return v
}
