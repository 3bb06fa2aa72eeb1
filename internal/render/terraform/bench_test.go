package terraform_test

import (
	"fmt"
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/spec"
)

func BenchmarkRender(b *testing.B) {
	for _, n := range useCases {
		s, err := spec.UseCase(n)
		if err != nil {
			b.Fatal(err)
		}
		a, err := design.Build(s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("usecase-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := terraform.Render(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
