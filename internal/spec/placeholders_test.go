package spec

import (
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	u4, err := UseCase(4)
	if err != nil {
		t.Fatal(err)
	}
	fs := u4.Placeholders()
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "vpc.existing.vpcId vpc-0123456789abcdef0") || fs[0].Source.Line != 13 {
		t.Fatalf("use case 4: %+v", fs)
	}
	u4.VPC.Existing.VPCID = "vpc-0a1b2c3d4e5f60718"
	for i := range u4.VPC.Existing.Subnets {
		u4.VPC.Existing.Subnets[i].ID = "subnet-0feedface" + string(rune('0'+i))
	}
	fs = u4.Placeholders()
	if len(fs) != 1 || strings.Contains(fs[0].Message, "vpcId") || !strings.Contains(fs[0].Message, "routeTableId rtb-0123456789abcdef0") {
		t.Errorf("route tables still placeholders: %+v", fs)
	}
	for i := range u4.VPC.Existing.Subnets {
		u4.VPC.Existing.Subnets[i].RouteTableID = "rtb-0feedface" + string(rune('0'+i))
	}
	if fs := u4.Placeholders(); len(fs) != 0 {
		t.Errorf("all replaced: %+v", fs)
	}
	if fs := Default().Placeholders(); len(fs) != 0 {
		t.Errorf("new VPC: %+v", fs)
	}
}
