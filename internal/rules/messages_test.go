package rules

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/model"
)

func TestAZPhrase(t *testing.T) {
	known := &Context{Arch: &model.Architecture{Region: "eu-west-1"}}
	unknown := &Context{Arch: &model.Architecture{}}
	for _, tc := range []struct {
		c        *Context
		az, want string
	}{
		{known, "${AWS::Region}#0", `the first Availability Zone of eu-west-1 (!Select [0, !GetAZs ""])`},
		{known, "${AWS::Region}#1", `the second Availability Zone of eu-west-1 (!Select [1, !GetAZs ""])`},
		{unknown, "${AWS::Region}#2", `the Region's third Availability Zone (!Select [2, !GetAZs ""])`},
		{known, "${AWS::Region}#11", `the 12th Availability Zone of eu-west-1 (!Select [11, !GetAZs ""])`},
		{known, "eu-west-1a", "Availability Zone eu-west-1a"},
		{known, "euw1-az1", "Availability Zone euw1-az1"},
		{known, "${AWS::Region}#x", "Availability Zone ${AWS::Region}#x"},
	} {
		if got := tc.c.azPhrase(tc.az); got != tc.want {
			t.Errorf("azPhrase(%q) = %q, want %q", tc.az, got, tc.want)
		}
	}
	for n, want := range map[int]string{1: "first", 10: "tenth", 11: "11th", 21: "21st", 22: "22nd", 23: "23rd", 112: "112th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSayPseudo(t *testing.T) {
	c := &Context{Arch: &model.Architecture{Region: "eu-west-1"}}
	got := c.sayPseudo("subnet X in ${AWS::Region}#1 has no route to com.amazonaws.${AWS::Region}.sqs")
	want := `subnet X in the second Availability Zone of eu-west-1 (!Select [1, !GetAZs ""]) has no route to com.amazonaws.eu-west-1.sqs`
	if got != want {
		t.Errorf("sayPseudo = %q, want %q", got, want)
	}
	c.Arch.Region = ""
	if got := c.sayPseudo("com.amazonaws.${AWS::Region}.sqs"); got != "com.amazonaws.${AWS::Region}.sqs" {
		t.Errorf("unknown Region: %q", got)
	}
}
