package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/tagger/internal/tag"
)

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	return service.RunStage(ctx, service.Stage{
		Name:        bus.StageTagger,
		Input:       bus.StreamNormalized,
		Streams:     []string{bus.StreamNormalized, bus.StreamTagged, bus.StreamDLQ},
		Bus:         cfg.Config,
		Consumer:    cfg.ConsumerConfig,
		MetricsAddr: cfg.MetricsAddr,
		Grace:       cfg.ShutdownGrace,
	}, log, func(reg prometheus.Registerer) (bus.Handler, error) {
		t, err := tag.New()
		if err != nil {
			return nil, fmt.Errorf("load tagger model: %w", err)
		}
		m, err := newMetrics(reg)
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
	data, err := json.Marshal(a)
	if err != nil {
		return nil, bus.Permanent(fmt.Errorf("encode article %s: %w", a.ID, err))
	}
	header := map[string]string{bus.HeaderArticleID: a.ID}
	if a.Replay {
		header[bus.HeaderReplay] = "true"
	}
	return &bus.Message{
		Subject: bus.SubjectTagged,
		Data:    data,
		ID:      bus.MsgID(bus.StageTagger, a.ID, a.ContentHash),
		Header:  header,
	}, nil
}

type metrics struct {
	tags *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{tags: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "newswire_tagger_tags_total",
		Help: "Tags found, by kind (entity types PERSON, ORG, LOC, NORP; money; figure).",
	}, []string{"kind"})}
	if err := reg.Register(m.tags); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *metrics) observe(t article.Tags) {
	for _, e := range t.Entities {
		m.tags.WithLabelValues(e.Type).Inc()
	}
	m.tags.WithLabelValues("money").Add(float64(len(t.Money)))
	m.tags.WithLabelValues("figure").Add(float64(len(t.Figures)))
}
