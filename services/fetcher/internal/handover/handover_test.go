package handover_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/handover/handovertest"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// items records the Observer's item outcomes.
type items struct {
	mu  sync.Mutex
	got []string
}

func (o *items) ObservePoll(source.Source, string, error) {}

func (o *items) ObserveItem(_ source.Source, outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.got = append(o.got, outcome)
}

// TestOffer walks links through every outcome: a link is fetched and
// published once, under its article id, whatever tracking parameters or
// parameter order it is offered with again; a dead page is retried, then
// given up; a link that is no web address is skipped.
func TestOffer(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.RequestURI()]++
		mu.Unlock()
		if r.URL.Path == "/dead" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>story</html>"))
	}))
	defer srv.Close()
	sink := &handovertest.Sink{}
	obs := &items{}
	src := source.Source{Name: "wire", Kind: source.KindRSS, URL: srv.URL + "/feed"}
	h, err := handover.NewHandover(src, handover.Deps{Client: handovertest.Client(t), Seen: &handovertest.Seen{}, Publish: sink.Publish, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(srv.URL + "/feed")
	hints := &article.Hints{Title: "Story"}
	for _, tt := range []struct {
		link string
		want handover.Outcome
	}{
		{"/story?b=2&a=1&utm_source=rss", handover.Published},
		{srv.URL + "/story?a=1&b=2&fbclid=x#top", handover.AlreadySeen},
		{"/story?a=1&_hsenc=p&b=2", handover.AlreadySeen},
		{"mailto:desk@example.com", handover.Skipped},
		{"/dead", handover.Retry},
		{"/dead", handover.Retry},
		{"/dead", handover.GaveUp},
		{"/dead", handover.AlreadySeen},
	} {
		got, err := h.Offer(context.Background(), tt.link, base, hints)
		if got != tt.want {
			t.Errorf("Offer(%q) = %s, %v, want %s", tt.link, got, err, tt.want)
		}
	}
	raws := sink.Take()
	id, canonical, _ := articleid.ForLink(base, "/story?b=2&a=1&utm_source=rss")
	if len(raws) != 1 || raws[0].ID != id || raws[0].URL != canonical || raws[0].Hints != hints || raws[0].Source.Kind != article.KindRSS {
		t.Fatalf("published %+v, want one raw with id %s and URL %s", raws, id, canonical)
	}
	mu.Lock()
	if hits["/story?a=1&b=2"] != 1 || hits["/dead"] != handover.MaxAttempts {
		t.Errorf("server hits %v, want the story's canonical URL once and /dead %d times", hits, handover.MaxAttempts)
	}
	mu.Unlock()
	want := []string{"published", "seen", "seen", "skipped", "retry", "retry", "gave_up", "seen"}
	if diff := cmp.Diff(want, obs.got); diff != "" {
		t.Errorf("observed outcomes (-want +got):\n%s", diff)
	}
}

func TestNewHandoverRefusesMissingDeps(t *testing.T) {
	src := source.Source{Name: "wire", Kind: source.KindRSS}
	sink := &handovertest.Sink{}
	for _, d := range []handover.Deps{
		{Seen: &handovertest.Seen{}, Publish: sink.Publish},
		{Client: handovertest.Client(t), Publish: sink.Publish},
		{Client: handovertest.Client(t), Seen: &handovertest.Seen{}},
	} {
		if _, err := handover.NewHandover(src, d); err == nil {
			t.Errorf("NewHandover(%+v) = nil error, want one", d)
		}
	}
}
