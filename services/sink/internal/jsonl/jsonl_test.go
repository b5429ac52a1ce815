package jsonl

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
	s, err := Open(path, Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
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

// TestWriteLargeBatch writes a batch big enough to be encoded in parts,
// with repeats inside it and of stored articles, and checks the file
// holds each new line once, in batch order.
func TestWriteLargeBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	s := open(t, path)
	ctx := context.Background()
	if _, err := s.Write(ctx, []*article.Article{testArticle("stored", "old")}); err != nil {
		t.Fatal(err)
	}
	var batch []*article.Article
	want := []string{"stored:old"}
	for i := range 300 {
		id := fmt.Sprintf("a%03d", i)
		switch {
		case i%50 == 7: // the same as the article before: a repeat
			batch = append(batch, testArticle(fmt.Sprintf("a%03d", i-1), "text"))
			continue
		case i%50 == 9: // a stored article, unchanged
			batch = append(batch, testArticle("stored", "old"))
			continue
		case i%50 == 11: // a new version of the article before
			batch = append(batch, testArticle(fmt.Sprintf("a%03d", i-1), "changed"))
			want = append(want, fmt.Sprintf("a%03d:changed", i-1))
			continue
		}
		batch = append(batch, testArticle(id, "text"))
		want = append(want, id+":text")
	}
	n, err := s.Write(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	// Write counts articles (ids), not lines: two versions of one id in a
	// batch count once.
	if want := len(want) - 1 - 6; n != want {
		t.Errorf("Write(batch of %d) = %d, want %d", len(batch), n, want)
	}
	if diff := cmp.Diff(want, readIDs(t, path)); diff != "" {
		t.Errorf("file lines (-want +got):\n%s", diff)
	}
}

func TestRotationBySizeKeepsIdempotence(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "articles.jsonl")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(path, Options{MaxBytes: 600, Gzip: true}, log)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	ctx := context.Background()
	for i := range 6 {
		if _, err := s.Write(ctx, []*article.Article{testArticle(fmt.Sprintf("id-%d", i), strings.Repeat("x", 200))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rotated, err := rotatedFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rotated) < 2 {
		t.Fatalf("rotated files = %v, want at least 2 with a 600-byte limit", rotated)
	}
	for _, r := range rotated {
		if !strings.HasSuffix(r, ".jsonl.gz") {
			t.Errorf("rotated file %s is not compressed", r)
		}
	}
	// Reopened, the store knows every article, rotated ones included.
	s2, err := Open(path, Options{MaxBytes: 600, Gzip: true}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := s2.Len(); got != 6 {
		t.Errorf("Len() after reopening = %d, want 6", got)
	}
	if n, err := s2.Write(ctx, []*article.Article{testArticle("id-0", strings.Repeat("x", 200))}); err != nil || n != 0 {
		t.Errorf("Write(article in a rotated file) = %d, %v, want 0, nil", n, err)
	}
}

func TestRotationByAge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	s := open(t, path)
	s.opts.MaxAge = time.Hour
	clock := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s.now = func() time.Time { return clock }
	ctx := context.Background()
	if _, err := s.Write(ctx, []*article.Article{testArticle("a", "one")}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(30 * time.Minute)
	if _, err := s.Write(ctx, []*article.Article{testArticle("b", "two")}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(31 * time.Minute)
	if _, err := s.Write(ctx, []*article.Article{testArticle("c", "three")}); err != nil {
		t.Fatal(err)
	}
	rotated, err := rotatedFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(path), "articles-20240102T040505.000000000Z.jsonl"); len(rotated) != 1 || rotated[0] != want {
		t.Errorf("rotated = %v, want [%s]", rotated, want)
	}
	if got := readIDs(t, path); len(got) != 1 || got[0] != "c:three" {
		t.Errorf("current file = %v, want [c:three]", got)
	}
}
