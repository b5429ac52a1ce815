package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// KV is a JetStream key-value bucket: the fetcher's memory of what it has
// already ingested, kept by the broker so it survives restarts and is shared
// by replicas.
type KV struct {
	kv jetstream.KeyValue
}

// KeyValue creates or updates the bucket and returns it. Entries expire
// after ttl (0: never). With NATS_PROVISION=verify it only checks that the
// bucket exists as declared (a MismatchError otherwise).
func (c *Conn) KeyValue(ctx context.Context, bucket string, ttl time.Duration) (*KV, error) {
	ch, err := c.planBucket(ctx, c.cfg.kvConfig(bucket, ttl))
	if c.cfg.Provision == ProvisionVerify {
		if err == nil {
			err = verify(ch)
		}
		if err != nil {
			return nil, err
		}
	}
	// A bucket already as declared is opened, not updated: services start
	// together, and an update racing another's consumer create trips a
	// data race inside nats-server 2.15's file store (see EnsureStreams).
	open := c.cfg.Provision == ProvisionVerify || err == nil && ch.Action == ActionNone
	var kv jetstream.KeyValue
	err = c.settle(ctx, func(ctx context.Context) (err error) {
		if open {
			kv, err = c.js.KeyValue(ctx, bucket)
			return err
		}
		kv, err = c.js.CreateOrUpdateKeyValue(ctx, c.cfg.kvConfig(bucket, ttl))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create or update key-value bucket %s: %w", bucket, err)
	}
	return &KV{kv: kv}, nil
}

// Get returns the value stored under key, and whether there is one.
func (k *KV) Get(ctx context.Context, key string) ([]byte, bool, error) {
	e, err := k.kv.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("get %s: %w", key, err)
	}
	return e.Value(), true, nil
}

// Put stores value under key.
func (k *KV) Put(ctx context.Context, key string, value []byte) error {
	if _, err := k.kv.Put(ctx, key, value); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}
