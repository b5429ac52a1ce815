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
}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	if err := c.Config.Validate(); err != nil {
		return err
	}
	for name, cc := range map[string]bus.ConsumerConfig{"NORMALIZER": c.Normalizer, "TAGGER": c.Tagger, "STORY": c.Story, "SINK": c.Sink} {
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

// storyStateTTL is the story stage's rule (services/story): STORY_STATE_TTL,
// or twice STORY_WINDOW.
func (c Config) storyStateTTL() time.Duration {
	if c.StoryStateTTL > 0 {
		return c.StoryStateTTL
	}
	return 2 * c.StoryWindow
}
