package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
	"github.com/newswire/newswire/services/sink/internal/storetest"
)

// BenchmarkWrite measures articles per second written in batches of 256
// into a server on this machine, in a database with the ICU en-US
// collation: ~5 KB of text, 20 entities, 3 amounts and 5 figures per
// article, every article new. "fsync" is the honest
// production setting; "nofsync" shows what the disk costs. writers=N calls
// Write from N goroutines at once with disjoint ids, as a sink running N
// batches concurrently would. Besides articles/s it reports the processor
// time per article of the client (this process: encoding, pgx) and of the
// server (every PostgreSQL process), which, unlike the rate, do not depend
// on what else the machine is doing, and the bytes of WAL per article.
func BenchmarkWrite(b *testing.B) {
	text := storetest.BenchText(b)
	const batchSize = 256
	for _, fsync := range []bool{true, false} {
		name := map[bool]string{true: "fsync", false: "nofsync"}[fsync]
		b.Run(name, func(b *testing.B) {
			dsn, srv := postgrestest.StartWith(b, postgrestest.Options{Fsync: fsync})
			// A linguistic default collation, as production databases
			// have (the test server's own is C).
			if _, err := connect(b, dsn).Exec(context.Background(),
				"CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'"); err != nil {
				b.Fatal(err)
			}
			dsn = srv.DSN("bench")
			st, err := postgres.Open(context.Background(), config(dsn), discard)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			conn := connect(b, dsn)
			walPos := func() (lsn string) {
				if err := conn.QueryRow(context.Background(), "SELECT pg_current_wal_lsn()::text").Scan(&lsn); err != nil {
					b.Fatal(err)
				}
				return lsn
			}
			// Warm up as a server in service is: connections open, shared
			// buffers mapped, WAL segments created. Otherwise the first
			// run pays for page faults and WAL file creation that a
			// long-running server does not.
			var warm sync.WaitGroup
			for w := range 4 {
				warm.Go(func() {
					for n := 0; n < 2048; n += batchSize {
						batch := make([]*article.Article, batchSize)
						for i := range batch {
							batch[i] = benchArticle(fmt.Sprintf("%s-warm%d", name, w), n+i, text)
						}
						if _, err := st.Write(context.Background(), batch); err != nil {
							b.Errorf("warm-up Write: %v", err)
							return
						}
					}
				})
			}
			warm.Wait()
			run := 0 // each run writes new ids
			for _, writers := range []int{1, 2, 4} {
				b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
					run++
					prefix := fmt.Sprintf("%s-w%d-r%d", name, writers, run)
					var batches [][]*article.Article
					for n := 0; n < b.N; n += batchSize {
						batch := make([]*article.Article, min(batchSize, b.N-n))
						for i := range batch {
							batch[i] = benchArticle(prefix, n+i, text)
						}
						batches = append(batches, batch)
					}
					ch := make(chan []*article.Article, len(batches))
					for _, batch := range batches {
						ch <- batch
					}
					close(ch)
					runtime.GC()
					client0, server0 := cpuTimes(b, srv)
					wal0 := walPos()
					b.ResetTimer()
					var wg sync.WaitGroup
					for range writers {
						wg.Go(func() {
							for batch := range ch {
								o, err := st.WriteOutcome(context.Background(), batch)
								if err != nil || o.Inserted != len(batch) {
									b.Errorf("WriteOutcome = %+v, %v, want %d inserted", o, err, len(batch))
									return
								}
							}
						})
					}
					wg.Wait()
					b.StopTimer()
					client1, server1 := cpuTimes(b, srv)
					var wal float64
					if err := conn.QueryRow(context.Background(), "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)", wal0).Scan(&wal); err != nil {
						b.Fatal(err)
					}
					perArticle := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) }
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
					b.ReportMetric(perArticle(client1-client0), "client-µs/article")
					b.ReportMetric(perArticle(server1-server0), "server-µs/article")
					b.ReportMetric(perArticle(client1-client0+server1-server0), "cpu-µs/article")
					b.ReportMetric(wal/float64(b.N), "wal-B/article")
				})
			}
			b.Run("floor=pkey", func(b *testing.B) { benchFloor(b, conn, srv, false) })
			b.Run("floor=indexes", func(b *testing.B) { benchFloor(b, conn, srv, true) })
		})
	}
}

// benchFloor measures the least the server spends to store the article rows
// Write stored above, whatever the schema of the rest: the same rows, by
// binary COPY, into a table of the articles table's columns (storage and
// compression too) with its primary key only ("floor=pkey"), or with every
// index of the articles table, the search's GIN among them
// ("floor=indexes"): no tag rows, no upsert, no client work measured. Its
// server-µs/article against the 2e6/N µs of CPU per article that N
// articles/s leave on two cores says which rates a store of these rows can
// reach on such a machine at all.
func benchFloor(b *testing.B, conn *pgx.Conn, srv *postgrestest.Server, indexes bool) {
	like := "LIKE articles INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMPRESSION"
	if indexes {
		like += " INCLUDING INDEXES"
	}
	ctx := context.Background()
	var rows int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM articles").Scan(&rows); err != nil {
		b.Fatal(err)
	}
	var data bytes.Buffer
	if _, err := conn.PgConn().CopyTo(ctx, &data, "COPY articles TO STDOUT (FORMAT binary)"); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var server time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; done += rows {
		// Each round stores every row into a fresh table (ids are unique
		// only within one).
		b.StopTimer()
		for _, sql := range []string{
			"DROP TABLE IF EXISTS floor",
			"CREATE TABLE floor (" + like + ")",
			"ALTER TABLE floor ADD PRIMARY KEY (id)",
			"CHECKPOINT",
		} {
			if indexes && strings.HasPrefix(sql, "ALTER") {
				continue // the primary key came with the indexes
			}
			if _, err := conn.Exec(ctx, sql); err != nil {
				b.Fatal(err)
			}
		}
		_, server0 := cpuTimes(b, srv)
		b.StartTimer()
		tag, err := conn.PgConn().CopyFrom(ctx, bytes.NewReader(data.Bytes()), "COPY floor FROM STDIN (FORMAT binary)")
		if err != nil || tag.RowsAffected() != int64(rows) {
			b.Fatalf("COPY floor = %v, %v; want %d rows", tag, err, rows)
		}
		b.StopTimer()
		_, server1 := cpuTimes(b, srv)
		server += server1 - server0
		b.StartTimer()
	}
	b.StopTimer()
	stored := (b.N + rows - 1) / rows * rows
	b.ReportMetric(float64(stored)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(server.Microseconds())/float64(stored), "server-µs/article")
}

// cpuTimes returns the processor time used so far by this process and by
// the server.
func cpuTimes(b *testing.B, srv *postgrestest.Server) (client, server time.Duration) {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	client = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	server, err := srv.CPUTime()
	if err != nil {
		b.Fatal(err)
	}
	return client, server
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
	// Ids as the normalizer makes them: hashes, in no order.
	url := fmt.Sprintf("https://www.dailymail.co.uk/news/article-%d/%s.html", n, prefix)
	return &article.Article{
		Schema:      article.SchemaArticle,
		ID:          article.IDFromURL(url),
		Source:      article.Source{Name: "dailymail", Kind: article.KindRSS, Locale: "en-GB"},
		URL:         url,
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
