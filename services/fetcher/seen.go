package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/topology"
)

// seenBucket remembers the article pages handed over from feeds and
// sitemaps, so a restart does not publish them again, and (under
// validatorsPrefix) the validators of feeds and pages, so the first poll
// after a restart is a conditional GET.
const seenBucket = topology.FetcherSeenBucket

// seenKV implements handover.Seen on a JetStream key-value bucket whose TTL
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

// validatorsPrefix starts the keys under which validatorsKV keeps feed and
// page validators in the seen bucket; article keys are bare hex IDs.
const validatorsPrefix = "validators."

// validatorsKV implements handover.Validators on the seen bucket: one key per
// URL (its SHA-256, as a key may not hold a URL's characters), whose
// value is the validators as JSON. They share the bucket's TTL: a feed
// unchanged for longer is fetched in full once, and remembered again.
type validatorsKV struct{ kv *bus.KV }

type storedValidators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

func validatorsKey(url string) string {
	sum := sha256.Sum256([]byte(url))
	return validatorsPrefix + hex.EncodeToString(sum[:16])
}

// Load returns url's validators, or empty ones when none are kept.
func (v validatorsKV) Load(ctx context.Context, url string) (etag, lastModified string, err error) {
	b, ok, err := v.kv.Get(ctx, validatorsKey(url))
	if err != nil || !ok {
		return "", "", err
	}
	var s storedValidators
	if err := json.Unmarshal(b, &s); err != nil {
		return "", "", fmt.Errorf("validators of %s: %w", url, err)
	}
	return s.ETag, s.LastModified, nil
}

// Store keeps url's validators.
func (v validatorsKV) Store(ctx context.Context, url, etag, lastModified string) error {
	b, err := json.Marshal(storedValidators{ETag: etag, LastModified: lastModified})
	if err != nil {
		return err
	}
	return v.kv.Put(ctx, validatorsKey(url), b)
}
