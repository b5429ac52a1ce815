package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
)

// Config is the fetcher's configuration, read from FETCHER_* variables (and
// the shared NATS_* ones).
type Config struct {
	service.Common
	bus.Config

	MetricsAddr string `split_words:"true" default:":9101" desc:"address of the /metrics, /healthz and /readyz server"`

	InboxDir      string        `split_words:"true" default:"data/inbox" desc:"directory watched for article files (.txt, .html, .json); empty disables the inbox"`
	InboxInterval time.Duration `split_words:"true" default:"1s" desc:"how often the inbox is scanned"`
	InboxSettle   time.Duration `split_words:"true" default:"500ms" desc:"a file is ingested once it has not changed for this long"`
	InboxSource   string        `split_words:"true" default:"inbox" desc:"source name given to inbox articles"`
	InboxLocale   string        `split_words:"true" desc:"BCP 47 locale hint for inbox articles (en-GB: day-first dates; en-AU: $ is AUD)"`
	MaxBodySize   int64         `split_words:"true" default:"5242880" desc:"largest document accepted, in bytes; larger ones are refused to the dead-letter subject"`
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	for _, v := range []interface{ Validate() error }{c.Common, c.Config} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	switch {
	case c.InboxDir != "" && c.InboxInterval <= 0:
		return fmt.Errorf("FETCHER_INBOX_INTERVAL = %s, want > 0", c.InboxInterval)
	case c.InboxSettle < 0:
		return fmt.Errorf("FETCHER_INBOX_SETTLE = %s, want >= 0", c.InboxSettle)
	case c.MaxBodySize < 1:
		return fmt.Errorf("FETCHER_MAX_BODY_SIZE = %d, want > 0", c.MaxBodySize)
	}
	return nil
}
