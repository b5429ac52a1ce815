package tsvector_test

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// BenchmarkParse measures the vector of the benchmark article's text
// (BenchmarkWrite's: the seed article's first 5,000 bytes).
func BenchmarkParse(b *testing.B) {
	seed, err := os.ReadFile("../postgres/testdata/dailymail-2020-01-07-khamenei.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := seed[:5000]
	for !utf8.Valid(text) {
		text = text[:len(text)-1]
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		v := tsvector.Parse(s)
		if _, err := v.TSVectorValue(); err != nil {
			b.Fatal(err)
		}
	}
}
