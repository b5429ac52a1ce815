package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/story/internal/cluster"
)

// outcomePassed counts articles passed through by a switched-off stage.
const outcomePassed cluster.Outcome = "passed"

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	rt, err := service.Start(ctx, string(bus.StageStory), cfg.Config, cfg.MetricsAddr, log, bus.StreamTagged, bus.StreamStoried, bus.StreamDLQ)
	if err != nil {
		return err
	}
	defer rt.Close()
	m, err := newMetrics(rt.Registry)
	if err != nil {
		return fmt.Errorf("register story metrics: %w", err)
	}
	h := &handler{metrics: m, conn: rt.Conn, log: log}
	if cfg.Enabled {
		// The state lives in the broker: a restart loses nothing and every
		// replica reads and writes the same bucket.
		kv, err := rt.Conn.KeyValue(ctx, cfg.StateBucket, cfg.stateTTL())
		if err != nil {
			return err
		}
		var store cluster.Store = kvStore{kv: kv}
		if cfg.CacheBytes > 0 {
			// Recent entries in memory, the bucket the truth: see
			// cluster.Cache.
			h.cache = cluster.NewCache(store, cfg.CacheBytes, cfg.CacheMaxAge)
			store = h.cache
			if err := registerCache(rt.Registry, h.cache); err != nil {
				return fmt.Errorf("register story cache metrics: %w", err)
			}
		}
		if h.clusterer, err = cluster.New(store, cfg.cluster()); err != nil {
			return err
		}
	}
	cons, err := rt.Conn.NewConsumer(ctx, bus.StageStory, bus.StreamTagged, nil, cfg.ConsumerConfig, rt.Metrics, log)
	if err != nil {
		return err
	}
	rt.SetReady(cons.Ready)
	log.Info("story running", "enabled", cfg.Enabled, "bucket", cfg.StateBucket, "window", cfg.Window,
		"state_ttl", cfg.stateTTL(), "consumer", cfg.Consumer, "metrics", rt.TelemetryAddr())
	return service.Run(ctx, log, cfg.ShutdownGrace, func(ctx context.Context) error { return cons.Run(ctx, h) })
}

// handler gives one tagged article per delivery its copy group and story.
type handler struct {
	// clusterer is nil when the stage is switched off.
	clusterer *cluster.Clusterer
	// cache is the clusterer's state cache, nil when there is none.
	cache   *cluster.Cache
	metrics *metrics
	// conn reads back and publishes again the copies an original revises.
	conn *bus.Conn
	log  *slog.Logger
}

// Handle implements bus.Handler. Bad input is permanent; a state read or
// write that fails (the broker away) is transient and retried.
func (h *handler) Handle(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
	a, err := article.DecodeArticle(d.Data)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	if err := h.assign(ctx, a, d); err != nil {
		return nil, err
	}
	m, err := bus.ArticleMessage(bus.StageStory, a)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	return &m, nil
}

// assign sets a's story fields (none when the stage is off), and publishes
// again, revised, the copies that arrived before a, their original.
func (h *handler) assign(ctx context.Context, a *article.Article, d *bus.Delivery) error {
	if h.clusterer == nil {
		h.metrics.articles.WithLabelValues(string(outcomePassed)).Inc()
		return nil
	}
	start := time.Now()
	// The article's place in its stream is where a revision of it reads
	// it back.
	r, err := h.clusterer.AssignRef(ctx, a, d.Stream+":"+strconv.FormatUint(d.Sequence, 10))
	switch {
	case errors.Is(err, cluster.ErrInvalid):
		return bus.Permanent(err)
	case err != nil:
		return fmt.Errorf("assign story to %s: %w", a.ID, err)
	}
	h.metrics.assign.Observe(time.Since(start).Seconds())
	h.metrics.articles.WithLabelValues(string(r.Outcome)).Inc()
	if r.DuplicateOf != "" && r.Outcome == cluster.OutcomeCopy {
		h.metrics.similarity.Observe(r.Similarity)
	}
	for _, rv := range r.Revised {
		if err := h.revise(ctx, rv); err != nil {
			// The state holds the revision; the redelivery of a (seen)
			// brings it back to publish.
			return fmt.Errorf("revise %s after %s: %w", rv.ID, a.ID, err)
		}
	}
	a.DuplicateOf, a.Similarity, a.StoryID = r.DuplicateOf, r.Similarity, r.StoryID
	return nil
}

// revise publishes a new version of an article already published, with
// its revised answer: read back from the stream it came from (rv.Ref), its
// story fields set again. An article the stream no longer holds is
// counted and skipped: its revision stays in the state, for a replay.
func (h *handler) revise(ctx context.Context, rv cluster.Result) error {
	stream, seqText, _ := strings.Cut(rv.Ref, ":")
	seq, err := strconv.ParseUint(seqText, 10, 64)
	if stream == "" || err != nil {
		h.log.Warn("revised article has no stream reference: not published again", "article_id", rv.ID, "ref", rv.Ref)
		h.metrics.revisions.WithLabelValues("missing").Inc()
		return nil
	}
	st, err := h.conn.GetStored(ctx, stream, seq)
	if errors.Is(err, bus.ErrMessageNotFound) {
		h.log.Warn("revised article no longer in its stream: not published again", "article_id", rv.ID, "stream", stream, "seq", seq)
		h.metrics.revisions.WithLabelValues("missing").Inc()
		return nil
	}
	if err != nil {
		return err
	}
	a, err := article.DecodeArticle(st.Data)
	if err != nil || a.ID != rv.ID {
		h.log.Warn("revised article's stream message is not it: not published again", "article_id", rv.ID, "stream", stream, "seq", seq, "err", err)
		h.metrics.revisions.WithLabelValues("missing").Inc()
		return nil
	}
	// The answer as the state holds it now: another original may have
	// revised the article again since rv was worked out, and published
	// first.
	cur, ok, err := h.clusterer.Answer(ctx, rv.ID)
	if err != nil {
		return err
	}
	if ok {
		rv = cur
	}
	a.DuplicateOf, a.Similarity, a.StoryID = rv.DuplicateOf, rv.Similarity, rv.StoryID
	m, err := bus.ArticleMessage(bus.StageStory, a)
	if err != nil {
		return err
	}
	if err := h.conn.Publish(ctx, m); err != nil {
		return err
	}
	h.metrics.revisions.WithLabelValues("published").Inc()
	return nil
}
