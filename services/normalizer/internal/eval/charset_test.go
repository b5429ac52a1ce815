package eval

import (
	"os"
	"testing"
)

func BenchmarkCharsetDecode(b *testing.B) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		b.Skip("NEWSWIRE_CORPORA not set")
	}
	pages, err := TrafilaturaCharsetPages(dir)
	if err != nil {
		b.Fatal(err)
	}
	total := 0
	for _, p := range pages {
		total += len(p.Body)
	}
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, p := range pages {
			charsetDecodeForBench(p)
		}
	}
}
