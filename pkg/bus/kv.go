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
	if c.cfg.Provision == ProvisionVerify {
		ch, err := c.planBucket(ctx, c.cfg.kvConfig(bucket, ttl))
		if err == nil {
			err = verify(ch)
		}
		if err != nil {
			return nil, err
		}
	}
	var kv jetstream.KeyValue
	err := c.settle(ctx, func(ctx context.Context) (err error) {
		if c.cfg.Provision == ProvisionVerify {
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
