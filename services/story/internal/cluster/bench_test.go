package cluster

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/newswire/newswire/services/story/internal/clustertest"
)

// BenchmarkAssign is the stage's own work per article: sketch, vector,
// every state lookup and write, against the in-memory store (the KV store
// adds the broker's round trips; BenchmarkHandleKV in the service measures
// those). Run per core: GOMAXPROCS=1.
func BenchmarkAssign(b *testing.B) {
	arts := clustertest.Articles(20000)
	c, err := New(NewMemory(), DefaultConfig)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	startCPU := cpuTime(b)
	for i := 0; b.Loop(); i++ {
		if i == len(arts) {
			b.StopTimer()
			c, _ = New(NewMemory(), DefaultConfig)
			i = 0
			b.StartTimer()
		}
		if _, err := c.Assign(ctx, arts[i]); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime(b) - startCPU
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	// On a shared machine the process's CPU time is the steadier measure:
	// articles per CPU-second is the rate of one core to itself.
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
