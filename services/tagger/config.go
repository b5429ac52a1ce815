package main

import (
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
)

// Config is the tagger's configuration, read from TAGGER_* variables (and
// the shared NATS_* ones).
type Config struct {
	service.Common
	bus.Config
	bus.ConsumerConfig

	MetricsAddr string `split_words:"true" default:":9103" desc:"address of the /metrics, /healthz and /readyz server"`
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if c.Consumer == "" {
		c.Consumer = string(bus.StageTagger)
	}
	for _, v := range []interface{ Validate() error }{c.Common, c.Config, c.ConsumerConfig} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}
