package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

// vectorCases are titles and texts around the expression's limits: the
// title and text are cut at 100,000 characters together.
func vectorCases() [][2]string {
	long := strings.Repeat("Straße über-all 1.5 ", 6000) // 120,000 characters, more bytes
	return [][2]string{
		{"Ayatollah Khamenei calls for direct attack", "Qassem Soleimani was killed. Iran pledged £100m to 52 targets; see https://www.bbc.co.uk/news/world-51021861 or write to press@example.com."},
		{"", "no title at all"},
		{"title only", ""},
		{"Title", long},
		{strings.Repeat("é", 99999), "cut to nothing but one character? no: to none"},
		{strings.Repeat("a ", 50000), "x y"},
		{strings.Repeat("t ", 50001), "gone"},
		{"repeat repeat", strings.Repeat("repeat ", 400)},
		{"ÜBER Österreich", "ΣΟΦΟΣ Ελλάδα: under a C.utf8 LC_CTYPE the server lower-cases these"},
	}
}

// mismatches returns the ids of the articles whose stored vector is not
// the expression's (migration 00008's), or is NULL.
func mismatches(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT id FROM articles
		WHERE search_vector IS NULL OR search_vector <>
			setweight(to_tsvector('simple'::regconfig, left(title, 100000)), 'A') ||
			setweight(to_tsvector('simple'::regconfig, left(text, greatest(100000 - length(title) - 1, 0))), 'D')
		ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// writeVectorCases writes each case as an article, then a newer version
// of each with other text, and checks the stored vectors after each.
func writeVectorCases(t *testing.T, st *postgres.Store, conn *pgx.Conn) {
	t.Helper()
	var batch []*article.Article
	for i, c := range vectorCases() {
		a := sample(fmt.Sprintf("v%02d", i))
		a.Title, a.Text, a.Tags = c[0], c[1], nil
		batch = append(batch, a)
	}
	if o := write(t, st, batch...); o.Inserted != len(batch) {
		t.Fatalf("first write = %+v, want %d inserted", o, len(batch))
	}
	if ids := mismatches(t, conn); len(ids) > 0 {
		t.Errorf("after insert, articles %v hold another vector than the expression's", ids)
	}
	for i, a := range batch {
		b := *a
		b.FetchedAt = a.FetchedAt.Add(time.Hour)
		b.Title, b.Text = a.Text, a.Title+" updated"
		batch[i] = &b
	}
	if o := write(t, st, batch...); o.Updated != len(batch) {
		t.Fatalf("second write = %+v, want %d updated", o, len(batch))
	}
	if ids := mismatches(t, conn); len(ids) > 0 {
		t.Errorf("after update, articles %v hold another vector than the expression's", ids)
	}
}

// TestSearchVectorWritten checks the vectors the store builds itself: the
// database's trigger is disabled, so what is stored is what the store
// sent.
func TestSearchVectorWritten(t *testing.T) {
	st, conn, _ := open(t)
	if _, err := conn.Exec(context.Background(), `ALTER TABLE articles
		DISABLE TRIGGER articles_search_vector_insert, DISABLE TRIGGER articles_search_vector_update`); err != nil {
		t.Fatal(err)
	}
	writeVectorCases(t, st, conn)
}

// TestSearchVectorByTrigger checks a database whose LC_CTYPE is not C,
// where the store sends no vector and the trigger builds it, and a writer
// other than the sink.
func TestSearchVectorByTrigger(t *testing.T) {
	_, conn0, srv := open(t)
	ctx := context.Background()
	if _, err := conn0.Exec(ctx, "CREATE DATABASE utf8 TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.utf8'"); err != nil {
		t.Fatal(err)
	}
	dsn := srv.DSN("utf8")
	st, err := postgres.Open(ctx, config(dsn), discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	conn := connect(t, dsn)
	writeVectorCases(t, st, conn)

	// Another writer: an INSERT without the column, an UPDATE of the text.
	if _, err := conn.Exec(ctx, `INSERT INTO articles (id, schema, source_name, source_kind, title, authors, text, highlights, fetched_at, content_hash, replay, doc_hash)
		VALUES ('raw', 'article/1', 's', 'rss', 'Raw TITLE', '{}', 'raw text', '{}', now(), 'h', false, '\x00')`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE articles SET text = 'changed words' WHERE id = 'raw'`); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := conn.QueryRow(ctx, "SELECT search_vector::text FROM articles WHERE id = 'raw'").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if want := "'changed':3 'raw':1A 'title':2A 'words':4"; v != want {
		t.Errorf("raw article's vector = %s, want %s", v, want)
	}
	if ids := mismatches(t, conn); len(ids) > 0 {
		t.Errorf("articles %v hold another vector than the expression's", ids)
	}
}

// TestSearchVectorProbe checks a database whose 'simple' configuration was
// changed: the store finds its vectors would differ and lets the trigger
// build them.
func TestSearchVectorProbe(t *testing.T) {
	dsn, _ := postgrestest.Start(t)
	conn := connect(t, dsn)
	if _, err := conn.Exec(context.Background(), "ALTER TEXT SEARCH CONFIGURATION simple DROP MAPPING FOR email"); err != nil {
		t.Fatal(err)
	}
	st, err := postgres.Open(context.Background(), config(dsn), discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	writeVectorCases(t, st, conn)
}
