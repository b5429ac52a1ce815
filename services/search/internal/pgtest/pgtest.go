// Package pgtest gives the search service's tests a PostgreSQL database
// with the sink's schema: a throwaway server (Debian's postgresql binaries,
// initdb into a temporary directory, as the sink's postgrestest does) and
// the sink's own migration files applied from the repository, so the
// search reads exactly the tables the sink writes. It also writes
// articles into those tables the way the sink lays them out.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/freeport"
)

// Missing is why a test cannot run without the server binaries.
const Missing = "postgresql not installed: run make test (it installs it)"

// Start starts a server, applies the sink's migrations and returns the
// superuser's DSN. The server stops when the test ends.
func Start(t testing.TB) string {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	if len(bins) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal(Missing)
		}
		t.Skip(Missing)
	}
	slices.Sort(bins)
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "searchpg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("pgtest: running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
		return cmd
	}
	data := filepath.Join(dir, "data")
	if out, err := command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}
	port, err := freeport.Get()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	srv := command("postgres", "-D", data, "-p", strconv.Itoa(port), "-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+dir, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	srv.Stdout, srv.Stderr = logf, logf
	if err := srv.Start(); err != nil {
		t.Fatalf("pgtest: start postgres: %v", err)
	}
	done := make(chan struct{})
	go func() { srv.Wait(); close(done) }()
	t.Cleanup(func() {
		srv.Process.Signal(syscall.SIGINT)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			srv.Process.Kill()
			<-done
		}
	})
	dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var conn *pgx.Conn
	for {
		if conn, err = pgx.Connect(ctx, dsn); err == nil {
			break
		}
		select {
		case <-done:
			b, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			t.Fatalf("pgtest: postgres exited: %s", b)
		case <-ctx.Done():
			t.Fatalf("pgtest: postgres not ready: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	defer conn.Close(context.Background())
	if err := migrate(ctx, conn); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// migrate applies the Up part of each of the sink's migration files, in
// order, as goose would.
func migrate(ctx context.Context, conn *pgx.Conn) error {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "../../../sink/internal/postgres/migrations")
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("the sink's migrations not found in %s: %v", dir, err)
	}
	slices.Sort(files)
	marker := regexp.MustCompile(`(?m)^-- \+goose (StatementBegin|StatementEnd)\s*$`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		up, _, _ := strings.Cut(string(b), "-- +goose Down")
		_, up, _ = strings.Cut(up, "-- +goose Up")
		if _, err := conn.Exec(ctx, marker.ReplaceAllString(up, "")); err != nil {
			return fmt.Errorf("apply %s: %w", filepath.Base(f), err)
		}
	}
	return nil
}

// Insert writes articles into the sink's tables, as the sink does (an
// article's tags in entities, money and figures, in order). Columns the
// sink has not got yet (story_id, entities.watch) are written when the
// schema has them.
func Insert(ctx context.Context, pool *pgxpool.Pool, as ...*article.Article) error {
	var story, watch bool
	if err := pool.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'articles' AND column_name = 'story_id'),
		EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'entities' AND column_name = 'watch')`).Scan(&story, &watch); err != nil {
		return err
	}
	b := &pgx.Batch{}
	for _, a := range as {
		b.Queue(`INSERT INTO articles (id, schema, source_name, source_kind, source_locale, url, canonical_url, title, authors,
			text, highlights, language, image_url, published_at, updated_at, fetched_at, content_hash, replay, doc_hash, tagged)
			VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), nullif($7, ''), $8, $9, $10, $11, nullif($12, ''), nullif($13, ''),
			$14, $15, $16, $17, $18, '\x00', $19)`,
			a.ID, article.SchemaArticle, a.Source.Name, string(a.Source.Kind), a.Source.Locale, a.URL, a.CanonicalURL, a.Title,
			nonNil(a.Authors), a.Text, nonNil(a.Highlights), a.Language, a.ImageURL, a.PublishedAt, a.UpdatedAt, a.FetchedAt,
			a.ContentHash, a.Replay, a.Tags != nil)
		if story && a.StoryID != "" {
			b.Queue(`UPDATE articles SET story_id = $2 WHERE id = $1`, a.ID, a.StoryID)
		}
		if a.Tags == nil {
			continue
		}
		for i, e := range a.Tags.Entities {
			b.Queue(`INSERT INTO entities (article_id, ord, type, text, canonical, entity_id, start_byte, end_byte)
				VALUES ($1, $2, $3, $4, $5, nullif($6, ''), $7, $8)`, a.ID, i, e.Type, e.Text, e.Canonical, e.ID, e.Start, e.End)
			if watch && e.Watch {
				b.Queue(`UPDATE entities SET watch = true WHERE article_id = $1 AND ord = $2`, a.ID, i)
			}
		}
		for i, m := range a.Tags.Money {
			b.Queue(`INSERT INTO money (article_id, ord, text, currency, amount, amount_min, amount_max, approximate, start_byte, end_byte)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, a.ID, i, m.Text, m.Currency, m.Amount, m.Min, m.Max, m.Approximate, m.Start, m.End)
		}
		for i, f := range a.Tags.Figures {
			b.Queue(`INSERT INTO figures (article_id, ord, text, value, value_min, value_max, unit, approximate, start_byte, end_byte)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, a.ID, i, f.Text, f.Value, f.Min, f.Max, f.Unit, f.Approximate, f.Start, f.End)
		}
	}
	return pool.SendBatch(ctx, b).Close()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// AddStoryAndWatch adds the columns other stages bring (articles.story_id,
// entities.watch) when the sink's migrations do not have them yet, so the
// story: and watch: terms can be tested against a database.
func AddStoryAndWatch(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `ALTER TABLE articles ADD COLUMN IF NOT EXISTS story_id text;
		ALTER TABLE entities ADD COLUMN IF NOT EXISTS watch boolean NOT NULL DEFAULT false`)
	return err
}
