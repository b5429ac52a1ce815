package faults

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

// TestReplayNextDay replays one WARC archive with `fetcher replay` again
// and again, each time after the broker's duplicate window has passed (1 s
// here, 2 minutes by default: a replay the next day), so every replay
// reaches the sinks. The archive holds one page twice, under its URL and
// under a hard:: URI, as news-sample.warc.gz does: one id, one content
// hash. Replays add nothing to either sink; an archive with one article
// changed adds exactly one version of it, once.
func TestReplayNextDay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	const n = 200
	bin := binaries(t)
	dir := t.TempDir()
	pg := startPostgres(t)
	p, err := harness.New(harness.Config{
		Bin: bin, Dir: dir, FileSink: true, Postgres: pg,
		Env: []string{"NATS_DUPLICATE_WINDOW=1s", "SINK_BATCH_LINGER=50ms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stopPipeline(t, p, dir, "newswire-replay-failed")
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)

	// The page of article 0 names its canonical URL, so that the copy under
	// the hard:: URI gets the same id.
	page0 := strings.Replace(harness.ArticleHTML(0), "</head>", fmt.Sprintf(`<link rel="canonical" href="%s"></head>`, harness.ArticleURL(0)), 1)
	archive := func(name string, changed int) string {
		var b bytes.Buffer
		when := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
		if err := harness.WriteWARCRecord(&b, harness.ArticleURL(0), []byte(page0), when); err != nil {
			t.Fatal(err)
		}
		if err := harness.WriteWARCRecord(&b, "hard::news.example.com.story-0000000.html", []byte(page0), when); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < n; i++ {
			page := harness.ArticleHTML(i)
			if i == changed {
				page = strings.Replace(page, "in talks that aides described as frank", "in talks that aides described as frank and, at times, difficult", 1)
			}
			if err := harness.WriteWARCRecord(&b, harness.ArticleURL(i), []byte(page), when.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	same, edited := archive("news.warc", -1), archive("news-edited.warc", 7)

	raw := uint64(0)
	replay := func(path string, wantLines int) {
		t.Helper()
		time.Sleep(1500 * time.Millisecond) // past the duplicate window
		if out, err := replayCmd(bin, dir, p, path).CombinedOutput(); err != nil {
			t.Fatalf("fetcher replay %s: %v\n%s", filepath.Base(path), err, out)
		}
		// Every record reached the broker: none was dropped there as a
		// duplicate, so what follows is the sinks' doing.
		raw += n + 1
		if got := streamCount(ctx, admin, bus.StreamRaw); got != raw {
			t.Fatalf("after replaying %s, %s holds %d messages, want %d", filepath.Base(path), bus.StreamRaw, got, raw)
		}
		deadline := time.Now().Add(2 * time.Minute)
		for {
			if consumersDrained(ctx, admin) == "" && streamCount(ctx, admin, bus.StreamRaw) == raw {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("consumers not drained: %s", consumersDrained(ctx, admin))
			}
			time.Sleep(200 * time.Millisecond)
		}
		lines, ids := 0, fileArticles(t, p.SinkFile())
		for _, k := range ids {
			lines += k
		}
		rows, distinct, _, err := pgCounts(ctx, pg.DSN())
		if err != nil {
			t.Fatal(err)
		}
		if lines != wantLines || len(ids) != n || rows != n || distinct != n {
			t.Errorf("after replaying %s: file %d lines for %d ids, postgres %d rows for %d ids; want %d lines, %d ids and rows", filepath.Base(path), lines, len(ids), rows, distinct, wantLines, n)
		}
	}
	replay(same, n)
	replay(same, n)
	replay(edited, n+1)
	replay(edited, n+1)

	// PostgreSQL holds the changed version of article 7.
	conn, err := pgx.Connect(ctx, pg.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var hits int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM articles WHERE text LIKE '%frank and, at times, difficult%'`).Scan(&hits); err != nil {
		t.Fatal(err)
	}
	if hits != 1 {
		t.Errorf("postgres: %d articles hold the changed text, want 1", hits)
	}
}
