package cfn

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// A listener written before its load balancer, a load balancer without Scheme, Type or
// SecurityGroups (AWS's defaults: internet-facing, application, the VPC's default group),
// a target group with an IP target and one computed when deployed.
const elbTemplate = `
Resources:
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Front
      Port: 443
      Protocol: HTTPS
      DefaultActions:
        - Type: forward
          ForwardConfig:
            TargetGroups:
              - TargetGroupArn: !Ref Web
  Front:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref A]
  Web:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: ip
      Port: 443
      Protocol: HTTPS
      VpcId: !Ref V
      Targets:
        - Id: 10.0.1.10
        - Id: !GetAtt Lookup.Address
  Lookup:
    Type: Custom::Lookup
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:lookup
  V:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  A:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref V
      CidrBlock: 10.0.1.0/24
  Stray:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1
      Port: 80
      Protocol: HTTP
`

func TestReadLoadBalancer(t *testing.T) {
	a := mustRead(t, Options{}, yamlFile("elb.yaml", elbTemplate))
	if len(a.LoadBalancers) != 1 {
		t.Fatalf("load balancers %+v", a.LoadBalancers)
	}
	lb := a.LoadBalancers[0]
	if lb.ID != "Front" || lb.Scheme != model.LBInternetFacing || lb.Type != model.LBApplication || lb.VPC != "V" ||
		!slices.Equal(lb.Subnets, []string{"A"}) || len(lb.SecurityGroups) != 0 || !lb.SecurityGroupsKnown {
		t.Errorf("load balancer %+v", lb)
	}
	if len(lb.Listeners) != 1 || lb.Listeners[0].Port != 443 || !slices.Equal(lb.Listeners[0].TargetGroups, []string{"Web"}) {
		t.Errorf("listeners %+v", lb.Listeners)
	}
	def := false
	for _, g := range a.SecurityGroups {
		def = def || (g.VPC == "V" && g.Name == "default")
	}
	if !def {
		t.Error("the VPC's default group, which the load balancer gets, is not modelled")
	}
	if len(a.TargetGroups) != 1 || a.TargetGroups[0].TargetType != "ip" || len(a.TargetGroups[0].Targets) != 2 ||
		a.TargetGroups[0].Targets[0].IP != netip.MustParseAddr("10.0.1.10") || a.TargetGroups[0].Targets[1].IP.IsValid() {
		t.Errorf("target groups %+v", a.TargetGroups)
	}
	stray := false
	for _, f := range a.IngestFindings {
		stray = stray || f.Resource == "Stray"
	}
	if !stray {
		t.Errorf("a listener of a load balancer outside the template is not reported: %v", a.IngestFindings)
	}
}
