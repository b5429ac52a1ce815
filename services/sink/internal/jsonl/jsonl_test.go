package jsonl

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

func testArticle(id, text string) *article.Article {
	return &article.Article{
		Schema: article.SchemaArticle, ID: id, Text: text, Title: "t",
		Authors: []string{}, Highlights: []string{},
		FetchedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), ContentHash: article.ContentHash(text),
	}
}

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func readIDs(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a article.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		ids = append(ids, a.ID+":"+a.Text)
	}
	return ids
}

func TestWriteIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out", "articles.jsonl")
	s := open(t, path)
	ctx := context.Background()
	batch := []*article.Article{testArticle("a", "one"), testArticle("b", "two")}
	if n, err := s.Write(ctx, batch); err != nil || n != 2 {
		t.Fatalf("first Write = %d, %v, want 2, nil", n, err)
	}
	// A redelivered batch, and a batch repeating an id within itself.
	if n, err := s.Write(ctx, batch); err != nil || n != 0 {
		t.Fatalf("redelivered Write = %d, %v, want 0, nil", n, err)
	}
	if n, err := s.Write(ctx, []*article.Article{testArticle("c", "3"), testArticle("c", "3")}); err != nil || n != 1 {
		t.Fatalf("Write with a repeated id = %d, %v, want 1, nil", n, err)
	}
	s.Close()

	// After a restart the index is rebuilt from the file.
	s2 := open(t, path)
	if n, err := s2.Write(ctx, batch); err != nil || n != 0 {
		t.Fatalf("Write after reopen = %d, %v, want 0, nil", n, err)
	}
	if got := s2.Len(); got != 3 {
		t.Errorf("Len() = %d, want 3", got)
	}
	want := []string{"a:one", "b:two", "c:3"}
	if got := readIDs(t, path); len(got) != len(want) || got[0] != want[0] || got[2] != want[2] {
		t.Errorf("file lines = %v, want %v", got, want)
	}
}

func TestNewVersionSupersedes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	s := open(t, path)
	ctx := context.Background()
	if _, err := s.Write(ctx, []*article.Article{testArticle("a", "v1")}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Write(ctx, []*article.Article{testArticle("a", "v2")}); err != nil || n != 1 {
		t.Fatalf("Write(new version) = %d, %v, want 1, nil", n, err)
	}
	if got, want := readIDs(t, path), []string{"a:v1", "a:v2"}; len(got) != 2 || got[1] != want[1] {
		t.Errorf("file lines = %v, want %v (the last line for an id wins)", got, want)
	}
}

func TestOpenCutsTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	s := open(t, path)
	if _, err := s.Write(context.Background(), []*article.Article{testArticle("a", "one")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"schema":"newswire.article/v1","id":"b","te`); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s2 := open(t, path)
	if got := s2.Len(); got != 1 {
		t.Errorf("Len() after torn line = %d, want 1", got)
	}
	if n, err := s2.Write(context.Background(), []*article.Article{testArticle("b", "two")}); err != nil || n != 1 {
		t.Fatalf("Write = %d, %v, want 1, nil", n, err)
	}
	if got := readIDs(t, path); len(got) != 2 || got[1] != "b:two" {
		t.Errorf("file lines = %v, want [a:one b:two]", got)
	}
}
