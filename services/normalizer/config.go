package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

// Config is the normalizer's configuration, read from NORMALIZER_*
// variables (and the shared NATS_* ones).
type Config struct {
	service.StageConfig

	MetricsAddr     string        `split_words:"true" default:":9102" desc:"address of the /metrics, /healthz and /readyz server"`
	MaxBodySize     int           `split_words:"true" default:"10485760" desc:"largest raw document accepted, in bytes; larger ones are dead-lettered"`
	Budget          time.Duration `default:"5s" desc:"time allowed for one document's HTML extraction; slower ones are dead-lettered"`
	FutureTolerance time.Duration `split_words:"true" default:"24h" desc:"a timestamp later than the fetch by more than this is rejected as implausible"`

	// Source configures the per-source counts (newswire sources, the
	// source alerts).
	Source sourcewatch.Config `envconfig:"SOURCE"`
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if err := c.ValidateStage(bus.StageNormalizer); err != nil {
		return err
	}
	if err := c.Source.Validate("NORMALIZER"); err != nil {
		return err
	}
	switch {
	case c.MaxBodySize < 1:
		return fmt.Errorf("NORMALIZER_MAX_BODY_SIZE = %d, want > 0", c.MaxBodySize)
	case c.Budget <= 0:
		return fmt.Errorf("NORMALIZER_BUDGET = %s, want > 0", c.Budget)
	case c.FutureTolerance < 0:
		return fmt.Errorf("NORMALIZER_FUTURE_TOLERANCE = %s, want >= 0", c.FutureTolerance)
	}
	return nil
}
