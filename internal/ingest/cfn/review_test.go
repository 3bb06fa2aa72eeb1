package cfn

import (
	"slices"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// An AWS::EC2::EIPAssociation attaches the Elastic IP to the NAT instance: without it the
// instance reads as having no public address and the internet gateway drops its traffic.
func TestEIPAssociation(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("t.yaml", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Public: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Nat:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, SubnetId: !Ref Public, SourceDestCheck: false}
  Eip: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
  Assoc:
    Type: AWS::EC2::EIPAssociation
    Properties: {AllocationId: !GetAtt Eip.AllocationId, InstanceId: !Ref Nat}
  Outside:
    Type: AWS::EC2::EIPAssociation
    Properties: {AllocationId: eipalloc-0123, NetworkInterfaceId: eni-0abc}
  NoTarget:
    Type: AWS::EC2::EIPAssociation
    Properties: {AllocationId: eipalloc-0456}
`))
	var got []string
	for _, e := range a.ElasticIPs {
		got = append(got, e.ID+"->"+e.Association)
	}
	slices.Sort(got)
	want := []string{"Eip->Nat", "eipalloc-0123->eni-0abc"}
	if !slices.Equal(got, want) {
		t.Errorf("Elastic IPs %v, want %v", got, want)
	}
}

// An interface endpoint without SecurityGroupIds gets the default security group of the
// VPC the template creates: AWS's default rules (inbound from itself, outbound all).
func TestEndpointWithoutGroupsGetsTheDefaultGroup(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("t.yaml", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Sqs:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.sqs, VpcEndpointType: Interface, SubnetIds: [!Ref A]}
`))
	ix := model.NewIndex(a)
	g := ix.SecurityGroups["Vpc.DefaultSecurityGroup"]
	if g == nil || g.Name != "default" || len(g.Ingress) != 1 || g.Ingress[0].Group != g.ID {
		t.Fatalf("default group = %+v", g)
	}
}

// A NAT instance declared with NetworkInterfaces and AssociatePublicIpAddress gets a
// public address at launch.
func TestInstancePublicAddress(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("t.yaml", `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Public: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Nat:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      SourceDestCheck: false
      NetworkInterfaces: [{DeviceIndex: "0", SubnetId: !Ref Public, AssociatePublicIpAddress: true}]
  Private:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      NetworkInterfaces: [{DeviceIndex: "0", SubnetId: !Ref Public}]
`))
	for _, n := range a.NetworkInterfaces {
		if want := n.ID == "Nat"; n.PublicIPAssigned != want {
			t.Errorf("%s: PublicIPAssigned = %v, want %v", n.ID, n.PublicIPAssigned, want)
		}
	}
}
