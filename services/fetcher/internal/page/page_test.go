package page

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/handover/handovertest"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// liveBlog serves one page with an ETag that changes with its body, and
// counts the 304s it answers.
type liveBlog struct {
	*httptest.Server
	mu     sync.Mutex
	body   string
	notMod int
}

func newLiveBlog(t *testing.T) *liveBlog {
	lb := &liveBlog{body: "<html><p>08:00 The count begins.</p></html>"}
	lb.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lb.mu.Lock()
		defer lb.mu.Unlock()
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(lb.body)))
		if r.Header.Get("If-None-Match") == etag {
			lb.notMod++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(lb.body))
	}))
	t.Cleanup(lb.Close)
	return lb
}

func (lb *liveBlog) update(body string) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	lb.body = body
}

func (lb *liveBlog) notModified() int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.notMod
}

// TestPoller: the page is published on the first poll, not again while it
// is unchanged (a 304), and again once it grows, always under its own id.
func TestPoller(t *testing.T) {
	lb := newLiveBlog(t)
	s := &handovertest.Sink{}
	src := source.Source{Name: "p", Kind: source.KindPage, URL: lb.URL + "/live?utm_source=x"}
	p, err := NewPoller(src, handover.Deps{Client: handovertest.Client(t), Publish: s.Publish})
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := articleid.ForLink(nil, src.URL)
	if err != nil {
		t.Fatal(err)
	}
	for i, step := range []struct {
		update    string
		published int
	}{{"", 1}, {"", 0}, {"<html><p>08:00 The count begins.</p><p>09:00 First result.</p></html>", 1}} {
		if step.update != "" {
			lb.update(step.update)
		}
		if err := p.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := s.Take()
		if len(got) != step.published {
			t.Fatalf("poll %d published %d, want %d", i, len(got), step.published)
		}
		if step.published == 1 && (got[0].Source.Kind != article.KindPage || got[0].ID != id || got[0].URL != lb.URL+"/live") {
			t.Errorf("poll %d raw = %+v, want kind page, id %s, the canonical URL", i, got[0], id)
		}
	}
	if n := lb.notModified(); n != 1 {
		t.Errorf("%d not-modified answers, want 1", n)
	}
}

// TestValidatorsSurviveRestart: a poller built after a restart (a new
// Poller, the same store) makes its first poll a conditional GET and gets
// a 304; a failing store only costs the 304.
func TestValidatorsSurviveRestart(t *testing.T) {
	lb := newLiveBlog(t)
	store := &handovertest.Validators{}
	s := &handovertest.Sink{}
	d := handover.Deps{Client: handovertest.Client(t), Publish: s.Publish, Validators: store}
	src := source.Source{Name: "p", Kind: source.KindPage, URL: lb.URL + "/live"}
	poll := func() {
		t.Helper()
		p, err := NewPoller(src, d)
		if err == nil {
			err = p.Poll(context.Background())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	poll()
	if store.Stores() != 1 || len(s.Take()) != 1 {
		t.Fatalf("first poll: %d stores, want 1, and the page published", store.Stores())
	}
	poll() // the restart
	if lb.notModified() != 1 || len(s.Take()) != 0 {
		t.Errorf("poll after restart: %d not-modified answers, want 1, and nothing published", lb.notModified())
	}
	store.Fail = true
	poll()
	if lb.notModified() != 1 {
		t.Errorf("poll with the store down: %d not-modified answers, want still 1 (a full GET)", lb.notModified())
	}
}

func TestNewPollerRefuses(t *testing.T) {
	d := handover.Deps{Client: handovertest.Client(t), Publish: (&handovertest.Sink{}).Publish}
	for _, src := range []source.Source{
		{Name: "f", Kind: source.KindRSS, URL: "https://example.com/feed"},
		{Name: "m", Kind: source.KindPage, URL: "mailto:desk@example.com"},
	} {
		if _, err := NewPoller(src, d); err == nil {
			t.Errorf("NewPoller(%s %s) = nil error, want one", src.Kind, src.URL)
		}
	}
	if _, err := NewPoller(source.Source{Name: "p", Kind: source.KindPage, URL: "https://example.com/"}, handover.Deps{}); err == nil {
		t.Error("NewPoller without a client = nil error, want one")
	}
}
