package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

// FuzzWrite feeds outside text and offsets through the store: whatever an
// article holds, Write either stores it faithfully, with the search vector
// the database would build, or rejects it alone; it never fails the batch,
// and the good article beside it is stored.
func FuzzWrite(f *testing.F) {
	f.Add("Title", "Qassem Soleimani", 0, 16)
	f.Add("bad\x00title", "x", 0, 1)
	f.Add("\xff\xfe", "Iran", 5, 2)
	f.Add("ok", "\u0000", -1, 1<<40)
	dsn, _ := postgrestest.Start(f)
	st, err := postgres.Open(context.Background(), config(dsn), discard)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(st.Close)
	conn := connect(f, dsn)
	n := 0
	f.Fuzz(func(t *testing.T, title, canonical string, start, end int) {
		n++
		a, good := sample(fmt.Sprintf("fuzz-%d", n)), sample(fmt.Sprintf("good-%d", n))
		a.Title = title
		a.Tags.Entities[0] = article.Entity{Type: "PERSON", Text: canonical, Canonical: canonical, Start: start, End: end}
		rej, err := st.Write(context.Background(), []*article.Article{a, good})
		if err != nil {
			t.Fatalf("Write(title %q, canonical %q, %d-%d) = %v, want no batch error", title, canonical, start, end, err)
		}
		var stored int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM articles WHERE id = $1", good.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != 1 {
			t.Fatalf("good article beside title %q not stored", title)
		}
		if len(rej) > 0 {
			if len(rej) != 1 || rej[0].Index != 0 {
				t.Fatalf("Write rejected %v, want at most the fuzzed article", rej)
			}
			return
		}
		var gotTitle, gotCanonical string
		err = conn.QueryRow(context.Background(),
			"SELECT a.title, e.canonical FROM articles a JOIN entities e ON e.article_id = a.id WHERE a.id = $1 AND e.ord = 0", a.ID).Scan(&gotTitle, &gotCanonical)
		if err != nil {
			t.Fatal(err)
		}
		if gotTitle != title || gotCanonical != canonical {
			t.Errorf("stored %q, %q, want %q, %q", gotTitle, gotCanonical, title, canonical)
		}
		var same bool
		err = conn.QueryRow(context.Background(), `SELECT search_vector =
			setweight(to_tsvector('simple'::regconfig, left(title, 100000)), 'A') ||
			setweight(to_tsvector('simple'::regconfig, left(text, greatest(100000 - length(title) - 1, 0))), 'D')
			FROM articles WHERE id = $1`, a.ID).Scan(&same)
		if err != nil {
			t.Fatal(err)
		}
		if !same {
			t.Errorf("title %q: the stored search vector is not the expression's", title)
		}
	})
}
