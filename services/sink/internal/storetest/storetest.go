// Package storetest is the contract every store of the sink keeps, as one
// test suite that each store's tests run against a real backend (the JSONL
// file, a throwaway PostgreSQL server):
//
//   - idempotence: a batch written again, a batch repeating an article, a
//     copy decoded afresh and a re-delivery by another route (URL, source,
//     fetch time, replay flag) add nothing; the stored article keeps the
//     URL it was first stored with;
//   - versions: a changed article (text, title, tags) is written once and
//     is what a reader sees; a version fetched before the stored one that
//     arrives after it (an old archive replayed) is not stored, also after
//     a restart (package version's Order);
//   - restart: a store opened again on the same file or database knows
//     everything stored before;
//   - a failed batch: a Write that fails stores nothing a reader relies on,
//     and the whole batch written again once the backend is back stores
//     each article once.
//
// The sink's Write contract is in services/sink's store.go.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// Store is what the suite needs of a store: Write makes the batch durable
// and returns how many articles it stored anew or in a changed version.
type Store interface {
	Write(ctx context.Context, batch []*article.Article) (written int, err error)
	Close() error
}

// Stored is what a reader of the store sees of an article.
type Stored struct {
	URL, Title string
	// Entities counts its entity tags.
	Entities int
}

// Backend is one store's place (a file, a database) for one case.
type Backend struct {
	// Open opens a store on the place; after Close, it opens the same
	// place again (a restart).
	Open func(t *testing.T) Store
	// Read returns what a reader sees: each stored article's current
	// version, by id.
	Read func(t *testing.T) map[string]Stored
	// Fail makes writes to s fail, as a full disk or a database that is
	// down does, until restore is called.
	Fail func(t *testing.T, s Store) (restore func())
}

// Run runs the contract; newBackend gives each case a place of its own.
func Run(t *testing.T, newBackend func(t *testing.T) Backend) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T, b Backend)
	}{
		{"Idempotence", idempotence},
		{"Versions", versions},
		{"OlderVersionLate", olderLate},
		{"Restart", restart},
		{"FailedBatch", failedBatch},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, newBackend(t)) })
	}
}

var t0 = time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// Article returns a tagged article: two entities, an amount and a figure.
func Article(id, title string) *article.Article {
	text := "Qassem Soleimani was killed. Iran pledged £100m to 52 targets."
	return &article.Article{
		Schema: article.SchemaArticle, ID: id,
		Source: article.Source{Name: "wire", Kind: article.KindRSS},
		URL:    "https://example.com/" + id, Title: title,
		Authors: []string{"Jane Doe"}, Text: text, Highlights: []string{},
		Language: "en", PublishedAt: ptr(t0), FetchedAt: t0.Add(time.Minute),
		ContentHash: article.ContentHash(text),
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

// redelivered is a as another route delivers it later: another URL (a
// WARC holding the page under a hard:: URI), source, fetch time and the
// replay flag; the same version.
func redelivered(a *article.Article, later time.Duration) *article.Article {
	b := *a
	b.URL = "hard::" + a.ID
	b.Source = article.Source{Name: "replay", Kind: article.KindWARC}
	b.FetchedAt = a.FetchedAt.Add(later)
	b.Replay = true
	return &b
}

// changed is a new version of a: a corrected title, fetched later.
func changed(a *article.Article, title string) *article.Article {
	b := *a
	b.Title = title
	b.FetchedAt = a.FetchedAt.Add(time.Hour)
	return &b
}

// retagged is a with its last entity tag dropped.
func retagged(a *article.Article) *article.Article {
	b := *a
	tags := *a.Tags
	tags.Entities = tags.Entities[:len(tags.Entities)-1]
	b.Tags = &tags
	return &b
}

// decoded is a as the bus delivers it: encoded and decoded afresh.
func decoded(t *testing.T, a *article.Article) *article.Article {
	t.Helper()
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	b, err := article.DecodeArticle(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func write(t *testing.T, s Store, want int, batch ...*article.Article) {
	t.Helper()
	n, err := s.Write(context.Background(), batch)
	if err != nil {
		t.Fatalf("Write(%s) = %v", ids(batch), err)
	}
	if n != want {
		t.Errorf("Write(%s) = %d written, want %d", ids(batch), n, want)
	}
}

func ids(batch []*article.Article) string {
	var out []string
	for _, a := range batch {
		out = append(out, a.ID+"/"+a.Title)
	}
	return fmt.Sprint(out)
}

func open(t *testing.T, b Backend) Store {
	t.Helper()
	s := b.Open(t)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// check compares what a reader sees with want.
func check(t *testing.T, b Backend, want map[string]Stored) {
	t.Helper()
	got := b.Read(t)
	if !maps.Equal(got, want) {
		keys := slices.Sorted(maps.Keys(got))
		t.Errorf("stored articles:\n got  %v (%v)\n want %v", got, keys, want)
	}
}

func stored(a *article.Article) Stored {
	return Stored{URL: a.URL, Title: a.Title, Entities: len(a.Tags.Entities)}
}

func idempotence(t *testing.T, b Backend) {
	s := open(t, b)
	a, c := Article("a", "First"), Article("c", "Third")
	write(t, s, 2, a, c)
	write(t, s, 0, a, c)                                           // the batch again
	write(t, s, 0, c, c, a)                                        // repeats within a batch
	write(t, s, 0, decoded(t, a))                                  // a copy decoded afresh
	write(t, s, 0, redelivered(a, 0))                              // another route
	write(t, s, 0, redelivered(a, 24*time.Hour))                   // the next day's replay
	write(t, s, 1, Article("d", "Fourth"), Article("d", "Fourth")) // a new article twice in its batch
	check(t, b, map[string]Stored{"a": stored(a), "c": stored(c), "d": stored(Article("d", "Fourth"))})
}

func versions(t *testing.T, b Backend) {
	s := open(t, b)
	v1 := Article("a", "First")
	write(t, s, 1, v1)
	v2 := changed(v1, "First, corrected")
	write(t, s, 1, redelivered(v2, 0)) // a changed version, by another route
	write(t, s, 0, v2)                 // ... and again, by the first route
	check(t, b, map[string]Stored{"a": {URL: "hard::a", Title: v2.Title, Entities: 2}})
	v3 := retagged(v2) // the same text, tagged anew
	write(t, s, 1, v3, v3)
	write(t, s, 0, v3)
	check(t, b, map[string]Stored{"a": {URL: v1.URL, Title: v2.Title, Entities: 1}})
}

func olderLate(t *testing.T, b Backend) {
	s := b.Open(t)
	v1 := Article("a", "First")
	v2 := changed(v1, "First, corrected") // fetched an hour after v1
	write(t, s, 1, v2)
	write(t, s, 0, v1)                 // the older version, late
	write(t, s, 0, redelivered(v1, 0)) // ... by another route
	check(t, b, map[string]Stored{"a": stored(v2)})
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = open(t, b)
	write(t, s, 0, v1) // ... and after a restart
	check(t, b, map[string]Stored{"a": stored(v2)})
}

func restart(t *testing.T, b Backend) {
	s := b.Open(t)
	a, c := Article("a", "First"), Article("c", "Third")
	write(t, s, 2, a, c)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = open(t, b)
	write(t, s, 0, a, redelivered(c, time.Hour))
	a2 := changed(a, "First, corrected")
	write(t, s, 1, a2)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = open(t, b)
	write(t, s, 0, a2, c)
	check(t, b, map[string]Stored{"a": stored(a2), "c": stored(c)})
}

func failedBatch(t *testing.T, b Backend) {
	s := open(t, b)
	a := Article("a", "First")
	write(t, s, 1, a)
	batch := []*article.Article{Article("b", "Second"), changed(a, "First, corrected"), Article("c", "Third")}
	restore := b.Fail(t, s)
	if n, err := s.Write(context.Background(), batch); err == nil {
		restore()
		t.Fatalf("Write with the backend failing = %d, nil; want an error", n)
	}
	restore()
	check(t, b, map[string]Stored{"a": stored(a)})
	// The sink writes a failed batch again, whole, with backoff, until the
	// backend takes it (a database pool reconnects on a later attempt).
	var err error
	var n int
	for try := 0; try < 300; try++ {
		if n, err = s.Write(context.Background(), batch); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("Write after the backend is back: %v", err)
	}
	if n != 3 {
		t.Errorf("Write(the failed batch, again) = %d written, want 3", n)
	}
	write(t, s, 0, batch...)
	check(t, b, map[string]Stored{"a": stored(batch[1]), "b": stored(batch[0]), "c": stored(batch[2])})
}
