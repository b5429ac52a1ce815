package main

import (
	"context"
	"time"

	"github.com/newswire/newswire/pkg/bus"
)

// seenBucket remembers the article pages handed over from feeds and
// sitemaps, so a restart does not publish them again.
const seenBucket = "newswire_fetcher_seen"

// seenKV implements feed.Seen on a JetStream key-value bucket whose TTL
// (FETCHER_SEEN_TTL) outlives any feed's memory of an item. The value is
// when the key was marked, for an operator reading the bucket.
type seenKV struct{ kv *bus.KV }

// Seen reports whether key was marked within the bucket's TTL.
func (s seenKV) Seen(ctx context.Context, key string) (bool, error) {
	_, ok, err := s.kv.Get(ctx, key)
	return ok, err
}

// Mark records key.
func (s seenKV) Mark(ctx context.Context, key string) error {
	return s.kv.Put(ctx, key, []byte(time.Now().UTC().Format(time.RFC3339)))
}
