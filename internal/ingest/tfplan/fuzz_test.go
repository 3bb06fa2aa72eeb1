package tfplan

import (
	"os"
	"testing"
)

// FuzzRead checks that no plan makes the reader panic. Seeds are in testdata/fuzz/FuzzRead
// and the test plans.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/mwaa-private.plan.json", "testdata/private-vpn.plan.json"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"planned_values":{"root_module":{"resources":[{"address":"aws_subnet.a[0]","type":"aws_subnet","name":"a","mode":"managed","values":{}}]}},"configuration":{"root_module":{"resources":[{"address":"aws_subnet.a","expressions":{"vpc_id":{"references":["module.m.x","var.v","aws_vpc.v[\"k\"].id"]}}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Read("plan.json", data)
		if err == nil && a == nil {
			t.Fatal("nil Architecture without error")
		}
	})
}
