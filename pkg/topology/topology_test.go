package topology

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kelseyhightower/envconfig"
)

// TestFromEnvironment reads the declaration as the provisioning Job does:
// the services' variables, with their prefixes and defaults.
func TestFromEnvironment(t *testing.T) {
	t.Setenv("NORMALIZER_MAX_ACK_PENDING", "1024")
	t.Setenv("SINK_INPUT", "storied")
	t.Setenv("SINK_CONSUMER", "sink_pg")
	t.Setenv("STORY_WINDOW", "24h")
	t.Setenv("TAGGER_ENTITIES_BUCKET", "newswire_watchlist")
	var c Config
	if err := envconfig.Process("", &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	top := c.Topology()
	var got []string
	for _, cs := range top.Consumers {
		got = append(got, cs.Stream+"/"+cs.Config.Consumer)
	}
	want := []string{"ARTICLES_RAW/normalizer", "ARTICLES_NORMALIZED/tagger", "ARTICLES_TAGGED/story", "ARTICLES_STORIED/sink_pg",
		"ARTICLES_STORIED/notify", "ALERTS_OUTBOX/notify-webhook"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("consumers (-want +got):\n%s", diff)
	}
	if n := top.Consumers[0].Config.MaxAckPending; n != 1024 {
		t.Errorf("normalizer MaxAckPending = %d, want 1024 (NORMALIZER_MAX_ACK_PENDING)", n)
	}
	if n := top.Consumers[1].Config.MaxAckPending; n != 512 {
		t.Errorf("tagger MaxAckPending = %d, want the default 512", n)
	}
	buckets := map[string]time.Duration{}
	for _, b := range top.Buckets {
		buckets[b.Name] = b.TTL
	}
	wantBuckets := map[string]time.Duration{"newswire_fetcher_seen": 720 * time.Hour, "newswire_fetcher_ledger": 0,
		"newswire_sources": 0, "newswire_watchlist": 0, "newswire_stories": 48 * time.Hour,
		"newswire_alerts": 0, "newswire_alerts_sent": 168 * time.Hour}
	if diff := cmp.Diff(wantBuckets, buckets); diff != "" {
		t.Errorf("buckets (-want +got):\n%s", diff)
	}
	if len(top.Streams) != 7 {
		t.Errorf("streams = %v, want the five article streams and the two alert streams", top.Streams)
	}
	// The notifier's outbox consumer follows its webhook settings.
	if wh := top.Consumers[5].Config; wh.AckWait != 30*time.Second || wh.MaxAckPending != 64 || wh.MaxDeliver != 8 {
		t.Errorf("webhook consumer = %+v, want ack wait 30s, max ack pending 64, max deliver 8", wh)
	}
}

func TestValidate(t *testing.T) {
	t.Setenv("SINK_INPUT", "elsewhere")
	var c Config
	if err := envconfig.Process("", &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "SINK_INPUT") {
		t.Errorf("Validate = %v, want SINK_INPUT refused", err)
	}
}
