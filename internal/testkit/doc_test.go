package testkit_test

import (
	"os/exec"
	"strings"
	"testing"
)

// No product package imports test infrastructure: the product's layers read at a glance.
func TestProductDoesNotImportTestkit(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/mwaanet/mwaanet/cmd/mwaanet").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "/internal/testkit") {
			t.Errorf("the mwaanet binary depends on test infrastructure %s", p)
		}
	}
}
