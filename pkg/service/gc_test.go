package service

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestGCDefaults(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	GCDefaults(400, 128<<20)
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("GOGC unset: percent %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != 128<<20 {
		t.Errorf("GOMEMLIMIT unset: limit %d, want %d", got, 128<<20)
	}

	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1GiB")
	GCDefaults(400, 128<<20)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: percent %d, want it left at 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: limit %d, want it left", got)
	}
}
