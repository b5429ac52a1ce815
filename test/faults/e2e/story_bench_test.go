package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/test/faults/harness"
)

// benchJSONL writes n articles as a JSON Lines archive: each twelve
// sentences drawn from the bundled samples plus one of its own, so texts
// overlap as the reports of a busy news day do (every article shares
// shingles with others, few are copies), each under its own URL.
func benchJSONL(b *testing.B, n int) []byte {
	b.Helper()
	var pool []string
	for _, name := range []string{"dailymail-2020-01-07-khamenei.txt", "central-bank-rates.json", "harbour-bridge-closure.syndicated.json"} {
		data, err := os.ReadFile(rootPath(b, filepath.Join("samples", name)))
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range regexp.MustCompile(`[^.!?\n]{40,}[.!?]`).FindAllString(string(data), -1) {
			pool = append(pool, strings.TrimSpace(s))
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	var out strings.Builder
	enc := json.NewEncoder(&out)
	pub := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	for i := range n {
		var text []string
		for p := range 4 {
			var para []string
			for range 3 {
				para = append(para, pool[r.IntN(len(pool))])
			}
			if p == 0 {
				para = append(para, fmt.Sprintf("This is report %d of the day, filed at %d minutes past six.", i, i%60))
			}
			text = append(text, strings.Join(para, " "))
		}
		if err := enc.Encode(map[string]string{
			"url":          fmt.Sprintf("https://bench.example.org/news/%d", i),
			"title":        fmt.Sprintf("Report %d", i),
			"published_at": pub.Add(time.Duration(i) * time.Second).Format(time.RFC3339),
			"text":         strings.Join(text, "\n\n"),
		}); err != nil {
			b.Fatal(err)
		}
	}
	return []byte(out.String())
}

// BenchmarkStoryStage measures the whole pipeline (a NATS server process,
// every service a process, the file sink) on the same archive without and with
// the story stage, alternating, and reports both rates and their ratio:
// the stage must keep the pipeline within 10% of its rate without it.
// STORY_BENCH_N sets the archive's size (default 1,500 articles).
//
//	cd test/faults && GOWORK=off go test -run '^$' -bench BenchmarkStoryStage -benchtime 1x ./e2e
func BenchmarkStoryStage(b *testing.B) {
	n := 1500
	if v := os.Getenv("STORY_BENCH_N"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			b.Fatalf("STORY_BENCH_N: %v", err)
		}
	}
	archive := benchJSONL(b, n)
	bin := binaries(b)
	rate := map[bool][]float64{}
	for b.Loop() {
		for _, withStory := range []bool{false, true, false, true} {
			rate[withStory] = append(rate[withStory], runArchive(b, bin, archive, n, withStory))
		}
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	without, with := mean(rate[false]), mean(rate[true])
	b.ReportMetric(without, "articles/s-without")
	b.ReportMetric(with, "articles/s-with")
	b.ReportMetric(with/without, "ratio")
	b.Logf("%d articles: without the story stage %.1f articles/s %v, with it %.1f %v; ratio %.3f", n, without, rate[false], with, rate[true], with/without)
}

// runArchive starts a fresh pipeline, drops the archive into its inbox and
// returns the articles per second from the drop until the sink holds them
// all.
func runArchive(b *testing.B, bin string, archive []byte, n int, withStory bool) float64 {
	b.Helper()
	p, err := harness.New(harness.Config{
		Bin: bin, Dir: b.TempDir(), FileSink: true, Story: withStory,
		Env: []string{"FETCHER_INBOX_INTERVAL=100ms", "SINK_BATCH_LINGER=50ms", "LOG_LEVEL=warn"},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Stop()
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	dropFile(b, p.Inbox(), "bench.jsonl", archive)
	deadline := start.Add(20 * time.Minute)
	for lines(p.SinkFile()) < n {
		if time.Now().After(deadline) {
			b.Fatalf("sink holds %d of %d articles after 20 minutes", lines(p.SinkFile()), n)
		}
		time.Sleep(250 * time.Millisecond)
	}
	return float64(n) / time.Since(start).Seconds()
}

// lines counts the lines of a file (0 while it does not exist).
func lines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(data, []byte{'\n'})
}
