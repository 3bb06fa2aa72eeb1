package model

import (
	"net/netip"
	"reflect"
	"testing"
)

func TestParseSub(t *testing.T) {
	got := ParseSub("arn:${AWS::Partition}:s3:::${Bucket}/*${!Literal}x${Role.Arn}")
	want := []SubPart{
		{Literal: "arn:"}, {ID: "AWS::Partition"}, {Literal: ":s3:::"}, {ID: "Bucket"},
		{Literal: "/*${Literal}x"}, {ID: "Role", Attr: "Arn"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseSub = %#v\nwant %#v", got, want)
	}
	if IsSymbolic("plain ${unterminated") {
		t.Error("unterminated reference counted as symbolic")
	}
	if r, ok := SoleRef("${Bucket.Arn}"); !ok || r.ID != "Bucket" || r.Attr != "Arn" {
		t.Errorf("SoleRef = %v %v", r, ok)
	}
	if _, ok := SoleRef("${Bucket.Arn}/*"); ok {
		t.Error("SoleRef accepted a reference with a suffix")
	}
	if got := References("${A}-${B.Arn}-${A}-${AWS::Region}"); !reflect.DeepEqual(got, []string{"A", "B"}) {
		t.Errorf("References = %v", got)
	}
}

func TestSubstitute(t *testing.T) {
	vals := map[string]string{"AWS::Region": "us-east-1", "AWS::Partition": "aws"}
	f := func(p SubPart) (string, bool) { v, ok := vals[p.ID]; return v, ok }
	got, lit := Substitute(ECRLayerBucketARN, f)
	if !lit || got != "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*" {
		t.Errorf("Substitute = %q %v", got, lit)
	}
	got, lit = Substitute("${Bucket.Arn}/${AWS::Region}", f)
	if lit || got != "${Bucket.Arn}/us-east-1" {
		t.Errorf("Substitute partial = %q %v", got, lit)
	}
}

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		p, s string
		want bool
	}{
		{"s3:get*", "s3:getobject", true},
		{"s3:*", "s3:listbucket", true},
		{"*", "anything", true},
		{"s3:get?bject", "s3:getobject", true},
		{"s3:put*", "s3:getobject", false},
		{"sqs:*message", "sqs:receivemessage", true},
		{"sqs:*message", "sqs:receivemessages", false},
	}
	for _, c := range cases {
		if got := WildcardMatch(c.p, c.s); got != c.want {
			t.Errorf("WildcardMatch(%q, %q) = %v", c.p, c.s, got)
		}
	}
	st := Statement{Effect: "Allow", Action: []string{"S3:Get*"}}
	if !st.HasAction("s3:GetObject") || st.HasAction("s3:PutObject") {
		t.Error("HasAction wrong")
	}
}

func TestIndexEffectiveTables(t *testing.T) {
	a := &Architecture{
		VPCs:    []*VPC{{ID: "vpc"}},
		Subnets: []*Subnet{{ID: "a", VPC: "vpc"}, {ID: "b", VPC: "vpc"}},
		RouteTables: []*RouteTable{
			{ID: "main", VPC: "vpc", Main: true},
			{ID: "rt", VPC: "vpc", Subnets: []string{"a"}},
		},
		NetworkACLs: []*NetworkACL{{ID: "def", VPC: "vpc", Default: true}, {ID: "acl", VPC: "vpc", Subnets: []string{"b"}}},
	}
	ix := NewIndex(a)
	if ix.SubnetRouteTable["a"].ID != "rt" || ix.SubnetRouteTable["b"].ID != "main" {
		t.Errorf("route tables: a=%v b=%v", ix.SubnetRouteTable["a"].ID, ix.SubnetRouteTable["b"].ID)
	}
	if ix.SubnetACL["a"].ID != "def" || ix.SubnetACL["b"].ID != "acl" {
		t.Errorf("acls: a=%v b=%v", ix.SubnetACL["a"].ID, ix.SubnetACL["b"].ID)
	}
}

func TestServiceNames(t *testing.T) {
	for in, want := range map[string]string{
		"com.amazonaws.us-east-1.ecr.dkr":           "ecr.dkr",
		"com.amazonaws.${AWS::Region}.sqs":          "sqs",
		"cn.com.amazonaws.cn-north-1.sqs":           "sqs",
		"com.amazonaws.vpce.us-east-1.vpce-svc-123": "com.amazonaws.vpce.us-east-1.vpce-svc-123",
	} {
		if got := ServiceShortName(in); got != want {
			t.Errorf("ServiceShortName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := ServiceName("us-east-1", "sqs"); got != "com.amazonaws.us-east-1.sqs" {
		t.Error(got)
	}
	if len(RequiredInterfaceServices("aws")) != 9 || len(RequiredInterfaceServices("aws-cn")) != 8 {
		t.Error("required services count")
	}
	_ = netip.Prefix{}
}

func TestProtocolAndPorts(t *testing.T) {
	p, err := ParseProtocol("tcp")
	if err != nil || p != TCP {
		t.Fatal(p, err)
	}
	if _, err := ParseProtocol("tcpx"); err == nil {
		t.Error("bad protocol accepted")
	}
	if !AllProtocols.Matches(UDP) || TCP.Matches(UDP) {
		t.Error("Matches")
	}
	if !EphemeralPorts.Contains(1024) || EphemeralPorts.Contains(443) || !AllPorts.Covers(Port(5432)) {
		t.Error("ports")
	}
	e := &InputError{Source: Source{File: "spec.yaml", Line: 2, Column: 10}, Message: `routing: "sideways" is not one of public, private`}
	if e.Error() != `spec.yaml:2:10: routing: "sideways" is not one of public, private` {
		t.Error(e.Error())
	}
}

func TestRegionOfAZ(t *testing.T) {
	for in, want := range map[string]string{
		"us-east-1a": "us-east-1", "us-west-2-lax-1a": "us-west-2", "ap-northeast-1c": "ap-northeast-1",
		"us-east-1": "", "use1-az1": "", "${AWS::Region}#0": "", "": "",
	} {
		if got := RegionOfAZ(in); got != want {
			t.Errorf("RegionOfAZ(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServiceRegion(t *testing.T) {
	for in, want := range map[string]string{
		"com.amazonaws.us-east-1.s3": "us-east-1", "cn.com.amazonaws.cn-north-1.sqs": "cn-north-1",
		"com.amazonaws.${AWS::Region}.sqs": "", "com.amazonaws.vpce.us-east-1.vpce-svc-1": "", "s3": "",
	} {
		if got := ServiceRegion(in); got != want {
			t.Errorf("ServiceRegion(%q) = %q, want %q", in, got, want)
		}
	}
}
