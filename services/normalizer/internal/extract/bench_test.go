package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// benchPages reads the trafilatura-eval pages from NEWSWIRE_CORPORA,
// keeping the valid UTF-8 ones (decoding is the charset package's job and
// is measured there).
func benchPages(b *testing.B) []string {
	b.Helper()
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		b.Skip("NEWSWIRE_CORPORA not set: set it to the shared corpora directory to benchmark on real pages")
	}
	suite := filepath.Join(dir, "extraction", "trafilatura-eval")
	raw, err := os.ReadFile(filepath.Join(suite, "evaldata.json"))
	if err != nil {
		b.Fatal(err)
	}
	var ann map[string]struct {
		File string `json:"file"`
	}
	if err := json.Unmarshal(raw, &ann); err != nil {
		b.Fatal(err)
	}
	var pages []string
	for _, a := range ann {
		for _, sub := range []string{"cache", "eval"} {
			body, err := os.ReadFile(filepath.Join(suite, sub, a.File))
			if err == nil {
				if utf8.Valid(body) {
					pages = append(pages, string(body))
				}
				break
			}
		}
	}
	if len(pages) == 0 {
		b.Fatalf("no pages under %s", suite)
	}
	return pages
}

func benchmarkHTML(b *testing.B, opts Options) {
	pages := benchPages(b)
	var bytes int64
	for _, p := range pages {
		bytes += int64(len(p))
	}
	b.SetBytes(bytes / int64(len(pages)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		HTML(pages[n%len(pages)], "https://example.com/news/story", opts)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkHTML measures whole-page extraction with the default options
// (fallback extractors on). Run with -cpu 1 for the per-core rate.
func BenchmarkHTML(b *testing.B) { benchmarkHTML(b, Options{}) }

// BenchmarkHTMLNoFallback measures extraction without the readability and
// DOM-distiller fallbacks.
func BenchmarkHTMLNoFallback(b *testing.B) { benchmarkHTML(b, Options{NoFallback: true}) }
