package cli

import (
	"io"
	"math"
	"runtime/debug"
	"testing"

	"github.com/mwaanet/mwaanet/internal/inputfile"
)

func TestMemoryBudget(t *testing.T) {
	if b := memoryBudget(1 << 20); b != 0 {
		t.Errorf("1 MiB of input: budget %d, want none", b)
	}
	if b := memoryBudget(memoryBudgetFrom - 1); b != 0 {
		t.Errorf("just under the threshold: budget %d, want none", b)
	}
	const size = 200 << 20
	if b, want := memoryBudget(size), int64(memoryBudgetBase+memoryBudgetPerByte*size); b != want || b >= 5*size {
		t.Errorf("200 MiB of input: budget %d, want %d (under 5x)", b, want)
	}
	if b := memoryBudget(math.MaxInt64); b != math.MaxInt64 {
		t.Errorf("huge input: budget %d, want the maximum", b)
	}
}

// installMemoryBudget sets the runtime's soft limit once large inputs have been read, and
// leaves a user's GOMEMLIMIT or GOGC=off alone.
func TestInstallMemoryBudget(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		inputfile.OnRead(nil)
		debug.SetMemoryLimit(before)
	})
	read := func(n int) {
		t.Helper()
		if _, err := inputfile.ReadFrom(zeros(n), "test", int64(n)); err != nil {
			t.Fatal(err)
		}
	}
	for _, env := range []map[string]string{{"GOMEMLIMIT": "1GiB"}, {"GOGC": "off"}} {
		installMemoryBudget(func(k string) string { return env[k] })
		read(memoryBudgetFrom)
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Errorf("%v: the limit changed to %d", env, got)
		}
		inputfile.OnRead(nil)
	}
	installMemoryBudget(func(string) string { return "" })
	read(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("a small input set the limit to %d", got)
	}
	read(memoryBudgetFrom)
	got := debug.SetMemoryLimit(-1)
	if got == before || got < memoryBudgetBase+memoryBudgetPerByte*memoryBudgetFrom {
		t.Errorf("after %d bytes of input the limit is %d", memoryBudgetFrom+1<<20, got)
	}
}

type zeroReader struct{ n int }

func zeros(n int) *zeroReader { return &zeroReader{n} }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	clear(p[:k])
	z.n -= k
	return k, nil
}
