package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// Config is the fetcher's configuration, read from FETCHER_* variables (and
// the shared NATS_* ones).
type Config struct {
	service.Common
	bus.Config

	MetricsAddr string `split_words:"true" default:":9101" desc:"address of the /metrics, /healthz and /readyz server"`

	SourcesFile   string        `split_words:"true" desc:"sources file (.yaml, .yml or .json) listing feeds, sitemaps, pages and inbox directories (see docs/fetcher.md)"`
	Feeds         string        `split_words:"true" desc:"feed URLs (RSS, Atom or JSON Feed) separated by commas or spaces, for setups without a sources file"`
	FeedsInterval time.Duration `split_words:"true" default:"5m" desc:"poll interval of the FETCHER_FEEDS feeds (at least 30s; jittered by 10%)"`
	SeenTTL       time.Duration `split_words:"true" default:"720h" desc:"how long a published feed or sitemap item is remembered (JetStream key-value bucket), so restarts do not publish it again"`

	// HTTP configures the client used for feeds, sitemaps and pages.
	HTTP httpfetch.Config `envconfig:"HTTP"`

	InboxDir      string        `split_words:"true" default:"data/inbox" desc:"directory watched for article files (.txt, .html, .json) and archives (.warc, .warc.gz, .jsonl, .jsonl.gz); empty disables it"`
	InboxInterval time.Duration `split_words:"true" default:"1s" desc:"how often the inbox is scanned"`
	InboxSettle   time.Duration `split_words:"true" default:"500ms" desc:"a file is ingested once it has not changed for this long"`
	InboxSource   string        `split_words:"true" default:"inbox" desc:"source name given to inbox articles"`
	InboxLocale   string        `split_words:"true" desc:"BCP 47 locale hint for inbox articles (en-GB: day-first dates; en-AU: $ is AUD)"`
	MaxBodySize   int64         `split_words:"true" default:"5242880" desc:"largest document accepted, in bytes; larger ones are refused to the dead-letter subject"`

	// Per-source records and series (newswire sources, the source alerts).
	Source             sourcewatch.Config `envconfig:"SOURCE"`
	SourceQuietMin     time.Duration      `split_words:"true" default:"6h" desc:"shortest silence (no new item) after which a source counts as quiet; a source is quiet after max(this, 4 x its usual gap between new items)"`
	SourceFailingPolls int                `split_words:"true" default:"3" desc:"consecutive failed polls after which a source counts as failing"`
}

// thresholds are the per-source thresholds the fetcher exports and
// newswire sources applies.
func (c *Config) thresholds() sourcehealth.Thresholds {
	t := sourcehealth.DefaultThresholds()
	t.QuietMin, t.FailingPolls = c.SourceQuietMin, c.SourceFailingPolls
	return t
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	for _, v := range []interface{ Validate() error }{c.Common, c.Config} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	if err := c.Source.Validate("FETCHER"); err != nil {
		return err
	}
	if err := c.thresholds().Validate(); err != nil {
		return fmt.Errorf("FETCHER_SOURCE_QUIET_MIN or FETCHER_SOURCE_FAILING_POLLS: %w", err)
	}
	switch {
	case c.InboxDir != "" && c.InboxInterval <= 0:
		return fmt.Errorf("FETCHER_INBOX_INTERVAL = %s, want > 0", c.InboxInterval)
	case c.InboxSettle < 0:
		return fmt.Errorf("FETCHER_INBOX_SETTLE = %s, want >= 0", c.InboxSettle)
	case c.MaxBodySize < 1:
		return fmt.Errorf("FETCHER_MAX_BODY_SIZE = %d, want > 0", c.MaxBodySize)
	case c.Feeds != "" && c.FeedsInterval < source.MinInterval:
		return fmt.Errorf("FETCHER_FEEDS_INTERVAL = %s, want >= %s", c.FeedsInterval, source.MinInterval)
	case c.SeenTTL <= 0:
		return fmt.Errorf("FETCHER_SEEN_TTL = %s, want > 0", c.SeenTTL)
	}
	return nil
}
