package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

// writer is the sink's batch handler: it decodes tagged articles and writes
// them to the store in one durable batch. While the store is down it holds
// the batch and keeps retrying (telling the broker the messages are in
// progress), so an outage of any length costs no redeliveries and loses
// nothing: the backlog waits in JetStream, behind MaxAckPending.
type writer struct {
	store    store
	metrics  *sinkMetrics
	log      *slog.Logger
	now      func() time.Time
	shutdown <-chan struct{}
	healthy  atomic.Bool
	// sources counts each source's stored and dead-lettered articles; nil
	// counts nothing.
	sources *sourcewatch.Reporter
	// retryMin and retryMax bound the delay between attempts to write a
	// batch while the store is failing.
	retryMin, retryMax time.Duration
}

// Ready reports whether the last write succeeded.
func (w *writer) Ready() error {
	if !w.healthy.Load() {
		return errors.New("store unavailable: writes are failing; holding the backlog")
	}
	return nil
}

// HandleBatch implements bus.BatchHandler.
func (w *writer) HandleBatch(ctx context.Context, batch []*bus.Delivery) []error {
	errs := make([]error, len(batch))
	arts := make([]*article.Article, 0, len(batch))
	index := make([]int, 0, len(batch)) // arts[i] came from batch[index[i]]
	for i, d := range batch {
		a, err := article.DecodeArticle(d.Data)
		if err != nil {
			errs[i] = bus.Permanent(err)
			continue
		}
		arts = append(arts, a)
		index = append(index, i)
	}
	if len(arts) == 0 {
		return errs
	}
	start := w.now()
	res, err := w.write(ctx, arts, batch)
	if err != nil {
		for _, i := range index {
			errs[i] = err
		}
		return errs
	}
	done := w.now()
	for j, rerr := range res.Rejected {
		errs[index[j]] = bus.Permanent(fmt.Errorf("store rejected article %s: %w", arts[j].ID, rerr))
	}
	w.metrics.writeDuration.Observe(done.Sub(start).Seconds())
	w.metrics.batchSize.Observe(float64(len(arts)))
	w.metrics.written.Add(float64(res.Written))
	w.metrics.duplicates.Add(float64(len(arts) - res.Written - len(res.Rejected)))
	for j, a := range arts {
		if _, rejected := res.Rejected[j]; rejected {
			w.sources.Observe(a.Source.Name, a.Replay, sourcehealth.Counts{DeadLettered: 1})
			continue
		}
		// Stored: written now, or found already stored in this version.
		w.sources.Observe(a.Source.Name, a.Replay, sourcehealth.Counts{Stored: 1})
		switch {
		case a.Replay:
			// A replayed article's fetched_at is its capture time, maybe
			// years ago: its lag runs from when the replay put it on the
			// broker.
			if a.IngestedAt != nil {
				w.metrics.replayToSink.Observe(done.Sub(*a.IngestedAt).Seconds())
			}
		case !a.FetchedAt.IsZero():
			w.metrics.fetchToSink.Observe(done.Sub(a.FetchedAt).Seconds())
		}
	}
	return errs
}

// write writes arts until it succeeds or the sink shuts down.
func (w *writer) write(ctx context.Context, arts []*article.Article, batch []*bus.Delivery) (result, error) {
	delay := w.retryMin
	for attempt := 1; ; attempt++ {
		res, err := w.store.Write(ctx, arts)
		if err == nil {
			if !w.healthy.Swap(true) && attempt > 1 {
				w.log.Info("store is back; writing again", "attempts", attempt)
			}
			return res, nil
		}
		w.metrics.writeErrors.Inc()
		if w.healthy.Swap(false) || attempt == 1 {
			w.log.Error("store write failed; holding the batch and retrying", "articles", len(arts), "err", err, "retry_in", delay)
		}
		for _, d := range batch {
			_ = d.InProgress()
		}
		select {
		case <-w.shutdown:
			return result{}, fmt.Errorf("store unavailable at shutdown: %w", err)
		case <-time.After(delay):
		}
		delay = min(delay*2, w.retryMax)
	}
}
