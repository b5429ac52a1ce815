package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
)

// TestRedeliveryFromAnotherURLAddsNothing is the defect of issue 18: the
// same content under another URL (news-sample.warc.gz holds
// hard::womencantalksports.com.top10.html and its http URL, with one id and
// one content hash), source, fetch time or replay flag is a re-delivery: it
// changes nothing, and the stored row keeps the URL it was first stored
// with. A changed article is one update, once.
func TestRedeliveryFromAnotherURLAddsNothing(t *testing.T) {
	st, conn, _ := open(t)
	a := sample("w")
	a.URL = "http://www.womencantalksports.com/top-10-women-talking-sports/"
	if got, want := write(t, st, a), (postgres.Outcome{Inserted: 1}); !cmp.Equal(got, want) {
		t.Fatalf("first write = %+v, want %+v", got, want)
	}
	again := func(b *article.Article, later time.Duration) *article.Article {
		c := *b
		c.URL = "hard::womencantalksports.com.top10.html"
		c.Source = article.Source{Name: "replay", Kind: article.KindWARC}
		c.FetchedAt = b.FetchedAt.Add(later)
		c.Replay = true
		return &c
	}
	for _, later := range []time.Duration{0, 24 * time.Hour} {
		if got, want := write(t, st, again(a, later)), (postgres.Outcome{Unchanged: 1}); !cmp.Equal(got, want) {
			t.Errorf("re-delivery from another URL %s later = %+v, want %+v", later, got, want)
		}
	}
	var url string
	if err := conn.QueryRow(context.Background(), "SELECT url FROM articles WHERE id = 'w'").Scan(&url); err != nil {
		t.Fatal(err)
	}
	if url != a.URL {
		t.Errorf("stored url = %q, want the first delivery's %q", url, a.URL)
	}

	changed := *a
	changed.Title = "Corrected: " + a.Title
	changed.FetchedAt = a.FetchedAt.Add(48 * time.Hour)
	for i, want := range []postgres.Outcome{{Updated: 1}, {Unchanged: 1}} {
		if got := write(t, st, again(&changed, time.Duration(i)*time.Hour)); !cmp.Equal(got, want) {
			t.Errorf("changed article, delivery %d = %+v, want %+v", i, got, want)
		}
	}
	if diff := cmp.Diff(map[string]int{"articles": 1, "entities": 2, "money": 1, "figures": 1}, counts(t, conn)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
