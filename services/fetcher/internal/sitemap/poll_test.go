package sitemap

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/handover/handovertest"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// site serves corpus sitemaps with the example hosts rewritten to itself,
// ETags on every document, and an HTML page at every other path.
type site struct {
	*httptest.Server
	mu     sync.Mutex
	docs   map[string][]byte
	hits   map[string]int
	notMod int
}

var origins = []string{"http://www.example.com", "https://www.sitemaps.org"}

func newSite(t *testing.T, docs map[string]string) *site {
	t.Helper()
	s := &site{docs: map[string][]byte{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	for path, file := range docs {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		gz := strings.HasSuffix(file, ".gz")
		if gz {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		for _, o := range origins {
			b = bytes.ReplaceAll(b, []byte(o), []byte(s.URL))
		}
		if gz || strings.HasSuffix(path, ".gz") {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(b)
			zw.Close()
			b = buf.Bytes()
		}
		s.docs[path] = b
	}
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	if r.URL.Path == "/robots.txt" {
		http.NotFound(w, r)
		return
	}
	if doc, ok := s.docs[r.URL.Path]; ok {
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(doc))
		if r.Header.Get("If-None-Match") == etag {
			s.notMod++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		if strings.HasSuffix(r.URL.Path, ".gz") {
			w.Header().Set("Content-Type", "application/x-gzip")
		}
		w.Write(doc)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<html>%s</html>", r.URL.Path)
}

// sink collects what is published.
type sink struct{ handovertest.Sink }

// paths returns the URL paths of raws below base, sorted.

func paths(raws []article.Raw, base string) []string {
	var out []string
	for _, r := range raws {
		out = append(out, strings.TrimPrefix(r.URL, base))
	}
	sort.Strings(out)
	return out
}

func newPoller(t *testing.T, s *site, k *sink, window time.Duration, now string) *Poller {
	t.Helper()
	src := source.Source{Name: "sm", Kind: source.KindSitemap, URL: s.URL + "/sitemap.xml", LastmodWindow: window, Locale: "en-US"}
	p, err := NewPoller(src, handover.Deps{Client: handovertest.Client(t), Seen: &handovertest.Seen{}, Publish: k.Publish})
	if err != nil {
		t.Fatal(err)
	}
	p.now = func() time.Time { return *date(now) }
	return p
}

func TestPollNewsSitemap(t *testing.T) {
	tests := []struct {
		name, now string
		want      []string
	}{
		{"inside window", "2008-12-24T12:00:00Z", []string{"/business/article55.html"}},
		{"outside window", "2009-01-24T12:00:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, map[string]string{"/sitemap.xml": "testdata/sitemap-news.xml"})
			k := &sink{}
			p := newPoller(t, s, k, 48*time.Hour, tt.now)
			if err := p.Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			raws := k.Take()
			if diff := cmp.Diff(tt.want, paths(raws, s.URL)); diff != "" {
				t.Errorf("first poll published (-want +got):\n%s", diff)
			}
			if len(raws) == 1 {
				r := raws[0]
				wantHints := &article.Hints{Title: "Companies A, B in Merger Talks", PublishedAt: date("2008-12-23T00:00:00Z")}
				if diff := cmp.Diff(wantHints, r.Hints); diff != "" {
					t.Errorf("hints (-want +got):\n%s", diff)
				}
				if r.Source.Kind != article.KindSitemap || r.Schema != article.SchemaRaw || r.ID != article.IDFromURL(r.URL) {
					t.Errorf("raw = %+v, want kind sitemap and ID from URL", r)
				}
			}
			if err := p.Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := paths(k.Take(), s.URL); len(got) != 0 || s.notMod != 1 {
				t.Errorf("second poll published %v with %d 304s, want nothing and one 304", got, s.notMod)
			}
		})
	}
}

// TestPollIndex serves the corpus index with two gzipped children; the
// window decides which children are fetched at all.
func TestPollIndex(t *testing.T) {
	docs := map[string]string{
		"/sitemap.xml":     "testdata/sitemap2.xml",
		"/sitemap1.xml.gz": "testdata/sitemap.xml.gz",
		"/sitemap2.xml.gz": "testdata/sitemap-hreflang.xml",
	}
	hreflang := []string{"/deutsch/page.html", "/english/page.html", "/schweiz-deutsch/page.html"}
	t.Run("window keeps the newer child", func(t *testing.T) {
		s := newSite(t, docs)
		k := &sink{}
		p := newPoller(t, s, k, 48*time.Hour, "2005-01-02T00:00:00Z")
		if err := p.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
		// sitemap2's URLs have no lastmod, so all are kept.
		if diff := cmp.Diff(hreflang, paths(k.Take(), s.URL)); diff != "" {
			t.Errorf("published (-want +got):\n%s", diff)
		}
		if n := s.hits["/sitemap1.xml.gz"]; n != 0 {
			t.Errorf("child outside the window fetched %d times, want 0", n)
		}
	})
	t.Run("both children, then 304s", func(t *testing.T) {
		s := newSite(t, docs)
		k := &sink{}
		p := newPoller(t, s, k, 20*365*24*time.Hour, "2016-11-22T00:00:00Z")
		if err := p.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := len(paths(k.Take(), s.URL)); got != 84+3 {
			t.Errorf("first poll published %d, want %d", got, 84+3)
		}
		if err := p.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := paths(k.Take(), s.URL); len(got) != 0 {
			t.Errorf("second poll published %d, want 0", len(got))
		}
		// The index and both children answered 304.
		if s.notMod != 3 {
			t.Errorf("second poll got %d 304s, want 3", s.notMod)
		}
	})
}
