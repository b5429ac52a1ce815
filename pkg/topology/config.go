package topology

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
)

// Config is what the declaration depends on: the shared NATS settings and
// the settings of each service that shape its consumer or its buckets,
// read from the same environment variables the services read (so the
// provisioning Job is given the services' ConfigMaps), with the same
// defaults.
type Config struct {
	bus.Config

	FetcherSeenTTL       time.Duration      `envconfig:"FETCHER_SEEN_TTL" default:"720h" desc:"the fetcher's FETCHER_SEEN_TTL: TTL of the bucket newswire_fetcher_seen"`
	Normalizer           bus.ConsumerConfig `envconfig:"NORMALIZER"`
	Tagger               bus.ConsumerConfig `envconfig:"TAGGER"`
	TaggerEntitiesBucket string             `envconfig:"TAGGER_ENTITIES_BUCKET" desc:"the tagger's watch list bucket, provisioned when set"`
	Story                bus.ConsumerConfig `envconfig:"STORY"`
	StoryStateBucket     string             `envconfig:"STORY_STATE_BUCKET" default:"newswire_stories" desc:"the story stage's state bucket"`
	StoryWindow          time.Duration      `envconfig:"STORY_WINDOW" default:"72h" desc:"the story stage's window (its state lives twice as long unless STORY_STATE_TTL is set)"`
	StoryStateTTL        time.Duration      `envconfig:"STORY_STATE_TTL" default:"0" desc:"TTL of the story stage's state bucket (0: twice STORY_WINDOW)"`
	Sink                 bus.ConsumerConfig `envconfig:"SINK"`
	SinkInput            string             `envconfig:"SINK_INPUT" default:"tagged" desc:"the stream the sink reads: tagged, or storied (then the story stage's consumer and bucket are provisioned too)"`

	// The notifier (services/notify): its article consumer, its webhook
	// outbox's consumer (sized from the webhook settings, as the notifier
	// does) and its two buckets.
	Notify                   bus.ConsumerConfig `envconfig:"NOTIFY"`
	NotifyInput              string             `envconfig:"NOTIFY_INPUT" desc:"the stream the notifier reads (default: SINK_INPUT's)"`
	NotifySearchBucket       string             `envconfig:"NOTIFY_SEARCH_BUCKET" default:"newswire_alerts" desc:"the notifier's bucket of saved searches"`
	NotifySentBucket         string             `envconfig:"NOTIFY_SENT_BUCKET" default:"newswire_alerts_sent" desc:"the notifier's bucket of alerts sent"`
	NotifySentTTL            time.Duration      `envconfig:"NOTIFY_SENT_TTL" default:"168h" desc:"TTL of NOTIFY_SENT_BUCKET"`
	NotifyWebhookConsumer    string             `envconfig:"NOTIFY_WEBHOOK_CONSUMER" default:"notify-webhook" desc:"durable consumer of the webhook outbox"`
	NotifyWebhookTimeout     time.Duration      `envconfig:"NOTIFY_WEBHOOK_TIMEOUT" default:"10s" desc:"limit on one webhook request (the outbox consumer's ack wait is 3 times it, at least 30s)"`
	NotifyWebhookMaxDeliver  int                `envconfig:"NOTIFY_WEBHOOK_MAX_DELIVER" default:"8" desc:"tries of one webhook"`
	NotifyWebhookBackoff     time.Duration      `envconfig:"NOTIFY_WEBHOOK_BACKOFF" default:"2s" desc:"delay before the second try of a webhook"`
	NotifyWebhookMaxBackoff  time.Duration      `envconfig:"NOTIFY_WEBHOOK_MAX_BACKOFF" default:"5m" desc:"longest delay between webhook tries"`
	NotifyWebhookConcurrency int                `envconfig:"NOTIFY_WEBHOOK_CONCURRENCY" default:"8" desc:"webhooks sent at once (the outbox consumer's max ack pending is 4 times it, at least 64)"`
}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	if err := c.Config.Validate(); err != nil {
		return err
	}
	for name, cc := range map[string]bus.ConsumerConfig{"NORMALIZER": c.Normalizer, "TAGGER": c.Tagger, "STORY": c.Story, "SINK": c.Sink, "NOTIFY": c.Notify, "NOTIFY_WEBHOOK": c.webhookConsumer()} {
		cc = named(cc, "x")
		if err := cc.Validate(); err != nil {
			return fmt.Errorf("%s_%w", name, err)
		}
	}
	switch {
	case c.FetcherSeenTTL <= 0:
		return fmt.Errorf("FETCHER_SEEN_TTL = %s, want > 0", c.FetcherSeenTTL)
	case c.SinkInput != "tagged" && c.SinkInput != "storied":
		return fmt.Errorf("SINK_INPUT = %q, want tagged or storied", c.SinkInput)
	case c.StoryStateBucket == "":
		return fmt.Errorf("STORY_STATE_BUCKET is empty")
	case c.StoryWindow <= 0 || c.StoryStateTTL < 0:
		return fmt.Errorf("STORY_WINDOW = %s and STORY_STATE_TTL = %s, want > 0 and >= 0", c.StoryWindow, c.StoryStateTTL)
	}
	return nil
}

// webhookConsumer is the notifier's rule (services/notify) for its
// outbox consumer.
func (c Config) webhookConsumer() bus.ConsumerConfig {
	return bus.ConsumerConfig{
		Consumer:        c.NotifyWebhookConsumer,
		MaxAckPending:   max(64, 4*c.NotifyWebhookConcurrency),
		MaxDeliver:      c.NotifyWebhookMaxDeliver,
		AckWait:         max(30*time.Second, 3*c.NotifyWebhookTimeout),
		RetryBackoff:    c.NotifyWebhookBackoff,
		RetryMaxBackoff: c.NotifyWebhookMaxBackoff,
		Concurrency:     c.NotifyWebhookConcurrency,
	}
}

// notifyStream is the stream NOTIFY_INPUT names (SINK_INPUT's by default).
func (c Config) notifyStream() string {
	in := c.NotifyInput
	if in == "" {
		in = c.SinkInput
	}
	if in == "storied" {
		return bus.StreamStoried
	}
	return bus.StreamTagged
}

// storyStateTTL is the story stage's rule (services/story): STORY_STATE_TTL,
// or twice STORY_WINDOW.
func (c Config) storyStateTTL() time.Duration {
	if c.StoryStateTTL > 0 {
		return c.StoryStateTTL
	}
	return 2 * c.StoryWindow
}
