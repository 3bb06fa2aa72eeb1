package cfnspec

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func decode(t *testing.T, src string) map[string]any {
	t.Helper()
	tmpl, err := DecodeYAML([]byte(src))
	if err != nil {
		t.Fatalf("DecodeYAML: %v\n%s", err, src)
	}
	return tmpl
}

func problemStrings(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func TestValidateFilesClean(t *testing.T) {
	s := testSpec(t)
	for _, name := range []string{"../../fixtures/public-stack.yaml", "private-network.yaml"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := DecodeYAML(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ps := s.Validate(tmpl); len(ps) != 0 {
			t.Errorf("%s: want no problems, got\n%s", name, strings.Join(problemStrings(ps), "\n"))
		}
	}
}

// The same template as JSON, the other input form Validate takes.
func TestValidateJSONClean(t *testing.T) {
	s := testSpec(t)
	data, err := os.ReadFile("../fixtures/public-stack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := DecodeYAML(data)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if ps := s.Validate(back); len(ps) != 0 {
		t.Errorf("fixture template as JSON: want no problems, got\n%s", strings.Join(problemStrings(ps), "\n"))
	}
}

func TestValidateClean(t *testing.T) {
	s := testSpec(t)
	for name, src := range map[string]string{
		"intrinsics everywhere": `
Transform_: none
Parameters:
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
  Cidr: {Type: String}
  Private: {Type: String, AllowedValues: ["true", "false"]}
Conditions:
  IsPrivate: !Equals [!Ref Private, "true"]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
      EnableDnsSupport: "true"
      EnableDnsHostnames: !If [IsPrivate, true, false]
      Tags:
        - {Key: Name, Value: !Sub "${AWS::StackName}-vpc"}
        - !If [IsPrivate, {Key: Private, Value: "yes"}, !Ref AWS::NoValue]
  Sg:
    Type: AWS::EC2::SecurityGroup
    DependsOn: [Vpc]
    Properties:
      GroupDescription: !Join ["", ["sg for ", !Ref "AWS::StackName"]]
      VpcId: !GetAtt Vpc.VpcId
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: "443"
          ToPort: 443
          CidrIp: !GetAtt Vpc.CidrBlock
  Env:
    Type: AWS::MWAA::Environment
    Condition: IsPrivate
    Properties:
      Name: !Sub
        - "${Prefix}-env"
        - Prefix: !Select [0, !Split ["-", !Ref "AWS::StackName"]]
      WebserverAccessMode: PRIVATE_ONLY
      NetworkConfiguration:
        SubnetIds: !Ref Subnets
        SecurityGroupIds: [!GetAtt Sg.GroupId]
      MaxWorkers: 5
      AirflowConfigurationOptions: {core.default_timezone: utc}
  Logs:
    Type: AWS::Logs::LogGroup
    DeletionPolicy: Retain
    Properties:
      RetentionInDays: 30
  Custom:
    Type: Custom::Thing
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:x
      Anything: {Goes: [1, 2]}
Outputs:
  Url:
    Value: !Sub "https://${Env.WebserverUrl}/${Custom.Whatever}"
`,
	} {
		t.Run(name, func(t *testing.T) {
			tmpl := decode(t, src)
			delete(tmpl, "Transform_")
			if ps := s.Validate(tmpl); len(ps) != 0 {
				t.Errorf("want no problems, got\n%s", strings.Join(problemStrings(ps), "\n"))
			}
		})
	}
}

func TestValidateProblems(t *testing.T) {
	s := testSpec(t)
	const params = `
Parameters:
  Cidr: {Type: String}
  Subnets: {Type: CommaDelimitedList}
`
	for _, tc := range []struct {
		name string
		src  string // Resources and Outputs; params above are prepended
		want []string
	}{
		{"missing Resources", `Outputs: {}`, []string{"Resources: required section missing"}},
		{"unknown resource type", `
Resources:
  Vpc: {Type: AWS::EC2::Vpcc}`,
			[]string{`Resources.Vpc.Type: unknown resource type "AWS::EC2::Vpcc" (did you mean AWS::EC2::VPC?)`}},
		{"missing Type", `
Resources:
  Vpc: {Properties: {}}`,
			[]string{`Resources.Vpc.Type: required property missing`}},
		{"unknown resource attribute", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Propertes: {CidrBlock: 10.0.0.0/16}}`,
			[]string{`Resources.Vpc.Propertes: unknown resource attribute "Propertes" (did you mean Properties?)`}},
		{"unknown property", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupportt: true}`,
			[]string{`Resources.Vpc.Properties.EnableDnsSupportt: unknown property "EnableDnsSupportt" (did you mean EnableDnsSupport?)`}},
		{"unknown nested property", `
Resources:
  Env:
    Type: AWS::MWAA::Environment
    Properties:
      Name: x
      NetworkConfiguration: {SubnetId: [a, b]}`,
			[]string{`Resources.Env.Properties.NetworkConfiguration.SubnetId: unknown property "SubnetId" (did you mean SubnetIds?)`}},
		{"unknown property in list element", `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, CidrIP: 10.0.0.0/8}]`,
			[]string{`Resources.Sg.Properties.SecurityGroupIngress[0].CidrIP: unknown property "CidrIP" (did you mean CidrIp?)`}},
		{"required property missing", `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {VpcId: vpc-1}`,
			[]string{`Resources.Sg.Properties.GroupDescription: required property missing`}},
		{"required property missing without Properties", `
Resources:
  Sg: {Type: AWS::EC2::SecurityGroup}`,
			[]string{`Resources.Sg.Properties.GroupDescription: required property missing`}},
		{"required nested property missing", `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{CidrIp: 10.0.0.0/8}]`,
			[]string{`Resources.Sg.Properties.SecurityGroupIngress[0].IpProtocol: required property missing`}},
		{"boolean", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: "yes", EnableDnsHostnames: 1}`,
			[]string{
				`Resources.Vpc.Properties.EnableDnsHostnames: expected boolean, got number 1`,
				`Resources.Vpc.Properties.EnableDnsSupport: expected boolean, got string "yes"`,
			}},
		{"integer", `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 4.5, ToPort: "https"}]`,
			[]string{
				`Resources.Sg.Properties.SecurityGroupIngress[0].FromPort: expected integer, got number 4.5`,
				`Resources.Sg.Properties.SecurityGroupIngress[0].ToPort: expected integer, got string "https"`,
			}},
		{"string given an object", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: {Block: 10.0.0.0/16}}`,
			[]string{`Resources.Vpc.Properties.CidrBlock: expected string, got object`}},
		{"list given a scalar", `
Resources:
  Env:
    Type: AWS::MWAA::Environment
    Properties:
      Name: x
      NetworkConfiguration: {SubnetIds: subnet-1}`,
			[]string{`Resources.Env.Properties.NetworkConfiguration.SubnetIds: expected list of string, got string "subnet-1"`}},
		{"object given a list", `
Resources:
  Env:
    Type: AWS::MWAA::Environment
    Properties:
      Name: x
      NetworkConfiguration: [subnet-1]`,
			[]string{`Resources.Env.Properties.NetworkConfiguration: expected object NetworkConfiguration, got list`}},
		{"map given a list", `
Resources:
  Stack:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: x, Parameters: [a, b]}`,
			[]string{`Resources.Stack.Properties.Parameters: expected map of string, got list`}},
		{"tag", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, Tags: [{Key: Name}, {Key: a, Value: b, Extra: c}]}`,
			[]string{
				`Resources.Vpc.Properties.Tags[0].Value: required property missing`,
				`Resources.Vpc.Properties.Tags[1].Extra: unknown property "Extra"`,
			}},
		{"JSON given a number", `
Resources:
  Env:
    Type: AWS::MWAA::Environment
    Properties: {Name: x, AirflowConfigurationOptions: 3}`,
			[]string{`Resources.Env.Properties.AirflowConfigurationOptions: expected JSON object or string, got number 3`}},
		{"enum", `
Resources:
  Env:
    Type: AWS::MWAA::Environment
    Properties: {Name: x, WebserverAccessMode: PUBLIC}`,
			[]string{`Resources.Env.Properties.WebserverAccessMode: "PUBLIC" is not one of PRIVATE_ONLY, PUBLIC_ONLY, PUBLIC_AND_PRIVATE`}},
		{"integer enum", `
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {RetentionInDays: 31}`,
			[]string{`Resources.Logs.Properties.RetentionInDays: "31" is not one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`}},
		{"enum in Fn::If branch", `
Resources:
  Env:
    Type: AWS::MWAA::Environment
    Properties: {Name: x, WebserverAccessMode: !If [Yes, PRIVATE_ONLY, public]}`,
			[]string{`Resources.Env.Properties.WebserverAccessMode.Fn::If[2]: "public" is not one of PRIVATE_ONLY, PUBLIC_ONLY, PUBLIC_AND_PRIVATE`}},
		{"string intrinsic where a list is expected", `
Resources:
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x}}
  Env:
    Type: AWS::MWAA::Environment
    Properties:
      Name: x
      NetworkConfiguration:
        SecurityGroupIds: !GetAtt Sg.GroupId
        SubnetIds: !Join [",", [a, b]]`,
			[]string{
				`Resources.Env.Properties.NetworkConfiguration.SecurityGroupIds: expected list of string, got Fn::GetAtt Sg.GroupId (a string)`,
				`Resources.Env.Properties.NetworkConfiguration.SubnetIds: expected list of string, got Fn::Join (a string)`,
			}},
		{"Ref of the wrong shape", `
Resources:
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: v}}
  Env:
    Type: AWS::MWAA::Environment
    Properties:
      Name: !Ref Subnets
      NetworkConfiguration: {SubnetIds: !Ref Sub}`,
			[]string{
				`Resources.Env.Properties.Name: expected string, got Ref Subnets (a CommaDelimitedList parameter)`,
				`Resources.Env.Properties.NetworkConfiguration.SubnetIds: expected list of string, got Ref Sub (a string)`,
			}},
		{"Ref to nothing", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Cidrr}}
Outputs:
  Id: {Value: !Ref Vcp}`,
			[]string{
				`Resources.Vpc.Properties.CidrBlock.Ref: unknown resource or parameter "Cidrr" (did you mean Cidr?)`,
				`Outputs.Id.Value.Ref: unknown resource or parameter "Vcp" (did you mean Vpc?)`,
			}},
		{"GetAtt target", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !GetAtt Cidr.Value}}
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x, VpcId: !GetAtt Vpcc.VpcId}}`,
			[]string{
				`Resources.Sg.Properties.VpcId.Fn::GetAtt: unknown resource "Vpcc" (did you mean Vpc?)`,
				`Resources.Vpc.Properties.CidrBlock.Fn::GetAtt: "Cidr" is a parameter; Fn::GetAtt needs a resource`,
			}},
		{"GetAtt attribute", `
Resources:
  Eip: {Type: AWS::EC2::EIP}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {AllocationId: !GetAtt Eip.AllocationID, SubnetId: s}}
Outputs:
  Ip: {Value: !Sub "${Eip.PublicIP} ${Eip.Arn}"}`,
			[]string{
				`Resources.Nat.Properties.AllocationId.Fn::GetAtt: AWS::EC2::EIP "Eip" has no attribute "AllocationID" (did you mean AllocationId?)`,
				`Outputs.Ip.Value.Fn::Sub: AWS::EC2::EIP "Eip" has no attribute "PublicIP" (did you mean PublicIp?)`,
				`Outputs.Ip.Value.Fn::Sub: AWS::EC2::EIP "Eip" has no attribute "Arn" (it has AllocationId, PublicIp)`,
			}},
		{"Sub names", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Sub "${Cidr}${Mask}${!Literal}${AWS::Region}"
      Tags: [{Key: a, Value: !Sub ["${X}${Y}", {X: !Ref Nope}]}]`,
			[]string{
				`Resources.Vpc.Properties.CidrBlock.Fn::Sub: unknown resource or parameter "Mask"`,
				`Resources.Vpc.Properties.Tags[0].Value.Fn::Sub[1].X.Ref: unknown resource or parameter "Nope"`,
				`Resources.Vpc.Properties.Tags[0].Value.Fn::Sub: unknown resource or parameter "Y"`,
			}},
		{"DependsOn", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, DependsOn: [Vpc, Cidr, Gateway], Properties: {CidrBlock: x}}
  Igw: {Type: AWS::EC2::InternetGateway, DependsOn: 3}`,
			[]string{
				`Resources.Igw.DependsOn: expected a resource name or a list of them, got number 3`,
				`Resources.Vpc.DependsOn[0]: a resource cannot depend on itself`,
				`Resources.Vpc.DependsOn[1]: "Cidr" is a parameter; DependsOn needs a resource`,
				`Resources.Vpc.DependsOn[2]: unknown resource "Gateway"`,
			}},
		{"conditions", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Condition: No, Properties: {CidrBlock: !If [Yess, a, b]}}`,
			[]string{
				`Resources.Vpc.Condition: unknown condition "No"`,
				`Resources.Vpc.Properties.CidrBlock.Fn::If[0]: unknown condition "Yess" (did you mean Yes?)`,
			}},
		{"unknown section", `
Resource:
  Vpc: {Type: AWS::EC2::VPC}
Resources:
  Igw: {Type: AWS::EC2::InternetGateway}`,
			[]string{`Resource: unknown template section "Resource" (did you mean Resources?)`}},
		{"FindInMap", `
Mappings:
  Cidrs: {us-east-1: {Vpc: 10.0.0.0/16}}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !FindInMap [Cidr, !Ref "AWS::Region", !FindInMap [Cidrs, a, !Ref Nope]]}}`,
			[]string{
				`Resources.Vpc.Properties.CidrBlock.Fn::FindInMap[0]: unknown mapping "Cidr" (did you mean Cidrs?)`,
				`Resources.Vpc.Properties.CidrBlock.Fn::FindInMap[2].Fn::FindInMap[2].Ref: unknown resource or parameter "Nope"`,
			}},
		{"condition in Conditions", `
Conditions:
  Both: !And [!Condition Yes, !Condition Noo, !Equals [!Ref Cidrr, x]]
Resources:
  Igw: {Type: AWS::EC2::InternetGateway, Condition: Both}`,
			[]string{
				`Conditions.Both.Fn::And[1].Condition: unknown condition "Noo"`,
				`Conditions.Both.Fn::And[2].Fn::Equals[0].Ref: unknown resource or parameter "Cidrr" (did you mean Cidr?)`,
			}},
		{"Properties chosen by Fn::If", `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: !If [Yes, {CidrBlock: 10.0.0.0/16}, {Bogus: 1}]`,
			[]string{`Resources.Vpc.Properties.Fn::If[2].Bogus: unknown property "Bogus"`}},
		{"union", `
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Policy: [a], Body: "{}"}}`,
			[]string{`Resources.Api.Properties.Policy: expected JSON object or string, got list`}},
		{"Outputs", `
Resources:
  Igw: {Type: AWS::EC2::InternetGateway}
Outputs:
  A: {Description: no value}
  B: {Value: x, Condition: Nope}
  C: 3`,
			[]string{
				`Outputs.A.Value: required property missing`,
				`Outputs.B.Condition: unknown condition "Nope"`,
				`Outputs.C: expected an object with Value, got number 3`,
			}},
		{"DeletionPolicy", `
Resources:
  Logs: {Type: AWS::Logs::LogGroup, DeletionPolicy: Keep}`,
			[]string{`Resources.Logs.DeletionPolicy: "Keep" is not one of Delete, Retain, RetainExceptOnCreate, Snapshot`}},
		{"transform needed", `
Resources:
  Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: python3.12}}`,
			[]string{`Resources.Fn.Type: AWS::Serverless::Function needs "Transform: AWS::Serverless-2016-10-31" in the template`}},
		{"custom resource without ServiceToken", `
Resources:
  C: {Type: Custom::Thing, Properties: {Anything: 1}}`,
			[]string{`Resources.C.Properties.ServiceToken: required property missing`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := decode(t, params+tc.src)
			conds, _ := tmpl["Conditions"].(map[string]any)
			if conds == nil {
				conds = map[string]any{}
				tmpl["Conditions"] = conds
			}
			conds["Yes"] = map[string]any{"Fn::Equals": []any{"a", "a"}}
			got := problemStrings(s.Validate(tmpl))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

func TestValidateParameterType(t *testing.T) {
	s := testSpec(t)
	got := problemStrings(s.Validate(decode(t, `
Parameters:
  Untyped: {Default: x}
Resources:
  Igw: {Type: AWS::EC2::InternetGateway}`)))
	want := "Parameters.Untyped.Type: required property missing"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestValidateProblemResource(t *testing.T) {
	s := testSpec(t)
	ps := s.Validate(decode(t, `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {Bogus: 1}}
Outputs:
  X: {Value: !Ref Nope}`))
	if len(ps) != 2 || ps[0].Resource != "Vpc" || ps[1].Resource != "" {
		t.Errorf("got %#v; want a problem in Vpc, then one outside resources", ps)
	}
}

// With a Transform, macros may add resources: undeclared names are not
// reported, but unknown properties still are.
func TestValidateTransform(t *testing.T) {
	s := testSpec(t)
	got := problemStrings(s.Validate(decode(t, `
Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]
Resources:
  Fn::ForEach::Subnets: [S, [a, b], {"Subnet${S}": {Type: AWS::EC2::Subnet, Properties: {VpcId: v}}}]
  Macro: {Type: AWS::EC2::InternetGateway, Properties: {"Fn::Transform": {Name: Tagger}}}
  Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: python3.12, Handler: x, CodeUri: .}}
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !GetAtt FnRole.Arn, Bogus: !Ref Generated}}`)))
	want := []string{`Resources.Vpc.Properties.Bogus: unknown property "Bogus"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkValidate(b *testing.B) {
	s := testSpec(b)
	data, err := os.ReadFile("../fixtures/public-stack.yaml")
	if err != nil {
		b.Fatal(err)
	}
	tmpl, err := DecodeYAML(data)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s.Validate(tmpl)
	}
}

// FuzzValidate checks that no input makes DecodeYAML or Validate panic.
func FuzzValidate(f *testing.F) {
	s := testSpec(f)
	f.Add(`Resources: {Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref X}}}`)
	f.Add(`Resources: {A: {Type: AWS::MWAA::Environment, Properties: {NetworkConfiguration: {SubnetIds: !If [c, [a], !GetAZs ""]}}}}`)
	f.Add(`Resources: {A: {Type: [1], DependsOn: {x: 1}, Properties: {Fn::If: [1]}}}`)
	f.Add(`{Resources: {A: {Type: AWS::S3::Bucket, Properties: {Tags: [null, 1, {Key: !Sub [1, 2]}]}}}, Outputs: {X: {Value: !GetAtt [A, !Ref B]}}}`)
	f.Fuzz(func(t *testing.T, src string) {
		tmpl, err := DecodeYAML([]byte(src))
		if err != nil {
			return
		}
		for _, p := range s.Validate(tmpl) {
			if p.Message == "" {
				t.Errorf("problem without a message: %#v", p)
			}
		}
	})
}
