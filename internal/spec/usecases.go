package spec

import (
	"embed"
	"fmt"
)

//go:embed usecases/*.yaml
var useCases embed.FS

// UseCaseCount is the number of use cases the seed names.
const UseCaseCount = 4

// DefaultUseCase is the embedded default: use case 3 (no internet, new VPC).
const DefaultUseCase = 3

// UseCaseText returns the commented spec of use case n (1..4), as `mwaanet init` prints it.
func UseCaseText(n int) ([]byte, error) {
	if n < 1 || n > UseCaseCount {
		return nil, fmt.Errorf("use case %d does not exist; choose 1 to %d:\n%s", n, UseCaseCount, UseCaseList())
	}
	return useCases.ReadFile(fmt.Sprintf("usecases/usecase-%d.yaml", n))
}

// UseCaseList describes the use cases, one per line.
func UseCaseList() string {
	return `  1  internet allowed, new VPC, web UI on the internet (public routing, PUBLIC_ONLY)
  2  internet allowed, new VPC, web UI only inside the VPC (public routing, PRIVATE_ONLY, Client VPN)
  3  no internet, new VPC (private routing, PRIVATE_ONLY, VPC endpoints, Client VPN) [default]
  4  no internet, existing VPC (adds only what the VPC lacks)`
}

// UseCase returns the parsed spec of use case n. Its File is "usecase-N.yaml".
func UseCase(n int) (*Spec, error) {
	data, err := UseCaseText(n)
	if err != nil {
		return nil, err
	}
	return Parse(fmt.Sprintf("usecase-%d.yaml", n), data)
}

// DefaultFile names the embedded default spec in positions: the user has no file
// usecase-3.yaml, but `mwaanet init` prints the same text, so a finding's line and column
// are those of what init prints.
const DefaultFile = "<embedded default spec (mwaanet init)>"

// Default returns the embedded default spec (use case 3). Positions name DefaultFile.
func Default() *Spec {
	data, err := UseCaseText(DefaultUseCase)
	var s *Spec
	if err == nil {
		s, err = Parse(DefaultFile, data)
	}
	if err != nil {
		panic("embedded default spec is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return s
}
