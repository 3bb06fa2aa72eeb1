package cfn

import (
	"fmt"
	"strings"
	"testing"
)

// genTemplate writes a template of about n resources: one VPC, then groups of subnet,
// route table, association, route and security group, using the usual intrinsics.
func genTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString(`Parameters:
  Env: {Type: String, Default: bench}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/8, EnableDnsSupport: true, EnableDnsHostnames: true}
  Igw:
    Type: AWS::EC2::InternetGateway
`)
	for i := 0; i < (n-2)/5; i++ {
		fmt.Fprintf(&b, `  Subnet%[1]d:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.%[2]d.%[3]d.0/24
      AvailabilityZone: !Select [%[4]d, !GetAZs ""]
      Tags: [{Key: Name, Value: !Sub "${Env}-subnet-%[1]d"}]
  Routes%[1]d:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Assoc%[1]d:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {RouteTableId: !Ref Routes%[1]d, SubnetId: !Ref Subnet%[1]d}
  Default%[1]d:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Routes%[1]d, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  Sg%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "group ${AWS::StackName} %[1]d"
      VpcId: !GetAtt Subnet%[1]d.VpcId
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
        - {IpProtocol: "-1", SourceSecurityGroupId: !GetAtt Sg%[1]d.GroupId}
`, i, i/256, i%256, i%3)
	}
	return []byte(b.String())
}

func TestGeneratedTemplate(t *testing.T) {
	a, err := Read([]File{{Name: "gen.yaml", Data: genTemplate(2000)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Subnets) != 399 || len(a.SecurityGroups) != 399 || len(a.RouteTables) != 400 {
		t.Fatalf("got %d subnets, %d groups, %d route tables", len(a.Subnets), len(a.SecurityGroups), len(a.RouteTables))
	}
	if sg := a.SecurityGroups[7]; sg.VPC != "Vpc" || sg.Ingress[1].Group != "Sg7" {
		t.Errorf("group = %+v", sg)
	}
}

// BenchmarkRead2000 reads a generated 2,000-resource template (mwaanet check's target is
// < 200 ms end to end on one core).
func BenchmarkRead2000(b *testing.B) {
	data := genTemplate(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read([]File{{Name: "gen.yaml", Data: data}}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLParse2000 is the floor under BenchmarkRead2000: parsing the same template
// into yaml.Node trees and nothing else.
func BenchmarkYAMLParse2000(b *testing.B) {
	data := genTemplate(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseDocument("gen.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
