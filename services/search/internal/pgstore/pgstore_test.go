package pgstore

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/services/search/internal/api"
	"github.com/newswire/newswire/services/search/internal/pgtest"
	"github.com/newswire/newswire/services/search/internal/search"
	"github.com/newswire/newswire/services/search/internal/storetest"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

func testConfig(dsn string) Config {
	return Config{DSN: dsn, MaxConns: 4, ConnectTimeout: 10 * time.Second, StatementTimeout: 10 * time.Second}
}

// TestConformance runs the suite on one server, a database per store.
func TestConformance(t *testing.T) {
	dsn := pgtest.Start(t)
	storetest.Run(t, func(t *testing.T, as []*article.Article) api.Store {
		ctx := context.Background()
		admin, err := pgxpool.New(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.Exec(ctx, "TRUNCATE articles, entities, money, figures"); err != nil {
			t.Fatal(err)
		}
		if err := pgtest.AddStoryAndWatch(ctx, admin); err != nil {
			t.Fatal(err)
		}
		if err := pgtest.Insert(ctx, admin, as...); err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, testConfig(dsn), discard)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		return s
	})
}

// TestReadOnlyAndSchema: the store's connections cannot write, and
// story:/watch: are refused clearly until the sink has their columns.
func TestReadOnlyAndSchema(t *testing.T) {
	dsn := pgtest.Start(t)
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// A sink from before the story stage: no story_id column.
	if _, err := admin.Exec(ctx, "ALTER TABLE articles DROP COLUMN story_id CASCADE"); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, testConfig(dsn), discard)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.pool.Exec(ctx, "DELETE FROM articles"); err == nil {
		t.Errorf("DELETE on the search store's connection succeeded, want a read-only error")
	}
	q, _ := query.Parse("story:x")
	if _, _, err := s.compile(ctx, q, 0); err == nil {
		t.Errorf("story: compiled without a story_id column")
	}
	if err := pgtest.AddStoryAndWatch(ctx, admin); err != nil {
		t.Fatal(err)
	}
	s.checked.Store(0) // as if a minute had passed
	if _, _, err := s.compile(ctx, q, 0); err != nil {
		t.Errorf("story: after the column was added: %v", err)
	}
	if _, err := Open(ctx, testConfig(dsn[:len(dsn)-len("postgres?sslmode=disable")]+"template1?sslmode=disable"), discard); err == nil {
		t.Errorf("Open on a database without the sink's tables: no error")
	}
}

// TestStatementTimeout: a search the statement timeout stops is
// search.ErrTooSlow, and its connection serves the next search. The
// search waits on a lock another transaction holds, so it runs out of
// time however fast the machine is.
func TestStatementTimeout(t *testing.T) {
	dsn := pgtest.Start(t)
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	cfg := testConfig(dsn)
	cfg.MaxConns = 1
	cfg.StatementTimeout = 200 * time.Millisecond
	s, err := Open(ctx, cfg, discard)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE articles IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	q, _ := query.Parse("lang:de")
	r := search.Request{Query: q, Sort: search.SortTime, Limit: 20}
	_, err = s.Search(ctx, r)
	if !errors.Is(err, search.ErrTooSlow) {
		t.Errorf("Search with the table locked: %v, want ErrTooSlow", err)
	}
	if _, err := s.Facets(ctx, r); !errors.Is(err, search.ErrTooSlow) {
		t.Errorf("Facets with the table locked: %v, want ErrTooSlow", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Search(ctx, r); err != nil {
		t.Errorf("Search after the lock: %v", err)
	}
	if n := s.pool.Stat().TotalConns(); n != 1 {
		t.Errorf("%d connections, want the one kept", n)
	}
}

// TestOpenWarms: Open opens every connection of the pool and warms it
// (the statement runs on the sink's schema); the baseline store opens
// them as searches need them.
func TestOpenWarms(t *testing.T) {
	dsn := pgtest.Start(t)
	ctx := context.Background()
	s, err := Open(ctx, testConfig(dsn), discard)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := s.pool.Stat().TotalConns(); n != 4 {
		t.Errorf("after Open: %d connections, want 4", n)
	}
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if err := warm(ctx, c.Conn()); err != nil {
		t.Errorf("warm: %v", err)
	}
	cfg := testConfig(dsn)
	cfg.cold = true
	cold, err := Open(ctx, cfg, discard)
	if err != nil {
		t.Fatal(err)
	}
	defer cold.Close()
	if n := cold.pool.Stat().TotalConns(); n > 1 {
		t.Errorf("cold store after Open: %d connections, want at most the one that read the schema", n)
	}
}
