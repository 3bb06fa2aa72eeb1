package cfn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// splitMark separates several templates in one fuzz input, so that imports across
// templates are fuzzed too.
var splitMark = []byte("\n#--next-template--\n")

// testdataTemplates returns every template of testdata (YAML, JSON and the stacks), each
// named by its path.
func testdataTemplates(t testing.TB) []File {
	t.Helper()
	var files []File
	for _, glob := range []string{"testdata/*.yaml", "testdata/*.json", "testdata/stacks/*.yaml"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, File{Name: p, Data: data})
		}
	}
	return files
}

// describeRead is a read's result as text: its architecture as indented JSON, or its
// error, so that two reads can be compared.
func describeRead(t testing.TB, a *model.Architecture, err error) string {
	t.Helper()
	if err != nil {
		return "error: " + err.Error()
	}
	b, jerr := json.MarshalIndent(a, "", " ")
	if jerr != nil {
		t.Fatal(jerr)
	}
	return string(b)
}

// FuzzRead checks that no input makes the reader panic, and that every failure is an input
// error with a position in the file it names. Seeds: the testdata templates and
// testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	for _, file := range testdataTemplates(f) {
		f.Add(file.Data)
	}
	net, _ := os.ReadFile("testdata/stacks/network.yaml")
	app, _ := os.ReadFile("testdata/stacks/app.yaml")
	f.Add(bytes.Join([][]byte{net, app}, splitMark))
	f.Add([]byte(evalHeader + "!Select [1, !Cidr [10.0.0.0/16, 4, 8]]\n"))
	f.Add([]byte(evalHeader + "!If [Either, !Sub \"${Bucket.Arn}-${Env}\", !Ref AWS::NoValue]\n"))
	f.Add([]byte(`{"Resources": {"A": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Fn::ImportValue": "x"}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var files []File
		for i, part := range bytes.Split(data, splitMark) {
			files = append(files, File{Name: fmt.Sprintf("f%d.yaml", i), Data: part})
		}
		a, err := Read(files, Options{Params: map[string]string{"Env": "dev"}})
		if err != nil {
			var ie *model.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an input error: %v", err, err)
			}
			if ie.Source.File == "" || ie.Source.Line < 1 || ie.Source.Column < 1 {
				t.Fatalf("error without file:line:column: %v", err)
			}
			return
		}
		if a == nil {
			t.Fatal("nil architecture without error")
		}
		model.NewIndex(a)
	})
}
