package cfn

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const evalHeader = `
Parameters:
  Env: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "subnet-a, subnet-b"}
  Count: {Type: Number, Default: 3}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /my/param}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Unknown: !Equals [!Ref NoDefault, x]
  Both: !And [!Condition IsProd, !Condition Unknown]
  Either: !Or [!Condition IsProd, !Condition Unknown]
  LongForm: {"Fn::Equals": [{"Ref": "Env"}, "dev"]}
Mappings:
  RegionMap:
    us-east-1: {Cidr: 10.0.0.0/16}
    eu-west-1: {Cidr: 10.1.0.0/16}
  Bad:
    a: {b: [!FindInMap [Bad, a, b], !FindInMap [Bad, a, b]]}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref NoDefault}
  Vpc2:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.9.0.0/16}
  Probe:
    Type: Custom::Probe
    Properties:
      X: `

// evalX evaluates the expression as property X of a probe resource.
func evalX(t *testing.T, expr string, opts Options) (Value, error) {
	t.Helper()
	res, _, err := Evaluate([]File{yamlFile("t.yaml", evalHeader+expr+"\n")}, opts)
	if err != nil {
		return Value{}, err
	}
	for _, r := range res {
		if r.LogicalID == "Probe" {
			v, _ := r.Properties.Get("X")
			return v, nil
		}
	}
	t.Fatal("no probe")
	return Value{}, nil
}

func TestIntrinsics(t *testing.T) {
	cases := []struct {
		expr string
		want string
		kind Kind
	}{
		{`!Ref Env`, "prod", KindScalar},
		{`{Ref: Env}`, "prod", KindScalar},
		{`!Ref Bucket`, "${Bucket}", KindRef},
		{`!GetAtt Bucket.Arn`, "${Bucket.Arn}", KindRef},
		{`!GetAtt [Bucket, Arn]`, "${Bucket.Arn}", KindRef},
		{`{"Fn::GetAtt": [Bucket, DomainName]}`, "${Bucket.DomainName}", KindRef},
		{`!Ref NoDefault`, "${NoDefault}", KindSymbol},
		{`!Ref Ssm`, "<unknown: parameter Ssm is read from SSM parameter /my/param at deploy time>", KindUnknown},
		{`!Ref Subnets`, "[subnet-a, subnet-b]", KindList},
		{`!Ref AWS::Region`, "us-east-1", KindScalar},
		{`!Ref AWS::Partition`, "aws", KindScalar},
		{`!Ref AWS::URLSuffix`, "amazonaws.com", KindScalar},
		{`!Ref AWS::AccountId`, "${AWS::AccountId}", KindSymbol},
		{`!Ref AWS::StackName`, "${AWS::StackName}", KindSymbol},
		{`!Sub "${Env}-${AWS::Region}"`, "prod-us-east-1", KindScalar},
		{`!Sub "${Bucket.Arn}/*"`, "${Bucket.Arn}/*", KindConcat},
		{`!Sub "arn:${AWS::Partition}:s3:::${Bucket}"`, "arn:aws:s3:::${Bucket}", KindConcat},
		{`!Sub "${!Literal}-${Env}"`, "${Literal}-prod", KindScalar},
		{`!Sub ["${A}-${B}", {A: x, B: !Ref Env}]`, "x-prod", KindScalar},
		{`{"Fn::Sub": ["${Name}.${AWS::URLSuffix}", {"Name": {"Ref": "Bucket"}}]}`, "${Bucket}.amazonaws.com", KindConcat},
		{`!Join [",", [a, b, !Ref Env]]`, "a,b,prod", KindScalar},
		{`!Join [",", !Ref Subnets]`, "subnet-a,subnet-b", KindScalar},
		{`!Join ["", [!Ref Bucket, "-x"]]`, "${Bucket}-x", KindConcat},
		{`!Select [1, [a, b, c]]`, "b", KindScalar},
		{`!Select [0, !Ref Subnets]`, "subnet-a", KindScalar},
		{`!Select [0, !GetAZs ""]`, "${AWS::Region}#0", KindSymbol},
		{`!Select [1, !GetAZs {Ref: "AWS::Region"}]`, "${AWS::Region}#1", KindSymbol},
		{`!Select [1, !GetAZs eu-west-1]`, "eu-west-1#1", KindSymbol},
		{`!Split [",", "a,b"]`, "[a, b]", KindList},
		{`!Split [",", !Join [",", [!Ref Bucket, !GetAtt Vpc2.Arn, x]]]`, "[${Bucket}, ${Vpc2.Arn}, x]", KindList},
		{`!Select [0, !Split [",", !Join [",", [!Ref Bucket, x]]]]`, "${Bucket}", KindRef},
		{`!Sub "${Bucket}"`, "${Bucket}", KindRef},
		{`!Select [1, !Split [",", !Sub "${Bucket}-a,${Bucket}-b"]]`, "${Bucket}-b", KindConcat},
		{`!Split [":", !GetAtt Vpc2.Arn]`, "<unknown: Fn::Split of a string that is not known statically (${Vpc2.Arn})>", KindUnknown},
		{`!Select [2, !Split ["-", "x-y-z"]]`, "z", KindScalar},
		{`!If [IsProd, big, small]`, "big", KindScalar},
		{`!If [IsDev, big, small]`, "small", KindScalar},
		{`!If [LongForm, big, small]`, "small", KindScalar},
		{`!If [Unknown, big, small]`, "<unknown: Fn::If on condition Unknown, which is not known statically: condition Unknown: Fn::Equals on ${NoDefault}, which is not known statically>", KindUnknown},
		{`!If [Both, a, b]`, "<unknown: Fn::If on condition Both, which is not known statically: condition Both: condition Unknown: Fn::Equals on ${NoDefault}, which is not known statically>", KindUnknown},
		{`!If [Either, a, b]`, "a", KindScalar},
		{`[a, !If [IsDev, b, !Ref AWS::NoValue], c]`, "[a, c]", KindList},
		{`!Equals [a, a]`, "true", KindScalar},
		{`!FindInMap [RegionMap, !Ref AWS::Region, Cidr]`, "10.0.0.0/16", KindScalar},
		{`!Cidr [10.0.0.0/16, 3, 8]`, "[10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24]", KindList},
		{`!Select [2, !Cidr [!FindInMap [RegionMap, us-east-1, Cidr], !Ref Count, 12]]`, "10.0.32.0/20", KindScalar},
		{`!Cidr ["2001:db8::/56", 2, 64]`, "[2001:db8::/64, 2001:db8:0:1::/64]", KindList},
		{`!GetAtt Vpc.CidrBlock`, "${NoDefault}", KindSymbol},
		{`!Cidr [!GetAtt Vpc.CidrBlock, 2, 8]`, "<unknown: Fn::Cidr of an address block that is not known statically (${NoDefault})>", KindUnknown},
		{`!Select [1, !Cidr [!GetAtt Vpc2.CidrBlock, 2, 8]]`, "10.9.1.0/24", KindScalar},
		{`!GetAtt Vpc2.CidrBlockAssociations`, "${Vpc2.CidrBlockAssociations}", KindRef},
		{`!Base64 hello`, "aGVsbG8=", KindScalar},
		{`!Base64 {Ref: Bucket}`, "<unknown: Fn::Base64 of a value that is not known statically>", KindUnknown},
		{`!ImportValue missing-export`, `<unknown: no given template exports "missing-export">`, KindUnknown},
		{`{"Fn::Length": [1, 2]}`, "<unknown: Fn::Length is not evaluated by mwaanet>", KindUnknown},
		{`{nested: {list: [!Ref Env]}}`, "{nested: {list: [prod]}}", KindMap},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			v, err := evalX(t, c.expr, Options{})
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got := v.Describe(); got != c.want || v.Kind != c.kind {
				t.Errorf("got %q (kind %d), want %q (kind %d)", got, v.Kind, c.want, c.kind)
			}
		})
	}
}

func TestOptionsAndParams(t *testing.T) {
	opts := Options{Region: "cn-north-1", Params: map[string]string{"Env": "dev", "NoDefault": "x", "Subnets": "s1,s2,s3"},
		AccountID: "123456789012", StackName: "stack"}
	for expr, want := range map[string]string{
		`!Ref Env`:                                   "dev",
		`!If [IsProd, big, small]`:                   "small",
		`!If [Unknown, yes, no]`:                     "yes",
		`!Ref AWS::Partition`:                        "aws-cn",
		`!Ref AWS::URLSuffix`:                        "amazonaws.com.cn",
		`!Sub "${AWS::AccountId}:${AWS::StackName}"`: "123456789012:stack",
		`!Select [2, !Ref Subnets]`:                  "s3",
		`!Select [0, !GetAZs ""]`:                    "${AWS::Region}#0",
		`!Select [0, !GetAZs cn-north-1]`:            "${AWS::Region}#0",
	} {
		v, err := evalX(t, expr, opts)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if got := v.Describe(); got != want {
			t.Errorf("%s = %q, want %q", expr, got, want)
		}
	}
}

func TestMalformedIntrinsics(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`!Ref Nope`, "t.yaml:33:10: Ref Nope: expected the name of a parameter"},
		{`!Ref [a]`, "t.yaml:33:10: Ref: expected the name"},
		{`!GetAtt Bucket`, "Fn::GetAtt \"Bucket\": expected LogicalID.Attribute"},
		{`!GetAtt Nope.Arn`, "Fn::GetAtt Nope.Arn: expected the logical ID of a resource"},
		{`!Sub "${Nope}"`, "Fn::Sub variable ${Nope}: expected"},
		{`!Sub [a, b, c]`, "Fn::Sub: expected a string, or [string, {variable: value}]"},
		{`!Join [","]`, "Fn::Join: expected [delimiter, [values]]"},
		{`!Join [",", x]`, "Fn::Join: expected a list of values"},
		{`!Select [5, [a]]`, "Fn::Select: index 5 is out of range for a list of 1"},
		{`!Select [x, [a]]`, "Fn::Select: expected an integer index"},
		{`!Split ["", abc]`, "Fn::Split: expected a literal, non-empty delimiter"},
		{`!If [Nope, a, b]`, "condition \"Nope\": expected the name of a condition defined in Conditions"},
		{`!If [IsProd, a]`, "Fn::If: expected [condition name, value if true, value if false]"},
		{`!FindInMap [Nope, a, b]`, "Fn::FindInMap: expected a mapping named \"Nope\""},
		{`!FindInMap [RegionMap, mars-1, Cidr]`, "Fn::FindInMap: mapping RegionMap has no key \"mars-1\""},
		{`!Cidr [10.0.0.0/24, 300, 2]`, "Fn::Cidr: expected 1 to 256 blocks"},
		{`!Cidr [10.0.0.0/24, 5, 6]`, "Fn::Cidr: 10.0.0.0/24 holds only 4 blocks of /26, 5 asked"},
		{`!Cidr [banana, 1, 8]`, "Fn::Cidr: expected an address block in CIDR notation"},
		{`!FindInMap [Bad, a, b]`, "t.yaml:20:13: Mappings Bad: expected literal values"},
		{`!Bogus x`, "unknown tag !Bogus: expected an intrinsic function tag"},
		{`{"Fn::Bogus": x}`, "unknown intrinsic function Fn::Bogus"},
		{`!Ref AWS::Nope`, "unknown pseudo parameter AWS::Nope"},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			_, err := evalX(t, c.expr, Options{})
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "t.yaml:") {
				t.Errorf("error = %q, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestConditionCycle(t *testing.T) {
	_, err := Read([]File{yamlFile("c.yaml", `
Conditions:
  A: !Condition B
  B: !Not [!Condition A]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: A
`)}, Options{})
	if err == nil || !strings.Contains(err.Error(), "refers to itself") {
		t.Fatalf("err = %v, want a cycle error", err)
	}
}

func TestGetAttChainsStayLinear(t *testing.T) {
	// Each VPC's CIDR refers twice to the previous one: without caching, reading it would
	// take 2^40 steps.
	var b strings.Builder
	b.WriteString("Resources:\n  V0:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "  V%d:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Select [1, [!GetAtt V%d.CidrBlock, !GetAtt V%d.CidrBlock]]}\n", i, i-1, i-1)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := Evaluate([]File{yamlFile("chain.yaml", b.String())}, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("evaluation of a GetAtt chain does not finish")
	}
}

func TestValuesCannotGrowWithoutBound(t *testing.T) {
	// Each !Sub doubles the previous string: reading stops at the size limit with an error.
	var b strings.Builder
	b.WriteString("Resources:\n  V0:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "  V%d:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: !Sub \"${V%d.CidrBlock}${V%d.CidrBlock}\"}\n", i, i-1, i-1)
	}
	_, _, err := Evaluate([]File{yamlFile("grow.yaml", b.String())}, Options{})
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("err = %v, want a size limit error", err)
	}
}
