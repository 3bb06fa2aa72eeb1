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
