package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/services/story/internal/cluster"
)

// metrics are the story stage's own series, beside the bus's.
type metrics struct {
	articles   *prometheus.CounterVec
	similarity prometheus.Histogram
	assign     prometheus.Histogram
	revisions  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_story_articles_total",
			Help: "Articles assigned, by outcome: new_story, joined (an existing story), copy (of an earlier article), seen (answered from state: a replay or redelivery), passed (stage switched off).",
		}, []string{"outcome"}),
		similarity: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newswire_story_copy_similarity",
			Help:    "Similarity of copies to their originals.",
			Buckets: []float64{0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1},
		}),
		assign: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newswire_story_assign_seconds",
			Help:    "Time to assign one article, state reads and writes included.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
		revisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_story_revisions_total",
			Help: "Copies published again with duplicate_of set because their original, published earlier, arrived after them: published, or missing (no longer in the stream they came from).",
		}, []string{"outcome"}),
	}
	for _, c := range []prometheus.Collector{m.articles, m.similarity, m.assign, m.revisions} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	for _, o := range []cluster.Outcome{cluster.OutcomeNewStory, cluster.OutcomeJoined, cluster.OutcomeCopy, cluster.OutcomeSeen, outcomePassed} {
		m.articles.WithLabelValues(string(o))
	}
	for _, o := range []string{"published", "missing"} {
		m.revisions.WithLabelValues(o)
	}
	return m, nil
}

// registerCache exports the state cache's reads served from memory, those
// sent to the bucket, and its size.
func registerCache(reg prometheus.Registerer, c *cluster.Cache) error {
	for _, col := range []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "newswire_story_cache_hits_total",
			Help: "State reads served from the stage's memory.",
		}, func() float64 { h, _ := c.Stats(); return float64(h) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "newswire_story_cache_misses_total",
			Help: "State reads not in the stage's memory (sent to the bucket, or a key claimed by creating it).",
		}, func() float64 { _, m := c.Stats(); return float64(m) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newswire_story_cache_bytes",
			Help: "Bytes of state held in memory (at most STORY_CACHE_BYTES).",
		}, func() float64 { return float64(c.Size()) }),
	} {
		if err := reg.Register(col); err != nil {
			return err
		}
	}
	return nil
}
