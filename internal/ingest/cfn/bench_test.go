package cfn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mwaanet/mwaanet/internal/testkit/fixtures"
)

// genTemplate is fixtures.LargeTemplate: n resources of block-style YAML.
func genTemplate(n int) []byte { return fixtures.LargeTemplate(n) }

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

// genJSONTemplate is genTemplate's network as a JSON template (intrinsics in their long
// form), minified on one line or pretty-printed with two-space indents.
func genJSONTemplate(n int, minified bool) []byte {
	ref := func(id string) any { return map[string]any{"Ref": id} }
	res := map[string]any{
		"Vpc": map[string]any{"Type": "AWS::EC2::VPC", "Properties": map[string]any{"CidrBlock": "10.0.0.0/8", "EnableDnsSupport": true}},
		"Igw": map[string]any{"Type": "AWS::EC2::InternetGateway"},
	}
	for i := 0; i < (n-2)/5; i++ {
		id := func(s string) string { return fmt.Sprintf("%s%d", s, i) }
		res[id("Subnet")] = map[string]any{"Type": "AWS::EC2::Subnet", "Properties": map[string]any{
			"VpcId": ref("Vpc"), "CidrBlock": fmt.Sprintf("10.%d.%d.0/24", i/256, i%256),
			"AvailabilityZone": map[string]any{"Fn::Select": []any{i % 3, map[string]any{"Fn::GetAZs": ""}}},
			"Tags":             []any{map[string]any{"Key": "Name", "Value": map[string]any{"Fn::Sub": "${Env}-subnet-" + id("")}}},
		}}
		res[id("Routes")] = map[string]any{"Type": "AWS::EC2::RouteTable", "Properties": map[string]any{"VpcId": ref("Vpc")}}
		res[id("Assoc")] = map[string]any{"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": map[string]any{"RouteTableId": ref(id("Routes")), "SubnetId": ref(id("Subnet"))}}
		res[id("Default")] = map[string]any{"Type": "AWS::EC2::Route", "Properties": map[string]any{"RouteTableId": ref(id("Routes")), "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": ref("Igw")}}
		res[id("Sg")] = map[string]any{"Type": "AWS::EC2::SecurityGroup", "Properties": map[string]any{
			"GroupDescription": "group " + id(""), "VpcId": ref("Vpc"),
			"SecurityGroupIngress": []any{
				map[string]any{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"},
				map[string]any{"IpProtocol": "-1", "SourceSecurityGroupId": map[string]any{"Fn::GetAtt": []any{id("Sg"), "GroupId"}}},
			},
		}}
	}
	return marshalTemplate(map[string]any{"Parameters": map[string]any{"Env": map[string]any{"Type": "String", "Default": "bench"}}, "Resources": res}, minified)
}

// genSecurityGroups is a JSON template of n security groups with three ingress rules each.
func genSecurityGroups(n int, minified bool) []byte {
	res := map[string]any{"Vpc": map[string]any{"Type": "AWS::EC2::VPC", "Properties": map[string]any{"CidrBlock": "10.0.0.0/16"}}}
	for i := range n {
		rules := []any{}
		for _, port := range []int{22, 443, 5432} {
			rules = append(rules, map[string]any{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": fmt.Sprintf("10.0.%d.0/24", i%256), "Description": "é rule"})
		}
		res[fmt.Sprintf("Group%d", i)] = map[string]any{"Type": "AWS::EC2::SecurityGroup", "Properties": map[string]any{
			"GroupDescription": "bench", "VpcId": map[string]any{"Ref": "Vpc"}, "SecurityGroupIngress": rules}}
	}
	return marshalTemplate(map[string]any{"Resources": res}, minified)
}

func marshalTemplate(t map[string]any, minified bool) []byte {
	var (
		data []byte
		err  error
	)
	if minified {
		data, err = json.Marshal(t)
	} else {
		data, err = json.MarshalIndent(t, "", "  ")
	}
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkReadJSON2000 reads the 2,000-resource template as JSON, minified on one line and
// pretty-printed: the two must take about the same time (positions are computed
// incrementally, not counted from the start of a line that holds the whole template).
func BenchmarkReadJSON2000(b *testing.B) {
	for _, minified := range []bool{false, true} {
		name := map[bool]string{false: "pretty", true: "minified"}[minified]
		b.Run(name, func(b *testing.B) {
			data := genJSONTemplate(2000, minified)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read([]File{{Name: "gen.json", Data: data}}, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadMinifiedGroups reads one-line templates of 5,000 and 50,000 security groups:
// time per byte must stay the same at ten times the size (it grew with the size when
// columns were counted from the start of the line).
func BenchmarkReadMinifiedGroups(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data := genSecurityGroups(n, true)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read([]File{{Name: "gen.json", Data: data}}, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMinifiedPositionsLinear shows that computing the positions of every token of a
// one-line template counts each byte about once (it counted each token's column from the
// start of the line, quadratic in the line's length), and that the positions are right.
func TestMinifiedPositionsLinear(t *testing.T) {
	data := genSecurityGroups(300, true)
	r := &jsonReader{name: "m.json", data: data, dec: json.NewDecoder(bytes.NewReader(data)), li: newLineIndex(data)}
	r.dec.UseNumber()
	root, err := r.value(0)
	if err != nil {
		t.Fatal(err)
	}
	if r.li.counted > 2*len(data) {
		t.Errorf("positions of a %d-byte one-line template counted %d bytes; expected at most twice its size", len(data), r.li.counted)
	}
	// Positions agree with a direct count from the start of the line.
	_, res := lookup(root, "Resources")
	k, _ := lookup(res, "Group299")
	off := bytes.Index(data, []byte(`"Group299"`))
	if want := utf8.RuneCount(data[:off]) + 1; k.Line != 1 || k.Column != want {
		t.Errorf("Group299 at %d:%d, want 1:%d", k.Line, k.Column, want)
	}
	a, err := Read([]File{{Name: "m.json", Data: data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.SecurityGroups) != 300 {
		t.Errorf("got %d groups", len(a.SecurityGroups))
	}
}

// joinOf is !Join ["", [...]] of n one-character literals around a reference.
func joinOf(n int) string {
	var b strings.Builder
	b.WriteString(`!Join ["", [!Ref Bucket`)
	for i := range n {
		b.WriteString(", ")
		b.WriteByte(byte('a' + i%26))
	}
	b.WriteString(", !Ref Bucket, z]]")
	return b.String()
}

// TestJoinManyParts: consecutive known parts of a Join are one string, references stay
// references, in order.
func TestJoinManyParts(t *testing.T) {
	v, err := evalX(t, joinOf(1000), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != KindConcat || len(v.Items) != 4 || v.Items[0].Kind != KindRef || v.Items[2].Kind != KindRef ||
		len(v.Items[1].Str) != 1000 || !strings.HasPrefix(v.Items[1].Str, "abcdefghijklmnopqrstuvwxyzabc") || v.Items[3].Str != "z" {
		t.Fatalf("got %.200s", v.Describe())
	}
}

// BenchmarkJoinManyParts evaluates a Join of 20,000 and 200,000 literal parts: time per
// part must stay the same at ten times the parts (each part copied the string built so far).
func BenchmarkJoinManyParts(b *testing.B) {
	for _, n := range []int{20000, 200000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data := []byte(evalHeader + joinOf(n) + "\n")
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := Evaluate([]File{{Name: "t.yaml", Data: data}}, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
