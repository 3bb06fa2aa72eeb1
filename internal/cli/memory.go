package cli

import (
	"math"
	"runtime/debug"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

// Memory budget. The readers hold an input's bytes and what they build from it at once;
// at their highest the live heap is about 4x a large CloudFormation template (see
// BenchmarkReadPeakMemory in internal/ingest/cfn), and Go's collector by default lets the
// heap grow to twice what is live before it collects, so the process could peak near 8x.
// Once the inputs read pass memoryBudgetFrom bytes, the command line sets the runtime's
// soft memory limit (runtime/debug.SetMemoryLimit) to memoryBudgetBase plus
// memoryBudgetPerByte times the bytes read: the collector then works harder near the
// limit instead of letting garbage pile up, and the process stays under 5x its inputs
// (measured by BenchmarkCheckPeakRSS in cmd/mwaanet). It is a soft limit: if the live heap
// itself needed more, the program would still run (the collector then uses up to half of
// the CPU), never fail. A user's own GOMEMLIMIT or GOGC=off is left alone.
const (
	memoryBudgetFrom    = 32 << 20
	memoryBudgetBase    = 48 << 20
	memoryBudgetPerByte = 4.5
)

// memoryBudget returns the soft memory limit for total bytes of input read, or 0 when
// none is set (small inputs).
func memoryBudget(total int64) int64 {
	if total < memoryBudgetFrom {
		return 0
	}
	b := float64(memoryBudgetBase) + memoryBudgetPerByte*float64(total)
	if b >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(b)
}

// installMemoryBudget makes reads of large inputs set the process's soft memory limit.
// Only Main (the real process) calls it: tests running commands in the test binary keep
// the runtime's defaults.
func installMemoryBudget(getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") == "off" {
		return
	}
	var total, set int64
	inputfile.OnRead(func(n int64) {
		total += n
		if b := memoryBudget(total); b > set {
			set = b
			debug.SetMemoryLimit(b)
		}
	})
}
