package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/fetcher/internal/inbox"
)

// ledgerBucket holds the fetcher's memory of ingested files.
const ledgerBucket = "newswire_fetcher_ledger"

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	rt, err := service.Start(ctx, "fetcher", cfg.Config, cfg.MetricsAddr, log, bus.StreamRaw, bus.StreamDLQ)
	if err != nil {
		return err
	}
	defer rt.Close()

	pub, err := newPublisher(rt.Conn, rt.Metrics, rt.Registry, rt.Conn.MaxPayload())
	if err != nil {
		return err
	}
	if cfg.InboxDir == "" {
		return errors.New("no source configured: set FETCHER_INBOX_DIR")
	}
	ledger, err := rt.Conn.KeyValue(ctx, ledgerBucket, 0)
	if err != nil {
		return err
	}
	w, err := inbox.New(inbox.Config{
		Dir:         cfg.InboxDir,
		Interval:    cfg.InboxInterval,
		Settle:      cfg.InboxSettle,
		MaxFileSize: cfg.MaxBodySize,
		Source:      article.Source{Name: cfg.InboxSource, Kind: article.KindInbox, Locale: cfg.InboxLocale},
	}, ledger, log)
	if err != nil {
		return err
	}
	defer w.Close()
	log.Info("fetcher running", "inbox", cfg.InboxDir, "metrics", rt.TelemetryAddr())
	return service.Run(ctx, log, cfg.ShutdownGrace, func(ctx context.Context) error {
		return w.Run(ctx, pub)
	})
}
