package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

func config(dsn string) postgres.Config {
	return postgres.Config{DSN: dsn, MaxConns: 4, ConnectTimeout: 5 * time.Second,
		StatementTimeout: 30 * time.Second, Migrate: true, MigrateTimeout: time.Minute}
}

// open starts a server and opens a store on it.
func open(t *testing.T) (*postgres.Store, *pgx.Conn, *postgrestest.Server) {
	t.Helper()
	dsn, srv := postgrestest.Start(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, config(dsn), discard)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(st.Close)
	return st, connect(t, dsn), srv
}

func connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn+"&timezone=UTC")
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func ptr[T any](v T) *T { return &v }

var t0 = time.Date(2020, 1, 7, 10, 0, 0, 0, time.UTC)

// sample returns a tagged article with two entities, one amount and one
// figure.
func sample(id string) *article.Article {
	return &article.Article{
		Schema:      article.SchemaArticle,
		ID:          id,
		Source:      article.Source{Name: "bbc-world", Kind: article.KindRSS, Locale: "en-GB"},
		URL:         "https://example.com/" + id,
		Title:       "Title of " + id,
		Authors:     []string{"Jane Doe"},
		Text:        "Qassem Soleimani was killed. Iran pledged £100m to 52 targets.",
		Highlights:  []string{},
		Language:    "en",
		PublishedAt: ptr(t0),
		FetchedAt:   t0.Add(time.Minute),
		ContentHash: "sha256:" + id,
		Tags: &article.Tags{
			Entities: []article.Entity{
				{Type: article.EntityPerson, Text: "Qassem Soleimani", Canonical: "Qassem Soleimani", Start: 0, End: 16},
				{Type: article.EntityLoc, Text: "Iran", Canonical: "Iran", ID: "IR", Start: 29, End: 33},
			},
			Money:   []article.Money{{Text: "£100m", Currency: "GBP", Amount: ptr(100e6), Start: 42, End: 48}},
			Figures: []article.Figure{{Text: "52 targets", Value: ptr(52.0), Unit: "targets", Start: 52, End: 62}},
		},
	}
}

// counts returns the rows in each table.
func counts(t *testing.T, conn *pgx.Conn) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, table := range []string{"articles", "entities", "money", "figures"} {
		var n int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		got[table] = n
	}
	return got
}

func write(t *testing.T, st *postgres.Store, batch ...*article.Article) postgres.Outcome {
	t.Helper()
	o, err := st.WriteOutcome(context.Background(), batch)
	if err != nil {
		t.Fatalf("WriteOutcome: %v", err)
	}
	return o
}

func TestConfigValidate(t *testing.T) {
	good := config("postgres://localhost/db")
	for _, tc := range []struct {
		name   string
		edit   func(*postgres.Config)
		errHas string
	}{
		{"good", func(*postgres.Config) {}, ""},
		{"no dsn", func(c *postgres.Config) { c.DSN = "" }, "SINK_POSTGRES_DSN is empty"},
		{"no conns", func(c *postgres.Config) { c.MaxConns = 0 }, "MAX_CONNS"},
		{"negative timeout", func(c *postgres.Config) { c.StatementTimeout = -time.Second }, "STATEMENT_TIMEOUT"},
		{"short migrate timeout", func(c *postgres.Config) { c.MigrateTimeout = time.Millisecond }, "MIGRATE_TIMEOUT"},
		{"no migrate, no timeout", func(c *postgres.Config) { c.Migrate, c.MigrateTimeout = false, 0 }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			err := c.Validate()
			if (err == nil) != (tc.errHas == "") || (err != nil && !strings.Contains(err.Error(), tc.errHas)) {
				t.Errorf("Validate() = %v, want error containing %q", err, tc.errHas)
			}
		})
	}
}

func TestOpenBadDSN(t *testing.T) {
	c := config("postgres://u:secret@127.0.0.1:1/db?sslmode=disable")
	c.ConnectTimeout = time.Second
	_, err := postgres.Open(context.Background(), c, discard)
	if err == nil {
		t.Fatal("Open(unreachable) = nil error, want one")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("Open error %q leaks the password", err)
	}
}

func TestMigrateConcurrentAndRerun(t *testing.T) {
	dsn, _ := postgrestest.Start(t)
	ctx := context.Background()
	// Several sinks starting at once on an empty database.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			st, err := postgres.Open(ctx, config(dsn), discard)
			if err == nil {
				st.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent Open #%d: %v", i, err)
		}
	}
	// And again, with everything applied.
	st, err := postgres.Open(ctx, config(dsn), discard)
	if err != nil {
		t.Fatalf("re-run Open: %v", err)
	}
	defer st.Close()
	conn := connect(t, dsn)
	var versions []int64
	rows, _ := conn.Query(ctx, "SELECT version_id FROM goose_db_version WHERE is_applied ORDER BY id")
	versions, err = pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatalf("read goose_db_version: %v", err)
	}
	if diff := cmp.Diff([]int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, versions); diff != "" {
		t.Errorf("applied versions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"articles": 0, "entities": 0, "money": 0, "figures": 0}, counts(t, conn)); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	if err := st.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func TestWriteRedelivery(t *testing.T) {
	st, conn, _ := open(t)
	a, b := sample("a"), sample("b")
	if got, want := write(t, st, a, b), (postgres.Outcome{Inserted: 2}); !cmp.Equal(got, want) {
		t.Errorf("first write = %+v, want %+v", got, want)
	}
	want := map[string]int{"articles": 2, "entities": 4, "money": 2, "figures": 2}
	if diff := cmp.Diff(want, counts(t, conn)); diff != "" {
		t.Fatalf("rows after first write (-want +got):\n%s", diff)
	}
	// The same batch again, a batch holding one article twice, and a copy
	// decoded afresh (a re-delivery from the bus).
	again := *a
	for i, batch := range [][]*article.Article{{a, b}, {b, b, a}, {&again}} {
		o := write(t, st, batch...)
		if want := (postgres.Outcome{Unchanged: len(batch)}); !cmp.Equal(o, want) {
			t.Errorf("re-delivery %d = %+v, want %+v", i, o, want)
		}
		if diff := cmp.Diff(want, counts(t, conn)); diff != "" {
			t.Errorf("rows after re-delivery %d (-want +got):\n%s", i, diff)
		}
	}
}

func TestWriteNewestWins(t *testing.T) {
	st, conn, _ := open(t)
	base := sample("x")
	type version func(id string) *article.Article
	v := func(title string, fetched time.Duration, updated *time.Duration, entities int) version {
		return func(id string) *article.Article {
			a := *base
			tags := *base.Tags
			a.ID, a.Tags, a.Title = id, &tags, title
			a.FetchedAt = t0.Add(fetched)
			if updated != nil {
				a.UpdatedAt = ptr(t0.Add(*updated))
			}
			a.Tags.Entities = base.Tags.Entities[:entities]
			return &a
		}
	}
	stored := func(id string) (title string, entities int) {
		t.Helper()
		err := conn.QueryRow(context.Background(),
			"SELECT title, (SELECT count(*) FROM entities WHERE article_id = $1) FROM articles WHERE id = $1", id).Scan(&title, &entities)
		if err != nil {
			t.Fatalf("read %s: %v", id, err)
		}
		return title, entities
	}
	hour := time.Hour
	for i, tc := range []struct {
		name          string
		stored, later version
		wantTitle     string
		wantEntities  int
		want          postgres.Outcome
		// tie: the versions are equal, so in one batch the later wins.
		tie bool
	}{
		{"newer fetch replaces", v("old", 0, nil, 2), v("new", hour, nil, 1), "new", 1, postgres.Outcome{Updated: 1}, false},
		{"older fetch arriving late is ignored", v("new", hour, nil, 1), v("old", 0, nil, 2), "new", 1, postgres.Outcome{Unchanged: 1}, false},
		{"same fetch, later updated_at replaces", v("old", 0, &hour, 2), v("new", 0, ptr(2*hour), 1), "new", 1, postgres.Outcome{Updated: 1}, false},
		{"same fetch, updated_at beats none", v("old", 0, nil, 2), v("new", 0, &hour, 1), "new", 1, postgres.Outcome{Updated: 1}, false},
		{"same fetch, no updated_at loses", v("new", 0, &hour, 1), v("old", 0, nil, 2), "new", 1, postgres.Outcome{Unchanged: 1}, false},
		{"newer fetch, older updated_at still replaces", v("old", 0, ptr(2*hour), 2), v("new", hour, &hour, 1), "new", 1, postgres.Outcome{Updated: 1}, false},
		{"same version retagged replaces", v("same", 0, nil, 2), v("same", 0, nil, 1), "same", 1, postgres.Outcome{Updated: 1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := fmt.Sprintf("case%d", i)
			write(t, st, tc.stored(id))
			if got := write(t, st, tc.later(id)); !cmp.Equal(got, tc.want) {
				t.Errorf("second write = %+v, want %+v", got, tc.want)
			}
			if title, n := stored(id); title != tc.wantTitle || n != tc.wantEntities {
				t.Errorf("stored title, entities = %q, %d, want %q, %d", title, n, tc.wantTitle, tc.wantEntities)
			}
			// Both in one batch, in either order, end the same way.
			for j, order := range [][]version{{tc.stored, tc.later}, {tc.later, tc.stored}} {
				if tc.tie && j == 1 {
					continue
				}
				id := fmt.Sprintf("case%d-batch%d", i, j)
				o := write(t, st, order[0](id), order[1](id))
				if want := (postgres.Outcome{Inserted: 1, Unchanged: 1}); !cmp.Equal(o, want) {
					t.Errorf("one batch, order %d = %+v, want %+v", j, o, want)
				}
				if title, n := stored(id); title != tc.wantTitle || n != tc.wantEntities {
					t.Errorf("one batch, order %d: stored title, entities = %q, %d, want %q, %d", j, title, n, tc.wantTitle, tc.wantEntities)
				}
			}
		})
	}
}

func TestWriteRejections(t *testing.T) {
	st, conn, _ := open(t)
	nul := sample("nul")
	nul.Title = "bad\x00title"
	backwards := sample("backwards") // end before start: a CHECK in the schema refuses it
	backwards.Tags.Entities[1].End = 1
	var long strings.Builder // too long for a btree index entry, even compressed
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		long.WriteByte(byte('a' + rnd.IntN(26)))
	}
	huge := sample("huge")
	huge.Tags.Entities[0].Canonical = long.String()
	nan := sample("nan")
	nan.Tags.Money[0].Amount = ptr(0.0)
	*nan.Tags.Money[0].Amount /= *nan.Tags.Money[0].Amount
	batch := []*article.Article{sample("ok1"), nul, backwards, sample("ok2"), huge, nil, nan, sample("ok3")}
	o := write(t, st, batch...)
	var got []string
	for _, r := range o.Rejections {
		got = append(got, fmt.Sprintf("%d %s", r.Index, r.ID))
		if r.Reason == nil {
			t.Errorf("rejection %d has no reason", r.Index)
		}
		t.Logf("%v", r)
	}
	want := []string{"1 nul", "2 backwards", "4 huge", "5 ", "6 nan"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejections (-want +got):\n%s", diff)
	}
	if o.Inserted != 3 {
		t.Errorf("Inserted = %d, want 3", o.Inserted)
	}
	if diff := cmp.Diff(map[string]int{"articles": 3, "entities": 6, "money": 3, "figures": 3}, counts(t, conn)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestWriteOutage(t *testing.T) {
	st, conn, srv := open(t)
	ctx := context.Background()
	var all []*article.Article
	batch := func(n int) []*article.Article {
		var b []*article.Article
		for range 10 {
			b = append(b, sample(fmt.Sprintf("a%03d", n)))
			n++
		}
		all = append(all, b...)
		return b
	}
	write(t, st, batch(0)...)
	srv.Stop()
	down := batch(10)
	if _, err := st.Write(ctx, down); err == nil {
		t.Fatal("Write with the database down = nil error, want one")
	}
	srv.Start()
	// The sink retries a failed batch with backoff; the pool reconnects.
	var err error
	for try := range 20 {
		if _, err = st.Write(ctx, down); err == nil {
			break
		}
		t.Logf("retry %d: %v", try, err)
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("Write after restart: %v", err)
	}
	write(t, st, batch(20)...)
	conn = connect(t, srv.DSN("postgres"))
	rows, _ := conn.Query(ctx, "SELECT id FROM articles ORDER BY id")
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range all {
		want = append(want, a.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"articles": 30, "entities": 60, "money": 30, "figures": 30}, counts(t, conn)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestDeleteCascades(t *testing.T) {
	st, conn, _ := open(t)
	write(t, st, sample("a"), sample("b"))
	if _, err := conn.Exec(context.Background(), "DELETE FROM articles WHERE id = 'a'"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"articles": 1, "entities": 2, "money": 1, "figures": 1}, counts(t, conn)); diff != "" {
		t.Errorf("rows after deleting one article (-want +got):\n%s", diff)
	}
}

// TestTags checks that a.tags, which the schema rebuilds from the tag
// tables, gives back the tags as written, and NULL for an untagged article.
func TestTags(t *testing.T) {
	st, conn, _ := open(t)
	rich := sample("rich")
	rich.Tags.Money = append(rich.Tags.Money,
		article.Money{Text: "£50m to £200m", Currency: "GBP", Min: ptr(50e6), Max: ptr(200e6), Start: 1, End: 9},
		article.Money{Text: "about 75p", Currency: "GBP", Amount: ptr(0.75), Approximate: true, Start: 2, End: 11})
	rich.Tags.Figures = append(rich.Tags.Figures,
		article.Figure{Text: "3.5 to 4 per cent", Min: ptr(3.5), Max: ptr(4.0), Unit: "percent", Approximate: true, Start: 3, End: 20})
	rich.Tags.Entities = append(rich.Tags.Entities,
		article.Entity{Type: "ORG", Text: "GOLDMAN SACHS", Canonical: "Goldman Sachs", ID: "client-17", Start: 4, End: 17, Watch: true})
	empty := sample("empty")
	empty.Tags = &article.Tags{Entities: []article.Entity{}, Money: []article.Money{}, Figures: []article.Figure{}}
	untagged := sample("untagged")
	untagged.Tags = nil
	write(t, st, rich, empty, untagged)
	for _, a := range []*article.Article{rich, empty, untagged} {
		t.Run(a.ID, func(t *testing.T) {
			var doc []byte
			if err := conn.QueryRow(context.Background(), "SELECT a.tags FROM articles a WHERE a.id = $1", a.ID).Scan(&doc); err != nil {
				t.Fatal(err)
			}
			var got *article.Tags
			if doc == nil { // SQL NULL
				doc = []byte("null")
			}
			if err := json.Unmarshal(doc, &got); err != nil {
				t.Fatalf("decode %s: %v", doc, err)
			}
			if diff := cmp.Diff(a.Tags, got); diff != "" {
				t.Errorf("tags of %s (-written +read):\n%s", a.ID, diff)
			}
		})
	}
	// The query docs/postgres.md gives to rebuild a whole document.
	var doc map[string]any
	err := conn.QueryRow(context.Background(),
		"SELECT to_jsonb(a) - 'doc_hash' - 'stored_at' - 'tagged' || jsonb_build_object('tags', a.tags) FROM articles a WHERE id = $1",
		"rich").Scan(&doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc["tags"].(map[string]any)["money"].([]any)[1].(map[string]any)["max"]; got != 200e6 {
		t.Errorf("rebuilt document: tags.money[1].max = %v, want 2e8", got)
	}
	if got := doc["title"]; got != "Title of rich" {
		t.Errorf("rebuilt document: title = %v, want %q", got, "Title of rich")
	}
}

// TestWriteBigBatch writes a batch big enough to be split into concurrent
// transactions, with rejections and a repeat in it, and then again.
func TestWriteBigBatch(t *testing.T) {
	st, conn, _ := open(t)
	var batch []*article.Article
	for i := range 300 {
		a := sample(fmt.Sprintf("a%03d", i))
		switch i {
		case 50: // refused before the database
			a.Title = "bad\x00title"
		case 120, 250: // refused by the database (a CHECK), in either half
			a.Tags.Entities[1].End = 1
		}
		batch = append(batch, a)
	}
	batch = append(batch, sample("a007")) // a repeat
	o := write(t, st, batch...)
	var rejected []int
	for _, r := range o.Rejections {
		rejected = append(rejected, r.Index)
	}
	if diff := cmp.Diff([]int{50, 120, 250}, rejected); diff != "" {
		t.Errorf("rejected indexes (-want +got):\n%s", diff)
	}
	if o.Inserted != 297 || o.Updated != 0 || o.Unchanged != 1 {
		t.Errorf("first write = %d inserted, %d updated, %d unchanged, want 297, 0, 1", o.Inserted, o.Updated, o.Unchanged)
	}
	if diff := cmp.Diff(map[string]int{"articles": 297, "entities": 594, "money": 297, "figures": 297}, counts(t, conn)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	o = write(t, st, batch...)
	if o.Inserted != 0 || o.Updated != 0 || o.Unchanged != 298 || len(o.Rejections) != 3 {
		t.Errorf("second write = %+v, want 298 unchanged and 3 rejections", o)
	}
}
