package rules_test

import (
	"strings"
	"testing"
)

// An environment whose subnet list is empty (a public module checked with its defaults:
// private_subnet_cidrs = []) is told so in words, not as "0 subnets ()".
func TestNET01NoSubnetsMessage(t *testing.T) {
	a := useCase(t, 3)
	a.Environments[0].Subnets = nil
	got := byRule(check(a), "NET-01/subnets")
	if len(got) == 0 {
		t.Fatal("NET-01 does not fire on an environment without subnets")
	}
	for _, f := range got {
		if strings.Contains(f.Message, "()") {
			t.Errorf("message %q", f.Message)
		}
	}
	if !strings.Contains(got[0].Message, "the environment has no subnets") {
		t.Errorf("message %q", got[0].Message)
	}
}
