package bus

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// KeyChange is one change seen by a BucketWatch.
type KeyChange struct {
	// Key is empty on the marker that follows the bucket's initial values.
	Key string
	KeyState
}

// BucketWatch follows every key of a bucket, as the notifier follows the
// saved searches. It survives reconnects (an ordered consumer under it).
// Next is for one goroutine; Stop may be called from any.
type BucketWatch struct {
	w jetstream.KeyWatcher
}

// WatchAll starts following every key: Next returns each key's current
// value, then a change with an empty Key (the initial values are all
// delivered), then every later put and delete. A key deleted before the
// watch started may come first as a deletion.
func (k *KV) WatchAll(ctx context.Context) (*BucketWatch, error) {
	// Deletes are kept: a follower must see a key go.
	w, err := k.kv.WatchAll(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch bucket: %w", err)
	}
	return &BucketWatch{w: w}, nil
}

// Next waits for the next change until ctx ends.
func (w *BucketWatch) Next(ctx context.Context) (KeyChange, error) {
	select {
	case <-ctx.Done():
		return KeyChange{}, ctx.Err()
	case e, ok := <-w.w.Updates():
		if !ok {
			return KeyChange{}, ErrWatchClosed
		}
		if e == nil {
			return KeyChange{}, nil
		}
		if e.Operation() != jetstream.KeyValuePut {
			return KeyChange{Key: e.Key(), KeyState: KeyState{Revision: e.Revision(), Deleted: true}}, nil
		}
		return KeyChange{Key: e.Key(), KeyState: KeyState{Value: e.Value(), Revision: e.Revision()}}, nil
	}
}

// Stop ends the watch; a blocked Next returns ErrWatchClosed.
func (w *BucketWatch) Stop() error { return w.w.Stop() }
