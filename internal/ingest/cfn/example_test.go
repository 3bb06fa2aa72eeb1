package cfn_test

import (
	"fmt"

	"github.com/mwaanet/mwaanet/internal/ingest/cfn"
)

func ExampleRead() {
	template := `
Parameters:
  Cidr: {Type: String, Default: 10.0.0.0/16}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr, EnableDnsHostnames: true}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/24}
`
	a, err := cfn.Read([]cfn.File{{Name: "net.yaml", Data: []byte(template)}}, cfn.Options{Region: "eu-west-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := a.Subnets[0]
	fmt.Println(s.ID, s.VPC, s.CIDR, s.Source)
	for _, rt := range a.RouteTables {
		fmt.Println(rt.ID, rt.Main, rt.Routes[0].Destination, rt.Routes[0].Target.Kind)
	}
	for _, f := range a.IngestFindings {
		fmt.Println(f.Severity, f.Rule, f.Source, f.Related[0])
	}
	// Output:
	// Subnet Vpc 10.0.9.0/24 net.yaml:14:3
	// Vpc.MainRouteTable true 10.0.0.0/16 local
	// error INPUT/cfn-duplicate-logical-id net.yaml:14:3 net.yaml:8:3
}

func ExampleRead_error() {
	_, err := cfn.Read([]cfn.File{{Name: "bad.yaml", Data: []byte("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Select [0]\n")}}, cfn.Options{})
	fmt.Println(err)
	// Output:
	// bad.yaml:5:18: Fn::Select: expected [index, list]
}
