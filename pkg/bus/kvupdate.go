package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrNoBucket is returned by OpenKeyValue when the bucket does not exist
// (yet): nothing has written to it.
var ErrNoBucket = errors.New("key-value bucket not found")

// maxUpdateAttempts bounds Update's compare-and-set retries; writers of
// one key are few (the replicas of one stage), so a conflict rarely
// repeats.
const maxUpdateAttempts = 20

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

// Update changes the value under key with compare-and-set: f gets the
// current value (ok false when there is none) and returns the new one; if
// another writer changed the key in between, f runs again on its value.
// Writers on several replicas may so add to one record without losing
// each other's updates.
func (k *KV) Update(ctx context.Context, key string, f func(old []byte, ok bool) ([]byte, error)) error {
	for range maxUpdateAttempts {
		var old []byte
		var rev uint64
		e, err := k.kv.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return fmt.Errorf("get %s: %w", key, err)
		default:
			old, rev = e.Value(), e.Revision()
		}
		val, err := f(old, rev != 0)
		if err != nil {
			return err
		}
		if rev == 0 {
			_, err = k.kv.Create(ctx, key, val)
		} else {
			_, err = k.kv.Update(ctx, key, val, rev)
		}
		if err == nil {
			return nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) && !isWrongSequence(err) {
			return fmt.Errorf("update %s: %w", key, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return fmt.Errorf("update %s: still conflicting after %d attempts", key, maxUpdateAttempts)
}

// isWrongSequence reports a compare-and-set conflict: the key's revision
// moved since it was read.
func isWrongSequence(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence || apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// Entries returns every key and value of the bucket.
func (k *KV) Entries(ctx context.Context) (map[string][]byte, error) {
	lister, err := k.kv.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	defer lister.Stop()
	out := map[string][]byte{}
	for key := range lister.Keys() {
		v, ok, err := k.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		if ok {
			out[key] = v
		}
	}
	return out, nil
}
