package live

import (
	"bytes"
	"encoding/json"
)

// The SDK's output structs marshal to JSON with the API's member names, which are the
// PascalCase keys the AWS CLI prints; what differs is that absent members come out as
// null where the CLI leaves them out. cliJSON removes those and indents as the CLI does
// (4 spaces). Keys come out sorted, so the same account gives the same bytes.

func cliJSON(v any) ([]byte, error) {
	g, err := toGeneric(v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(prune(g)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// toGeneric turns v into maps, slices and scalars.
func toGeneric(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var g any
	err = jsonUnmarshal(data, &g)
	return g, err
}

func jsonUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// prune drops null members of objects, recursively.
func prune(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
				continue
			}
			t[k] = prune(x)
		}
	case []any:
		for i, x := range t {
			t[i] = prune(x)
		}
	}
	return v
}
