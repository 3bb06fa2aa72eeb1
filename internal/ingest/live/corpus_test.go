package live

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	mwaatypes "github.com/aws/aws-sdk-go-v2/service/mwaa/types"

	"github.com/mwaanet/mwaanet/internal/testshared"
)

// TestShapeMatchesCorpus decodes each file of the corpus snapshot (AWS CLI output) into
// the SDK's types, writes it back as Collect does, and checks that every key of the
// original comes back spelled the same: the SDK's field names are the CLI's keys.
func TestShapeMatchesCorpus(t *testing.T) {
	// The comparison is case-sensitive, as the CLI's keys are.
	if m := missingKeys(map[string]any{"VpcId": "v"}, map[string]any{"VPCId": "v"}, ""); len(m) != 1 || m[0] != ".VpcId" {
		t.Fatalf("missingKeys = %v", m)
	}
	dir := testshared.Dir() + "/corpus/snapshot/aws-mwaa-quick-start"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	for file, typ := range map[string]any{
		"describe-vpcs.json":                 &struct{ Vpcs []ec2types.Vpc }{},
		"describe-subnets.json":              &struct{ Subnets []ec2types.Subnet }{},
		"describe-route-tables.json":         &struct{ RouteTables []ec2types.RouteTable }{},
		"describe-network-acls.json":         &struct{ NetworkAcls []ec2types.NetworkAcl }{},
		"describe-security-groups.json":      &struct{ SecurityGroups []ec2types.SecurityGroup }{},
		"describe-nat-gateways.json":         &struct{ NatGateways []ec2types.NatGateway }{},
		"describe-network-interfaces.json":   &struct{ NetworkInterfaces []ec2types.NetworkInterface }{},
		"describe-internet-gateways.json":    &struct{ InternetGateways []ec2types.InternetGateway }{},
		"describe-managed-prefix-lists.json": &struct{ PrefixLists []ec2types.ManagedPrefixList }{},
		"describe-vpc-attribute-enableDnsSupport.json": &struct {
			VpcId            *string
			EnableDnsSupport *ec2types.AttributeBooleanValue
		}{},
		"get-environment.json": &struct{ Environment *mwaatypes.Environment }{},
	} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, typ); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out, err := cliJSON(reflect.ValueOf(typ).Elem().Interface())
		if err != nil {
			t.Fatal(err)
		}
		var want, got any
		json.Unmarshal(data, &want)
		json.Unmarshal(out, &got)
		for _, k := range missingKeys(want, got, "") {
			t.Errorf("%s: %s is not written back", file, k)
		}
	}
}

// missingKeys lists the object keys of want that got lacks (at the same path). Empty
// lists may be left out.
func missingKeys(want, got any, path string) []string {
	var out []string
	switch w := want.(type) {
	case map[string]any:
		g, _ := got.(map[string]any)
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				if l, isList := w[k].([]any); isList && len(l) == 0 {
					continue
				}
				out = append(out, path+"."+k)
				continue
			}
			out = append(out, missingKeys(w[k], gv, path+"."+k)...)
		}
	case []any:
		g, _ := got.([]any)
		for i := range w {
			if i < len(g) {
				out = append(out, missingKeys(w[i], g[i], path+"[]")...)
			}
		}
	}
	return out
}
