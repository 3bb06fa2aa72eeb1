//go:build unix

package tfconfig

import (
	"syscall"
	"time"
)

// usage returns the process's user+system CPU time so far and its peak resident memory in
// MB (benchmarks report them beside wall time, which a loaded machine inflates).
func usage() (time.Duration, float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), float64(ru.Maxrss) / 1024
}
