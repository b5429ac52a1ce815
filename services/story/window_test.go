package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/services/story/internal/cluster"
	"github.com/newswire/newswire/services/story/internal/clustertest"
)

// BenchmarkWindow runs STORY_WINDOW_N articles (default 1,000,000), all
// inside one 72-hour window, through the clusterer with the service's
// state: a JetStream bucket and the 64 MiB cache in front of it, eight
// articles at once. It prints, every tenth of the way, the rate and the
// process's resident memory (VmRSS, and the peak VmHWM): the stage keeps
// nothing per article beyond the cache's budget, so its memory levels off
// once the cache is full while the bucket grows. With STORY_WINDOW_NATS_URL
// the bucket lives on that server (another process, so the figures are the
// stage's alone); without it, on an in-process server whose memory counts
// too. `make bench-story-window` starts a server and runs this once:
//
//	STORY_WINDOW_N=1000000 go test -run '^$' -bench BenchmarkWindow -benchtime 1x -timeout 0 ./services/story
func BenchmarkWindow(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("STORY_WINDOW_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("STORY_WINDOW_N = %q, want a positive integer", v)
		}
	}
	words := 20
	if v := os.Getenv("STORY_WINDOW_WORDS"); v != "" {
		var err error
		if words, err = strconv.Atoi(v); err != nil || words < 1 {
			b.Fatalf("STORY_WINDOW_WORDS = %q, want a positive integer", v)
		}
	}
	ctx := context.Background()
	cfg := bustest.Config(os.Getenv("STORY_WINDOW_NATS_URL"))
	if cfg.URL == "" {
		cfg = bustest.Start(b).Config
	}
	conn := bustest.Connect(b, cfg)
	bucket := fmt.Sprintf("story_window_%d", time.Now().UnixNano())
	window := cluster.DefaultConfig.Window
	kv, err := conn.KeyValue(ctx, bucket, 2*window)
	if err != nil {
		b.Fatal(err)
	}
	cache := cluster.NewCache(kvStore{kv: kv}, 64<<20, 10*time.Minute)
	c, err := cluster.New(cache, cluster.DefaultConfig)
	if err != nil {
		b.Fatal(err)
	}
	w := clustertest.NewWindow(n, window-time.Hour, words)
	fmt.Fprintf(os.Stderr, "window: %d articles of %d words over %s, bucket %s on %s\n", n, 6*words, window-time.Hour, bucket, cfg.URL)
	var next, done, copies, found, retries atomic.Int64
	var mu sync.Mutex
	start := time.Now()
	mark := n / 10
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || b.Failed() {
					return
				}
				a := w.Article(i)
				r, err := c.Assign(ctx, a)
				// A state operation that fails (a timeout on a loaded
				// machine) is transient: the service's consumer
				// redelivers the article, and so does this loop.
				for try := 1; err != nil && try < 10; try++ {
					retries.Add(1)
					time.Sleep(time.Duration(try) * 100 * time.Millisecond)
					r, err = c.Assign(ctx, a)
				}
				if err != nil {
					b.Error(err)
					return
				}
				done.Add(1)
				if _, ok := w.IsCopy(i); ok {
					copies.Add(1)
					if r.DuplicateOf != "" {
						found.Add(1)
					}
				}
				if mark > 0 && (i+1)%mark == 0 {
					mu.Lock()
					report(os.Stderr, i+1, start, cache)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	elapsed := time.Since(start)
	rss, hwm := procMemory()
	b.ReportMetric(float64(done.Load())/elapsed.Seconds(), "articles/s")
	b.ReportMetric(float64(hwm)/1024, "peak-RSS-MB")
	b.ReportMetric(float64(found.Load())/float64(max(copies.Load(), 1)), "copies-found")
	fmt.Fprintf(os.Stderr, "window: %d articles in %s (%.0f/s); RSS %.0f MB, peak %.0f MB; %d of %d copies found; %d assignments tried again after a failed state operation\n",
		done.Load(), elapsed.Round(time.Second), float64(done.Load())/elapsed.Seconds(), float64(rss)/1024, float64(hwm)/1024, found.Load(), copies.Load(), retries.Load())
}

func report(f *os.File, done int, start time.Time, cache *cluster.Cache) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, hwm := procMemory()
	hits, misses := cache.Stats()
	fmt.Fprintf(f, "  %8d articles %6.0fs %5.0f/s  RSS %4.0f MB (peak %4.0f)  Go heap %4.0f MB  cache %3.0f MB, hits %.0f%%\n",
		done, time.Since(start).Seconds(), float64(done)/time.Since(start).Seconds(), float64(rss)/1024, float64(hwm)/1024,
		float64(ms.HeapInuse)/(1<<20), float64(cache.Size())/(1<<20), 100*float64(hits)/float64(max(hits+misses, 1)))
}

// procMemory returns the process's VmRSS and VmHWM in KiB.
func procMemory() (rss, hwm int64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			rss = kb
		case "VmHWM":
			hwm = kb
		}
	}
	return rss, hwm
}
