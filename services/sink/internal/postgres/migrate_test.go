package postgres

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

// TestMigrateSearchVectorWritten migrates a database holding articles from
// the generated search vector (00009) to the written one (00010) and back:
// the stored vectors stay the expression's.
func TestMigrateSearchVectorWritten(t *testing.T) {
	ctx := context.Background()
	dsn, _ := postgrestest.Start(t)
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 9); err != nil {
		t.Fatalf("up to 9: %v", err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO articles (id, schema, source_name, source_kind, title, authors, text, highlights, fetched_at, content_hash, replay, doc_hash)
		VALUES ('a', 'article/1', 's', 'rss', 'Old TITLE', '{}', 'stored before 00010', '{}', now(), 'h', false, '\x00')`); err != nil {
		t.Fatal(err)
	}
	const want = "'00010':5 'before':4 'old':1A 'stored':3 'title':2A"
	check := func(when string) {
		t.Helper()
		var v, generated string
		if err := pool.QueryRow(ctx, `SELECT a.search_vector::text, c.attgenerated::text FROM articles a, pg_attribute c
			WHERE a.id = 'a' AND c.attrelid = 'articles'::regclass AND c.attname = 'search_vector'`).Scan(&v, &generated); err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if v != want {
			t.Errorf("%s: vector %s, want %s", when, v, want)
		}
		t.Logf("%s: attgenerated %q", when, generated)
	}
	check("at 9")
	if _, err := p.UpTo(ctx, 10); err != nil {
		t.Fatalf("up to 10: %v", err)
	}
	check("at 10")
	var generated string
	if err := pool.QueryRow(ctx, `SELECT attgenerated::text FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attname = 'search_vector'`).Scan(&generated); err != nil {
		t.Fatal(err)
	}
	if generated != "" {
		t.Errorf("at 10, search_vector attgenerated = %q, want a plain column", generated)
	}
	if _, err := p.DownTo(ctx, 9); err != nil {
		t.Fatalf("down to 9: %v", err)
	}
	check("down at 9")
	if _, err := p.UpTo(ctx, 10); err != nil {
		t.Fatalf("up to 10 again: %v", err)
	}
	check("at 10 again")
}

// TestMigrateSearchVectorLZ4 checks that 00011 makes new search vectors lz4
// compressed, keeps a vector stored before it readable and unchanged, and
// that its Down restores the default compression.
func TestMigrateSearchVectorLZ4(t *testing.T) {
	ctx := context.Background()
	dsn, _ := postgrestest.Start(t)
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	// A text whose vector is big enough to be compressed in the row.
	var text strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&text, "word%d ", i%700)
	}
	insert := func(id string) {
		t.Helper()
		if _, err := pool.Exec(ctx, `INSERT INTO articles (id, schema, source_name, source_kind, title, authors, text, highlights, fetched_at, content_hash, replay, doc_hash)
			VALUES ($1, 'article/1', 's', 'rss', 'Title', '{}', $2, '{}', now(), 'h', false, '\x00')`, id, text.String()); err != nil {
			t.Fatal(err)
		}
	}
	compression := func(id string) string {
		t.Helper()
		var c *string
		var same bool
		if err := pool.QueryRow(ctx, `SELECT pg_column_compression(search_vector), search_vector = article_search_vector(title, text)
			FROM articles WHERE id = $1`, id).Scan(&c, &same); err != nil {
			t.Fatal(err)
		}
		if !same {
			t.Errorf("article %s: stored vector differs from article_search_vector(title, text)", id)
		}
		if c == nil {
			return "none"
		}
		return *c
	}
	if _, err := p.UpTo(ctx, 10); err != nil {
		t.Fatalf("up to 10: %v", err)
	}
	insert("before")
	if got := compression("before"); got != "pglz" {
		t.Fatalf("at 10, compression of a new vector = %s, want pglz", got)
	}
	if _, err := p.UpTo(ctx, 11); err != nil {
		t.Fatalf("up to 11: %v", err)
	}
	insert("after")
	for id, want := range map[string]string{"before": "pglz", "after": "lz4"} {
		if got := compression(id); got != want {
			t.Errorf("at 11, compression of the vector of %q = %s, want %s", id, got, want)
		}
	}
	if _, err := p.DownTo(ctx, 10); err != nil {
		t.Fatalf("down to 10: %v", err)
	}
	insert("down")
	if got := compression("down"); got != "pglz" {
		t.Errorf("down at 10, compression of a new vector = %s, want pglz", got)
	}
	if _, err := p.UpTo(ctx, 11); err != nil {
		t.Fatalf("up to 11 again: %v", err)
	}
}
