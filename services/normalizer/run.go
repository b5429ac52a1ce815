package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/services/normalizer/internal/normalize"
)

// gcPercent and gcLimit are the normalizer's garbage collector settings
// unless GOGC and GOMEMLIMIT say otherwise (service.GCDefaults): each page
// allocates a parsed tree and its copies, about 1.5 MB, and the service
// keeps almost nothing between pages. Over the news-sample pages, 8 at a
// time on 2 cores, GOGC=100 cost 4.41-4.77 CPU ms per page at a peak RSS
// of 63-64 MB, GOGC=400 with a 100 MiB limit 4.06-4.07 ms at 105-108 MB;
// in the pipeline benchmark these settings gave 3.75-3.84 ms per article
// at 129 MB, against 4.71 at 62 MB (BENCHMARKS.md, issue 15, eighth look).
const (
	gcPercent = 400
	gcLimit   = 128 << 20
)

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	service.GCDefaults(gcPercent, gcLimit)
	var sources *sourcewatch.Reporter
	st := cfg.Stage(bus.StageNormalizer, bus.StreamRaw, bus.StreamNormalized, cfg.MetricsAddr)
	// The per-source counts are flushed to their bucket beside the
	// consumer, and once more after it has stopped.
	st.Beside = func(ctx context.Context, rt *service.Runtime) (func(context.Context) error, func(context.Context), error) {
		kv, err := sourcewatch.Open(ctx, rt.Conn)
		if err != nil {
			return nil, nil, err
		}
		sources, err = sourcewatch.NewReporter(kv, cfg.Source, rt.Registry, log.With("component", "sources"))
		if err != nil {
			return nil, nil, err
		}
		return sources.Run, sources.Flush, nil
	}
	return service.RunStage(ctx, st, log, func(rt *service.Runtime) (bus.Handler, error) {
		n, err := normalize.New(normalize.Options{MaxBytes: cfg.MaxBodySize, Budget: cfg.Budget, FutureTolerance: cfg.FutureTolerance})
		if err != nil {
			return nil, err
		}
		m, err := newMetrics(rt.Registry)
		if err != nil {
			return nil, err
		}
		return &handler{normalizer: n, metrics: m, sources: sources, maxDeliver: cfg.MaxDeliver}, nil
	})
}

// handler normalizes one raw document per delivery.
type handler struct {
	normalizer *normalize.Normalizer
	metrics    *metrics
	// sources counts each source's articles: normalized, without text,
	// without a published date, dead-lettered.
	sources    *sourcewatch.Reporter
	maxDeliver int
}

// Handle implements bus.Handler. Normalization errors are permanent (the
// same bytes fail the same way on every attempt) except a spent time
// budget, which is retried.
func (h *handler) Handle(_ context.Context, d *bus.Delivery) (*bus.Message, error) {
	raw, err := article.DecodeRaw(d.Data)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	if d.Header(bus.HeaderReplay) != "" {
		raw.Replay = true
	}
	a, st, err := h.normalizer.Normalize(raw)
	if err != nil {
		err = fmt.Errorf("normalize %s (%s): %w", raw.ID, raw.URL, err)
		if normalize.Retryable(err) {
			// Retried with backoff; dead-lettered after MaxDeliver tries.
			if int(d.Delivered) >= h.maxDeliver {
				h.sources.Observe(raw.Source.Name, raw.Replay, sourcehealth.Counts{DeadLettered: 1})
			}
			return nil, err
		}
		if errors.Is(err, normalize.ErrNoText) || errors.Is(err, normalize.ErrEmpty) {
			h.sources.Observe(raw.Source.Name, raw.Replay, sourcehealth.Counts{NoText: 1})
		} else {
			h.sources.Observe(raw.Source.Name, raw.Replay, sourcehealth.Counts{DeadLettered: 1})
		}
		return nil, bus.Permanent(err)
	}
	h.metrics.observe(st)
	if !d.Published.IsZero() {
		at := d.Published.UTC()
		a.IngestedAt = &at
	}
	counts := sourcehealth.Counts{Normalized: 1}
	if a.PublishedAt == nil {
		counts.NoDate = 1
	}
	h.sources.Observe(raw.Source.Name, raw.Replay, counts)
	m, err := bus.ArticleMessage(bus.StageNormalizer, a)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	return &m, nil
}
