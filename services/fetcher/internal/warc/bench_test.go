package warc

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// vocabulary makes n random lower-case words of 2 to 9 letters.
func vocabulary(rng *rand.Rand, n int) []string {
	words := make([]string, n)
	for i := range words {
		w := make([]byte, 2+rng.IntN(8))
		for j := range w {
			w[j] = byte('a' + rng.IntN(26))
		}
		words[i] = string(w)
	}
	return words
}

// htmlPage makes a ~20 KB news-like page from the vocabulary, word
// frequencies following Zipf's law as in real text.
func htmlPage(rng *rand.Rand, words []string, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>Story %d</title></head><body><article>", i)
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(words)-1))
	for b.Len() < 20<<10 {
		b.WriteString("<p>")
		for range 40 {
			b.WriteString(words[zipf.Uint64()])
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d.</p>\n", rng.IntN(100000))
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// BenchmarkReadGzip reads a WARC.gz of 200 ~20 KB HTML responses, one gzip
// member each, decoding every HTTP body. Bytes are uncompressed WARC bytes.
func BenchmarkReadGzip(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var parts []string
	total := 0
	words := vocabulary(rng, 3000)
	for i := range 200 {
		page := htmlPage(rng, words, i)
		http := "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
			fmt.Sprint(len(page)) + "\r\n\r\n" + page
		rec := record(TypeResponse, fmt.Sprintf("https://news.example/%d", i), "application/http; msgtype=response", http)
		parts = append(parts, rec)
		total += len(rec)
	}
	data := gzipMembers(b, parts...)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rd := NewReader(bytes.NewReader(data))
		n := 0
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			resp, err := rec.HTTP()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, resp.Body); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 200 {
			b.Fatalf("read %d records, want 200", n)
		}
	}
	b.ReportMetric(float64(total)/float64(len(data)), "ratio")
}
