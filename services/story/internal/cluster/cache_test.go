package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

func TestCacheServesReadsAndRefusesStaleWrites(t *testing.T) {
	ctx := context.Background()
	truth := NewMemory()
	a := NewCache(truth, 1<<20, 0)
	b := NewCache(truth, 1<<20, 0)
	rev, err := a.Create(ctx, "k", []byte("1"))
	if err != nil {
		t.Fatal(err)
	}
	// b reads and caches it; a then changes it behind b's back.
	if v, r, ok, err := b.Get(ctx, "k"); err != nil || !ok || string(v) != "1" || r != rev {
		t.Fatalf("b.Get = %q %d %v %v", v, r, ok, err)
	}
	if _, err := a.Update(ctx, "k", []byte("2"), rev); err != nil {
		t.Fatal(err)
	}
	// b's cached copy is stale: served as is, but a write at its revision
	// is refused by the truth and the entry dropped.
	if v, _, _, _ := b.Get(ctx, "k"); string(v) != "1" {
		t.Fatalf("b's cached value %q, want the stale 1", v)
	}
	if _, err := b.Update(ctx, "k", []byte("3"), rev); !errors.Is(err, ErrConflict) {
		t.Fatalf("update at a stale revision: %v, want ErrConflict", err)
	}
	v, r, ok, err := b.Get(ctx, "k")
	if err != nil || !ok || string(v) != "2" {
		t.Fatalf("after the refused write b reads %q %v %v, want a's 2", v, ok, err)
	}
	if _, err := b.Update(ctx, "k", []byte("3"), r); err != nil {
		t.Fatal(err)
	}
	if v, _, _, _ := truth.Get(ctx, "k"); string(v) != "3" {
		t.Fatalf("truth holds %q, want 3", v)
	}
	// A create of a key another cache created is refused too.
	if _, err := b.Create(ctx, "k", []byte("x")); !errors.Is(err, ErrExists) {
		t.Fatalf("create of an existing key: %v", err)
	}
	if _, ok := b.Peek("k"); ok {
		t.Fatal("entry kept after a refused create")
	}
	// Absent keys are never cached: a key created elsewhere shows at once.
	if _, _, ok, _ := b.Get(ctx, "new"); ok {
		t.Fatal("absent key read as present")
	}
	if _, err := a.Create(ctx, "new", []byte("n")); err != nil {
		t.Fatal(err)
	}
	if v, _, ok, _ := b.Get(ctx, "new"); !ok || string(v) != "n" {
		t.Fatalf("key created by a: b reads %q %v", v, ok)
	}
}

func TestCacheBudgetAndAge(t *testing.T) {
	ctx := context.Background()
	truth := NewMemory()
	budget := 100 * (cacheOverhead + 64)
	c := NewCache(truth, budget, time.Minute)
	now := time.Unix(0, 0)
	c.now = func() time.Time { return now }
	for i := range 10000 {
		if _, err := c.Create(ctx, fmt.Sprintf("k%05d", i), make([]byte, 58)); err != nil {
			t.Fatal(err)
		}
		if c.Size() > budget {
			t.Fatalf("after %d entries the cache holds %d bytes, budget %d", i+1, c.Size(), budget)
		}
	}
	if _, ok := c.Peek("k00000"); ok {
		t.Fatal("oldest entry kept past the budget")
	}
	if _, ok := c.Peek("k09999"); !ok {
		t.Fatal("newest entry not kept")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.Peek("k09999"); ok {
		t.Fatal("entry trusted past its age")
	}
	// Read again from the truth, it is cached anew.
	if _, _, ok, err := c.Get(ctx, "k09999"); err != nil || !ok {
		t.Fatalf("Get: %v %v", ok, err)
	}
	if _, ok := c.Peek("k09999"); !ok {
		t.Fatal("entry read from the truth not cached")
	}
	// A value larger than the whole budget is not cached.
	if _, err := c.Create(ctx, "big", make([]byte, budget)); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Peek("big"); ok {
		t.Fatal("value over the budget cached")
	}
}

// TestCacheReplicas is TestConcurrentOneStory with replicas that keep
// their caches from round to round, so each holds entries the others have
// since changed: articles of one event still end in one story, and an
// article taken again by another replica gets its first answer, or the
// revision an earlier-published original that arrived after it made.
func TestCacheReplicas(t *testing.T) {
	ctx := context.Background()
	store := NewMemory()
	var replicas []*Clusterer
	for range 4 {
		replicas = append(replicas, newClusterer(t, NewCache(store, 1<<20, 0)))
	}
	first := map[string]Result{}
	stories := map[string]bool{}
	for round := range 6 {
		var arts []*article.Article
		a := event("Budi Santoso", "Aceh", 41)
		for i := range 8 {
			paras := append([]string{fmt.Sprintf("Outlet %d adds its own line %d about the disaster.", i, round)}, a[(i+round)%3:]...)
			arts = append(arts, art(fmt.Sprintf("r%d-%d", round, i), fmt.Sprintf("outlet-%d", i), "Aceh quake", paras, t0.Add(time.Duration(round*8+i)*time.Minute)))
		}
		results := make([]Result, len(arts))
		errs := make([]error, len(arts))
		var wg sync.WaitGroup
		for i, x := range arts {
			wg.Go(func() { results[i], errs[i] = replicas[(i+round)%len(replicas)].Assign(ctx, x) })
		}
		wg.Wait()
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("Assign: %v", errs[i])
			}
			stories[r.StoryID] = true
			first[arts[i].ID] = r
		}
		// An original that lost the race to its copy revised the copy:
		// the revision is the answer the copy has from then on. A copy
		// revised twice ends naming the earlier-published original (the
		// articles are in published order: the earliest applied last).
		for _, r := range slices.Backward(results) {
			for _, rv := range r.Revised {
				if rv.DuplicateOf != r.ID || rv.StoryID != first[rv.ID].StoryID {
					t.Errorf("%s revised %+v, first %+v", r.ID, rv, first[rv.ID])
				}
				first[rv.ID] = rv
			}
		}
		// Every article of the round again, through another replica.
		for i, x := range arts {
			r, err := replicas[(i+round+1)%len(replicas)].Assign(ctx, x)
			if err != nil {
				t.Fatal(err)
			}
			if f := first[x.ID]; r.StoryID != f.StoryID || r.DuplicateOf != f.DuplicateOf || r.Outcome != OutcomeSeen {
				t.Errorf("%s again: %+v, first %+v", x.ID, r, f)
			}
		}
	}
	if len(stories) != 1 {
		t.Errorf("%d stories for one event: %v", len(stories), stories)
	}
}

// An exact copy of a text the cache knows is decided without its sketch
// (exactCopy), and answered as the full lookup answers it: over a cache
// and over the bare store, the same answers; its record keeps no sketch.
func TestExactCopyShortcut(t *testing.T) {
	a := event("Budi Santoso", "Aceh", 41)
	arts := append(stream(),
		art("x1", "outlet-9", "Aceh quake, again", a, t0.Add(6*time.Hour)),
		art("x2", "outlet-8", "Aceh quake, once more", a, t0.Add(7*time.Hour)))
	store := NewMemory()
	cached := assignAll(t, newClusterer(t, NewCache(store, 1<<20, 0)), arts)
	bare := assignAll(t, newClusterer(t, NewMemory()), arts)
	for id, want := range bare {
		if got := cached[id]; got.DuplicateOf != want.DuplicateOf || got.StoryID != want.StoryID || got.Similarity != want.Similarity {
			t.Errorf("%s: over the cache %+v, over the store %+v", id, got, want)
		}
	}
	if cached["x2"].DuplicateOf != "a1" || cached["x2"].Similarity != 1 {
		t.Errorf("x2: %+v, want an exact copy of a1", cached["x2"])
	}
	data, _, ok, _ := store.Get(context.Background(), "a.x2")
	if !ok || strings.Contains(string(data), `"sketch"`) {
		t.Errorf("x2's record %s: want one without a sketch", data)
	}
}
