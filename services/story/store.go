package main

import (
	"context"
	"errors"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/services/story/internal/cluster"
)

// kvStore is the clusterer's state in a JetStream key-value bucket: kept by
// the broker, so a restart loses nothing and every replica shares it.
type kvStore struct {
	kv *bus.KV
}

// Get implements cluster.Store.
func (s kvStore) Get(ctx context.Context, key string) ([]byte, uint64, bool, error) {
	return s.kv.Entry(ctx, key)
}

// Create implements cluster.Store.
func (s kvStore) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	rev, err := s.kv.Create(ctx, key, value)
	if errors.Is(err, bus.ErrKeyExists) {
		return 0, cluster.ErrExists
	}
	return rev, err
}

// Update implements cluster.Store.
func (s kvStore) Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	n, err := s.kv.UpdateRevision(ctx, key, value, rev)
	if errors.Is(err, bus.ErrRevisionMismatch) {
		return 0, cluster.ErrConflict
	}
	return n, err
}
