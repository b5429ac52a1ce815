package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/telemetry"
)

// sinkMetrics are the sink's own, besides the bus's and the per-source
// ones: what it wrote, how fast, and the pipeline's lag to the store.
type sinkMetrics struct {
	written       prometheus.Counter
	duplicates    prometheus.Counter
	writeErrors   prometheus.Counter
	batchSize     prometheus.Histogram
	writeDuration prometheus.Histogram
	fetchToSink   prometheus.Histogram
	replayToSink  prometheus.Histogram
}

func newSinkMetrics(reg prometheus.Registerer, backend string) (*sinkMetrics, error) {
	labels := prometheus.Labels{"backend": backend}
	m := &sinkMetrics{
		written: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_sink_articles_written_total", ConstLabels: labels,
			Help: "Articles written to the store: new ones and changed versions.",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_sink_duplicates_total", ConstLabels: labels,
			Help: "Articles received again in a version already stored, and not written.",
		}),
		writeErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_sink_write_errors_total", ConstLabels: labels,
			Help: "Batches the store failed to write (they are retried).",
		}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "newswire_sink_batch_size", ConstLabels: labels,
			Help:    "Articles per written batch.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 12),
		}),
		writeDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "newswire_sink_write_duration_seconds", ConstLabels: labels,
			Help:    "Time to write and sync one batch.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}),
		fetchToSink: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newswire_fetch_to_sink_seconds",
			Help:    "Time from a live article's fetch to its durable write in the sink (replayed articles, whose fetch time is their capture time, are in newswire_replay_to_sink_seconds).",
			Buckets: []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600},
		}),
		replayToSink: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newswire_replay_to_sink_seconds",
			Help:    "Replay lag: time from a replayed article's arrival on the broker (ingested_at) to its durable write in the sink.",
			Buckets: []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400},
		}),
	}
	if err := telemetry.Register(reg, m.written, m.duplicates, m.writeErrors, m.batchSize, m.writeDuration, m.fetchToSink, m.replayToSink); err != nil {
		return nil, err
	}
	return m, nil
}
