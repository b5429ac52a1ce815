package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/notify/internal/searches"
	"github.com/newswire/newswire/services/notify/internal/webhook"
)

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	rt, err := service.Start(ctx, string(bus.StageNotify), cfg.Config, cfg.MetricsAddr, log, cfg.inputStream(), bus.StreamDLQ)
	if err != nil {
		return err
	}
	defer rt.Close()
	if err := rt.Conn.EnsureAlertStreams(ctx); err != nil {
		return err
	}
	m, err := newMetrics(rt.Registry)
	if err != nil {
		return fmt.Errorf("register notify metrics: %w", err)
	}
	searchKV, err := rt.Conn.KeyValue(ctx, cfg.SearchBucket, 0)
	if err != nil {
		return err
	}
	sentKV, err := rt.Conn.KeyValue(ctx, cfg.SentBucket, cfg.SentTTL)
	if err != nil {
		return err
	}
	client, err := webhook.New(cfg.webhook())
	if err != nil {
		return err
	}
	n := &notifier{conn: rt.Conn, sent: sentKV, client: client, metrics: m, log: log, replays: cfg.AlertReplays, tries: cfg.WebhookMaxDeliver}

	// The searches are loaded before the first article is read, so none
	// is matched against an empty set.
	w, err := searchKV.WatchAll(ctx)
	if err != nil {
		return err
	}
	defer w.Stop()
	f := &follower{watch: w, refresh: cfg.Refresh, log: log.With("component", "searches"), metrics: m, current: &n.current}
	if err := f.load(ctx); err != nil {
		return err
	}
	articles, err := rt.Conn.NewConsumer(ctx, bus.StageNotify, cfg.inputStream(), nil, cfg.ConsumerConfig, rt.Metrics, log)
	if err != nil {
		return err
	}
	outbox, err := rt.Conn.NewConsumer(ctx, bus.StageNotify, bus.StreamOutbox, nil, cfg.webhookConsumer(), rt.Metrics, log)
	if err != nil {
		return err
	}
	rt.SetReady(func() error { return errors.Join(articles.Ready(), outbox.Ready()) })
	log.Info("notify running", "input", cfg.inputStream(), "searches", n.current.Load().Len(),
		"bucket", cfg.SearchBucket, "consumer", cfg.Consumer, "metrics", rt.TelemetryAddr())
	return service.Run(ctx, log, cfg.ShutdownGrace,
		func(ctx context.Context) error { return articles.Run(ctx, bus.HandlerFunc(n.match)) },
		func(ctx context.Context) error { return outbox.Run(ctx, bus.HandlerFunc(n.deliver)) },
		f.run,
	)
}

// follower keeps current up to date with the saved-search bucket.
type follower struct {
	watch   *bus.BucketWatch
	refresh time.Duration
	log     *slog.Logger
	metrics *metrics
	current *atomic.Pointer[searches.Compiled]
	records map[string][]byte
}

// load reads the bucket's current searches and compiles them.
func (f *follower) load(ctx context.Context) error {
	f.records = map[string][]byte{}
	for {
		c, err := f.watch.Next(ctx)
		if err != nil {
			return fmt.Errorf("read saved searches: %w", err)
		}
		if c.Key == "" {
			f.compile()
			return nil
		}
		f.apply(c)
	}
}

func (f *follower) apply(c bus.KeyChange) {
	if c.Deleted {
		delete(f.records, c.Key)
	} else {
		f.records[c.Key] = c.Value
	}
}

func (f *follower) compile() {
	c := searches.Compile(f.records, time.Now())
	for _, err := range c.Invalid {
		f.log.Warn("saved search left out", "err", err)
	}
	f.current.Store(c)
	f.metrics.searches.Set(float64(c.Len()))
	f.metrics.invalid.Set(float64(len(c.Invalid)))
}

// settle is how long a burst of changes may keep arriving before the set
// is compiled again: adding 10,000 searches compiles a few times, not
// 10,000.
const settle = 200 * time.Millisecond

// run follows changes until ctx ends.
func (f *follower) run(ctx context.Context) error {
	pending := false
	lastCompile := time.Now()
	for {
		wait := f.refresh - time.Since(lastCompile)
		if pending {
			wait = min(wait, settle)
		}
		nctx, cancel := context.WithTimeout(ctx, max(wait, time.Millisecond))
		c, err := f.watch.Next(nctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, context.DeadlineExceeded):
			due := time.Since(lastCompile) >= f.refresh
			if pending || due && f.current.Load().Relative {
				f.compile()
				if pending {
					f.log.Info("saved searches changed", "searches", f.current.Load().Len())
				}
			}
			if pending || due {
				// Without now-relative searches a due refresh compiles
				// nothing, and only restarts the wait.
				pending, lastCompile = false, time.Now()
			}
		case err != nil:
			return fmt.Errorf("follow saved searches: %w", err)
		case c.Key != "":
			f.apply(c)
			pending = true
		}
	}
}
