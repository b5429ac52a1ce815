package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/tagger/internal/tag"
)

// gcPercent and gcLimit are the tagger's garbage collector settings unless
// GOGC and GOMEMLIMIT say otherwise (service.GCDefaults), for the service and
// the tag command alike: the entity model alone allocates about 11 MB
// tagging the 2.9 MB of WorldWide texts, and keeps nothing between texts.
// Over those texts (`tagger tag -jsonl`, one core) GOGC=400 took 1.8% less
// CPU than the default, at a peak RSS of 66 MB instead of 59 (BENCHMARKS.md,
// issue 15, eleventh look).
const (
	gcPercent = 400
	gcLimit   = 128 << 20
)

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	service.GCDefaults(gcPercent, gcLimit)
	t, err := tag.New()
	if err != nil {
		return fmt.Errorf("load tagger model: %w", err)
	}
	st := cfg.Stage(bus.StageTagger, bus.StreamNormalized, bus.StreamTagged, cfg.MetricsAddr)
	// The watch list is loaded before the consumer binds, so the first
	// article is tagged with it, and followed beside the consumer.
	st.Beside = func(ctx context.Context, rt *service.Runtime) (func(context.Context) error, func(context.Context), error) {
		follow, err := startWatchList(ctx, cfg.EntitiesConfig, t, rt.Conn, rt.Registry, log)
		if err != nil {
			return nil, nil, err
		}
		if follow == nil {
			follow = func(context.Context) error { return nil }
		}
		return follow, nil, nil
	}
	return service.RunStage(ctx, st, log, func(rt *service.Runtime) (bus.Handler, error) {
		m, err := newMetrics(rt.Registry)
		if err != nil {
			return nil, err
		}
		return &handler{tagger: t, metrics: m}, nil
	})
}

// handler tags one normalized article per delivery.
type handler struct {
	tagger  *tag.Tagger
	metrics *metrics
}

// Handle implements bus.Handler.
func (h *handler) Handle(_ context.Context, d *bus.Delivery) (*bus.Message, error) {
	a, err := article.DecodeArticle(d.Data)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	tags := h.tagger.Tag(a.Text, a.Source.Locale)
	a.Tags = &tags
	h.metrics.observe(tags)
	m, err := bus.ArticleMessage(bus.StageTagger, a)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	return &m, nil
}
