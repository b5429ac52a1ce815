package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/telemetry"
)

// metrics count the tags found, by kind.
type metrics struct {
	tags    *prometheus.CounterVec
	watched prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		tags: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_tagger_tags_total",
			Help: "Tags found, by kind (entity types PERSON, ORG, LOC, NORP; money; figure).",
		}, []string{"kind"}),
		watched: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_tagger_watch_mentions_total",
			Help: "Mentions of watch-list entities tagged (also counted by type in newswire_tagger_tags_total).",
		}),
	}
	if err := telemetry.Register(reg, m.tags, m.watched); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *metrics) observe(t article.Tags) {
	for _, e := range t.Entities {
		m.tags.WithLabelValues(e.Type).Inc()
		if e.Watch {
			m.watched.Inc()
		}
	}
	m.tags.WithLabelValues("money").Add(float64(len(t.Money)))
	m.tags.WithLabelValues("figure").Add(float64(len(t.Figures)))
}

// watchMetrics say which watch list is in use and whether its source holds
// a newer one that could not be loaded.
type watchMetrics struct {
	entities, aliases, stale, loadedAt prometheus.Gauge
	reloads                            *prometheus.CounterVec
}

func newWatchMetrics(reg prometheus.Registerer) (*watchMetrics, error) {
	m := &watchMetrics{
		entities: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_tagger_watch_entities",
			Help: "Entities in the watch list in use.",
		}),
		aliases: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_tagger_watch_aliases",
			Help: "Aliases (names included) in the watch list in use.",
		}),
		stale: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_tagger_watch_stale",
			Help: "1 while the watch list's source holds a list that could not be read or loaded (the log says why) and the last good one is in use; 0 otherwise.",
		}),
		loadedAt: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_tagger_watch_loaded_timestamp_seconds",
			Help: "When the watch list in use was loaded (Unix time).",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_tagger_watch_reloads_total",
			Help: "Watch lists read from the source, by outcome: loaded, invalid (kept the last good list), unreadable (the source could not be read).",
		}, []string{"outcome"}),
	}
	for _, o := range []string{"loaded", "invalid", "unreadable"} {
		m.reloads.WithLabelValues(o)
	}
	if err := telemetry.Register(reg, m.entities, m.aliases, m.stale, m.loadedAt, m.reloads); err != nil {
		return nil, err
	}

	return m, nil
}
