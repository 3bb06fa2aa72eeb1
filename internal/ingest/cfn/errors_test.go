package cfn

import (
	"errors"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestUnreadableInput(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"bad yaml", "Resources:\n  A: [\n", "bad.yaml:2:"},
		{"unterminated quote", "Resources:\n  A:\n    Type: 'x\n", "bad.yaml:3:5: invalid YAML"},
		{"tab indentation", "Resources:\n\tA: 1\n", "bad.yaml:2:2: invalid YAML"},
		{"bad yaml indentation", "Resources:\n  A:\n    Type: x\n   B: y\n", "bad.yaml:4:4: invalid YAML"},
		{"bad json", "{\n  \"Resources\": {\n    \"A\": {\"Type\" \"AWS::S3::Bucket\"}\n  }\n}\n", "bad.yaml:3:18: invalid JSON"},
		{"truncated json", "{\"Resources\": {", "bad.yaml:1:16: invalid JSON: unexpected end of file"},
		{"json with trailing content", `{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}} x`, "bad.yaml:1:51: unexpected content after the JSON template"},
		{"empty", "\n\n", "bad.yaml:1:1: empty file"},
		{"not a mapping", "- a\n- b\n", "bad.yaml:1:1: expected a CloudFormation template"},
		{"no resources", "Parameters: {}\n", "bad.yaml:1:1: the template has no Resources section"},
		{"empty resources", "Resources: {}\n", "bad.yaml:1:1: Resources: expected a mapping with at least one resource"},
		{"resource not a mapping", "Resources:\n  A: x\n", "bad.yaml:2:6: resource A: expected a mapping"},
		{"no type", "Resources:\n  A:\n    Properties: {}\n", "bad.yaml:2:3: resource A: expected a Type"},
		{"type is intrinsic", "Resources:\n  A:\n    Type: !Ref X\n", "bad.yaml:3:11: resource A: Type: expected a resource type name"},
		{"properties not a mapping", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: [1]\n", "bad.yaml:4:17: resource A: Properties: expected a mapping"},
		{"undefined condition", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Condition: Nope\n", "bad.yaml:4:16: resource A: Condition \"Nope\" is not defined"},
		{"alias", "Resources:\n  A: &a\n    Type: AWS::S3::Bucket\n  B: *a\n", "bad.yaml:4:6: YAML alias *a"},
		{"two documents", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nB: 1\n", "bad.yaml:4:1: a second YAML document"},
		{"malformed intrinsic in a property", "Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Select [x]\n", "bad.yaml:5:18: Fn::Select: expected [index, list]"},
		{"malformed intrinsic in an output", "Resources:\n  A:\n    Type: AWS::S3::Bucket\nOutputs:\n  O:\n    Value: !GetAtt Nope.Arn\n", "bad.yaml:6:12: Fn::GetAtt Nope.Arn"},
		{"parameters not a mapping", "Parameters: [a]\nResources:\n  A:\n    Type: AWS::S3::Bucket\n", "bad.yaml:1:13: section Parameters: expected a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read([]File{yamlFile("bad.yaml", c.text)}, Options{})
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			var ie *model.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not a *model.InputError: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), c.want) && !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %q, want %q", err, c.want)
			}
			if ie.Source.File != "bad.yaml" || ie.Source.Line < 1 || ie.Source.Column < 1 {
				t.Errorf("error source %+v lacks file:line:column", ie.Source)
			}
		})
	}
}

func TestJSONAndYAMLReadAlike(t *testing.T) {
	y := yamlFile("t.yaml", `
Parameters:
  Cidr: {Type: String, Default: 10.0.0.0/16}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [1, !GetAZs ""]
      Tags: [{Key: Name, Value: !Sub "${AWS::StackName}-a"}]
`)
	j := File{Name: "t.json", Data: []byte(`{
  "Parameters": {"Cidr": {"Type": "String", "Default": "10.0.0.0/16"}},
  "Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Ref": "Cidr"}}},
    "Sub": {
      "Type": "AWS::EC2::Subnet",
      "Properties": {
        "VpcId": {"Ref": "Vpc"},
        "CidrBlock": {"Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 2, 8]}]},
        "AvailabilityZone": {"Fn::Select": ["1", {"Fn::GetAZs": ""}]},
        "Tags": [{"Key": "Name", "Value": {"Fn::Sub": "${AWS::StackName}-a\/b"}}]
      }
    }
  }
}`)}
	ay := mustRead(t, Options{}, y)
	aj := mustRead(t, Options{}, j)
	sy, sj := ay.Subnets[0], aj.Subnets[0]
	if sy.VPC != sj.VPC || sy.AZ != sj.AZ || sy.AZ != "${AWS::Region}#1" || sj.Tags["Name"] != "${AWS::StackName}-a/b" {
		t.Errorf("YAML subnet %+v\nJSON subnet %+v", sy, sj)
	}
	// !GetAtt Vpc.CidrBlock is the VPC's own CidrBlock property, so the subnet's CIDR is known.
	if sy.CIDR.String() != "10.0.0.0/24" || sj.CIDR != sy.CIDR {
		t.Errorf("CIDR from !Cidr of !GetAtt Vpc.CidrBlock = %v %v, want 10.0.0.0/24", sy.CIDR, sj.CIDR)
	}
	if aj.Subnets[0].Source.Line != 5 || aj.Subnets[0].Source.Column != 5 {
		t.Errorf("JSON source = %+v, want t.json:5:5", aj.Subnets[0].Source)
	}
	if ay.VPCs[0].CIDRs[0].String() != "10.0.0.0/16" || aj.VPCs[0].CIDRs[0].String() != "10.0.0.0/16" {
		t.Errorf("VPC CIDRs %v %v", ay.VPCs[0].CIDRs, aj.VPCs[0].CIDRs)
	}
}

func TestCorpusAsJSONMatchesYAML(t *testing.T) {
	// A template in JSON reads to the same model as in YAML, positions aside.
	y := readFile(t, "testdata/aws-mwaa-quick-start.yaml")
	j := readFile(t, "testdata/aws-mwaa-quick-start.json")
	ay, aj := mustRead(t, Options{}, y), mustRead(t, Options{}, j)
	if len(ay.Subnets) != len(aj.Subnets) || len(ay.RouteTables) != len(aj.RouteTables) || len(ay.SecurityGroups) != len(aj.SecurityGroups) {
		t.Fatalf("YAML and JSON differ in object counts")
	}
	for i := range ay.RouteTables {
		if len(ay.RouteTables[i].Routes) != len(aj.RouteTables[i].Routes) || ay.RouteTables[i].ID != aj.RouteTables[i].ID {
			t.Errorf("route table %d differs", i)
		}
	}
	if ay.Environment().Name != aj.Environment().Name || strings.Join(ay.Environment().Subnets, ",") != strings.Join(aj.Environment().Subnets, ",") {
		t.Errorf("environments differ")
	}
}

// TestBadParametersErrorIsStable: of two parameters that are not mappings, the first in
// the document is named, on every read (it was the first in a map's random order).
func TestBadParametersErrorIsStable(t *testing.T) {
	text := "Parameters:\n  B: 1\n  A: 2\n  C: 3\nResources:\n  X:\n    Type: AWS::S3::Bucket\n"
	for range 20 {
		_, err := Read([]File{yamlFile("p.yaml", text)}, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "p.yaml:2:6: parameter B: expected a mapping") {
			t.Fatalf("error = %v, want the one at p.yaml:2:6 naming B", err)
		}
	}
}
