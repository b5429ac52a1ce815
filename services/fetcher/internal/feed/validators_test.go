package feed

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// memValidators is an in-memory Validators.
type memValidators struct {
	mu     sync.Mutex
	m      map[string][2]string
	stores int
	fail   bool
}

func (v *memValidators) Load(_ context.Context, url string) (string, string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.fail {
		return "", "", errors.New("store down")
	}
	e := v.m[url]
	return e[0], e[1], nil
}

func (v *memValidators) Store(_ context.Context, url, etag, lastModified string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.fail {
		return errors.New("store down")
	}
	if v.m == nil {
		v.m = map[string][2]string{}
	}
	v.m[url] = [2]string{etag, lastModified}
	v.stores++
	return nil
}

// TestValidatorsSurviveRestart: a poller built after a restart (a new
// Poller, the same store) makes its first poll a conditional GET and gets
// a 304, for a feed and for a page; a failing store only costs the 304.
func TestValidatorsSurviveRestart(t *testing.T) {
	for _, kind := range []string{source.KindFeed, source.KindPage} {
		t.Run(kind, func(t *testing.T) {
			cs := newCorpusServer(t, "testdata/feed2.rss")
			store := &memValidators{}
			s := &sink{}
			d := testDeps(t, s)
			d.Validators = store
			src := source.Source{Name: "corpus", Kind: kind, URL: cs.URL + "/feed"}
			poll := func(d Deps) {
				t.Helper()
				var err error
				if kind == source.KindFeed {
					var p *Poller
					if p, err = NewPoller(src, d); err == nil {
						err = p.Poll(context.Background())
					}
				} else {
					var p *PagePoller
					if p, err = NewPagePoller(src, d); err == nil {
						err = p.Poll(context.Background())
					}
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			poll(d)
			if store.stores != 1 || len(s.take()) == 0 {
				t.Fatalf("first poll: %d stores, want 1, and something published", store.stores)
			}
			poll(d) // the restart: a new poller, the same store
			if cs.notMod != 1 || len(s.take()) != 0 {
				t.Errorf("poll after restart: %d not-modified answers, want 1, and nothing published", cs.notMod)
			}
			store.fail = true
			poll(d)
			if cs.notMod != 1 {
				t.Errorf("poll with the store down: %d not-modified answers, want still 1 (a full GET)", cs.notMod)
			}
		})
	}
}
