package archive

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
)

// corpus is the warc package's copy of the public WARC test files.
const corpus = "../warc/testdata/"

// got is what a test compares about a whole read.
type got struct {
	URLs    []string
	Errors  []string // "offset N" or "line N" of each *Error
	Skipped map[Skip]int
}

func readSource(t *testing.T, path string, opts Options) (got, []*article.Raw, []Position) {
	t.Helper()
	src, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%q) = %v", path, err)
	}
	defer src.Close()
	var g got
	var raws []*article.Raw
	var poss []Position
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatal("source did not stop")
		}
		raw, pos, err := src.Next()
		if err == io.EOF {
			break
		}
		var ae *Error
		if errors.As(err, &ae) {
			g.Errors = append(g.Errors, filepath.Base(ae.Pos.File)+"@"+itoa(ae.Pos.Offset)+"#"+itoa(ae.Pos.Index))
			continue
		}
		if err != nil {
			t.Fatalf("Next() = %v, want a record, *Error or io.EOF", err)
		}
		g.URLs = append(g.URLs, raw.URL)
		raws = append(raws, raw)
		poss = append(poss, pos)
	}
	st := src.Stats()
	g.Skipped = st.Skipped
	if st.Published != len(raws) || st.Errors != len(g.Errors) {
		t.Errorf("Stats() = %+v, want %d published and %d errors", st, len(raws), len(g.Errors))
	}
	return g, raws, poss
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestWARC(t *testing.T) {
	tests := []struct {
		file string
		want got
	}{
		{"warcio/example.warc.gz", got{
			URLs:    []string{"http://example.com/"},
			Skipped: map[Skip]int{SkipRecordType: 4, SkipRevisit: 1},
		}},
		{"warcio/example-iana.org-chunked.warc", got{
			URLs:    []string{"http://www.iana.org/"},
			Skipped: map[Skip]int{SkipRecordType: 2},
		}},
		{"warcio/example-wget-bad-target-uri.warc.gz", got{
			URLs:    []string{"http://example.com/"},
			Skipped: map[Skip]int{SkipRecordType: 3, SkipScheme: 2},
		}},
		{"warcio/example-trunc.warc", got{
			Errors:  []string{"example-trunc.warc@1197#3", "example-trunc.warc@2560#0"},
			Skipped: map[Skip]int{SkipRecordType: 3},
		}},
		{"warcio/example.arc.gz", got{
			Errors:  []string{"example.arc.gz@0#0"},
			Skipped: map[Skip]int{},
		}},
		{"warcio/example-space-in-target-uri.warc.gz", got{
			Skipped: map[Skip]int{SkipRecordType: 1, SkipContentType: 1},
		}},
		{"gowarc/test.warc.gz", got{
			Skipped: map[Skip]int{SkipRecordType: 2, SkipContentType: 1},
		}},
		{"gowarc/skip-non-open.warc.gz", got{
			URLs: []string{
				"https://test-site-0.example.com/page/0", "https://test-site-1.example.com/page/1",
				"https://test-site-2.example.com/page/2", "https://test-site-3.example.com/page/3",
				"https://test-site-4.example.com/page/4", "https://test-site-0.example.com/page/5",
				"https://test-site-1.example.com/page/6", "https://test-site-2.example.com/page/7",
				"https://test-site-3.example.com/page/8", "https://test-site-4.example.com/page/9",
			},
			Skipped: map[Skip]int{},
		}},
		{"whirlwind/whirlwind.warc.gz", got{
			URLs:    []string{"https://an.wikipedia.org/wiki/Escopete"},
			Skipped: map[Skip]int{SkipRecordType: 3},
		}},
		{"whirlwind/whirlwind.warc.wet.gz", got{
			URLs:    []string{"https://an.wikipedia.org/wiki/Escopete"},
			Skipped: map[Skip]int{SkipRecordType: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			g, _, _ := readSource(t, corpus+tt.file, Options{})
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("read %s (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestWARCRaw(t *testing.T) {
	_, raws, poss := readSource(t, corpus+"warcio/example.warc.gz", Options{Name: "archive-test", Replay: true})
	if len(raws) != 1 {
		t.Fatalf("read %d records, want 1", len(raws))
	}
	raw := raws[0]
	gotHead := string(raw.Body[:15])
	raw.Body = nil
	want := &article.Raw{
		Schema:      article.SchemaRaw,
		ID:          article.IDFromURL("http://example.com/"),
		Source:      article.Source{Name: "archive-test", Kind: article.KindWARC},
		URL:         "http://example.com/",
		ContentType: "text/html",
		FetchedAt:   time.Date(2017, 3, 6, 4, 2, 6, 0, time.UTC),
		Replay:      true,
	}
	if diff := cmp.Diff(want, raw); diff != "" {
		t.Errorf("raw (-want +got):\n%s", diff)
	}
	if gotHead != "<!doctype html>" {
		t.Errorf("body starts %q, want the decoded HTML", gotHead)
	}
	wantPos := Position{File: corpus + "warcio/example.warc.gz", Offset: 784, Index: 3, Seekable: true}
	if diff := cmp.Diff(wantPos, poss[0]); diff != "" {
		t.Errorf("position (-want +got):\n%s", diff)
	}
}

func jsonlDump() string {
	return strings.Join([]string{
		`{"schema":"newswire.raw/v1","id":"abc","source":{"name":"bbc","kind":"rss"},"url":"https://news.example/raw","content_type":"text/html","fetched_at":"2024-05-01T10:00:00Z","body":"` + base64.StdEncoding.EncodeToString([]byte("<p>raw</p>")) + `"}`,
		`{"url":"https://news.example/story","title":"Rates held","text":"The bank held rates.","published_at":"2024-05-01T08:00:00Z","authors":["Ann Lee"]}`,
		``,
		`{"url":"https://news.example/page","content_type":"text/html; charset=utf-8","fetched_at":"2024-05-02T09:00:00Z","body_base64":"` + base64.StdEncoding.EncodeToString([]byte("<html>page</html>")) + `"}`,
		`{"url":"https://news.example/broken",`,
		`{"url":"https://news.example/logo.png","content_type":"image/png","body_base64":"iVBORw0KGgo="}`,
		`{"url":"https://news.example/robots.txt","content_type":"text/plain","body_base64":"VXNlci1hZ2VudDogKg=="}`,
		`{"url":"https://news.example/nobody"}`,
		`{"text":"No URL, no title."}`,
	}, "\n") + "\n"
}

func TestJSONL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dump.jsonl")
	if err := os.WriteFile(path, []byte(jsonlDump()), 0o644); err != nil {
		t.Fatal(err)
	}
	g, raws, poss := readSource(t, path, Options{Name: "dump"})
	want := got{
		URLs:    []string{"https://news.example/raw", "https://news.example/story", "https://news.example/page", ""},
		Errors:  []string{"dump.jsonl@" + itoa(int64(offsetOfLine(jsonlDump(), 5))) + "#5", "dump.jsonl@" + itoa(int64(offsetOfLine(jsonlDump(), 8))) + "#8"},
		Skipped: map[Skip]int{SkipContentType: 1, SkipRobots: 1},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Fatalf("read dump (-want +got):\n%s", diff)
	}
	published := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	type view struct {
		ID, Name, Kind, CT, Body string
		Hints                    *article.Hints
		Line                     int64
	}
	var gotViews []view
	for i, r := range raws {
		gotViews = append(gotViews, view{r.ID, r.Source.Name, string(r.Source.Kind), r.ContentType, string(r.Body), r.Hints, poss[i].Index})
	}
	wantViews := []view{
		{"abc", "bbc", "rss", "text/html", "<p>raw</p>", nil, 1},
		{article.IDFromURL("https://news.example/story"), "dump", "jsonl", "text/plain; charset=utf-8", "Rates held\n\nThe bank held rates.",
			&article.Hints{Title: "Rates held", Authors: []string{"Ann Lee"}, PublishedAt: &published}, 2},
		{article.IDFromURL("https://news.example/page"), "dump", "jsonl", "text/html; charset=utf-8", "<html>page</html>", nil, 4},
		{article.IDFromContent(article.BodyHash([]byte("No URL, no title."))), "dump", "jsonl", "text/plain; charset=utf-8", "No URL, no title.", nil, 9},
	}
	if diff := cmp.Diff(wantViews, gotViews); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

// offsetOfLine is the byte offset of 1-based line n in s.
func offsetOfLine(s string, n int) int {
	off := 0
	for range n - 1 {
		off += strings.IndexByte(s[off:], '\n') + 1
	}
	return off
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tree builds a directory of every supported kind of file, and some that
// are not read.
func tree(t *testing.T) string {
	dir := t.TempDir()
	copyFile := func(from, to string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, to), b)
	}
	copyFile(corpus+"warcio/example.warc.gz", "a/crawl.warc.gz")
	copyFile(corpus+"gowarc/skip-non-open.warc.gz", "a/whole.warc.gz") // whole-file gzip
	copyFile(corpus+"warcio/example-iana.org-chunked.warc", "a-b.warc")
	write(t, filepath.Join(dir, "b/dump.jsonl"), []byte(jsonlDump()))
	write(t, filepath.Join(dir, "b/dump2.jsonl.gz"), gz(t, []byte(jsonlDump())))
	write(t, filepath.Join(dir, "c/story.html"), []byte("<html><p>Story</p></html>"))
	write(t, filepath.Join(dir, "c/story.txt"), []byte("Headline\n\nText."))
	write(t, filepath.Join(dir, "c/story.json"), []byte(`{"url":"https://news.example/json","title":"T","text":"Body."}`))
	write(t, filepath.Join(dir, "c/logo.png"), []byte("\x89PNG"))
	write(t, filepath.Join(dir, "c/.partial.html"), []byte("<html>"))
	return dir
}

func write(t *testing.T, path string, b []byte) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDirectory(t *testing.T) {
	dir := tree(t)
	g, raws, poss := readSource(t, dir, Options{})
	var files []string
	for _, p := range poss {
		rel, _ := filepath.Rel(dir, p.File)
		if len(files) == 0 || files[len(files)-1] != rel {
			files = append(files, rel)
		}
	}
	wantFiles := []string{"a/crawl.warc.gz", "a/whole.warc.gz", "a-b.warc", "b/dump.jsonl", "b/dump2.jsonl.gz", "c/story.html", "c/story.json", "c/story.txt"}
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("files in order (-want +got):\n%s", diff)
	}
	if len(raws) != 1+10+1+4+4+3 {
		t.Errorf("read %d records, want 23", len(raws))
	}
	if g.Skipped[SkipFileType] != 1 {
		t.Errorf("skipped %d files by type, want 1 (logo.png; hidden files are ignored)", g.Skipped[SkipFileType])
	}
	kinds := map[article.Kind]int{}
	for _, r := range raws {
		kinds[r.Source.Kind]++
	}
	if diff := cmp.Diff(map[article.Kind]int{article.KindWARC: 12, article.KindJSONL: 6, article.KindRSS: 2, article.KindInbox: 3}, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
}

// TestResume checks that a reader opened after any record's position
// reads exactly the records after it, across files and formats.
func TestResume(t *testing.T) {
	dir := tree(t)
	_, all, poss := readSource(t, dir, Options{})
	ids := func(raws []*article.Raw) []string {
		var out []string
		for _, r := range raws {
			out = append(out, r.ID+" "+r.URL)
		}
		return out
	}
	for i, pos := range poss {
		t.Run(pos.String(), func(t *testing.T) {
			_, rest, _ := readSource(t, dir, Options{After: &pos})
			if diff := cmp.Diff(ids(all[i+1:]), ids(rest)); diff != "" {
				t.Errorf("resume after %v (-want +got):\n%s", pos, diff)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
		opts Options
	}{
		{"missing", "no/such/file.warc", Options{}},
		{"negative limit", corpus + "warcio/example.warc", Options{MaxBodySize: -1}},
		{"bad kind", corpus + "warcio/example.warc", Options{Kind: "carrier-pigeon"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(tt.path, tt.opts); err == nil {
				t.Errorf("Open(%q, %+v) = nil error, want one", tt.path, tt.opts)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	g, _, _ := readSource(t, corpus+"warcio/example.warc", Options{MaxBodySize: 100})
	if len(g.Errors) != 1 || len(g.URLs) != 0 {
		t.Errorf("read with a 100-byte limit = %+v, want one error", g)
	}
}
