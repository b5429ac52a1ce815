package sitemap

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
)

func date(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func parseFile(t *testing.T, path string) *Sitemap {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err = Decompress(b, MaxUncompressed)
	if err != nil {
		t.Fatalf("Decompress(%s): %v", path, err)
	}
	sm, err := Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return sm
}

func TestParseCorpus(t *testing.T) {
	tests := []struct {
		file      string
		index     bool
		urls      int
		first     *URL
		firstRef  *Ref
		refsCount int
	}{
		{file: "testdata/sitemap-news.xml", urls: 1, first: &URL{
			Loc: "http://www.example.com/business/article55.html",
			News: &News{Title: "Companies A, B in Merger Talks", PublicationDate: date("2008-12-23T00:00:00Z"),
				Name: "The Example Times", Language: "en"},
		}},
		{file: "testdata/sitemap.xml", urls: 84, first: &URL{Loc: "https://www.sitemaps.org/", Lastmod: date("2016-11-21T00:00:00Z")}},
		{file: "testdata/sitemap.xml.gz", urls: 84, first: &URL{Loc: "https://www.sitemaps.org/", Lastmod: date("2016-11-21T00:00:00Z")}},
		{file: "testdata/sitemap-hreflang.xml", urls: 3, first: &URL{Loc: "http://www.example.com/english/page.html"}},
		{file: "testdata/sitemap2.xml", index: true, refsCount: 2, firstRef: &Ref{Loc: "http://www.example.com/sitemap1.xml.gz", Lastmod: date("2004-10-01T18:23:17Z")}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sm := parseFile(t, tt.file)
			if sm.Index != tt.index || len(sm.URLs) != tt.urls || len(sm.Sitemaps) != tt.refsCount {
				t.Fatalf("Parse(%s) = index %v, %d urls, %d sitemaps; want %v, %d, %d",
					tt.file, sm.Index, len(sm.URLs), len(sm.Sitemaps), tt.index, tt.urls, tt.refsCount)
			}
			if tt.first != nil {
				if diff := cmp.Diff(*tt.first, sm.URLs[0]); diff != "" {
					t.Errorf("Parse(%s) first url (-want +got):\n%s", tt.file, diff)
				}
			}
			if tt.firstRef != nil {
				if diff := cmp.Diff(*tt.firstRef, sm.Sitemaps[0]); diff != "" {
					t.Errorf("Parse(%s) first ref (-want +got):\n%s", tt.file, diff)
				}
				if got, want := sm.Sitemaps[1].Loc, "http://www.example.com/sitemap2.xml.gz"; got != want {
					t.Errorf("Parse(%s) CDATA loc = %q, want %q", tt.file, got, want)
				}
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "<html><body/></html>", "<urlset><url><loc>x</loc>", "not xml"} {
		if sm, err := Parse(strings.NewReader(in)); err == nil && in != "<urlset><url><loc>x</loc>" {
			t.Errorf("Parse(%q) = %+v, nil; want an error", in, sm)
		}
	}
}

func TestParseLenient(t *testing.T) {
	in := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<urlset><url><loc>https://example.com/a?x=1&y=2</loc><lastmod>2024-05-06T07:08:09+02:00</lastmod></url>
<url><loc> https://example.com/&b; </loc><lastmod>yesterday</lastmod></url></urlset>`
	sm, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []URL{
		{Loc: "https://example.com/a?x=1&y=2", Lastmod: date("2024-05-06T05:08:09Z")},
		{Loc: "https://example.com/&b;"},
	}
	if diff := cmp.Diff(want, sm.URLs); diff != "" {
		t.Errorf("Parse lenient (-want +got):\n%s", diff)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want *time.Time
	}{
		{"2008-12-23", date("2008-12-23T00:00:00Z")},
		{"2004-10-01T18:23:17+00:00", date("2004-10-01T18:23:17Z")},
		{"2024-01-02T03:04+05:00", date("2024-01-01T22:04:00Z")},
		{"2024-01-02T03:04:05.123Z", date("2024-01-02T03:04:05.123Z")},
		{"2024-01-02 03:04:05", date("2024-01-02T03:04:05Z")},
		{"2024-01", date("2024-01-01T00:00:00Z")},
		{"", nil},
		{"last week", nil},
	}
	for _, tt := range tests {
		if got := parseDate(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDecompressBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(make([]byte, 8<<20))
	zw.Close()
	if _, err := Decompress(buf.Bytes(), 1<<20); !errors.Is(err, httpfetch.ErrTooLarge) {
		t.Errorf("Decompress(8 MiB bomb, 1 MiB) error = %v, want ErrTooLarge", err)
	}
	plain := []byte("<urlset/>")
	if got, err := Decompress(plain, 1<<20); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("Decompress(plain) = %q, %v; want it unchanged", got, err)
	}
}

// FuzzParse: no input panics the parser or yields more than MaxEntries.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/sitemap-news.xml", "testdata/sitemap2.xml", "testdata/sitemap-hreflang.xml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<urlset><url><loc>a</loc><news:news><news:title>t</news:title></news:news></url></urlset>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sm, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(sm.URLs) > MaxEntries || len(sm.Sitemaps) > MaxEntries {
			t.Errorf("Parse(%q) kept %d urls, %d sitemaps; over %d", data, len(sm.URLs), len(sm.Sitemaps), MaxEntries)
		}
		for _, u := range sm.URLs {
			if u.Loc == "" {
				t.Errorf("Parse(%q) kept a url without loc", data)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/sitemap.xml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
