package cfn

import (
	"reflect"
	"testing"
)

// TestFreezeThaw: a frozen value thaws to the same value (kinds, text, tags, positions,
// references, reasons, nil and empty lists alike), for every resource of the test data,
// the generated template and the templates of the split and stream tests; and it is a
// fraction of the size of the values.
func TestFreezeThaw(t *testing.T) {
	var inputs [][]File
	for _, f := range testdataTemplates(t) {
		inputs = append(inputs, []File{f})
	}
	for _, text := range streamCases {
		inputs = append(inputs, []File{yamlFile("t.yaml", text)})
	}
	for _, text := range splitCases {
		inputs = append(inputs, []File{yamlFile("t.yaml", text)})
	}
	inputs = append(inputs, []File{{Name: "gen.yaml", Data: genTemplate(200)}})
	extra := []Value{
		{Kind: KindList, Items: []Value{}},
		{Kind: KindMap, Fields: []Field{}},
		{Kind: KindScalar, Str: "2024-01-01", Tag: "!!timestamp", at: atOf(Pos{File: "x", Line: 1 << 30, Column: 7})},
		{Kind: KindRef, Ref: &ResourceRef{LogicalID: "A"}},
	}
	var fz freezer
	values, frozen := 0, 0
	check := func(v Value) {
		b := fz.freeze(v)
		frozen += len(b)
		if got := fz.thaw(b); !reflect.DeepEqual(got, v) {
			t.Errorf("thawed %#v\nfrozen %#v", got, v)
		}
	}
	for _, v := range extra {
		check(v)
	}
	for _, files := range inputs {
		res, _, err := Evaluate(files, Options{})
		if err != nil {
			continue
		}
		for _, rs := range res {
			check(rs.Properties)
			values += valueBytes(rs.Properties)
		}
	}
	if values == 0 || frozen*3 > values {
		t.Errorf("frozen values take %d bytes, the values %d", frozen, values)
	}
}

// valueBytes is the size of a value's structs (not its strings).
func valueBytes(v Value) int {
	n := int(reflect.TypeOf(v).Size())
	for _, it := range v.Items {
		n += valueBytes(it)
	}
	for _, f := range v.Fields {
		n += valueBytes(f.Value) + int(reflect.TypeOf(f).Size()-reflect.TypeOf(v).Size())
	}
	return n
}
