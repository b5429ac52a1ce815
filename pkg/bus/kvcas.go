package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrKeyExists is returned by KV.Create when the key already holds a value.
var ErrKeyExists = errors.New("key exists")

// ErrRevisionMismatch is returned by KV.Update when the key changed since
// the revision the caller read: another writer got there first.
var ErrRevisionMismatch = errors.New("key revision mismatch")

// Entry returns the value stored under key with its revision, and whether
// there is one. The revision is what Update compares against.
func (k *KV) Entry(ctx context.Context, key string) ([]byte, uint64, bool, error) {
	e, err := k.kv.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return nil, 0, false, nil
	case err != nil:
		return nil, 0, false, fmt.Errorf("get %s: %w", key, err)
	}
	return e.Value(), e.Revision(), true, nil
}

// Create stores value under key only if the key holds none (or was
// deleted), and returns the new revision; otherwise it returns an error
// wrapping ErrKeyExists. Of several writers racing to create a key, exactly
// one succeeds.
func (k *KV) Create(ctx context.Context, key string, value []byte) (uint64, error) {
	rev, err := k.kv.Create(ctx, key, value)
	switch {
	case errors.Is(err, jetstream.ErrKeyExists):
		return 0, fmt.Errorf("create %s: %w", key, ErrKeyExists)
	case err != nil:
		return 0, fmt.Errorf("create %s: %w", key, err)
	}
	return rev, nil
}

// UpdateRevision stores value under key only if the key's revision is
// still rev (compare-and-set), and returns the new revision; otherwise it
// returns an error wrapping ErrRevisionMismatch. Unlike Update it does not
// retry: the caller decides again on what the winner wrote.
func (k *KV) UpdateRevision(ctx context.Context, key string, value []byte, rev uint64) (uint64, error) {
	n, err := k.kv.Update(ctx, key, value, rev)
	switch {
	case errors.Is(err, jetstream.ErrKeyRevisionMismatch), errors.Is(err, jetstream.ErrKeyExists):
		return 0, fmt.Errorf("update %s at revision %d: %w", key, rev, ErrRevisionMismatch)
	case err != nil:
		return 0, fmt.Errorf("update %s: %w", key, err)
	}
	return n, nil
}

// Scan calls fn with the key and value of every entry whose key matches
// filter (a NATS subject filter such as "s.>"), as they stand when it
// starts. It reads them through one watcher, not one request per key.
func (k *KV) Scan(ctx context.Context, filter string, fn func(key string, value []byte) error) error {
	w, err := k.kv.WatchFiltered(ctx, []string{filter}, jetstream.IgnoreDeletes())
	if err != nil {
		return fmt.Errorf("scan %s: %w", filter, err)
	}
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case e, ok := <-w.Updates():
			if !ok {
				return fmt.Errorf("scan %s: watcher closed", filter)
			}
			if e == nil {
				return nil // the initial values are all delivered
			}
			if err := fn(e.Key(), e.Value()); err != nil {
				return err
			}
		}
	}
}
