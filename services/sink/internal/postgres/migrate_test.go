package postgres

import (
	"context"
	"io/fs"
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
	pool, p := migrationProvider(t)
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

// TestMigrateDropPublishedAtIndex checks 00011 both ways: it drops
// articles_published_at and its Down puts it back.
func TestMigrateDropPublishedAtIndex(t *testing.T) {
	ctx := context.Background()
	pool, p := migrationProvider(t)
	exists := func() bool {
		t.Helper()
		var ok bool
		if err := pool.QueryRow(ctx, "SELECT to_regclass('articles_published_at') IS NOT NULL").Scan(&ok); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	for _, step := range []struct {
		name string
		do   func() error
		want bool
	}{
		{"up to 10", func() error { _, err := p.UpTo(ctx, 10); return err }, true},
		{"up to 11", func() error { _, err := p.UpTo(ctx, 11); return err }, false},
		{"down to 10", func() error { _, err := p.DownTo(ctx, 10); return err }, true},
		{"up to 11 again", func() error { _, err := p.UpTo(ctx, 11); return err }, false},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := exists(); got != step.want {
			t.Errorf("after %s, articles_published_at exists = %v, want %v", step.name, got, step.want)
		}
	}
}

// migrationProvider starts a database and returns a pool on it and a goose
// provider over the embedded migrations, none applied; both close with t.
func migrationProvider(t *testing.T) (*pgxpool.Pool, *goose.Provider) {
	t.Helper()
	dsn, _ := postgrestest.Start(t)
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	t.Cleanup(func() { db.Close() })
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	return pool, p
}
