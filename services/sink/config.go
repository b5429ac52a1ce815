package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/services/sink/internal/postgres"
)

// Config is the sink's configuration, read from SINK_* variables (and the
// shared NATS_* ones).
type Config struct {
	service.Common
	bus.Config
	bus.ConsumerConfig

	MetricsAddr string        `split_words:"true" default:":9104" desc:"address of the /metrics, /healthz and /readyz server"`
	Input       string        `default:"tagged" desc:"stream read: tagged (straight from the tagger) or storied (after the story stage, with duplicate_of, similarity and story_id)"`
	Backend     string        `default:"file" desc:"where articles go: file (JSON Lines) or postgres"`
	FilePath    string        `split_words:"true" default:"data/articles.jsonl" desc:"the JSON Lines file of the file backend"`
	FileMaxSize int64         `split_words:"true" default:"268435456" desc:"rotate the file before it grows past this many bytes (0: never)"`
	FileMaxAge  time.Duration `split_words:"true" default:"24h" desc:"rotate the file once it is this old (0: never)"`
	FileGzip    bool          `split_words:"true" default:"true" desc:"gzip rotated files (name-<UTC time>.jsonl.gz)"`
	BatchSize   int           `split_words:"true" default:"256" desc:"articles written in one batch, at most"`
	BatchLinger time.Duration `split_words:"true" default:"200ms" desc:"how long a batch waits for more articles after its first"`
	// Postgres configures the postgres backend (SINK_POSTGRES_*).
	Postgres postgres.Config

	// Source configures the per-source counts (newswire sources, the
	// source alerts).
	Source sourcewatch.Config `envconfig:"SOURCE"`
}

// inputStream is the stream SINK_INPUT names.
func (c *Config) inputStream() string {
	if c.Input == "storied" {
		return bus.StreamStoried
	}
	return bus.StreamTagged
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if c.Consumer == "" {
		c.Consumer = string(bus.StageSink)
	}
	for _, v := range []interface{ Validate() error }{c.Common, c.Config, c.ConsumerConfig} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	if err := c.Source.Validate("SINK"); err != nil {
		return err
	}
	switch {
	case c.Input != "" && c.Input != "tagged" && c.Input != "storied":
		return fmt.Errorf("SINK_INPUT = %q, want tagged or storied", c.Input)
	case c.Backend != "file" && c.Backend != "postgres":
		return fmt.Errorf("SINK_BACKEND = %q, want file or postgres", c.Backend)
	case c.Backend == "file" && c.FilePath == "":
		return fmt.Errorf("SINK_FILE_PATH is empty")
	case c.FileMaxSize < 0 || c.FileMaxAge < 0:
		return fmt.Errorf("SINK_FILE_MAX_SIZE = %d and SINK_FILE_MAX_AGE = %s: want >= 0", c.FileMaxSize, c.FileMaxAge)
	case c.Backend == "postgres" && c.Postgres.DSN == "":
		return fmt.Errorf("SINK_POSTGRES_DSN is required with SINK_BACKEND=postgres")
	case c.BatchSize < 1 || c.BatchSize > c.MaxAckPending:
		return fmt.Errorf("SINK_BATCH_SIZE = %d, want 1 to SINK_MAX_ACK_PENDING (%d)", c.BatchSize, c.MaxAckPending)
	case c.BatchLinger <= 0:
		return fmt.Errorf("SINK_BATCH_LINGER = %s, want > 0", c.BatchLinger)
	case c.Backend == "postgres":
		return c.Postgres.Validate()
	}
	return nil
}
