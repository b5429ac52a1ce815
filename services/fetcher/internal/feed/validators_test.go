package feed

import (
	"context"
	"testing"

	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/handover/handovertest"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// TestValidatorsSurviveRestart: a poller built after a restart (a new
// Poller, the same store) makes its first poll a conditional GET and gets
// a 304; a failing store only costs the 304. (The page poller's test is
// in package page.)
func TestValidatorsSurviveRestart(t *testing.T) {
	cs := newCorpusServer(t, "testdata/feed2.rss")
	store := &handovertest.Validators{}
	s := &handovertest.Sink{}
	d := testDeps(t, s)
	d.Validators = store
	src := source.Source{Name: "corpus", Kind: source.KindFeed, URL: cs.URL + "/feed"}
	poll := func(d handover.Deps) {
		t.Helper()
		p, err := NewPoller(src, d)
		if err == nil {
			err = p.Poll(context.Background())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	poll(d)
	if store.Stores() != 1 || len(s.Take()) == 0 {
		t.Fatalf("first poll: %d stores, want 1, and something published", store.Stores())
	}
	poll(d) // the restart: a new poller, the same store
	if cs.notMod != 1 || len(s.Take()) != 0 {
		t.Errorf("poll after restart: %d not-modified answers, want 1, and nothing published", cs.notMod)
	}
	store.Fail = true
	poll(d)
	if cs.notMod != 1 {
		t.Errorf("poll with the store down: %d not-modified answers, want still 1 (a full GET)", cs.notMod)
	}
}
