package jsonl

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/storetest"
)

// BenchmarkWrite measures articles per second appended in batches of 256,
// each batch synced to disk as in production: ~5 KB of news text, 20
// entities, 3 amounts and 5 figures per article, every article new.
// writers=N calls Write from N goroutines at once. It also reports the
// processor time per article, which does not depend on what else the
// machine is doing.
func BenchmarkWrite(b *testing.B) {
	// One string shared by every article, as a copy each would fill the
	// heap the collector then scans during the timed writes.
	text := storetest.BenchText(b)
	const batchSize = 256
	for _, writers := range []int{1, 2} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "articles.jsonl"), Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var batches [][]*article.Article
			for n := 0; n < b.N; n += batchSize {
				batch := make([]*article.Article, min(batchSize, b.N-n))
				for i := range batch {
					batch[i] = benchArticle(n+i, text)
				}
				batches = append(batches, batch)
			}
			ch := make(chan []*article.Article, len(batches))
			for _, batch := range batches {
				ch <- batch
			}
			close(ch)
			runtime.GC()
			cpu0 := cpuTime(b)
			b.ResetTimer()
			var wg sync.WaitGroup
			for range writers {
				wg.Go(func() {
					for batch := range ch {
						if n, err := s.Write(context.Background(), batch); err != nil || n != len(batch) {
							b.Errorf("Write = %d, %v, want %d", n, err, len(batch))
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			cpu := cpuTime(b) - cpu0
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/article")
		})
	}
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchArticle(n int, text string) *article.Article {
	now := time.Date(2026, 1, 7, 10, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Second)
	ptr := func(v float64) *float64 { return &v }
	tags := &article.Tags{}
	for i := range 20 {
		c := fmt.Sprintf("Person %d", (n*20+i)%5000)
		tags.Entities = append(tags.Entities, article.Entity{Type: article.EntityPerson, Text: c, Canonical: c, Start: i * 200, End: i*200 + 12})
	}
	for i := range 3 {
		tags.Money = append(tags.Money, article.Money{Text: "£150m", Currency: []string{"GBP", "USD", "EUR"}[i], Amount: ptr(float64(n%1000) * 1e6), Start: 100 + i*300, End: 105 + i*300})
	}
	for i := range 5 {
		tags.Figures = append(tags.Figures, article.Figure{Text: "52 targets", Value: ptr(float64(n % 100)), Unit: fmt.Sprintf("unit%d", i), Start: 50 + i*400, End: 60 + i*400})
	}
	return &article.Article{
		Schema:      article.SchemaArticle,
		ID:          fmt.Sprintf("bench-%09d", n),
		Source:      article.Source{Name: "dailymail", Kind: article.KindRSS, Locale: "en-GB"},
		URL:         fmt.Sprintf("https://www.dailymail.co.uk/news/article-%d/story.html", n),
		Title:       "Ayatollah Khamenei calls for direct attack on American interests",
		Authors:     []string{"Jane Doe", "John Roe"},
		Text:        text,
		Highlights:  []string{"Khamenei ordered a direct retaliation", "Revolutionary Guard vows revenge"},
		Language:    "en",
		PublishedAt: &now,
		FetchedAt:   now.Add(time.Minute),
		ContentHash: fmt.Sprintf("sha256:%064d", n),
		Tags:        tags,
	}
}

// BenchmarkOpen measures start-up over a history: 20,000 stored articles
// (as BenchmarkWrite's, ~5 KB of text each) in a rotated, gzipped file,
// which Open reads whole to rebuild its index. It reports articles indexed
// per second of wall time and processor time per article.
func BenchmarkOpen(b *testing.B) {
	const n = 20_000
	text := storetest.BenchText(b)
	dir := b.TempDir()
	path := filepath.Join(dir, "articles.jsonl")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(path, Options{Gzip: true}, log)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i += 500 {
		batch := make([]*article.Article, 500)
		for j := range batch {
			batch[j] = benchArticle(i+j, text)
		}
		if _, err := s.Write(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.rotate(time.Now()); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil { // waits for the compression
		b.Fatal(err)
	}
	runtime.GC()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(path, Options{Gzip: true}, log)
		if err != nil {
			b.Fatal(err)
		}
		if s.Len() != n {
			b.Fatalf("Len() = %d, want %d", s.Len(), n)
		}
		s.Close()
	}
	b.StopTimer()
	cpu := cpuTime(b) - cpu0
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n*b.N), "cpu-µs/article")
}
