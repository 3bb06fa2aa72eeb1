package tfmoto

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	in := `{"format_version":"1.2","configuration":{"provider_config":{"aws":{"expressions":{"endpoints":[{"ec2":{"constant_value":"http://127.0.0.1:41234"}}]}}}},"timestamp":"2026-12-06T18:40:01Z","applyable":true}`
	want := `{
  "format_version": "1.2",
  "configuration": {
    "provider_config": {
      "aws": {
        "expressions": {
          "endpoints": [
            {
              "ec2": {
                "constant_value": "http://127.0.0.1:5000"
              }
            }
          ]
        }
      }
    }
  },
  "applyable": true
}
`
	got, err := Normalize([]byte(in), "http://127.0.0.1:41234")
	if err != nil || string(got) != want {
		t.Errorf("Normalize = %s, %v; want %s", got, err, want)
	}
	// The timestamp as the last member.
	got, err = Normalize([]byte(`{"a":1,"timestamp":"x"}`), "")
	if err != nil || string(got) != "{\n  \"a\": 1\n}\n" {
		t.Errorf("Normalize = %q, %v", got, err)
	}
	// relevant_attributes sorted (Terraform writes them in any order).
	got, err = Normalize([]byte(`{"relevant_attributes":[{"resource":"b","attribute":["id"]},{"resource":"a","attribute":["arn"]}]}`), "")
	if want := "{\n  \"relevant_attributes\": [\n    {\n      \"resource\": \"a\",\n      \"attribute\": [\n        \"arn\"\n      ]\n    },\n    {\n      \"resource\": \"b\",\n      \"attribute\": [\n        \"id\"\n      ]\n    }\n  ]\n}\n"; err != nil || string(got) != want {
		t.Errorf("Normalize = %q, %v", got, err)
	}
	if _, err := Normalize([]byte(`not json`), ""); err == nil {
		t.Error("Normalize accepted text that is not JSON")
	}
}

func TestOverride(t *testing.T) {
	m := &Moto{Endpoint: "http://127.0.0.1:1234"}
	o := m.Override()
	for _, s := range []string{`version = "5.100.0"`, `region                      = "us-east-1"`, `ec2        = "http://127.0.0.1:1234"`, `mwaa       = "http://127.0.0.1:1234"`, "skip_credentials_validation = true"} {
		if !strings.Contains(o, s) {
			t.Errorf("override lacks %q:\n%s", s, o)
		}
	}
}
