//go:build unix

package normalize

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used,
// garbage collection included, and whether it could be read. Benchmarks
// report it beside wall time because the machines they run on are often
// shared: wall time then measures the neighbours as much as the code.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
