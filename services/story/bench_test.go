package main

import (
	"context"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/services/story/internal/cluster"
	"github.com/newswire/newswire/services/story/internal/clustertest"
)

// BenchmarkAssignKV is the stage's work per article with its state in a
// JetStream bucket of an in-process NATS server, eight articles at once as
// the consumer hands them over: the clusterer's own work plus every round
// trip to the bucket, client and server side (both are in this process, so
// a CPU profile shows where the time goes). The state cache is on, as in
// the service; STORY_BENCH_NOCACHE=1 measures without it.
//
//	go test -run '^$' -bench BenchmarkAssignKV -benchtime 4000x -cpuprofile cpu.out ./services/story
func BenchmarkAssignKV(b *testing.B) {
	srv := bustest.Start(b)
	conn := bustest.Connect(b, srv.Config)
	kv, err := conn.KeyValue(context.Background(), "bench_stories", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	var store cluster.Store = kvStore{kv: kv}
	if os.Getenv("STORY_BENCH_NOCACHE") == "" {
		store = cluster.NewCache(store, 64<<20, 10*time.Minute)
	}
	c, err := cluster.New(store, cluster.DefaultConfig)
	if err != nil {
		b.Fatal(err)
	}
	arts := clustertest.Articles(max(b.N, 1000))
	if os.Getenv("STORY_BENCH_REPEAT") != "" {
		// The whole-pipeline benchmark's mix: a few texts run again and
		// again under other ids, so nearly every article is a copy.
		arts = clustertest.Repeated(arts[:72], max(b.N, 1000))
	}
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	startCPU := cpuTime(b)
	for range benchWorkers() {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				if _, err := c.Assign(ctx, arts[i]); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	cpu := cpuTime(b) - startCPU
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
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

// benchWorkers is how many articles are assigned at once: 8, as the
// consumer hands them over, or STORY_BENCH_WORKERS.
func benchWorkers() int {
	if n, err := strconv.Atoi(os.Getenv("STORY_BENCH_WORKERS")); err == nil && n > 0 {
		return n
	}
	return 8
}
