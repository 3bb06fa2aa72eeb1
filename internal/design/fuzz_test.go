package design_test

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	render "github.com/mwaanet/mwaanet/internal/render/cfn"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// FuzzSynth: any spec that parses either designs and renders, or fails with an error;
// it never panics. Run longer with go test ./internal/design -fuzz FuzzSynth.
func FuzzSynth(f *testing.F) {
	for n := 1; n <= spec.UseCaseCount; n++ {
		text, err := spec.UseCaseText(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(text)
	}
	f.Add([]byte("routing: public\nwebserverAccess: PUBLIC_ONLY\nvpc:\n  cidr: 10.0.0.0/27\n  subnetPrefixLength: 28\n"))
	f.Add([]byte("vpc:\n  cidr: 10.100.0.0/16\nvpn:\n  clientCidr: 10.100.0.0/22\n"))
	f.Add([]byte("endpointManagement: CUSTOMER\nservices: [sts, s3, glue]\nalarms:\n  email: a@b.c\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		s, err := spec.Parse("fuzz.yaml", text)
		if err != nil {
			return
		}
		a, err := design.Build(s)
		if err != nil {
			return
		}
		if _, err := render.YAML(a); err != nil {
			t.Fatalf("a designed architecture does not render: %v\nspec:\n%s", err, text)
		}
	})
}
