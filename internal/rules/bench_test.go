package rules_test

import "testing"

// BenchmarkCheckUseCase3 is every rule, with the reachability analysis of every MWAA path,
// over the embedded default's architecture (go test -bench . -cpu 1 ./internal/rules).
func BenchmarkCheckUseCase3(b *testing.B) {
	a := useCase(b, 3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		check(a)
	}
}
