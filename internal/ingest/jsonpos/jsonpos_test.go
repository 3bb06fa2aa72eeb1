package jsonpos

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPositions(t *testing.T) {
	src := "{\n  \"a\": [1, \"x\\u00e9\"],\n  \"é\": {\"b\": true, \"c\": null}\n}"
	n, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a := n.Get("a")
	if a.Kind != Array || a.Line != 2 || a.Column != 8 {
		t.Errorf("a at %d:%d kind %v", a.Line, a.Column, a.Kind)
	}
	if s, _ := a.Elems[1].Str(); s != "xé" || a.Elems[1].Column != 12 {
		t.Errorf("elem 1 = %q at col %d", s, a.Elems[1].Column)
	}
	if v, ok := a.Elems[0].Int(); !ok || v != 1 {
		t.Errorf("elem 0 = %v %v", v, ok)
	}
	b := n.Get("é").Get("b")
	if v, ok := b.Bool(); !ok || !v || b.Line != 3 || b.Column != 14 {
		t.Errorf("b = %v at %d:%d", v, b.Line, b.Column)
	}
	if !n.Get("é").Get("c").IsNull() || n.Get("missing") != nil {
		t.Error("null/missing")
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"{\n  \"a\": 1,\n}", "3:1: expected a quoted member name, found '}'"},
		{"[1 2]", "1:4: expected ',' or ']' in array, found '2'"},
		{"{\"a\" 1}", "1:6: expected ':' after member name \"a\", found '1'"},
		{"\"abc", "1:1: unterminated string"},
		{"", "1:1: unexpected end of input, expected a JSON value"},
		{"01", "1:2: unexpected '1' after the JSON value"},
		{"-", "1:1: invalid number"},
		{"tru", "1:1: unexpected 't', expected a JSON value"},
		{strings.Repeat("[", MaxDepth+2), "nesting deeper than"},
	} {
		_, err := Parse([]byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%.20q) = %v, want %q", tc.src, err, tc.want)
		}
	}
}

// FuzzParse checks that Parse never panics and agrees with encoding/json on validity.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,"x",true,false,null]}`, `[]`, `"\ud83d\ude00"`, `{"a":}`, "\xef\xbb\xbf{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse(data)
		if len(data) >= 3 && string(data[:3]) == "\xef\xbb\xbf" {
			return
		}
		if json.Valid(data) != (err == nil) && !strings.Contains(errString(err), "nesting") {
			t.Errorf("Parse(%q) err = %v, json.Valid = %v", data, err, json.Valid(data))
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
