package cfn

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

// readAllThenMap is Read as it was before resources were mapped while evaluated: every
// resource evaluated and kept whole, then the first pass over all of them.
func readAllThenMap(files []File, opts Options) (*model.Architecture, error) {
	r, err := load(files, opts, nil)
	if err != nil {
		return nil, err
	}
	res, err := r.resources(nil)
	if err != nil {
		return nil, err
	}
	m := newMapper(r)
	m.res = res
	for i := range res {
		m.index(&res[i])
	}
	for i := range res {
		m.first(&res[i])
	}
	if err := m.run(); err != nil {
		return nil, err
	}
	r.checkParams()
	m.a.IngestFindings = append(r.diags, m.a.IngestFindings...)
	return m.a, nil
}

// streamCases refer to resources whose turn has not come when a resource of the first pass
// is mapped: an instance before its subnet (whose VPC comes later still), a subnet whose
// condition is false, an endpoint's VpcId read through !GetAtt, a condition not known.
var streamCases = map[string]string{
	"forward targets": `Parameters:
  Maybe: {Type: String}
Conditions:
  Never: !Equals [a, b]
  Unknown: !Equals [!Ref Maybe, x]
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      SubnetId: !Ref Later
  Db:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces: [{DeviceIndex: "0", SubnetId: !Ref Gone}]
  Cache:
    Type: AWS::EC2::Instance
    Properties:
      SubnetId: !Ref Perhaps
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: g
      VpcId: !GetAtt Endpoint.VpcId
  Later:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  Gone:
    Type: AWS::EC2::Subnet
    Condition: Never
    Properties: {VpcId: !Ref Vpc2, CidrBlock: 10.2.0.0/24}
  Perhaps:
    Type: AWS::EC2::Subnet
    Condition: Unknown
    Properties: {VpcId: !Ref Vpc3, CidrBlock: 10.3.0.0/24}
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.s3}
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Vpc2:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.2.0.0/16}
  Vpc3:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.3.0.0/16}
  Route:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  Rt:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !GetAtt Later.VpcId}
  Igw:
    Type: AWS::EC2::InternetGateway
`,
	"cycle":                        "Resources:\n  A:\n    Type: AWS::EC2::Instance\n    Properties: {SubnetId: !Ref S}\n  S:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !GetAtt S.VpcId, CidrBlock: 10.0.0.0/24}\n",
	"error after a forward target": "Resources:\n  A:\n    Type: AWS::EC2::Instance\n    Properties: {SubnetId: !Ref S}\n  S:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Select [x], CidrBlock: 10.0.0.0/24}\n",
}

// genInstances is a template of n VPCs with a subnet each, then an instance in each
// subnet: long enough for several batches (split.go), so that the first resource of a
// batch is read through target after its own turn (each instance's default security
// group is in the VPC of its subnet).
func genInstances(n int) string {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  Vpc%d:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.%d.0.0/16}\n", i, i%250)
		// Subnets are most of the text, so that batches start with one.
		fmt.Fprintf(&b, "  Subnet%d:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc%d\n      CidrBlock: 10.%d.0.0/24\n      Tags: [{Key: Note, Value: %s}]\n", i, i, i%250, strings.Repeat("x", 400))
	}
	for i := range n {
		fmt.Fprintf(&b, "  Instance%d:\n    Type: AWS::EC2::Instance\n    Properties: {SubnetId: !Ref Subnet%d, ImageId: ami-1}\n", i, i)
	}
	return b.String()
}

// TestMappedWhileEvaluatedAsBefore: mapping each resource of the first pass as soon as it
// is evaluated, and keeping only its type and VpcId, gives exactly the model (and
// findings, or error) of evaluating everything first, for the templates here, the test
// data and the generated template.
func TestMappedWhileEvaluatedAsBefore(t *testing.T) {
	inputs := map[string][]File{}
	for name, text := range streamCases {
		inputs[name] = []File{yamlFile("t.yaml", text)}
	}
	for name, text := range splitCases {
		inputs["split: "+name] = []File{yamlFile("t.yaml", text)}
	}
	for _, f := range testdataTemplates(t) {
		inputs[f.Name] = []File{f}
	}
	net, _ := os.ReadFile("testdata/stacks/network.yaml")
	app, _ := os.ReadFile("testdata/stacks/app.yaml")
	inputs["stacks"] = []File{{Name: "network.yaml", Data: net}, {Name: "app.yaml", Data: app}}
	inputs["generated"] = []File{{Name: "gen.yaml", Data: genTemplate(500)}}
	inputs["instances"] = []File{{Name: "inst.yaml", Data: []byte(genInstances(300))}}
	show := func(a *model.Architecture, err error) string { return describeRead(t, a, err) }
	for name, files := range inputs {
		t.Run(name, func(t *testing.T) {
			opts := Options{Params: map[string]string{"Env": "dev"}}
			got, want := show(Read(files, opts)), show(readAllThenMap(files, opts))
			if got != want {
				t.Errorf("mapped while evaluated:\n%.3000s\nevaluated, then mapped:\n%.3000s", got, want)
			}
		})
	}
	// The forward targets are found: each instance's default group in the VPC of its
	// later subnet, but for the subnet not created (Vpc2); the group in the endpoint's VPC.
	a, err := Read(inputs["forward targets"], Options{})
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range a.SecurityGroups {
		groups = append(groups, g.ID+"@"+g.VPC)
	}
	if got := strings.Join(groups, " "); got != "Sg@Vpc Vpc.DefaultSecurityGroup@Vpc Vpc3.DefaultSecurityGroup@Vpc3" {
		t.Errorf("groups %s", got)
	}
}

// FuzzMappedWhileEvaluated: for any input, Read (each resource of the first pass mapped as
// soon as it is evaluated) and readAllThenMap agree.
func FuzzMappedWhileEvaluated(f *testing.F) {
	for _, text := range streamCases {
		f.Add([]byte(text))
	}
	for _, text := range splitCases {
		f.Add([]byte(text))
	}
	paths, _ := filepath.Glob("testdata/stacks/*.yaml")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := []File{{Name: "f.yaml", Data: data}}
		show := func(a *model.Architecture, err error) string {
			if err != nil {
				return "error: " + err.Error()
			}
			b, _ := json.Marshal(a)
			return string(b)
		}
		if got, want := show(Read(files, Options{})), show(readAllThenMap(files, Options{})); got != want {
			t.Errorf("mapped while evaluated:\n%.2000s\nevaluated, then mapped:\n%.2000s", got, want)
		}
	})
}
