package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
)

// store is where the sink puts articles. Write must make the whole batch
// durable before returning nil; an error means nothing of the batch can be
// relied on and it will be retried whole. It returns how many articles were
// new or changed (the rest were already stored).
type store interface {
	Write(ctx context.Context, batch []*article.Article) (int, error)
	Close() error
}

// writer is the sink's batch handler: it decodes tagged articles and writes
// them to the store in one durable batch.
type writer struct {
	store   store
	metrics *sinkMetrics
	log     *slog.Logger
	now     func() time.Time
}

// HandleBatch implements bus.BatchHandler.
func (w *writer) HandleBatch(ctx context.Context, batch []*bus.Delivery) []error {
	errs := make([]error, len(batch))
	arts := make([]*article.Article, 0, len(batch))
	for i, d := range batch {
		a, err := article.DecodeArticle(d.Data)
		if err != nil {
			errs[i] = bus.Permanent(err)
			continue
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return errs
	}
	start := w.now()
	written, err := w.store.Write(ctx, arts)
	if err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		w.metrics.writeErrors.Inc()
		return errs
	}
	done := w.now()
	w.metrics.writeDuration.Observe(done.Sub(start).Seconds())
	w.metrics.batchSize.Observe(float64(len(arts)))
	w.metrics.written.Add(float64(written))
	w.metrics.duplicates.Add(float64(len(arts) - written))
	for _, a := range arts {
		if !a.Replay && !a.FetchedAt.IsZero() {
			w.metrics.fetchToSink.Observe(done.Sub(a.FetchedAt).Seconds())
		}
	}
	return errs
}

type sinkMetrics struct {
	written       prometheus.Counter
	duplicates    prometheus.Counter
	writeErrors   prometheus.Counter
	batchSize     prometheus.Histogram
	writeDuration prometheus.Histogram
	fetchToSink   prometheus.Histogram
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
			Help:    "Time from an article's fetch to its durable write in the sink (replayed articles excluded).",
			Buckets: []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600},
		}),
	}
	for _, c := range []prometheus.Collector{m.written, m.duplicates, m.writeErrors, m.batchSize, m.writeDuration, m.fetchToSink} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
