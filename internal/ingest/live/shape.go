package live

import (
	"bytes"
	"encoding/json"
	"reflect"
	"time"
)

// The SDK's output structs carry the API's member names, which are the PascalCase keys
// the AWS CLI prints. toGeneric turns them into maps, lists and scalars the way the CLI
// prints a response: absent members (nil pointers, nil lists and maps) are left out,
// enums are their strings, timestamps are ISO 8601 with "+00:00". cliJSON then indents
// as the CLI does (4 spaces). Keys come out sorted, so the same account gives the same
// bytes.

func cliJSON(v any) ([]byte, error) {
	g, err := toGeneric(v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(g); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	timeType   = reflect.TypeOf(time.Time{})
	stringType = reflect.TypeOf("")
)

// toGeneric converts v (SDK structs, or maps and slices of them) into JSON-ready values.
func toGeneric(v any) (any, error) {
	g, _ := generic(reflect.ValueOf(v))
	return g, nil
}

// generic returns the value and whether it is present.
func generic(v reflect.Value) (any, bool) {
	if !v.IsValid() {
		return nil, false
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return generic(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time).UTC()
			if t.Nanosecond() != 0 {
				return t.Format("2006-01-02T15:04:05.000000-07:00"), true
			}
			return t.Format("2006-01-02T15:04:05-07:00"), true
		}
		m := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Name == "ResultMetadata" {
				continue
			}
			if x, ok := generic(v.Field(i)); ok {
				m[f.Name] = x
			}
		}
		return m, true
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, false
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Bytes(), true // blobs: base64, as encoding/json does
		}
		out := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			if x, ok := generic(v.Index(i)); ok {
				out = append(out, x)
			}
		}
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return nil, false
		}
		m := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			if x, ok := generic(it.Value()); ok {
				m[it.Key().String()] = x
			}
		}
		return m, true
	case reflect.String:
		if v.String() == "" && v.Type() != stringType {
			return nil, false // an enum the response left out
		}
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return nil, false
}

func jsonUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
