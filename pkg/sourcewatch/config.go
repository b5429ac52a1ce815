package sourcewatch

import (
	"fmt"
	"time"
)

// Config is the per-source settings every stage shares; a service's
// Config nests it as field Source with `envconfig:"SOURCE"`, so the
// variables read FETCHER_SOURCE_METRICS_CAP, SINK_SOURCE_FLUSH_INTERVAL...
type Config struct {
	MetricsCap    int           `split_words:"true" default:"500" desc:"sources with their own Prometheus series (label source); the series of any further source are summed into source=\"_other\" and counted by newswire_source_folded_total"`
	FlushInterval time.Duration `split_words:"true" default:"10s" desc:"how often per-source counts are written to the newswire_sources key-value bucket that newswire sources reads"`
}

// Validate checks the settings for meaning.
func (c Config) Validate(prefix string) error {
	switch {
	case c.MetricsCap < 0:
		return fmt.Errorf("%s_SOURCE_METRICS_CAP = %d, want >= 0", prefix, c.MetricsCap)
	case c.FlushInterval <= 0:
		return fmt.Errorf("%s_SOURCE_FLUSH_INTERVAL = %s, want > 0", prefix, c.FlushInterval)
	}
	return nil
}
