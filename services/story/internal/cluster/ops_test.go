package cluster

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/newswire/newswire/services/story/internal/clustertest"
)

// countingStore counts the operations that reach the store (the bucket,
// in the service) below the cache.
type countingStore struct {
	Store
	gets, creates, updates atomic.Int64
}

func (s *countingStore) Get(ctx context.Context, key string) ([]byte, uint64, bool, error) {
	s.gets.Add(1)
	return s.Store.Get(ctx, key)
}

func (s *countingStore) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	s.creates.Add(1)
	return s.Store.Create(ctx, key, value)
}

func (s *countingStore) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	s.updates.Add(1)
	return s.Store.Update(ctx, key, value, rev)
}

func (s *countingStore) total() int64 { return s.gets.Load() + s.creates.Load() + s.updates.Load() }

// The state operations an article costs, through the cache as the service
// runs: an exact copy of a text seen lately (the whole-pipeline benchmark
// repeats 72 texts) costs three (the seen check, its story's
// compare-and-set, its record), a new article its keys and index on top.
func TestOperationsPerArticle(t *testing.T) {
	ctx := context.Background()
	arts := clustertest.Articles(1000)
	store := &countingStore{Store: NewMemory()}
	c := newClusterer(t, NewCache(store, 64<<20, 0))
	var copyOps, copies int64
	for i, a := range clustertest.Repeated(arts[:72], 720) {
		before := store.total()
		r, err := c.Assign(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if i >= 72 {
			if r.DuplicateOf == "" {
				t.Fatalf("%s (a repeat of article %d): %+v, want a copy", a.ID, i%72, r)
			}
			copyOps += store.total() - before
			copies++
		}
	}
	if per := float64(copyOps) / float64(copies); per > 3 {
		t.Errorf("an exact copy costs %.2f state operations, want at most 3", per)
	}
	fresh := &countingStore{Store: NewMemory()}
	c = newClusterer(t, NewCache(fresh, 64<<20, 0))
	for _, a := range arts {
		if _, err := c.Assign(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("exact copies: %.2f operations each; synthetic mix (a quarter trimmed copies): %.2f each (%.2f reads, %.2f creates, %.2f updates)",
		float64(copyOps)/float64(copies), float64(fresh.total())/float64(len(arts)),
		float64(fresh.gets.Load())/float64(len(arts)), float64(fresh.creates.Load())/float64(len(arts)), float64(fresh.updates.Load())/float64(len(arts)))
}
