package spec

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckRegion(t *testing.T) {
	if !slices.IsSorted(MWAARegions) {
		t.Error("MWAARegions is not sorted")
	}
	for region, want := range map[string]string{
		"us-east-1":      "",
		"cn-north-1":     "",
		"ap-southeast-7": "",
		"us-est-1":       `did you mean "us-east-1"?`,
		"eu-wset-1":      `did you mean "eu-west-1"?`,
		"us-gov-west-1":  "it is offered in af-south-1",
		"Frankfurt":      "is not a Region name",
	} {
		got := checkRegion(region)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("checkRegion(%q) = %q, want %q", region, got, want)
		}
	}
}
