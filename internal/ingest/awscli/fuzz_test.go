package awscli

import (
	"testing"
)

// FuzzRead checks that no snapshot file makes the reader panic, and that it either
// returns an error or an Architecture. Seeds are in testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	f.Add("describe-vpcs.json", []byte(`{"Vpcs":[{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/16","CidrBlockAssociationSet":[{"CidrBlock":"10.1.0.0/16"}]}]}`))
	f.Add("get-bucket-versioning.json", []byte(``))
	f.Add("x.json", []byte(`{"SecurityGroups":[{"GroupId":"sg-1","IpPermissions":[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"UserIdGroupPairs":[{"GroupId":"sg-1"}]}]}]}`))
	f.Add("x.json", []byte(`{"VpcEndpoints":[{"VpcEndpointId":"vpce-1","PolicyDocument":"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}}"}]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		a, err := Read(map[string][]byte{name: data})
		if err == nil && a == nil {
			t.Fatal("nil Architecture without error")
		}
	})
}
