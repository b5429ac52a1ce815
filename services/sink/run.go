package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	rt, err := service.Start(ctx, "sink", cfg.Config, cfg.MetricsAddr, log, cfg.inputStream(), bus.StreamDLQ)
	if err != nil {
		return err
	}
	defer rt.Close()
	// Not ready until the store is open and the consumer made: on a new
	// database the migrations alone take a while.
	rt.SetReady(func() error { return errStarting })

	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close store", "err", err)
		}
	}()
	m, err := newSinkMetrics(rt.Registry, cfg.Backend)
	if err != nil {
		return fmt.Errorf("register sink metrics: %w", err)
	}
	cons, err := rt.Conn.NewConsumer(ctx, bus.StageSink, cfg.inputStream(), nil, cfg.ConsumerConfig, rt.Metrics, log)
	if err != nil {
		return err
	}
	sourcesKV, err := sourcewatch.Open(ctx, rt.Conn)
	if err != nil {
		return err
	}
	sources, err := sourcewatch.NewReporter(sourcesKV, cfg.Source, rt.Registry, log.With("component", "sources"))
	if err != nil {
		return err
	}
	w := &writer{store: st, metrics: m, log: log, now: time.Now, shutdown: ctx.Done(), retryMin: time.Second, retryMax: 30 * time.Second, sources: sources}
	w.healthy.Store(true)
	rt.SetReady(func() error {
		if err := cons.Ready(); err != nil {
			return err
		}
		return w.Ready()
	})
	log.Info("sink running", "input", cfg.inputStream(), "backend", cfg.Backend, "file", cfg.FilePath, "consumer", cfg.Consumer, "metrics", rt.TelemetryAddr())
	err = service.Run(ctx, log, cfg.ShutdownGrace, func(ctx context.Context) error {
		return cons.RunBatch(ctx, cfg.BatchSize, cfg.BatchLinger, w)
	}, sources.Run)
	// The consumer has stopped: keep the last counts.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	sources.Flush(fctx)
	return err
}

// errStarting is the readiness answer while the sink opens its store.
var errStarting = errors.New("opening the store")
