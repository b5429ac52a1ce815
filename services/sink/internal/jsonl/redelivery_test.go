package jsonl

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// redelivered returns a copy of a as another route delivers it: another
// URL (a WARC holding the page under a hard:: URI and its http URL),
// source, fetch time and replay flag, the same content.
func redelivered(a *article.Article, url string, later time.Duration) *article.Article {
	b := *a
	b.URL = url
	b.Source = article.Source{Name: "replay", Kind: article.KindWARC}
	b.FetchedAt = a.FetchedAt.Add(later)
	b.Replay = true
	return &b
}

// TestRedeliveryFromAnotherURLAddsNothing is the defect of issue 18:
// replaying news-sample.warc.gz twice appended a second line for
// hard::womencantalksports.com.top10.html and its http URL, which share an
// id and a content hash.
func TestRedeliveryFromAnotherURLAddsNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	s := open(t, path)
	ctx := context.Background()
	a := testArticle("a", "one")
	a.URL = "http://www.womencantalksports.com/top-10-women-talking-sports/"
	if n, err := s.Write(ctx, []*article.Article{a}); err != nil || n != 1 {
		t.Fatalf("first Write = %d, %v, want 1, nil", n, err)
	}
	for i, b := range []*article.Article{
		redelivered(a, "hard::womencantalksports.com.top10.html", 0),
		redelivered(a, "hard::womencantalksports.com.top10.html", 24*time.Hour), // the next day's replay
	} {
		if n, err := s.Write(ctx, []*article.Article{b}); err != nil || n != 0 {
			t.Errorf("re-delivery %d: Write = %d, %v, want 0, nil", i, n, err)
		}
	}
	s.Close()

	// The same after a restart, when the index is read from the file.
	s = open(t, path)
	if n, err := s.Write(ctx, []*article.Article{redelivered(a, "hard::x", time.Hour)}); err != nil || n != 0 {
		t.Errorf("re-delivery after reopen: Write = %d, %v, want 0, nil", n, err)
	}
	// A changed article adds exactly one version, once.
	changed := testArticle("a", "one, corrected")
	for i, want := range []int{1, 0} {
		if n, err := s.Write(ctx, []*article.Article{redelivered(changed, "hard::x", time.Duration(i)*time.Hour)}); err != nil || n != want {
			t.Errorf("changed article, delivery %d: Write = %d, %v, want %d, nil", i, n, err, want)
		}
	}
	if got, want := readIDs(t, path), []string{"a:one", "a:one, corrected"}; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("file lines = %v, want %v", got, want)
	}
}
