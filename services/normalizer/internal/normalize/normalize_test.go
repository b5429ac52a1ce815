package normalize

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

var fetched = time.Date(2024, 5, 3, 9, 0, 0, 0, time.UTC)

func raw(contentType, url string, body []byte) *article.Raw {
	return &article.Raw{Schema: article.SchemaRaw, ID: "x", Source: article.Source{Name: "t", Kind: article.KindInbox},
		URL: url, ContentType: contentType, FetchedAt: fetched, Body: body}
}

func newNormalizer(t testing.TB) *Normalizer {
	t.Helper()
	n, err := New(DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNormalizeSeed(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, st, err := newNormalizer(t).Normalize(raw("text/plain", "", body))
	if err != nil {
		t.Fatalf("Normalize(seed) error: %v", err)
	}
	if got := a.PublishedAt; got == nil || !got.Equal(time.Date(2020, 1, 7, 10, 45, 0, 0, time.UTC)) {
		t.Errorf("published_at = %v, want 2020-01-07T10:45:00Z", got)
	}
	if got := a.UpdatedAt; got == nil || !got.Equal(time.Date(2020, 1, 7, 10, 47, 0, 0, time.UTC)) {
		t.Errorf("updated_at = %v, want 2020-01-07T10:47:00Z", got)
	}
	if n := strings.Count(a.Text, "Tehran says it has worked up 13 sets of plans"); n != 1 {
		t.Errorf("body sentence appears %d times, want 1", n)
	}
	if st.DuplicateParagraphs == 0 {
		t.Errorf("Stats.DuplicateParagraphs = 0, want the repeated body counted")
	}
	if strings.Contains(a.Text, "PUBLISHED") || strings.Contains(a.Text, "\n- ") {
		t.Errorf("byline or highlights left in text")
	}
	if len(a.Highlights) != 3 || a.Language != "en" || a.ID != article.IDFromContent(a.ContentHash) || a.CanonicalURL != "" {
		t.Errorf("highlights %d, language %q, id %q, canonical %q: want 3, en, content-derived id, no URL", len(a.Highlights), a.Language, a.ID, a.CanonicalURL)
	}
	if strings.Contains(a.Text, "\n\n\n") || a.Text != strings.TrimSpace(a.Text) {
		t.Errorf("text has stray blank lines")
	}
}

func TestNormalizeHTML(t *testing.T) {
	page := `<html lang="en"><head><meta charset="windows-1252"><title>Bridge closes | Gazette</title>
<link rel="canonical" href="https://Example.org:443/news/bridge?utm_source=x&b=2&a=1#top">
<meta property="article:published_time" content="2024-03-12T08:30:00+01:00"></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav><article><h1>Bridge closes</h1>
<p>The harbour bridge will close for six weeks from 1 April while engineers replace 48 corroded cables, the council said.</p>
<p>The repairs will cost ` + "\xa3" + `12.5m, of which the government will pay about ` + "\xa3" + `9m, officials said on Tuesday afternoon.</p>
<p>Around 40,000 vehicles cross the bridge each day, and the council expects congestion on the ring road to rise.</p>
</article><footer>Copyright 2024</footer></body></html>`
	a, st, err := newNormalizer(t).Normalize(raw("text/html", "https://example.org/news/bridge?utm_source=x", []byte(page)))
	if err != nil {
		t.Fatalf("Normalize(html) error: %v", err)
	}
	if st.Charset != "windows-1252" || !strings.Contains(a.Text, "£12.5m") {
		t.Errorf("charset %q, text %q: want windows-1252 decoded to £", st.Charset, a.Text)
	}
	if want := "https://example.org/news/bridge?a=1&b=2"; a.CanonicalURL != want || a.ID != article.IDFromURL(want) {
		t.Errorf("canonical_url = %q (id %q), want %q", a.CanonicalURL, a.ID, want)
	}
	if a.PublishedAt == nil || !a.PublishedAt.Equal(time.Date(2024, 3, 12, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("published_at = %v, want 2024-03-12T07:30:00Z", a.PublishedAt)
	}
	if strings.Contains(a.Text, "Copyright") || strings.Contains(a.Text, "Home") {
		t.Errorf("boilerplate left in text: %q", a.Text)
	}
}

func TestNormalizeJSONArticleKeepsFieldsAndHints(t *testing.T) {
	body := `{"url":"https://wire.example.com/a/1","title":"Rates held","authors":["A. Writer"],"text":"The bank held rates at 4 per cent on Thursday, as inflation eased.\n\nMarkets had expected a cut of 25 basis points by June."}`
	r := raw("application/json", "", []byte(body))
	pub := time.Date(2024, 5, 2, 13, 0, 0, 0, time.UTC)
	r.Hints = &article.Hints{PublishedAt: &pub}
	a, _, err := newNormalizer(t).Normalize(r)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Rates held" || a.Authors[0] != "A. Writer" || a.CanonicalURL != "https://wire.example.com/a/1" {
		t.Errorf("article = %q %q %q", a.Title, a.Authors, a.CanonicalURL)
	}
	if a.PublishedAt == nil || !a.PublishedAt.Equal(pub) {
		t.Errorf("published_at = %v, want the feed hint %v", a.PublishedAt, pub)
	}
}

func TestNormalizeRejects(t *testing.T) {
	pdf := append([]byte("%PDF-1.7\n"), make([]byte, 100)...)
	tests := []struct {
		name string
		r    *article.Raw
		want error
	}{
		{"empty", raw("text/plain", "", []byte("  \n ")), ErrEmpty},
		{"pdf", raw("text/html", "", pdf), ErrBinary},
		{"png", raw("", "", []byte("\x89PNG\r\n\x1a\n0000")), ErrBinary},
		{"too large", raw("text/plain", "", make([]byte, DefaultOptions.MaxBytes+1)), ErrTooLarge},
		{"unsupported", raw("application/vnd.ms-excel", "", []byte("a,b,c")), ErrUnsupported},
		{"json without text", raw("application/json", "", []byte(`{"title":"x"}`)), ErrNoText},
		{"bmp", raw("text/plain", "", []byte("BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00")), ErrBinary},
		{"ogg", raw("", "", []byte("OggS\x00\x02\x00\x00\x00\x00")), ErrBinary},
	}
	n := newNormalizer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := n.Normalize(tt.r)
			if !errors.Is(err, tt.want) {
				t.Errorf("Normalize = %v, want %v", err, tt.want)
			}
		})
	}
}

// Text whose first letters match a binary signature is still text.
func TestNormalizeTextLikeSignatures(t *testing.T) {
	n := newNormalizer(t)
	for _, title := range []string{"BMW recalls 1.5 million cars", "ID3 tags explained", "OTTO group sells its stake", "GIF89a, the format that refused to die"} {
		body := title + "\nThe company said on Monday that the change would take effect from next year, after a review of its costs.\n"
		a, _, err := n.Normalize(raw("text/plain", "", []byte(body)))
		if err != nil || a.Title != title {
			t.Errorf("Normalize(%q) = %v, %v, want the article titled %q", body, a, err, title)
		}
	}
}

func TestNormalizeDropsFutureDates(t *testing.T) {
	body := "A title\nPublished: 10:00 GMT, 9 May 2024\nThe first paragraph of the story is long enough to count as text.\n"
	a, _, err := newNormalizer(t).Normalize(raw("text/plain", "", []byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	if a.PublishedAt != nil {
		t.Errorf("published_at = %v, want null for a date six days after the fetch", a.PublishedAt)
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("text/plain", []byte("Title\nPUBLISHED: 10:45 GMT, 7 January 2020\nBody text.\n"))
	f.Add("text/html", []byte("<html><head><title>x</title></head><body><p>Hello world, this is the text.</p></body></html>"))
	f.Add("application/json", []byte(`{"text":"hi"}`))
	n := newNormalizer(f)
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		a, _, err := n.Normalize(raw(ct, "", body))
		if err != nil {
			return
		}
		if a.ContentHash != article.ContentHash(a.Text) || a.ID == "" {
			t.Errorf("hash or id inconsistent")
		}
	})
}

// cpuMeter reports a benchmark's rate per second of process CPU time
// (cpu-MB/s, cpu-pages/s): with GOMAXPROCS=1 that is the rate per core,
// and unlike wall time it does not depend on what else the machine runs.
type cpuMeter struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuMeter {
	t, ok := processCPU()
	return cpuMeter{start: t, ok: ok}
}

// report adds the metric unit, count units per CPU second.
func (m cpuMeter) report(b *testing.B, count float64, unit string) {
	end, ok := processCPU()
	if !m.ok || !ok || end <= m.start {
		return
	}
	b.ReportMetric(count/(end-m.start).Seconds(), unit)
}

// BenchmarkNormalizePlainText is the whole normalization of a plain-text
// article (the seed, body twice), in bytes of input per second of wall
// time (MB/s) and of CPU time (cpu-MB/s).
func BenchmarkNormalizePlainText(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "seed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	n := newNormalizer(b)
	r := raw("text/plain", "", body)
	b.SetBytes(int64(len(body)))
	cpu := startCPU()
	for b.Loop() {
		if _, _, err := n.Normalize(r); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b, float64(b.N)*float64(len(body))/1e6, "cpu-MB/s")
}

// BenchmarkNormalizeHTMLPages normalizes the 110 trafilatura evaluation
// pages of the suite's cache/ directory (from $NEWSWIRE_CORPORA) end to
// end: charset, extraction, cleaning, timestamps, language, identity. It
// reports pages per second of wall time (pages/s) and of CPU time
// (cpu-pages/s).
func BenchmarkNormalizeHTMLPages(b *testing.B) {
	dir := trafDir(b)
	paths, err := filepath.Glob(filepath.Join(dir, "cache", "*.html"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no pages under %s/cache: %v", dir, err)
	}
	benchmarkHTML(b, paths)
}

// BenchmarkNormalizeHTMLAllPages is BenchmarkNormalizeHTMLPages over all
// 990 annotated pages of the suite (evaldata.json), from cache/ or eval/;
// run it with -benchtime 990x for one pass over every page.
func BenchmarkNormalizeHTMLAllPages(b *testing.B) {
	benchmarkHTML(b, annotatedPages(b))
}

// BenchmarkNormalizePlainTextPages normalizes real article text as plain
// text: the title and paragraphs that normalizing the 990 annotated pages
// produced (made in the setup, not timed), one paragraph per line. Unlike
// the seed it holds non-English text, short headings and list lines. It
// reports bytes per second of wall time and of CPU time (cpu-MB/s).
func BenchmarkNormalizePlainTextPages(b *testing.B) {
	paths := annotatedPages(b)
	n := newNormalizer(b)
	var texts [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		a, _, err := n.Normalize(raw("text/html", "https://example.org/page", data))
		if err != nil {
			continue
		}
		texts = append(texts, []byte(a.Title+"\n"+strings.ReplaceAll(a.Text, "\n\n", "\n")))
	}
	b.ResetTimer()
	done, bytes := 0, 0
	cpu := startCPU()
	for b.Loop() {
		t := texts[done%len(texts)]
		if _, _, err := n.Normalize(raw("text/plain", "", t)); err != nil && !errors.Is(err, ErrNoText) {
			b.Fatalf("text %d: %v", done%len(texts), err)
		}
		done++
		bytes += len(t)
	}
	cpu.report(b, float64(bytes)/1e6, "cpu-MB/s")
	b.ReportMetric(float64(bytes)/1e6/b.Elapsed().Seconds(), "MB/s")
}

// annotatedPages returns the paths of the suite's 990 annotated pages.
func annotatedPages(b *testing.B) []string {
	dir := trafDir(b)
	data, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		b.Fatal(err)
	}
	var ann map[string]struct {
		File string `json:"file"`
	}
	if err := json.Unmarshal(data, &ann); err != nil {
		b.Fatalf("parse evaldata.json: %v", err)
	}
	var paths []string
	for _, a := range ann {
		for _, sub := range []string{"cache", "eval"} {
			if p := filepath.Join(dir, sub, a.File); fileExists(p) {
				paths = append(paths, p)
				break
			}
		}
	}
	sort.Strings(paths)
	return paths
}

func trafDir(b *testing.B) string {
	dir := os.Getenv("NEWSWIRE_CORPORA")
	if dir == "" {
		b.Skip("NEWSWIRE_CORPORA is not set: the trafilatura pages are read from the corpora directory")
	}
	return filepath.Join(dir, "extraction", "trafilatura-eval")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func benchmarkHTML(b *testing.B, paths []string) {
	var pages [][]byte
	total := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
		total += len(data)
	}
	n := newNormalizer(b)
	b.ResetTimer()
	done := 0
	cpu := startCPU()
	for b.Loop() {
		if _, _, err := n.Normalize(raw("text/html", "https://example.org/page", pages[done%len(pages)])); err != nil && !errors.Is(err, ErrNoText) {
			b.Fatalf("page %s: %v", paths[done%len(pages)], err)
		}
		done++
	}
	cpu.report(b, float64(done), "cpu-pages/s")
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "pages/s")
	b.SetBytes(int64(total / len(pages)))
}

func TestSpentBudgetIsRetryable(t *testing.T) {
	opts := DefaultOptions
	opts.Budget = time.Nanosecond
	n, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	page := "<html><head><title>t</title></head><body><article><p>" + strings.Repeat("A sentence of the story goes here. ", 200) + "</p></article></body></html>"
	_, _, err = n.Normalize(raw("text/html", "https://example.org/a", []byte(page)))
	if err == nil || !Retryable(err) {
		t.Errorf("Normalize with a spent budget = %v, want a retryable error", err)
	}
	_, _, err = n.Normalize(raw("text/plain", "", []byte(" ")))
	if Retryable(err) {
		t.Errorf("Retryable(%v) = true, want false for an empty document", err)
	}
}
