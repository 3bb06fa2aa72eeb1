package terraform_test

import (
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// Any spec that design accepts renders, to files that parse as HCL.
func FuzzRenderSpec(f *testing.F) {
	for _, n := range useCases {
		b, err := spec.UseCaseText(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := spec.Parse("spec.yaml", b)
		if err != nil {
			return
		}
		a, err := design.Build(s)
		if err != nil {
			return
		}
		files, err := terraform.Render(a)
		if err != nil {
			t.Fatalf("a spec design accepts does not render: %v", err)
		}
		p := hclparse.NewParser()
		for name, content := range files {
			if _, diags := p.ParseHCL(content, name); diags.HasErrors() {
				t.Fatalf("%s does not parse: %s", name, diags.Error())
			}
		}
	})
}
