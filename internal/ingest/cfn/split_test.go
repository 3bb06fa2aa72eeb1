package cfn

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readBoth reads files with the Resources section cut into pieces where it can be
// (split.go) and as whole documents, and returns both results as text (the model as JSON,
// or the error), and whether the first read cut any template.
func readBoth(t testing.TB, files []File, opts Options) (cut, whole string, didSplit bool) {
	t.Helper()
	show := func(split *bool) string {
		a, err := read(files, opts, split)
		return describeRead(t, a, err)
	}
	cut = show(&didSplit)
	if cut != show(&didSplit) {
		t.Fatal("two reads differ")
	}
	whole = show(nil)
	// Read itself falls back to the whole document when the cut read fails.
	if a, err := Read(files, opts); err != nil && whole != "error: "+err.Error() || err == nil && a == nil {
		t.Errorf("Read returns %v, the whole-document read %.200s", err, whole)
	}
	return cut, whole, didSplit
}

// splitCases are templates whose Resources section can be cut (or looks as if it could).
var splitCases = map[string]string{
	"forward references": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  # a comment before the first resource
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "${Env} group"
      VpcId: !GetAtt Subnet.VpcId
# a comment at column 1 inside the section
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      Tags:
        - Key: Note
          Value: |
            a block scalar
            Vpc:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Outputs:
  SubnetId:
    Value: !Ref Subnet
    Export: {Name: !Sub "${Env}-subnet"}
Conditions:
  Never: !Equals [a, b]
`,
	"condition after the section": "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Condition: Never\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !If [Never, 10.1.0.0/16, 10.0.0.0/16]\nConditions:\n  Never: !Equals [a, b]\n",
	"document start":              "---\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n",
	"document end":                "---\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n...\n",
	"crlf":                        "Resources:\r\n  Vpc:\r\n    Type: AWS::EC2::VPC\r\n    Properties:\r\n      CidrBlock: 10.0.0.0/16\r\n  Igw:\r\n    Type: AWS::EC2::InternetGateway\r\n",
	"byte-order mark":             "\xef\xbb\xbfResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n",
	"duplicate key, same value":   "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      CidrBlock: 10.0.0.0/16\n",
	"duplicate key, other value":  "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      CidrBlock: 10.1.0.0/16\n",
	"duplicate logical ID":        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.1.0.0/16}\n",
	"duplicate section":           "Resources:\n  A:\n    Type: AWS::S3::Bucket\nResources:\n  B:\n    Type: AWS::S3::Bucket\n",
	"anchor and alias":            "Resources:\n  A: &a\n    Type: AWS::S3::Bucket\n  B: *a\n",
	"alias of a parameter":        "Parameters:\n  P: &p {Type: String}\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: *p}\n",
	"anchor only":                 "Resources:\n  A: &a\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n",
	"quoted scalar across a key":  "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Metadata: \"x\n  B: y\"\n  C:\n    Type: AWS::S3::Bucket\n",
	"flow mapping across a key":   "Resources:\n  A: {Type: AWS::S3::Bucket,\n  B: 1}\n",
	"flow section":                "Resources: {A: {Type: AWS::S3::Bucket}}\n",
	"tab":                         "Resources:\n  A:\n\tType: AWS::S3::Bucket\n",
	"less indented line":          "Resources:\n  A:\n    Type: AWS::S3::Bucket\n B:\n    Type: AWS::S3::Bucket\n",
	"second document":             "Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nB: 1\n",
	"directive":                   "%YAML 1.1\n---\nResources:\n  A:\n    Type: AWS::S3::Bucket\n",
	"error in a later resource":   "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Select [x]}\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [1]\n",
	"syntax error in a resource":  "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Ref Nope}\n  B:\n    Type: 'x\n",
	"alias after an error":        "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Ref Nope}\nOutputs:\n  O: *x\n",
	"no type":                     "Resources:\n  A:\n    Properties: {}\n",
	"resource not a mapping":      "Resources:\n  A: x\n",
	"undefined condition":         "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Condition: Nope\n",
	"foreach":                     "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Subnets:\n    - X\n    - [a]\n    - S${X}: {Type: AWS::EC2::Subnet}\n  A:\n    Type: AWS::S3::Bucket\n",
	"key with a number":           "Resources:\n  123:\n    Type: AWS::S3::Bucket\n  true:\n    Type: AWS::S3::Bucket\n",
	"lone carriage return":        "Resources:\n  A:\n    Type: AWS::S3::Bucket\r  B:\n    Type: AWS::S3::Bucket\n",
	"next-line break":             "Resources:\n  A:\n    Type: AWS::S3::Bucket\xc2\x85  B:\n    Type: AWS::S3::Bucket\n",
}

var fallsBack = map[string]bool{"flow mapping across a key": true, "quoted scalar across a key": true,
	"duplicate key, same value": true, "duplicate key, other value": true}

// TestSplitReadsAsWhole: a template read one resource at a time gives exactly what the
// whole document's read gives: the same model with the same positions and findings
// (duplicate keys: warning when the same, error when different), or the same error at the
// same position, for every template here, the test data and the fuzz corpus.
func TestSplitReadsAsWhole(t *testing.T) {
	inputs := map[string][]File{}
	for name, text := range splitCases {
		inputs[name] = []File{yamlFile("t.yaml", text)}
	}
	for _, glob := range []string{"testdata/*.yaml", "testdata/stacks/*.yaml"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			inputs[p] = []File{{Name: p, Data: data}}
			// The same template with its duplicate logical IDs renamed, so that it is cut.
			inputs[p+" (renamed)"] = []File{{Name: p, Data: renameDuplicates(data)}}
		}
	}
	net, _ := os.ReadFile("testdata/stacks/network.yaml")
	app, _ := os.ReadFile("testdata/stacks/app.yaml")
	inputs["stacks"] = []File{{Name: "network.yaml", Data: net}, {Name: "app.yaml", Data: app}}
	inputs["generated"] = []File{{Name: "gen.yaml", Data: genTemplate(500)}}
	inputs["instances, several batches"] = []File{{Name: "inst.yaml", Data: []byte(genInstances(300))}}
	splits := 0
	for name, files := range inputs {
		t.Run(name, func(t *testing.T) {
			cut, whole, didSplit := readBoth(t, files, Options{Params: map[string]string{"Env": "dev"}})
			if didSplit {
				splits++
			}
			if cut != whole && !strings.HasPrefix(cut, "error: ") {
				t.Errorf("cut read:\n%.2000s\nwhole read:\n%.2000s", cut, whole)
			}
			// A valid template that is cut reads without falling back, but where a piece
			// does not read on its own (a duplicate key in a resource, a scalar or flow
			// mapping continued at a logical ID's indentation).
			if didSplit && cut != whole && !strings.HasPrefix(whole, "error: ") && !fallsBack[name] {
				t.Errorf("the cut read fails (%.300s) where the whole read does not", cut)
			}
		})
	}
	if splits < len(inputs)/3 {
		t.Errorf("only %d of %d inputs were cut", splits, len(inputs))
	}
}

// renameDuplicates gives each logical ID defined again at column 3 a new name.
func renameDuplicates(data []byte) []byte {
	seen := map[string]int{}
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i, l := range lines {
		if id, ok := logicalIDAt(bytes.TrimPrefix(l, []byte("  "))); ok && bytes.HasPrefix(l, []byte("  ")) && l[2] != ' ' {
			if seen[id]++; seen[id] > 1 {
				lines[i] = []byte(fmt.Sprintf("  %s%d%s", id, seen[id], l[2+len(id):]))
			}
		}
	}
	return bytes.Join(lines, nil)
}

// TestSplitWhereSafe: the cut is taken for plain block-style sections and refused where it
// is not plainly right.
func TestSplitWhereSafe(t *testing.T) {
	for name, want := range map[string]bool{
		"forward references": true, "crlf": true, "document start": true, "document end": false, "byte-order mark": true,
		"flow section": false, "tab": false, "less indented line": false, "second document": false,
		"directive": false, "duplicate logical ID": false, "duplicate section": false, "foreach": false,
		"lone carriage return": false, "next-line break": false,
	} {
		data := bytes.TrimPrefix([]byte(splitCases[name]), []byte("\xef\xbb\xbf"))
		if got := splitYAML(data) != nil; got != want {
			t.Errorf("%s: cut = %v, want %v", name, got, want)
		}
	}
	d := splitYAML([]byte(splitCases["forward references"]))
	if got := strings.Join(d.ids, " "); got != "Group Subnet Vpc" {
		t.Errorf("logical IDs %q", got)
	}
	if d.spans[1].line != 12 || d.column != 3 {
		t.Errorf("Subnet at line %d, column %d", d.spans[1].line, d.column)
	}
}

// TestFallbackPositions: templates the reader does not cut (a flow-style section), or whose
// cut read fails and is done again on the whole document (a flow mapping continued at a
// logical ID's indentation), or with an anchor, read as before, with exact positions.
func TestFallbackPositions(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"anchor", "Parameters:\n  P: &p {Type: String, Default: x}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n",
			"Sub t.yaml:8:3"},
		{"flow section", "Resources: {Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}},\n  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}}\n",
			"Sub t.yaml:2:3"},
		{"flow resource across lines", "Resources:\n  Vpc: {Type: AWS::EC2::VPC,\n  Properties: {CidrBlock: 10.0.0.0/16}}\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n",
			"Sub t.yaml:4:3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var didSplit bool
			a, err := read([]File{yamlFile("t.yaml", c.text)}, Options{}, &didSplit)
			if c.name == "flow resource across lines" {
				if err == nil || !didSplit {
					t.Fatalf("the cut read gives %v (cut %v), want an error that makes Read start again", err, didSplit)
				}
			} else if didSplit != (c.name == "anchor") {
				t.Fatalf("cut = %v", didSplit)
			}
			if a, err = Read([]File{yamlFile("t.yaml", c.text)}, Options{}); err != nil {
				t.Fatal(err)
			}
			if len(a.Subnets) != 1 {
				t.Fatalf("%d subnets", len(a.Subnets))
			}
			sn := a.Subnets[0]
			if got := sn.ID + " " + sn.Source.String(); !strings.HasPrefix(got, c.want) || sn.VPC != "Vpc" {
				t.Errorf("subnet %s in %s, want %s in Vpc", got, sn.VPC, c.want)
			}
			if got := a.VPCs[0].CIDRs[0].String(); got != "10.0.0.0/16" {
				t.Errorf("VPC CIDR %s", got)
			}
		})
	}
}

// FuzzSplitReadsAsWhole: for any input, the read one resource at a time and the read of
// the whole document agree (the model, or Read's error, which comes from the whole read).
func FuzzSplitReadsAsWhole(f *testing.F) {
	for _, text := range splitCases {
		f.Add([]byte(text))
	}
	f.Add(genTemplate(60))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := []File{{Name: "f.yaml", Data: data}}
		cut, whole, _ := readBoth(t, files, Options{})
		if cut != whole && !strings.HasPrefix(cut, "error: ") {
			t.Errorf("cut read:\n%.2000s\nwhole read:\n%.2000s", cut, whole)
		}
	})
}

// TestSplitHoldsOneBatchAtATime: a large block-style template is never parsed whole.
// After load no resource is parsed (the Resources section of the document's tree is
// empty); while resources are evaluated in turn, those parsed ahead of their turn are
// the rest of the current batch (about batchBytes of text) when no resource refers to a
// later one, and in a small template with forward references its two other resources;
// every resource is parsed once.
func TestSplitHoldsOneBatchAtATime(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		most int // -1: less than a batch
	}{
		{"generated", genTemplate(20000), -1},
		{"forward references", []byte(splitCases["forward references"]), 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			var didSplit bool
			r, err := load([]File{{Name: "t.yaml", Data: c.data}}, Options{}, &didSplit)
			if err != nil {
				t.Fatal(err)
			}
			tm := r.templates[0]
			if !didSplit || tm.data == nil {
				t.Fatal("the template was parsed as a whole document")
			}
			if _, rs := lookup(tm.root, "Resources"); rs == nil || len(rs.Content) != 0 {
				t.Fatal("the document's tree holds the Resources section")
			}
			for _, id := range tm.order {
				if tm.resources.get(id).span == 0 {
					t.Fatalf("resource %s was parsed by load", id)
				}
			}
			spans := tm.spans
			if _, err := r.resources(nil); err != nil {
				t.Fatal(err)
			}
			if tm.parsed != len(tm.order) || tm.evaluated != len(tm.order) {
				t.Errorf("%d resources parsed, %d evaluated, want %d", tm.parsed, tm.evaluated, len(tm.order))
			}
			if tm.spans != nil {
				t.Errorf("the spans are kept once every resource is parsed")
			}
			batch := 0
			for _, sp := range spans {
				batch = max(batch, int(sp.last-sp.first+1))
				if sp.first != sp.last && spans[sp.last].end-spans[sp.first].start > batchBytes {
					t.Fatalf("a batch of %d bytes", spans[sp.last].end-spans[sp.first].start)
				}
			}
			if c.most < 0 && (tm.mostParsed >= batch || batch*50 > len(tm.order)) || c.most >= 0 && tm.mostParsed != c.most {
				t.Errorf("up to %d of %d resources parsed ahead of their turn (batches of up to %d), want %d", tm.mostParsed, len(tm.order), batch, c.most)
			}
		})
	}
}
