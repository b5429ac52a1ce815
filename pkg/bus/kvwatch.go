package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrWatchClosed is returned by KeyWatch.Next once the watch has stopped:
// Stop was called or the connection closed.
var ErrWatchClosed = errors.New("key watch closed")

// KeyState is one state of a watched key.
type KeyState struct {
	Value []byte
	// Revision is the bucket's sequence number of this value, 0 when the
	// key has none.
	Revision uint64
	// Deleted is true when the key holds no value: deleted, purged, or
	// never set.
	Deleted bool
}

// KeyWatch follows one key of a bucket, as every replica of a stage
// follows a setting they share. It survives reconnects (an ordered
// consumer under it). Next is for one goroutine; Stop may be called from
// any.
type KeyWatch struct {
	w       jetstream.KeyWatcher
	started bool
}

// WatchKey starts following key. The first Next returns its current state;
// each later Next the next change. The watch lasts until Stop or until the
// connection closes, not as long as ctx: a watch bound to the context of
// a service's run was closed under its follower when the run ended, and
// the follower, whose own context (a child of that one) had not ended
// yet, took ErrWatchClosed for a failure. Next's ctx bounds each wait.
func (k *KV) WatchKey(ctx context.Context, key string) (*KeyWatch, error) {
	w, err := k.kv.Watch(context.WithoutCancel(ctx), key)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", key, err)
	}
	return &KeyWatch{w: w}, nil
}

// Next waits for the key's next state (its current one on the first call)
// until ctx ends.
func (w *KeyWatch) Next(ctx context.Context) (KeyState, error) {
	for {
		select {
		case <-ctx.Done():
			return KeyState{}, ctx.Err()
		case e, ok := <-w.w.Updates():
			if !ok {
				return KeyState{}, ErrWatchClosed
			}
			if e == nil { // the end of the initial values
				if w.started {
					continue
				}
				w.started = true
				return KeyState{Deleted: true}, nil
			}
			w.started = true
			if e.Operation() != jetstream.KeyValuePut {
				return KeyState{Revision: e.Revision(), Deleted: true}, nil
			}
			return KeyState{Value: e.Value(), Revision: e.Revision()}, nil
		}
	}
}

// Stop ends the watch; a blocked Next returns ErrWatchClosed.
func (w *KeyWatch) Stop() error { return w.w.Stop() }

// Delete removes the value under key; watchers see it deleted.
func (k *KV) Delete(ctx context.Context, key string) error {
	if err := k.kv.Delete(ctx, key); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}
