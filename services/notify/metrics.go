package main

import "github.com/prometheus/client_golang/prometheus"

// Outcomes of an article's matches and of a webhook delivery.
const (
	outcomeFired     = "fired"      // an alert was published
	outcomeStorySeen = "story_seen" // the search had already alerted on the article's story
	outcomeDelivered = "delivered"
	outcomeRetry     = "retry"
	outcomeFailed    = "failed"    // permanent, or the last try: dead-lettered
	outcomeDuplicate = "duplicate" // delivered before (a redelivery)
	outcomeRemoved   = "removed"   // the search was removed or replaced before delivery
)

// metrics are the notifier's own series, beside the bus's.
type metrics struct {
	searches   prometheus.Gauge
	invalid    prometheus.Gauge
	match      prometheus.Histogram
	alerts     *prometheus.CounterVec
	skipped    prometheus.Counter
	webhooks   *prometheus.CounterVec
	webhookDur prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		searches: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_notify_saved_searches",
			Help: "Saved searches evaluated on each article.",
		}),
		invalid: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_notify_invalid_searches",
			Help: "Saved search records that could not be used (bad JSON or query); the notifier logs why.",
		}),
		match: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newswire_notify_match_seconds",
			Help:    "Time to match one article against every saved search (indexing it included).",
			Buckets: prometheus.ExponentialBuckets(0.00001, 4, 10),
		}),
		alerts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_notify_alerts_total",
			Help: "Matches of a saved search on an article, by outcome: fired (an alert published), story_seen (the search had alerted on the story already).",
		}, []string{"outcome"}),
		skipped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_notify_replays_skipped_total",
			Help: "Replayed articles not matched (NOTIFY_ALERT_REPLAYS=false).",
		}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_notify_webhooks_total",
			Help: "Webhook tries, by outcome: delivered, retry, failed (dead-lettered), duplicate (delivered before), removed (search gone).",
		}, []string{"outcome"}),
		webhookDur: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newswire_notify_webhook_seconds",
			Help:    "Time of one webhook request.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}),
	}
	for _, c := range []prometheus.Collector{m.searches, m.invalid, m.match, m.alerts, m.skipped, m.webhooks, m.webhookDur} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	for _, o := range []string{outcomeFired, outcomeStorySeen} {
		m.alerts.WithLabelValues(o)
	}
	for _, o := range []string{outcomeDelivered, outcomeRetry, outcomeFailed, outcomeDuplicate, outcomeRemoved} {
		m.webhooks.WithLabelValues(o)
	}
	return m, nil
}
