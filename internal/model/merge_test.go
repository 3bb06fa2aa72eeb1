package model

import (
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	snap := &Architecture{Region: "us-east-1", VPCs: []*VPC{{ID: "vpc-1"}}, Subnets: []*Subnet{{ID: "subnet-1", VPC: "vpc-1"}},
		Unknown: []string{UnknownNetworkACLs}}
	tmpl := &Architecture{Region: "eu-west-1", Name: "env", Endpoints: []*VPCEndpoint{{ID: "SqsEndpoint", VPC: "vpc-1"}},
		Unknown: []string{UnknownNetworkACLs, UnknownDNSSupport}}
	m, err := Merge(snap, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if m.Region != "us-east-1" || m.Name != "env" || len(m.VPCs) != 1 || len(m.Endpoints) != 1 || len(m.Subnets) != 1 {
		t.Errorf("merged wrongly: %+v", m)
	}
	if len(m.Unknown) != 2 {
		t.Errorf("Unknown = %v", m.Unknown)
	}
	if NewIndex(m).VPCs[m.Endpoints[0].VPC] == nil {
		t.Error("the template's reference to the snapshot's VPC does not resolve")
	}
	if _, err := Merge(snap, snap); err == nil || !strings.Contains(err.Error(), `VPCs "vpc-1"`) {
		t.Errorf("duplicate IDs not reported: %v", err)
	}
}

func TestMergeAppliesAmendments(t *testing.T) {
	snap := &Architecture{
		SecurityGroups: []*SecurityGroup{{ID: "sg-1"}},
		RouteTables:    []*RouteTable{{ID: "rtb-1"}},
	}
	rule := SGRule{Protocol: TCP, Ports: Port(443), Group: "EnvironmentSecurityGroup"}
	tmpl := &Architecture{Amendments: []Amendment{
		{Target: "sg-1", Ingress: &rule},
		{Target: "rtb-1", Route: &Route{Target: RouteTarget{Kind: TargetVPCEndpoint, ID: "S3"}}},
		{Target: "sg-elsewhere", Ingress: &rule},
	}}
	m, err := Merge(tmpl, snap)
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(m)
	if len(ix.SecurityGroups["sg-1"].Ingress) != 1 || len(ix.RouteTables["rtb-1"].Routes) != 1 {
		t.Errorf("amendments not applied: %+v %+v", ix.SecurityGroups["sg-1"], ix.RouteTables["rtb-1"])
	}
	if len(m.Amendments) != 1 || m.Amendments[0].Target != "sg-elsewhere" {
		t.Errorf("unapplied amendments = %+v", m.Amendments)
	}
	if len(snap.SecurityGroups[0].Ingress) != 0 || len(snap.RouteTables[0].Routes) != 0 {
		t.Error("Merge changed its input")
	}
}
