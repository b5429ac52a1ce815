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
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/pkg/topology"
	"github.com/newswire/newswire/services/fetcher/internal/feed"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/inbox"
	"github.com/newswire/newswire/services/fetcher/internal/page"
	"github.com/newswire/newswire/services/fetcher/internal/sitemap"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// ledgerBucket holds the fetcher's memory of ingested files.
const ledgerBucket = topology.FetcherLedgerBucket

// run runs every configured source (sources file, FETCHER_FEEDS and the
// inbox directory) under one errgroup until ctx ends.
func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	srcs, err := sources(cfg)
	if err != nil {
		return err
	}
	rt, err := service.Start(ctx, "fetcher", cfg.Config, cfg.MetricsAddr, log, bus.StreamRaw, bus.StreamDLQ)
	if err != nil {
		return err
	}
	defer rt.Close()
	var running atomic.Bool
	rt.SetReady(func() error {
		if err := rt.Conn.Ready(); err != nil {
			return err
		}
		if !running.Load() {
			return errors.New("sources not started")
		}
		return nil
	})

	m, err := newMetrics(rt.Registry)
	if err != nil {
		return fmt.Errorf("register metrics: %w", err)
	}
	pub, err := newPublisher(rt.Conn, rt.Metrics, rt.Registry, rt.Conn.MaxPayload())
	if err != nil {
		return err
	}
	client, err := httpfetch.New(cfg.HTTP, httpfetch.WithObserver(m))
	if err != nil {
		return err
	}
	seen, err := rt.Conn.KeyValue(ctx, seenBucket, cfg.SeenTTL)
	if err != nil {
		return err
	}
	ledger, err := rt.Conn.KeyValue(ctx, ledgerBucket, 0)
	if err != nil {
		return err
	}
	sourcesKV, err := sourcewatch.Open(ctx, rt.Conn)
	if err != nil {
		return err
	}
	tracker, err := newSourceTracker(ctx, sourcesKV, srcs, cfg, rt.Registry, log.With("component", "sources"))
	if err != nil {
		return err
	}
	deps := handover.Deps{
		Client:     client,
		Seen:       seenKV{kv: seen},
		Validators: validatorsKV{kv: seen},
		Publish:    func(ctx context.Context, raw article.Raw) error { return pub.Publish(ctx, []*article.Raw{&raw}) },
		Observer:   pollObservers{m, tracker},
		Log:        log,
	}
	runners := runners(deps, func(ctx context.Context, src source.Source) error {
		w, err := inbox.New(inbox.Config{
			Dir:         src.Path,
			Interval:    cfg.InboxInterval,
			Settle:      cfg.InboxSettle,
			MaxFileSize: cfg.MaxBodySize,
			Source:      src.ArticleSource(),
			Observer:    m,
			Scanned:     func(err error) { tracker.scanned(src.Name, err) },
		}, ledger, log.With("source", src.Name))
		if err != nil {
			return err
		}
		defer w.Close()
		return w.Run(ctx, trackedPublisher{publisher: pub, name: src.Name, tracker: tracker})
	})
	counts := map[string]int{}
	for _, s := range srcs {
		counts[s.Kind]++
	}
	log.Info("fetcher running", "sources", len(srcs), "by_kind", counts, "metrics", rt.TelemetryAddr())
	err = service.Run(ctx, log, cfg.ShutdownGrace, func(ctx context.Context) error {
		running.Store(true)
		return source.RunAll(ctx, srcs, runners)
	}, tracker.Run)
	// The sources have stopped: keep what they did last.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	tracker.flush(fctx)
	return err
}

// sources gathers the configured sources: the sources file, the feeds of
// FETCHER_FEEDS, and the inbox directory.
func sources(cfg *Config) ([]source.Source, error) {
	var srcs []source.Source
	if cfg.SourcesFile != "" {
		s, err := source.Load(cfg.SourcesFile)
		if err != nil {
			return nil, fmt.Errorf("FETCHER_SOURCES_FILE: %w", err)
		}
		srcs = append(srcs, s...)
	}
	for _, s := range source.FromURLs(cfg.Feeds, cfg.FeedsInterval) {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("FETCHER_FEEDS: %w", err)
		}
		srcs = append(srcs, s)
	}
	if cfg.InboxDir != "" {
		s := source.Source{Name: cfg.InboxSource, Kind: source.KindInbox, Path: cfg.InboxDir, Locale: cfg.InboxLocale}
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("FETCHER_INBOX_DIR: %w", err)
		}
		srcs = append(srcs, s)
	}
	if len(srcs) == 0 {
		return nil, errors.New("no source configured: set FETCHER_SOURCES_FILE, FETCHER_FEEDS or FETCHER_INBOX_DIR")
	}
	names := map[string]bool{}
	for _, s := range srcs {
		if names[s.Name] {
			return nil, fmt.Errorf("two sources are named %q (a FETCHER_FEEDS feed is named after its host; FETCHER_INBOX_SOURCE names the inbox)", s.Name)
		}
		names[s.Name] = true
	}
	return srcs, nil
}

// runners maps each source kind to what runs it. Requests carry the
// source's article kind as their metrics label; one HTTP client serves all
// sources, so per-host politeness holds across them.
func runners(deps handover.Deps, inboxRunner source.Runner) map[string]source.Runner {
	withDeps := func(run func(context.Context, source.Source, handover.Deps) error) source.Runner {
		return func(ctx context.Context, src source.Source) error {
			return run(httpfetch.WithLabel(ctx, string(src.ArticleKind())), src, deps)
		}
	}
	return map[string]source.Runner{
		source.KindRSS:      withDeps(feed.Run),
		source.KindAtom:     withDeps(feed.Run),
		source.KindJSONFeed: withDeps(feed.Run),
		source.KindFeed:     withDeps(feed.Run),
		source.KindSitemap:  withDeps(sitemap.Run),
		source.KindPage:     withDeps(page.Run),
		source.KindInbox:    inboxRunner,
	}
}
