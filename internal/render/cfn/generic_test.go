package cfn

import (
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/spec"
	"github.com/mwaanet/mwaanet/internal/testkit/cfnspec"
)

// normalise turns YAML's int64 into JSON's float64 so both decodings compare.
func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalise(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalise(e)
		}
	case int64:
		return float64(x)
	case int:
		return float64(x)
	}
	return v
}

// TestYAMLAndJSONAgree: both forms decode to the same template.
func TestYAMLAndJSONAgree(t *testing.T) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		a := useCase(t, n)
		y, _ := YAML(a)
		j, _ := JSON(a)
		fromYAML, err := cfnspec.DecodeYAML(y)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON map[string]any
		if err := json.Unmarshal(j, &fromJSON); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normalise(fromYAML), normalise(fromJSON)) {
			t.Errorf("use case %d: YAML and JSON templates differ", n)
		}
	}
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// TestGenericRules renders a hand-made architecture: existing objects stay literal IDs and
// are not created, AWS's own routes are left out, group rules become standalone resources.
func TestGenericRules(t *testing.T) {
	a := &model.Architecture{
		Name: "t",
		VPCs: []*model.VPC{{ID: "vpc-0abc", CIDRs: []netip.Prefix{mustPrefix("10.0.0.0/16")}}},
		Subnets: []*model.Subnet{{ID: "subnet-0abc", VPC: "vpc-0abc", CIDR: mustPrefix("10.0.1.0/24")},
			{ID: "Extra", VPC: "vpc-0abc", CIDR: mustPrefix("10.0.2.0/24"), AZ: "eu-west-1b"}},
		RouteTables: []*model.RouteTable{{ID: "Table", VPC: "vpc-0abc", Subnets: []string{"Extra"}, Routes: []model.Route{
			{Destination: mustPrefix("10.0.0.0/16"), Target: model.RouteTarget{Kind: model.TargetLocal, ID: "local"}},
			{DestinationPrefixList: "pl-123", Target: model.RouteTarget{Kind: model.TargetVPCEndpoint, ID: "Gw"}},
			{Destination: mustPrefix("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-0abc"}},
		}}},
		Endpoints: []*model.VPCEndpoint{{ID: "Gw", VPC: "vpc-0abc", Service: "com.amazonaws.${AWS::Region}.s3",
			Type: model.EndpointGateway, RouteTables: []string{"Table", "rtb-0abc"}}},
		SecurityGroups: []*model.SecurityGroup{{ID: "Group", VPC: "vpc-0abc", Description: "d",
			Ingress: []model.SGRule{{Protocol: model.TCP, Ports: model.Port(5432), Group: "Group"}},
			Egress:  []model.SGRule{{Protocol: model.AllProtocols, Ports: model.AllPorts, Group: "sg-0abc"}}}},
	}
	y, err := YAML(a)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := cfnspec.DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	res := tmpl["Resources"].(map[string]any)
	var ids []string
	for id := range res {
		ids = append(ids, id)
	}
	for _, id := range []string{"Extra", "Table", "TableRoute3", "ExtraRouteTableAssociation", "Gw", "Group", "GroupIngress1", "GroupEgress1"} {
		if res[id] == nil {
			t.Errorf("no resource %s (have %v)", id, ids)
		}
	}
	if len(res) != 8 {
		t.Errorf("%d resources, want 8: %v", len(res), ids)
	}
	text := string(y)
	if !strings.Contains(text, "CidrIp: 255.255.255.255/32") {
		t.Error("a group whose only egress rule is standalone keeps AWS's allow-all egress")
	}
	for _, want := range []string{"VpcId: vpc-0abc", "- rtb-0abc", "TransitGatewayId: tgw-0abc", "DestinationSecurityGroupId: sg-0abc",
		"SourceSecurityGroupId: !GetAtt Group.GroupId", "AvailabilityZone: eu-west-1b"} {
		if !strings.Contains(text, want) {
			t.Errorf("template lacks %q", want)
		}
	}
}

// TestRenderErrors: what CloudFormation cannot express is an error, never a guess.
func TestRenderErrors(t *testing.T) {
	vpc := func() *model.VPC { return &model.VPC{ID: "Vpc", CIDRs: []netip.Prefix{mustPrefix("10.0.0.0/16")}} }
	cases := map[string]*model.Architecture{
		"has no known CIDR": {VPCs: []*model.VPC{vpc()}, Subnets: []*model.Subnet{{ID: "S", VPC: "Vpc"}}},
		"two resources would have the logical ID SRouteTableAssociation": {VPCs: []*model.VPC{vpc()},
			Subnets:     []*model.Subnet{{ID: "S", VPC: "Vpc", CIDR: mustPrefix("10.0.0.0/24")}},
			RouteTables: []*model.RouteTable{{ID: "A", VPC: "Vpc", Subnets: []string{"S"}}, {ID: "B", VPC: "Vpc", Subnets: []string{"S"}}}},
		"has no target CloudFormation can express": {VPCs: []*model.VPC{vpc()},
			RouteTables: []*model.RouteTable{{ID: "A", VPC: "Vpc", Routes: []model.Route{{Destination: mustPrefix("0.0.0.0/0"), Target: model.RouteTarget{Kind: model.TargetUnknown}}}}}},
		"nothing to create": {VPCs: []*model.VPC{{ID: "vpc-0abc"}}},
		"no peer known statically": {VPCs: []*model.VPC{vpc()},
			SecurityGroups: []*model.SecurityGroup{{ID: "G", VPC: "Vpc", Ingress: []model.SGRule{{Protocol: model.TCP, Ports: model.Port(1), PeerUnknown: true}}}}},
	}
	for want, a := range cases {
		_, err := YAML(a)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error saying %q", err, want)
		}
	}
}

// TestOtherKinds renders the model kinds design never produces (prefix lists with
// entries, transit gateway attachments, peering, virtual private gateways) and validates
// them against the CloudFormation specification.
func TestOtherKinds(t *testing.T) {
	a := &model.Architecture{
		Name: "t",
		VPCs: []*model.VPC{{ID: "Vpc", CIDRs: []netip.Prefix{mustPrefix("10.0.0.0/16")}},
			{ID: "Other", CIDRs: []netip.Prefix{mustPrefix("10.1.0.0/16"), mustPrefix("10.2.0.0/16")}}},
		Subnets: []*model.Subnet{{ID: "S", VPC: "Vpc", CIDR: mustPrefix("10.0.0.0/24"), AZ: "${AWS::Region}#1"}},
		PrefixLists: []*model.PrefixList{{ID: "Corp", Name: "corporate", Entries: []netip.Prefix{mustPrefix("192.168.0.0/16")}},
			{ID: "Managed", Name: "com.amazonaws.${AWS::Region}.s3"}},
		TransitGatewayAttachments: []*model.TransitGatewayAttachment{{ID: "Tgw", TransitGateway: "tgw-0abc", VPC: "Vpc", Subnets: []string{"S"}}},
		PeeringConnections:        []*model.PeeringConnection{{ID: "Peer", RequesterVPC: "Vpc", AccepterVPC: "Other"}},
		VPNGateways:               []*model.VPNGateway{{ID: "Vgw", VPCs: []string{"Vpc"}}},
		RouteTables: []*model.RouteTable{{ID: "Rt", VPC: "Vpc", Subnets: []string{"S"}, Gateways: []string{"Vgw"}, Routes: []model.Route{
			{DestinationPrefixList: "Corp", Target: model.RouteTarget{Kind: model.TargetTransitGateway, ID: "tgw-0abc"}},
			{Destination: mustPrefix("10.1.0.0/16"), Target: model.RouteTarget{Kind: model.TargetPeering, ID: "Peer"}},
			{Destination: mustPrefix("172.16.0.0/12"), Target: model.RouteTarget{Kind: model.TargetVPNGateway, ID: "Vgw"}},
		}}},
	}
	y, err := YAML(a)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := cfnspec.DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	res := tmpl["Resources"].(map[string]any)
	for _, id := range []string{"Corp", "Tgw", "Peer", "Vgw", "VgwAttachment", "OtherCidrBlock2", "RtRoute1", "RtRoute2", "RtRoute3", "VgwRouteTableAssociation"} {
		if res[id] == nil {
			t.Errorf("no resource %s", id)
		}
	}
	if res["Managed"] != nil {
		t.Error("an AWS-managed prefix list was rendered")
	}
	text := string(y)
	for _, want := range []string{"DependsOn: Tgw", "DependsOn: VgwAttachment", "DestinationPrefixListId: !Ref Corp", "!Select [1, !GetAZs \"\"]"} {
		if !strings.Contains(text, want) {
			t.Errorf("template lacks %q", want)
		}
	}
	cs := officialSpec(t)
	for _, p := range cs.Validate(tmpl) {
		t.Error(p)
	}
}
