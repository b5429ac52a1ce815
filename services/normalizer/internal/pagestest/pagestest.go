// Package pagestest gives the normalizer's tests the HTML pages of the
// public trafilatura-eval suite, for tests that hold a rewritten piece of
// the extractors to the code it replaced on real pages.
package pagestest

import (
	"os"
	"path/filepath"
	"testing"
)

// Cache returns the pages of the suite's cache folder (110 news and blog
// pages) under $NEWSWIRE_CORPORA, which make test sets, or nil when it is
// unset. It fails t when the variable names a folder without them.
func Cache(t testing.TB) []string {
	t.Helper()
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "extraction", "trafilatura-eval", "cache", "*"))
	if len(files) == 0 {
		t.Fatalf("no trafilatura-eval pages under %s", dir)
	}
	pages := make([]string, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(b))
	}
	return pages
}

// SkipWithout ends t as skipped when $NEWSWIRE_CORPORA is unset, saying
// that only the crafted cases ran; call it after them.
func SkipWithout(t testing.TB) {
	t.Helper()
	if os.Getenv("NEWSWIRE_CORPORA") == "" {
		t.Skip("NEWSWIRE_CORPORA not set (make test sets it): only the crafted pages were compared")
	}
}
