package postgres_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

// BenchmarkWrite measures articles per second written in batches of 256,
// one writer, into a server on this machine: ~5 KB of text, 20 entities,
// 3 amounts and 5 figures per article, every article new. "fsync" is the
// honest production setting; "nofsync" shows what the disk costs.
func BenchmarkWrite(b *testing.B) {
	seed, err := os.ReadFile("testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := seed[:5000]
	for !utf8.Valid(text) {
		text = text[:len(text)-1]
	}
	for _, fsync := range []bool{true, false} {
		name := map[bool]string{true: "fsync", false: "nofsync"}[fsync]
		b.Run(name, func(b *testing.B) {
			dsn, _ := postgrestest.StartWith(b, postgrestest.Options{Fsync: fsync})
			st, err := postgres.Open(context.Background(), config(dsn), discard)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			ctx := context.Background()
			b.ResetTimer()
			for n := 0; n < b.N; {
				b.StopTimer()
				size := min(256, b.N-n)
				batch := make([]*article.Article, size)
				for i := range batch {
					batch[i] = benchArticle(name, n+i, string(text))
				}
				b.StartTimer()
				o, err := st.WriteOutcome(ctx, batch)
				if err != nil || o.Inserted != size {
					b.Fatalf("WriteOutcome = %+v, %v, want %d inserted", o, err, size)
				}
				n += size
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

func benchArticle(prefix string, n int, text string) *article.Article {
	now := time.Date(2026, 1, 7, 10, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Second)
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
		ID:          fmt.Sprintf("%s-%09d", prefix, n),
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
