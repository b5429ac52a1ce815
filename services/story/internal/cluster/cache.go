package cluster

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"
)

// Cache is a Store that keeps the entries it last read or wrote, with
// their revisions, in memory up to a byte budget, in front of the Store
// that holds the truth (the JetStream bucket). It saves the round trips
// that dominate the stage's cost:
//
//   - a read of a key cached within MaxAge is served from memory;
//   - a compare-and-set is sent at the cached revision without reading
//     first: when another replica changed the key meanwhile, the store
//     refuses it (ErrConflict or ErrExists), the entry is dropped, and the
//     caller's next read fetches what the other replica wrote.
//
// So a stale entry can make a decision be taken again, never make a write
// overwrite another's. Absent keys are not cached: an article not seen
// before is always looked up in the store. Memory is bounded by the budget
// whatever the size of the window or of the store: the least recently used
// entries go first.
type Cache struct {
	store  Store
	budget int
	maxAge time.Duration
	now    func() time.Time

	mu    sync.Mutex
	size  int
	order *list.List // of *cacheEntry, most recently used first
	byKey map[string]*list.Element

	hits, misses uint64
}

type cacheEntry struct {
	key   string
	value []byte
	rev   uint64
	at    time.Time
}

// cacheOverhead approximates an entry's memory beyond its key and value
// (list element, map slot, entry struct).
const cacheOverhead = 160

// NewCache returns a Cache over store holding at most budget bytes of
// entries, each trusted for at most maxAge after it was read or written
// (0: until evicted).
func NewCache(store Store, budget int, maxAge time.Duration) *Cache {
	return &Cache{store: store, budget: budget, maxAge: maxAge, now: time.Now, order: list.New(), byKey: map[string]*list.Element{}}
}

// Peek returns the cached value of key without asking the store.
func (c *Cache) Peek(key string) ([]byte, bool) {
	v, _, ok := c.lookup(key)
	return v, ok
}

// Forget drops key's entry: the next read asks the store.
func (c *Cache) Forget(key string) { c.drop(key) }

// Get implements Store.
func (c *Cache) Get(ctx context.Context, key string) ([]byte, uint64, bool, error) {
	if v, rev, ok := c.lookup(key); ok {
		return v, rev, true, nil
	}
	v, rev, ok, err := c.store.Get(ctx, key)
	if err == nil && ok {
		c.put(key, v, rev)
	}
	return v, rev, ok, err
}

// Create implements Store.
func (c *Cache) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	rev, err := c.store.Create(ctx, key, value)
	c.settle(key, value, rev, err)
	return rev, err
}

// Update implements Store.
func (c *Cache) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	n, err := c.store.Update(ctx, key, value, rev)
	c.settle(key, value, n, err)
	return n, err
}

// Stats returns the reads served from memory and those sent to the store.
func (c *Cache) Stats() (hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Size returns the bytes the cache accounts for.
func (c *Cache) Size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// settle records a write's outcome: the new value on success; on a refused
// compare-and-set the entry is dropped, so the next read sees the winner's.
func (c *Cache) settle(key string, value []byte, rev uint64, err error) {
	switch {
	case err == nil:
		c.put(key, value, rev)
	case errors.Is(err, ErrConflict), errors.Is(err, ErrExists):
		c.drop(key)
	default:
		// The store is away: what it holds is unknown.
		c.drop(key)
	}
}

func (c *Cache) lookup(key string) ([]byte, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		c.misses++
		return nil, 0, false
	}
	e := el.Value.(*cacheEntry)
	if c.maxAge > 0 && c.now().Sub(e.at) > c.maxAge {
		c.remove(el)
		c.misses++
		return nil, 0, false
	}
	c.order.MoveToFront(el)
	c.hits++
	return e.value, e.rev, true
}

func (c *Cache) put(key string, value []byte, rev uint64) {
	cost := len(key) + len(value) + cacheOverhead
	if cost > c.budget {
		c.drop(key)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*cacheEntry)
		if rev < e.rev {
			// A slower reply carrying an older revision.
			return
		}
		c.size += len(value) - len(e.value)
		e.value, e.rev, e.at = value, rev, c.now()
		c.order.MoveToFront(el)
	} else {
		c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, value: value, rev: rev, at: c.now()})
		c.size += cost
	}
	for c.size > c.budget {
		c.remove(c.order.Back())
	}
}

func (c *Cache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.remove(el)
	}
}

func (c *Cache) remove(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.byKey, e.key)
	c.size -= len(e.key) + len(e.value) + cacheOverhead
}
