package cfnspec

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/testshared"
)

func TestDecodeYAMLShortForms(t *testing.T) {
	got, err := DecodeYAML([]byte(`
A: !Ref X
B: !GetAtt Stack.Outputs.Url
C: !Sub "${AWS::Region}"
D: !Select [0, !GetAZs ""]
E: !If [Cond, !Ref AWS::NoValue, {K: v}]
F: !Join ["", [a, !Sub ["${x}", {x: 1}]]]
G: !Condition Other
H: [1, 2.5, true, null, 2012-10-17, "007", 0x10]
I: &anchor {x: 1}
J: *anchor
`))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(got)
	want := `{"A":{"Ref":"X"},"B":{"Fn::GetAtt":["Stack","Outputs.Url"]},"C":{"Fn::Sub":"${AWS::Region}"},` +
		`"D":{"Fn::Select":[0,{"Fn::GetAZs":""}]},"E":{"Fn::If":["Cond",{"Ref":"AWS::NoValue"},{"K":"v"}]},` +
		`"F":{"Fn::Join":["",["a",{"Fn::Sub":["${x}",{"x":1}]}]]},"G":{"Condition":"Other"},` +
		`"H":[1,2.5,true,null,"2012-10-17","007",16],"I":{"x":1},"J":{"x":1}}`
	if string(js) != want {
		t.Errorf("got  %s\nwant %s", js, want)
	}
	if _, ok := got["H"].([]any)[0].(int64); !ok {
		t.Errorf("integers should decode as int64, got %T", got["H"].([]any)[0])
	}
}

func TestDecodeYAMLErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"", "1:1: empty template"},
		{"- a\n- b\n", "1:1: expected a template object, got list"},
		{"A: !Reff X\n", "1:4: unknown tag !Reff"},
		{"A: !GetAtt NoDot\n", `1:4: !GetAtt expects Resource.Attribute, got "NoDot"`},
		{"A: [\n", "yaml:"},
		{"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
			"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
			"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
			"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", "too many values"},
		{"A: 1\nB: 2\nA: 3\n", `3:1: duplicate key "A" (first defined at 1:1)`},
	} {
		_, err := DecodeYAML([]byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeYAML(%q) error = %v, want %q", tc.src, err, tc.want)
		}
	}
}

// The corpus template defines SecurityGroup and SecurityGroupIngress twice
// (lines 225/286 and 232/293); both duplicates must be reported.
func TestDecodeYAMLCorpusDuplicates(t *testing.T) {
	data, err := os.ReadFile(testshared.Dir() + "/corpus/cloudformation/aws-mwaa-quick-start.yaml")
	if os.IsNotExist(err) {
		t.Skip("corpus not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	_, err = DecodeYAML(data)
	if err == nil {
		t.Fatal("want duplicate key errors")
	}
	want := "286:3: duplicate key \"SecurityGroup\" (first defined at 225:3)\n" +
		"293:3: duplicate key \"SecurityGroupIngress\" (first defined at 232:3)"
	if err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}
