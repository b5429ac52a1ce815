// Package sourcewatch keeps the per-source records of sourcehealth where
// every stage and the CLI find them, a JetStream key-value bucket, and
// exports per-source Prometheus series with bounded cardinality. The
// normalizer and the sink report what became of each source's articles
// through a Reporter; the fetcher writes its own part of the record.
package sourcewatch

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
)

// Bucket is the key-value bucket of the per-source records. Its entries
// never expire: a source removed from the configuration keeps its record
// until an operator deletes it.
const Bucket = "newswire_sources"

// Other is the source label of the series that sums every source beyond
// the cap.
const Other = "_other"

// Open creates (or binds) the bucket for a writing stage.
func Open(ctx context.Context, conn *bus.Conn) (*bus.KV, error) {
	return conn.KeyValue(ctx, Bucket, 0)
}

// Load reads every source's record from kv, sorted by name.
func Load(ctx context.Context, kv *bus.KV) ([]sourcehealth.Record, error) {
	entries, err := kv.Entries(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*sourcehealth.Record{}
	for key, val := range entries {
		part, name, err := sourcehealth.ParseKey(key)
		if err != nil {
			continue // not ours
		}
		r := byName[name]
		if r == nil {
			r = &sourcehealth.Record{Name: name}
			byName[name] = r
		}
		switch part {
		case sourcehealth.FetchPart:
			r.Fetch = new(sourcehealth.Fetch)
			err = json.Unmarshal(val, r.Fetch)
		case sourcehealth.ArticlesPart:
			r.Articles = new(sourcehealth.Articles)
			err = json.Unmarshal(val, r.Articles)
		}
		if err != nil {
			return nil, fmt.Errorf("source %q, %s: %w", name, part, err)
		}
	}
	out := make([]sourcehealth.Record, 0, len(byName))
	for _, r := range byName {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// LoadFetch reads one source's fetch part; nil when there is none.
func LoadFetch(ctx context.Context, kv *bus.KV, name string) (*sourcehealth.Fetch, error) {
	b, ok, err := kv.Get(ctx, sourcehealth.Key(sourcehealth.FetchPart, name))
	if err != nil || !ok {
		return nil, err
	}
	var f sourcehealth.Fetch
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("source %q, fetch: %w", name, err)
	}
	return &f, nil
}

// StoreFetch writes one source's fetch part.
func StoreFetch(ctx context.Context, kv *bus.KV, name string, f *sourcehealth.Fetch) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return kv.Put(ctx, sourcehealth.Key(sourcehealth.FetchPart, name), b)
}

// AddArticles adds d, observed up to now, to one source's articles part,
// with compare-and-set, so several writers (stages, replicas) may add at
// once.
func AddArticles(ctx context.Context, kv *bus.KV, name string, d sourcehealth.Delta, now time.Time) error {
	return kv.Update(ctx, sourcehealth.Key(sourcehealth.ArticlesPart, name), func(old []byte, ok bool) ([]byte, error) {
		var a sourcehealth.Articles
		if ok {
			if err := json.Unmarshal(old, &a); err != nil {
				// A record no reader can use is replaced, not kept failing.
				a = sourcehealth.Articles{}
			}
		}
		a.Apply(d, now)
		return json.Marshal(a)
	})
}
