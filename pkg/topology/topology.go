// Package topology declares, once, every JetStream stream, durable consumer
// and key-value bucket the pipeline uses. `newswire streams apply`
// provisions them from it with a privileged user; the services, running
// with NATS_PROVISION=verify and users that may not change them, check the
// same objects at start-up (pkg/bus builds the server configuration of
// each from the same code on both sides).
package topology

import (
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

// The key-value buckets, by owner. The fetcher's two and the per-source
// records are fixed; the watch list's and the story stage's state are
// named by TAGGER_ENTITIES_BUCKET and STORY_STATE_BUCKET.
const (
	// FetcherSeenBucket remembers the feed and sitemap items the fetcher
	// handed over, and the validators of feeds and pages
	// (FETCHER_SEEN_TTL).
	FetcherSeenBucket = "newswire_fetcher_seen"
	// FetcherLedgerBucket remembers the files the fetcher ingested.
	FetcherLedgerBucket = "newswire_fetcher_ledger"
	// SourcesBucket holds the per-source records: the fetcher writes the
	// keys fetch.<source>, the normalizer and the sink articles.<source>.
	SourcesBucket = sourcewatch.Bucket
	// WatchListBucket is the bucket deploy/k8s names in
	// TAGGER_ENTITIES_BUCKET (components/watchlist).
	WatchListBucket = "newswire_watchlist"
)

// Topology is the pipeline cfg describes: the five article streams; the
// fetcher's, the per-source and (when set) the watch list's buckets; the
// normalizer's, the tagger's and the sink's consumers; when the sink reads
// the story stage's output (SINK_INPUT=storied), the story stage's consumer
// and bucket; and the notifier's two alert streams, two buckets and two
// consumers.
func (c Config) Topology() bus.Topology {
	t := bus.Topology{
		Streams: []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ},
		Buckets: []bus.BucketSpec{
			{Name: FetcherSeenBucket, TTL: c.FetcherSeenTTL},
			{Name: FetcherLedgerBucket},
			{Name: SourcesBucket},
		},
		Consumers: []bus.ConsumerSpec{
			{Stage: bus.StageNormalizer, Stream: bus.StreamRaw, Config: named(c.Normalizer, bus.StageNormalizer)},
			{Stage: bus.StageTagger, Stream: bus.StreamNormalized, Config: named(c.Tagger, bus.StageTagger)},
		},
	}
	if c.TaggerEntitiesBucket != "" {
		t.Buckets = append(t.Buckets, bus.BucketSpec{Name: c.TaggerEntitiesBucket})
	}
	if c.SinkInput == "storied" {
		t.Consumers = append(t.Consumers, bus.ConsumerSpec{Stage: bus.StageStory, Stream: bus.StreamTagged, Config: named(c.Story, bus.StageStory)})
		t.Buckets = append(t.Buckets, bus.BucketSpec{Name: c.StoryStateBucket, TTL: c.storyStateTTL()})
	}
	t.Consumers = append(t.Consumers, c.SinkConsumer(c.Sink.Consumer))
	// The notifier.
	t.Streams = append(t.Streams, bus.StreamAlerts, bus.StreamOutbox)
	t.Buckets = append(t.Buckets, bus.BucketSpec{Name: c.NotifySearchBucket}, bus.BucketSpec{Name: c.NotifySentBucket, TTL: c.NotifySentTTL})
	t.Consumers = append(t.Consumers,
		bus.ConsumerSpec{Stage: bus.StageNotify, Stream: c.notifyStream(), Config: named(c.Notify, bus.StageNotify)},
		bus.ConsumerSpec{Stage: bus.StageNotify, Stream: bus.StreamOutbox, Config: c.webhookConsumer()})
	return t
}

// SinkConsumer is the consumer of a sink named name (SINK_CONSUMER; empty:
// sink) with the sink's settings: sinks side by side, each with a name of
// its own, are added to a Topology with it.
func (c Config) SinkConsumer(name string) bus.ConsumerSpec {
	cc := c.Sink
	cc.Consumer = name
	stream := bus.StreamTagged
	if c.SinkInput == "storied" {
		stream = bus.StreamStoried
	}
	return bus.ConsumerSpec{Stage: bus.StageSink, Stream: stream, Config: named(cc, bus.StageSink)}
}

// named gives a consumer without a name its stage's, as the services do.
func named(cc bus.ConsumerConfig, s bus.Stage) bus.ConsumerConfig {
	if cc.Consumer == "" {
		cc.Consumer = string(s)
	}
	return cc
}
