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
	rt, err := service.Start(ctx, "tagger", cfg.Config, cfg.MetricsAddr, log, bus.StreamNormalized, bus.StreamTagged, bus.StreamDLQ)
	if err != nil {
		return err
	}
	defer rt.Close()

	t, err := tag.New()
	if err != nil {
		return fmt.Errorf("load tagger model: %w", err)
	}
	m, err := newMetrics(rt.Registry)
	if err != nil {
		return err
	}
	cons, err := rt.Conn.NewConsumer(ctx, bus.StageTagger, bus.StreamNormalized, nil, cfg.ConsumerConfig, rt.Metrics, log)
	if err != nil {
		return err
	}
	rt.SetReady(cons.Ready)
	h := &handler{tagger: t, metrics: m}
	log.Info("tagger running", "consumer", cfg.Consumer, "metrics", rt.TelemetryAddr())
	return service.Run(ctx, log, cfg.ShutdownGrace, func(ctx context.Context) error {
		return cons.Run(ctx, h)
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
