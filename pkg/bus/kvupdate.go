package bus

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrNoBucket is returned by OpenKeyValue when the bucket does not exist
// (yet): nothing has written to it.
var ErrNoBucket = errors.New("key-value bucket not found")

// maxUpdateAttempts bounds Update's compare-and-set retries; writers of
// one key are few (the replicas of one stage), so a conflict rarely
// repeats.
const maxUpdateAttempts = 100

// OpenKeyValue binds an existing bucket without creating it, for readers
// such as the CLI. It returns an error wrapping ErrNoBucket when the
// bucket does not exist.
func (c *Conn) OpenKeyValue(ctx context.Context, bucket string) (*KV, error) {
	kv, err := c.js.KeyValue(ctx, bucket)
	switch {
	case errors.Is(err, jetstream.ErrBucketNotFound):
		return nil, fmt.Errorf("%s: %w", bucket, ErrNoBucket)
	case err != nil:
		return nil, fmt.Errorf("open key-value bucket %s: %w", bucket, err)
	}
	return &KV{kv: kv}, nil
}

// Update changes the value under key with compare-and-set (Entry, then
// Create or UpdateRevision): f gets the current value (ok false when there
// is none) and returns the new one; if another writer changed the key in
// between, f runs again on its value. Writers on several replicas may so
// add to one record without losing each other's updates.
func (k *KV) Update(ctx context.Context, key string, f func(old []byte, ok bool) ([]byte, error)) error {
	for attempt := range maxUpdateAttempts {
		old, rev, ok, err := k.Entry(ctx, key)
		if err != nil {
			return err
		}
		val, err := f(old, ok)
		if err != nil {
			return err
		}
		if ok {
			_, err = k.UpdateRevision(ctx, key, val, rev)
		} else {
			_, err = k.Create(ctx, key, val)
		}
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrKeyExists) && !errors.Is(err, ErrRevisionMismatch) {
			return err
		}
		// Another writer won: step aside for a random moment, longer
		// after each loss, so racing writers spread out.
		t := time.NewTimer(time.Duration(rand.Int64N(int64(min(attempt+1, 20)) * int64(time.Millisecond))))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return fmt.Errorf("update %s: still conflicting after %d attempts", key, maxUpdateAttempts)
}

// Entries returns every key and value of the bucket, read in one pass by
// a watcher (one ordered consumer), not one request per key: a bucket of
// thousands of keys reads in well under a second.
func (k *KV) Entries(ctx context.Context) (map[string][]byte, error) {
	w, err := k.kv.WatchAll(ctx, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("watch bucket: %w", err)
	}
	defer w.Stop()
	out := map[string][]byte{}
	for {
		select {
		case e, ok := <-w.Updates():
			// A nil entry marks the end of the values stored so far.
			if !ok || e == nil {
				return out, nil
			}
			out[e.Key()] = e.Value()
		case <-ctx.Done():
			return nil, fmt.Errorf("read bucket: %w", ctx.Err())
		}
	}
}
