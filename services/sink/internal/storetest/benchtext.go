package storetest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unicode/utf8"
)

// BenchText is the text the sink's benchmarks write: the first 5,000 bytes
// of the seed article (internal/postgres/testdata), cut back to a rune
// boundary, so that the stores' and the search vector's figures are over
// the same article.
func BenchText(tb testing.TB) string {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0)
	seed, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "postgres", "testdata", "dailymail-2020-01-07-khamenei.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	text := seed[:5000]
	for !utf8.Valid(text) {
		text = text[:len(text)-1]
	}
	return string(text)
}
