package main

import (
	"fmt"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/story/internal/cluster"
)

// Config is the story stage's configuration, read from STORY_* variables
// (and the shared NATS_* ones).
type Config struct {
	service.Common
	bus.Config
	bus.ConsumerConfig

	MetricsAddr    string        `split_words:"true" default:":9105" desc:"address of the /metrics, /healthz and /readyz server"`
	Enabled        bool          `default:"true" desc:"mark copies and group stories; false passes articles through unchanged"`
	Window         time.Duration `default:"72h" desc:"how far apart in published time the articles of one story, or a copy and its original, may be"`
	CopyThreshold  float64       `split_words:"true" default:"0.5" desc:"share of the shorter text that must stand in the other for it to be a copy (0-1)"`
	StoryThreshold float64       `split_words:"true" default:"0.3" desc:"least cosine similarity between an article and a story for the article to join it (0-1)"`
	StateBucket    string        `split_words:"true" default:"newswire_stories" desc:"JetStream key-value bucket holding the stage's state, shared by its replicas"`
	StateTTL       time.Duration `split_words:"true" default:"0" desc:"how long state entries live after their last write (0: twice STORY_WINDOW); a replay within it gives every article its earlier answer"`
	CacheBytes     int           `split_words:"true" default:"67108864" desc:"memory for the state entries last read or written (64 MiB; 0: none), whatever the window's size: reads of them skip the bucket, and writes go straight to a compare-and-set"`
	CacheMaxAge    time.Duration `split_words:"true" default:"10m" desc:"how long a cached entry is trusted before it is read from the bucket again (another replica's writes show within it; a write at a stale revision is refused and retried whatever this is)"`
}

// Validate checks the settings for meaning.
func (c *Config) Validate() error {
	if c.Consumer == "" {
		c.Consumer = string(bus.StageStory)
	}
	for _, v := range []interface{ Validate() error }{c.Common, c.Config, c.ConsumerConfig, c.cluster()} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	switch {
	case c.StateBucket == "":
		return fmt.Errorf("STORY_STATE_BUCKET is empty")
	case c.StateTTL < 0:
		return fmt.Errorf("STORY_STATE_TTL = %s, want >= 0", c.StateTTL)
	case c.CacheBytes < 0:
		return fmt.Errorf("STORY_CACHE_BYTES = %d, want >= 0", c.CacheBytes)
	case c.CacheMaxAge < 0:
		return fmt.Errorf("STORY_CACHE_MAX_AGE = %s, want >= 0", c.CacheMaxAge)
	case c.StateTTL > 0 && c.StateTTL < c.Window:
		return fmt.Errorf("STORY_STATE_TTL = %s is shorter than STORY_WINDOW = %s: stories would be forgotten inside their window", c.StateTTL, c.Window)
	}
	return nil
}

func (c *Config) cluster() cluster.Config {
	return cluster.Config{Window: c.Window, CopyThreshold: c.CopyThreshold, StoryThreshold: c.StoryThreshold}
}

func (c *Config) stateTTL() time.Duration {
	if c.StateTTL > 0 {
		return c.StateTTL
	}
	return 2 * c.Window
}
