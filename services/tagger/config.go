package main

import (
	"fmt"
	"regexp"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
)

// Config is the tagger's configuration, read from TAGGER_* variables (and
// the shared NATS_* ones).
type Config struct {
	service.StageConfig

	MetricsAddr string `split_words:"true" default:":9103" desc:"address of the /metrics, /healthz and /readyz server"`

	EntitiesConfig
}

// EntitiesConfig says where the user's watch list comes from: a file, or
// a JetStream key-value entry that every replica follows.
type EntitiesConfig struct {
	EntitiesFile   string        `split_words:"true" desc:"watch list (YAML or TSV: id, type, name, aliases, ambiguous aliases, context words): its names are tagged with their id and watch: true; reloaded when the file changes"`
	EntitiesBucket string        `split_words:"true" desc:"JetStream key-value bucket holding the watch list, followed by every replica (instead of ENTITIES_FILE; fill it with tagger watch push)"`
	EntitiesKey    string        `split_words:"true" default:"entities" desc:"key of the watch list in ENTITIES_BUCKET"`
	EntitiesReload time.Duration `split_words:"true" default:"2s" desc:"how often ENTITIES_FILE is checked for changes"`
	EntitiesWindow int           `split_words:"true" default:"30" desc:"words before or after an ambiguous alias within which one of its context words must stand"`
}

// bucketName is what JetStream accepts as a bucket name.
var bucketName = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// Validate checks the watch-list settings.
func (c EntitiesConfig) Validate() error {
	switch {
	case c.EntitiesFile != "" && c.EntitiesBucket != "":
		return fmt.Errorf("ENTITIES_FILE and ENTITIES_BUCKET are both set; the watch list comes from one of them")
	case c.EntitiesBucket != "" && !bucketName.MatchString(c.EntitiesBucket):
		return fmt.Errorf("ENTITIES_BUCKET = %q, want letters, digits, - and _", c.EntitiesBucket)
	case c.EntitiesKey == "" || !bucketName.MatchString(c.EntitiesKey):
		return fmt.Errorf("ENTITIES_KEY = %q, want letters, digits, - and _", c.EntitiesKey)
	case c.EntitiesReload < 100*time.Millisecond:
		return fmt.Errorf("ENTITIES_RELOAD = %s, want >= 100ms", c.EntitiesReload)
	case c.EntitiesWindow < 1:
		return fmt.Errorf("ENTITIES_WINDOW = %d, want >= 1", c.EntitiesWindow)
	}
	return nil
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if err := c.ValidateStage(bus.StageTagger); err != nil {
		return err
	}
	return c.EntitiesConfig.Validate()
}
