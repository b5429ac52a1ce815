package memstore

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/search/internal/api"
	"github.com/newswire/newswire/services/search/internal/search"
	"github.com/newswire/newswire/services/search/internal/searchtest"
	"github.com/newswire/newswire/services/search/internal/storetest"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, as []*article.Article) api.Store {
		path := filepath.Join(t.TempDir(), "articles.jsonl")
		searchtest.WriteJSONL(t, path, as)
		s, err := Open(path, discard)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestFollow: the store reads what the sink appends, keeps the last
// version of an article, waits for a line to be complete, and starts
// over after a rotation.
func TestFollow(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "articles.jsonl")
	s, err := Open(path, discard)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 0 || s.Ready() != nil {
		t.Fatalf("empty store: Len %d, Ready %v", s.Len(), s.Ready())
	}
	as := searchtest.Corpus(3, 2)
	searchtest.WriteJSONL(t, path, as[:2])
	refresh(t, s)
	if s.Len() != 2 {
		t.Fatalf("Len = %d after 2 articles, want 2", s.Len())
	}
	// A new version of the first supersedes it.
	v2 := *as[0]
	v2.Title = "second version"
	searchtest.WriteJSONL(t, path, []*article.Article{&v2})
	// Half a line: not read until it is whole.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"schema":"newswire.article/v1","id":"partial"`)
	f.Close()
	refresh(t, s)
	if a, err := s.Article(context.Background(), as[0].ID); err != nil || a.Title != "second version" {
		t.Fatalf("Article after an update = %v, %v; want the second version", a, err)
	}
	if s.Len() != 2 {
		t.Fatalf("Len = %d with a partial line, want 2", s.Len())
	}
	f, _ = os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`,"title":"done","fetched_at":"2024-05-01T00:00:00Z"}` + "\n")
	f.Close()
	refresh(t, s)
	if a, err := s.Article(context.Background(), "partial"); err != nil || a.Title != "done" {
		t.Fatalf("Article(partial) = %v, %v", a, err)
	}
	// Rotation: the live file is renamed (gzipped by the sink; plain
	// here) and a new one started.
	if err := os.Rename(path, filepath.Join(dir, "articles-20240501T000000Z.jsonl")); err != nil {
		t.Fatal(err)
	}
	searchtest.WriteJSONL(t, path, as[2:])
	refresh(t, s)
	if s.Len() != 4 {
		t.Fatalf("Len = %d after a rotation, want 4", s.Len())
	}
	page, err := s.Search(context.Background(), search.Request{Sort: search.SortTime, Limit: 10})
	if err != nil || len(page.Hits) != 4 {
		t.Fatalf("Search after rotation: %d hits, %v", len(page.Hits), err)
	}
}

func refresh(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Refresh(); err != nil {
		t.Fatal(err)
	}
}
