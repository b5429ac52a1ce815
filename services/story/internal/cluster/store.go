package cluster

import (
	"context"
	"errors"
	"sync"
)

// ErrExists is returned by Store.Create when the key holds a value.
var ErrExists = errors.New("key exists")

// ErrConflict is returned by Store.Update when the key changed since the
// revision given.
var ErrConflict = errors.New("revision conflict")

// Store holds the clusterer's state: any number of Clusterers, in one
// process or many, may share one Store. Implementations are safe for
// concurrent use and must give compare-and-set semantics: of writers
// racing on one key with Create or Update at one revision, exactly one
// succeeds and the others get ErrExists or ErrConflict. Entries may expire
// (the state's window); an expired key reads as absent.
type Store interface {
	// Get returns the value under key, its revision, and whether it exists.
	Get(ctx context.Context, key string) (value []byte, rev uint64, ok bool, err error)
	// Create stores value under key only if the key holds none.
	Create(ctx context.Context, key string, value []byte) (rev uint64, err error)
	// Update stores value under key only if its revision is still rev.
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
}

// Memory is a Store in process memory, for `story cluster -jsonl`, the
// evaluation and tests. It never expires anything.
type Memory struct {
	mu   sync.Mutex
	rev  uint64
	data map[string]memEntry
}

type memEntry struct {
	value []byte
	rev   uint64
}

// NewMemory returns an empty Memory store.
func NewMemory() *Memory { return &Memory{data: map[string]memEntry{}} }

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) ([]byte, uint64, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.data[key]
	return e.value, e.rev, ok, nil
}

// Create implements Store.
func (m *Memory) Create(_ context.Context, key string, value []byte) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.data[key]; ok {
		return 0, ErrExists
	}
	m.rev++
	m.data[key] = memEntry{value: value, rev: m.rev}
	return m.rev, nil
}

// Update implements Store.
func (m *Memory) Update(_ context.Context, key string, value []byte, rev uint64) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.data[key]; !ok || e.rev != rev {
		return 0, ErrConflict
	}
	m.rev++
	m.data[key] = memEntry{value: value, rev: m.rev}
	return m.rev, nil
}

// Len returns the number of keys held.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.data)
}
