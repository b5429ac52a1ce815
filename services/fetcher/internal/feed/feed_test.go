package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/handover/handovertest"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// corpusServer serves a corpus feed at /feed with ETag support, rewriting
// the example hosts in it to itself, and an HTML page at every other path.
type corpusServer struct {
	*httptest.Server
	mu        sync.Mutex
	feed      []byte
	failPages map[string]int // path -> status to answer with
	hits      map[string]int
	notMod    int
}

func newCorpusServer(t *testing.T, file string) *corpusServer {
	t.Helper()
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cs := &corpusServer{failPages: map[string]int{}, hits: map[string]int{}}
	cs.Server = httptest.NewServer(http.HandlerFunc(cs.serve))
	t.Cleanup(cs.Close)
	self := cs.URL
	for _, origin := range []string{"https://www.npr.org", "http://www.example.com", "https://example.com", "http://example.org"} {
		body = bytes.ReplaceAll(body, []byte(origin), []byte(self))
		esc := strings.ReplaceAll(origin, "/", `\/`)
		body = bytes.ReplaceAll(body, []byte(esc), []byte(strings.ReplaceAll(self, "/", `\/`)))
	}
	cs.feed = body
	return cs
}

func (cs *corpusServer) serve(w http.ResponseWriter, r *http.Request) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.hits[r.URL.Path]++
	switch r.URL.Path {
	case "/robots.txt":
		http.NotFound(w, r)
	case "/feed":
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(cs.feed))
		if r.Header.Get("If-None-Match") == etag {
			cs.notMod++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Write(cs.feed)
	default:
		if code := cs.failPages[r.URL.Path]; code != 0 {
			w.WriteHeader(code)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><title>%s</title></html>", r.URL.Path)
	}
}

func (cs *corpusServer) failPage(path string, code int) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.failPages[path] = code
}

func testDeps(t *testing.T, s *handovertest.Sink) handover.Deps {
	t.Helper()
	return handover.Deps{Client: handovertest.Client(t), Seen: &handovertest.Seen{}, Publish: s.Publish}
}

func ptime(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestPollCorpusFeeds(t *testing.T) {
	tests := []struct {
		file  string
		paths []string // published page paths, in feed order
		first *article.Hints
	}{
		{"testdata/feed2.rss", []string{"/blog/post/1"},
			&article.Hints{Title: "Example entry", PublishedAt: ptime("2009-09-06T16:20:00Z")}},
		{"testdata/feed1.atom", []string{"/2003/12/13/atom03", "/1000"},
			&article.Hints{Title: "Atom-Powered Robots Run Amok", Authors: []string{"John Doe"}, PublishedAt: ptime("2003-12-13T18:30:02Z"), UpdatedAt: ptime("2003-12-13T18:30:02Z")}},
		{"testdata/feed-with-sitemap-namespace.xml", []string{"/lorem/123", "/lorem/456"},
			&article.Hints{Title: "Lorem Ipsum Dolor Sit Amet", Authors: []string{"loremwriter"}, PublishedAt: ptime("2025-01-24T20:32:41Z")}},
		{"testdata/feed.json", nil, // 25 items, checked by count
			&article.Hints{Title: "Keller Rinaudo: How can delivery drones save lives?", Authors: []string{"Manoush Zomorodi"}, PublishedAt: ptime("2021-10-29T14:26:00Z"), UpdatedAt: ptime("2021-10-29T15:59:00Z")}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cs := newCorpusServer(t, tt.file)
			s := &handovertest.Sink{}
			src := source.Source{Name: "corpus", Kind: source.KindFeed, URL: cs.URL + "/feed", Locale: "en-US"}
			p, err := NewPoller(src, testDeps(t, s))
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Poll(context.Background()); err != nil {
				t.Fatalf("Poll: %v", err)
			}
			got := s.Take()
			if tt.paths == nil {
				if len(got) != 25 {
					t.Errorf("first Poll published %d, want 25", len(got))
				}
			} else {
				var paths []string
				for _, r := range got {
					paths = append(paths, strings.TrimPrefix(r.URL, cs.URL))
				}
				if diff := cmp.Diff(tt.paths, paths); diff != "" {
					t.Errorf("first Poll published paths (-want +got):\n%s", diff)
				}
			}
			if len(got) == 0 {
				t.Fatal("nothing published")
			}
			r := got[0]
			if diff := cmp.Diff(tt.first, r.Hints); diff != "" {
				t.Errorf("hints of first item (-want +got):\n%s", diff)
			}
			id, _, _ := articleid.ForLink(nil, r.URL)
			wantSrc := article.Source{Name: "corpus", Kind: article.KindRSS, Locale: "en-US"}
			if r.Schema != article.SchemaRaw || r.ID != id || r.Source != wantSrc ||
				r.ContentType != "text/html; charset=utf-8" || r.FetchedAt.IsZero() || !bytes.HasPrefix(r.Body, []byte("<html>")) {
				t.Errorf("first raw = %+v, want a complete article.Raw", r)
			}

			// Second poll: conditional GET, 304, nothing published.
			if err := p.Poll(context.Background()); err != nil {
				t.Fatalf("second Poll: %v", err)
			}
			if got := s.Take(); len(got) != 0 {
				t.Errorf("second Poll published %d, want 0", len(got))
			}
			if cs.notMod != 1 {
				t.Errorf("server answered 304 %d times, want 1", cs.notMod)
			}
		})
	}
}

// TestItemRetriedNextPoll: a page that fails is not marked seen, the feed
// validators are kept back, and the next poll fetches and publishes it.
func TestItemRetriedNextPoll(t *testing.T) {
	cs := newCorpusServer(t, "testdata/feed-with-sitemap-namespace.xml")
	cs.failPage("/lorem/456", http.StatusServiceUnavailable)
	s := &handovertest.Sink{}
	p, err := NewPoller(source.Source{Name: "c", Kind: source.KindRSS, URL: cs.URL + "/feed"}, testDeps(t, s))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	polls := []struct {
		heal    bool
		want    []string
		notMods int
	}{
		{false, []string{"/lorem/123"}, 0},
		{true, []string{"/lorem/456"}, 0},
		{false, nil, 1},
	}
	for i, pl := range polls {
		if pl.heal {
			cs.failPage("/lorem/456", 0)
		}
		if err := p.Poll(ctx); err != nil {
			t.Fatalf("poll %d: %v", i, err)
		}
		var paths []string
		for _, r := range s.Take() {
			paths = append(paths, strings.TrimPrefix(r.URL, cs.URL))
		}
		if diff := cmp.Diff(pl.want, paths); diff != "" {
			t.Errorf("poll %d published (-want +got):\n%s", i, diff)
		}
		if cs.notMod != pl.notMods {
			t.Errorf("poll %d: 304s = %d, want %d", i, cs.notMod, pl.notMods)
		}
	}
	if n := cs.hits["/lorem/123"]; n != 1 {
		t.Errorf("published page fetched %d times, want 1", n)
	}
}

// TestDeadLinkGivenUp: a page failing handover.MaxAttempts polls is marked seen, and
// the feed then goes back to 304s.
func TestDeadLinkGivenUp(t *testing.T) {
	cs := newCorpusServer(t, "testdata/feed2.rss")
	cs.failPage("/blog/post/1", http.StatusNotFound)
	s := &handovertest.Sink{}
	p, err := NewPoller(source.Source{Name: "c", Kind: source.KindRSS, URL: cs.URL + "/feed"}, testDeps(t, s))
	if err != nil {
		t.Fatal(err)
	}
	for range handover.MaxAttempts + 1 {
		if err := p.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := cs.hits["/blog/post/1"]; n != handover.MaxAttempts {
		t.Errorf("dead page fetched %d times, want %d", n, handover.MaxAttempts)
	}
	if cs.notMod != 1 {
		t.Errorf("304s = %d, want 1", cs.notMod)
	}
	if got := s.Take(); len(got) != 0 {
		t.Errorf("published %d, want 0", len(got))
	}
}

// TestBillionLaughs: a feed declaring nested entities parses harmlessly:
// encoding/xml does not expand DTD entities. Bounded memory is checked by
// allocation, not by time.
func TestBillionLaughs(t *testing.T) {
	body, err := os.ReadFile("testdata/billion-laughs.xml")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f, err := Parse(body)
	runtime.ReadMemStats(&after)
	if err == nil {
		for _, it := range f.Items {
			if len(it.Title) > 1000 || len(it.Description) > 1000 {
				t.Errorf("Parse(billion laughs) expanded an entity: item title %d bytes", len(it.Title))
			}
		}
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Parse(billion laughs) allocated %d bytes, want under 16 MiB", alloc)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	cs := newCorpusServer(t, "testdata/feed2.rss")
	s := &handovertest.Sink{}
	ctx, cancel := context.WithCancel(context.Background())
	d := testDeps(t, s)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, source.Source{Name: "r", Kind: source.KindFeed, URL: cs.URL + "/feed", Interval: time.Hour}, d)
	}()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if s.Len() == 1 {
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
	if got := s.Take(); len(got) != 1 {
		t.Errorf("Run published %d, want 1", len(got))
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/feed.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
