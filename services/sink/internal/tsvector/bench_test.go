package tsvector_test

import (
	"testing"

	"github.com/newswire/newswire/services/sink/internal/storetest"
	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// BenchmarkParse measures the vector of the benchmark article's text
// (BenchmarkWrite's: the seed article's first 5,000 bytes).
func BenchmarkParse(b *testing.B) {
	s := storetest.BenchText(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		v := tsvector.Parse(s)
		if _, err := v.TSVectorValue(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParser is BenchmarkParse with one Parser for every text, as the
// sink keeps one per batch.
func BenchmarkParser(b *testing.B) {
	s := storetest.BenchText(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	var p tsvector.Parser
	for b.Loop() {
		v := p.Parse(s)
		if _, err := v.TSVectorValue(); err != nil {
			b.Fatal(err)
		}
	}
}
