package tag

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/watch"
	"github.com/newswire/newswire/services/tagger/internal/watch/watchtest"
)

func TestMerge(t *testing.T) {
	ent := func(typ string, s, e int, w bool) article.Entity {
		return article.Entity{Type: typ, Start: s, End: e, Watch: w}
	}
	for _, c := range []struct {
		name                 string
		model, watched, want []article.Entity
	}{
		{"no watch list", []article.Entity{ent("LOC", 0, 4, false)}, nil, []article.Entity{ent("LOC", 0, 4, false)}},
		{"same span: the list wins",
			[]article.Entity{ent("PERSON", 0, 13, false)}, []article.Entity{ent("ORG", 0, 13, true)},
			[]article.Entity{ent("ORG", 0, 13, true)}},
		{"model pieces inside a watched name",
			[]article.Entity{ent("PERSON", 0, 4, false), ent("LOC", 9, 12, false), ent("ORG", 20, 25, false)},
			[]article.Entity{ent("PERSON", 0, 12, true)},
			[]article.Entity{ent("PERSON", 0, 12, true), ent("ORG", 20, 25, false)}},
		{"model entity crossing an edge",
			[]article.Entity{ent("ORG", 5, 20, false)}, []article.Entity{ent("ORG", 0, 10, true)},
			[]article.Entity{ent("ORG", 0, 10, true)}},
		{"longer model name around a watched one stays, first",
			[]article.Entity{ent("ORG", 0, 30, false)}, []article.Entity{ent("ORG", 0, 13, true), ent("ORG", 16, 20, true)},
			[]article.Entity{ent("ORG", 0, 30, false), ent("ORG", 0, 13, true), ent("ORG", 16, 20, true)}},
		{"disjoint entities interleave",
			[]article.Entity{ent("LOC", 0, 3, false), ent("LOC", 10, 13, false)}, []article.Entity{ent("ORG", 5, 8, true)},
			[]article.Entity{ent("LOC", 0, 3, false), ent("ORG", 5, 8, true), ent("LOC", 10, 13, false)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, merge(c.model, c.watched)); diff != "" {
				t.Errorf("merge (-want +got):\n%s", diff)
			}
		})
	}
}

const watchList = `
entities:
  - {id: c-1, type: PERSON, name: Erik ten Hag}
  - {id: c-2, type: ORG, name: Goldman Sachs}
  - {id: c-3, type: ORG, name: Reuters}
`

// watchTagger is a Tagger of its own (the shared one has no list), with
// the list above.
func watchTagger(t testing.TB) *Tagger {
	t.Helper()
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	m, err := watch.Load([]byte(watchList), watch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg.SetWatch(m)
	return tg
}

func TestTagWatchList(t *testing.T) {
	tg := watchTagger(t)
	text := "Manchester United sacked Erik ten Hag. GOLDMAN SACHS ASSET MANAGEMENT said Goldman Sachs " +
		"would pay $5m; see tips@reuters.com or Reuters."
	got := tg.Tag(text, "")
	checkTags(t, text, got)
	var watched []string
	for _, e := range got.Entities {
		if e.Watch {
			watched = append(watched, e.ID+" "+e.Text)
			continue
		}
		for _, w := range got.Entities {
			if w.Watch && e.Start < w.End && w.Start < e.End && !(e.Start <= w.Start && w.End <= e.End && e.End-e.Start > w.End-w.Start) {
				t.Errorf("model entity %+v overlaps watched %+v without containing it", e, w)
			}
		}
	}
	want := []string{"c-1 Erik ten Hag", "c-2 GOLDMAN SACHS", "c-2 Goldman Sachs", "c-3 Reuters"}
	if diff := cmp.Diff(want, watched); diff != "" {
		t.Errorf("watched mentions of %q (-want +got):\n%s", text, diff)
	}
	tg.SetWatch(nil)
	for _, e := range tg.Tag(text, "").Entities {
		if e.Watch {
			t.Errorf("after SetWatch(nil): watched %+v", e)
		}
	}
}

// TestTagWatchRecall runs the watch-list recall cases through the whole
// tagger: the model, money and links must not cost the list a mention.
func TestTagWatchRecall(t *testing.T) {
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	m, err := watchtest.Matcher()
	if err != nil {
		t.Fatal(err)
	}
	tg.SetWatch(m)
	r := watchtest.Score(m.Entities(), func(text string) []article.Entity { return tg.Tag(text, "").Entities })
	t.Logf("recall %d/%d, rejected %d/%d", r.Found, r.Recall, r.Rejected, r.Reject)
	for _, s := range r.Misses {
		t.Errorf("missed %s", s)
	}
	for _, s := range r.FalseHits {
		t.Errorf("false hit %s", s)
	}
}

// TestSetWatchWhileTagging swaps lists while articles are tagged (run
// with -race).
func TestSetWatchWhileTagging(t *testing.T) {
	tg := watchTagger(t)
	lists := []*watch.Matcher{tg.Watch(), nil}
	text := "Goldman Sachs and Erik ten Hag."
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				for _, e := range tg.Tag(text, "").Entities {
					if e.Watch && !strings.HasPrefix(e.ID, "c-") {
						t.Errorf("watched %+v", e)
					}
				}
			}
		})
	}
	for i := range 100 {
		tg.SetWatch(lists[i%2])
	}
	wg.Wait()
}

// BenchmarkTagWatch is BenchmarkTag with the 225-entity watch-list test
// list loaded.
func BenchmarkTagWatch(b *testing.B) {
	text := benchText(b)
	tg, err := New()
	if err != nil {
		b.Fatal(err)
	}
	m, err := watchtest.Matcher()
	if err != nil {
		b.Fatal(err)
	}
	tg.SetWatch(m)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tg.Tag(text, "")
	}
}
