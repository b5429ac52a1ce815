package harness

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCopyURI(t *testing.T) {
	tests := []struct {
		uri  string
		k    int
		want string
	}{
		{"https://news.example/a/b.html", 0, "https://news.example/a/b.html?nwcopy=0"},
		{"https://news.example/a?id=7", 3, "https://news.example/a?id=7&nwcopy=3"},
		{"https://news.example/a#top", 1, "https://news.example/a?nwcopy=1#top"},
		{"hard::site.example-story.html", 2, "https://copy.invalid/hard::site.example-story.html?nwcopy=2"},
	}
	for _, tt := range tests {
		if got := CopyURI(tt.uri, tt.k); got != tt.want {
			t.Errorf("CopyURI(%q, %d) = %q, want %q", tt.uri, tt.k, got, tt.want)
		}
	}
}

func TestReplicateWARC(t *testing.T) {
	var src bytes.Buffer
	page := `<html><head><link rel="canonical" href="https://news.example/c"><meta property="og:url" content="https://news.example/c"></head><body><p>Text.</p></body></html>`
	date := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, u := range []string{"https://news.example/1", "https://news.example/2"} {
		if err := WriteWARCRecord(&src, u, []byte(page), date); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := ReadWARC(&src)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	copies, err := ReplicateWARC(&out, recs, 5)
	if err != nil || copies != 3 {
		t.Fatalf("ReplicateWARC(2 records, 5) = %d, %v; want 3 copies", copies, err)
	}
	zr, err := gzip.NewReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadWARC(zr)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range got {
		uris = append(uris, r.Get("WARC-Target-URI"))
		if bytes.Contains(r.Block, []byte("canonical")) || bytes.Contains(r.Block, []byte("og:url")) {
			t.Errorf("record %s still claims a canonical address:\n%s", r.Get("WARC-Target-URI"), r.Block)
		}
		if !strings.Contains(string(r.Block), "Content-Length: "+strconv.Itoa(len(page))) {
			t.Errorf("record %s: HTTP Content-Length no longer matches the body", r.Get("WARC-Target-URI"))
		}
	}
	want := []string{"https://news.example/1?nwcopy=0", "https://news.example/2?nwcopy=0", "https://news.example/1?nwcopy=1", "https://news.example/2?nwcopy=1", "https://news.example/1?nwcopy=2"}
	if diff := cmp.Diff(want, uris); diff != "" {
		t.Errorf("target URIs (-want +got):\n%s", diff)
	}
}
