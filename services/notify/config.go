package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/notify/internal/webhook"
)

// Config is the notifier's configuration, read from NOTIFY_* variables
// (and the shared NATS_* ones). The embedded consumer settings are the
// article consumer's; the webhook outbox consumer has its own below.
type Config struct {
	service.Common
	bus.Config
	bus.ConsumerConfig

	MetricsAddr        string        `split_words:"true" default:":9107" desc:"address of the /metrics, /healthz and /readyz server"`
	Input              string        `default:"tagged" desc:"stream read, as the sink's SINK_INPUT: tagged (straight from the tagger) or storied (after the story stage: one alert per story)"`
	SearchBucket       string        `split_words:"true" default:"newswire_alerts" desc:"JetStream key-value bucket of the saved searches (newswire alerts add, list, rm), followed by every replica"`
	SentBucket         string        `split_words:"true" default:"newswire_alerts_sent" desc:"JetStream key-value bucket recording which story each saved search has alerted on, and which webhooks were delivered"`
	SentTTL            time.Duration `split_words:"true" default:"168h" desc:"how long a story's alert is remembered: a later article of the story alerts again after this"`
	AlertReplays       bool          `split_words:"true" default:"false" desc:"alert on replayed articles (fetcher replay, archives in the inbox) too; off, a backfill fires nothing"`
	Refresh            time.Duration `default:"1m" desc:"how often searches with now-relative times (published:>=now-7d) are compiled again"`
	WebhookTimeout     time.Duration `split_words:"true" default:"10s" desc:"limit on one webhook request, connection included"`
	WebhookAllow       []string      `split_words:"true" default:"" desc:"SSRF guard exceptions for webhooks: CIDRs or host:port, comma separated (empty: no internal address is reached)"`
	WebhookUserAgent   string        `split_words:"true" default:"newswire-notify/1 (+https://github.com/newswire/newswire)" desc:"User-Agent of webhook requests"`
	WebhookConsumer    string        `split_words:"true" default:"notify-webhook" desc:"durable consumer name of the webhook outbox"`
	WebhookMaxDeliver  int           `split_words:"true" default:"8" desc:"tries of one webhook before it is dead-lettered (articles.dlq.notify, with the last error)"`
	WebhookBackoff     time.Duration `split_words:"true" default:"2s" desc:"delay before the second try of a webhook; doubles per try"`
	WebhookMaxBackoff  time.Duration `split_words:"true" default:"5m" desc:"longest delay between webhook tries"`
	WebhookConcurrency int           `split_words:"true" default:"8" desc:"webhooks sent at once"`
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if c.Consumer == "" {
		c.Consumer = string(bus.StageNotify)
	}
	for _, v := range []interface{ Validate() error }{c.Common, c.Config, c.ConsumerConfig, c.webhookConsumer()} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	switch {
	case c.Input != "tagged" && c.Input != "storied":
		return fmt.Errorf("NOTIFY_INPUT = %q, want tagged or storied", c.Input)
	case c.SearchBucket == "" || c.SentBucket == "" || c.SearchBucket == c.SentBucket:
		return fmt.Errorf("NOTIFY_SEARCH_BUCKET (%q) and NOTIFY_SENT_BUCKET (%q) must be set and differ", c.SearchBucket, c.SentBucket)
	case c.SentTTL < time.Hour:
		return fmt.Errorf("NOTIFY_SENT_TTL = %s, want >= 1h", c.SentTTL)
	case c.Refresh < time.Second:
		return fmt.Errorf("NOTIFY_REFRESH = %s, want >= 1s", c.Refresh)
	case c.WebhookTimeout <= 0:
		return fmt.Errorf("NOTIFY_WEBHOOK_TIMEOUT = %s, want > 0", c.WebhookTimeout)
	case c.WebhookConsumer == c.Consumer:
		return fmt.Errorf("NOTIFY_WEBHOOK_CONSUMER and NOTIFY_CONSUMER are both %q", c.Consumer)
	}
	return nil
}

// inputStream is the stream NOTIFY_INPUT names.
func (c *Config) inputStream() string {
	if c.Input == "storied" {
		return bus.StreamStoried
	}
	return bus.StreamTagged
}

// webhookConsumer sizes the outbox consumer: its ack wait outlasts a
// request, and its retries are the webhook's.
func (c *Config) webhookConsumer() bus.ConsumerConfig {
	return bus.ConsumerConfig{
		Consumer:        c.WebhookConsumer,
		MaxAckPending:   max(64, 4*c.WebhookConcurrency),
		MaxDeliver:      c.WebhookMaxDeliver,
		AckWait:         max(30*time.Second, 3*c.WebhookTimeout),
		RetryBackoff:    c.WebhookBackoff,
		RetryMaxBackoff: c.WebhookMaxBackoff,
		Concurrency:     c.WebhookConcurrency,
	}
}

func (c *Config) webhook() webhook.Config {
	return webhook.Config{Timeout: c.WebhookTimeout, UserAgent: c.WebhookUserAgent, Allow: c.WebhookAllow}
}
