package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// benchArticles makes n articles of about 450 words: one in four is a
// trimmed copy of an earlier one, the rest are written afresh about one of
// n/8 events (each event has its own names), from a Zipf-distributed
// vocabulary as news text is.
func benchArticles(n int) []*article.Article {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx%c", i, 'a'+i%26)
	}
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	events := max(1, n/8)
	out := make([]*article.Article, 0, n)
	for i := range n {
		var text string
		ev := r.IntN(events)
		if i > 4 && i%4 == 0 {
			orig := out[r.IntN(len(out))]
			paras := strings.Split(orig.Text, "\n\n")
			text = strings.Join(paras[:len(paras)*2/3+1], "\n\n")
		} else {
			var b strings.Builder
			for p := range 6 {
				if p > 0 {
					b.WriteString("\n\n")
				}
				fmt.Fprintf(&b, "Name%d Place%d.", ev, ev*7)
				for range 75 {
					b.WriteByte(' ')
					b.WriteString(vocab[zipf.Uint64()])
				}
				b.WriteByte('.')
			}
			text = b.String()
		}
		pub := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		out = append(out, &article.Article{
			Schema: article.SchemaArticle, ID: fmt.Sprintf("%032x", i), Source: article.Source{Name: fmt.Sprintf("s%d", i%50), Kind: article.KindRSS},
			Title: fmt.Sprintf("Name%d in Place%d", ev, ev*7), Text: text, PublishedAt: &pub, FetchedAt: pub, ContentHash: article.ContentHash(text),
		})
	}
	return out
}

// BenchmarkAssign is the stage's own work per article: sketch, vector,
// every state lookup and write, against the in-memory store (the KV store
// adds the broker's round trips; BenchmarkHandleKV in the service measures
// those). Run per core: GOMAXPROCS=1.
func BenchmarkAssign(b *testing.B) {
	arts := benchArticles(20000)
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
