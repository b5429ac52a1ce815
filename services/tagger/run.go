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

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
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
