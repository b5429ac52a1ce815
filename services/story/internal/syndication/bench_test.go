package syndication

import (
	"strings"
	"testing"
)

// BenchmarkOf is the signature of a 450-word article.
func BenchmarkOf(b *testing.B) {
	text := strings.Join(paragraphsSeeded(20, 7), "\n\n")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Of(text)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
