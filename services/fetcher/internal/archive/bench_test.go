package archive

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkNewsSample replays the 1 MB news-sample WARC.gz (72 pages) from
// NEWSWIRE_CORPORA into raw articles. Bytes are published body bytes.
func BenchmarkNewsSample(b *testing.B) {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		b.Skip("NEWSWIRE_CORPORA is not set: set it to the shared corpora directory")
	}
	path := filepath.Join(dir, "warc", "news-sample", "news-sample.warc.gz")
	var size int64
	for b.Loop() {
		src, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for {
			raw, _, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			size += int64(len(raw.Body))
		}
		src.Close()
	}
	b.SetBytes(size)
}
