// Package usecase gives tests the architecture and the Terraform of the use cases
// (`mwaanet init --use-case N`) as `mwaanet synth` makes them, so that each test does not
// repeat the spec → design → render steps.
package usecase

import (
	"testing"

	"github.com/mwaanet/mwaanet/internal/design"
	"github.com/mwaanet/mwaanet/internal/model"
	"github.com/mwaanet/mwaanet/internal/render/terraform"
	"github.com/mwaanet/mwaanet/internal/spec"
)

// Architecture designs use case n (a fresh copy each call).
func Architecture(t testing.TB, n int) *model.Architecture {
	t.Helper()
	s, err := spec.UseCase(n)
	if err != nil {
		t.Fatalf("spec.UseCase(%d): %v", n, err)
	}
	a, err := design.Build(s)
	if err != nil {
		t.Fatalf("design.Build(use case %d): %v", n, err)
	}
	return a
}

// Terraform designs use case n and renders it as `synth --format terraform` writes it.
func Terraform(t testing.TB, n int) (*model.Architecture, map[string][]byte) {
	t.Helper()
	a := Architecture(t, n)
	files, err := terraform.Render(a)
	if err != nil {
		t.Fatalf("terraform.Render(use case %d): %v", n, err)
	}
	return a, files
}
