package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/telemetry"
	"github.com/newswire/newswire/services/search/internal/api"
	"github.com/newswire/newswire/services/search/internal/memstore"
	"github.com/newswire/newswire/services/search/internal/pgstore"
)

func run(ctx context.Context, cfg *Config, log *slog.Logger) error {
	reg := telemetry.NewRegistry("search")
	tel, err := telemetry.Listen(cfg.MetricsAddr, reg, log)
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(sctx)
	}()

	var (
		store   api.Store
		ready   func() error
		backend string
		parts   []func(context.Context) error
	)
	if cfg.Postgres.DSN != "" {
		pg, err := pgstore.Open(ctx, cfg.Postgres, log)
		if err != nil {
			return err
		}
		defer pg.Close()
		store, ready, backend = pg, pg.Ready, "postgres"
	} else {
		mem, err := memstore.Open(cfg.FilePath, log)
		if err != nil {
			return err
		}
		store, ready, backend = mem, mem.Ready, "file"
		parts = append(parts, func(ctx context.Context) error { return mem.Run(ctx, cfg.FileRefresh) })
		if err := reg.Register(newStoreSize(mem.Len)); err != nil {
			return err
		}
	}
	m, err := api.NewMetrics(reg)
	if err != nil {
		return fmt.Errorf("register api metrics: %w", err)
	}
	h, err := api.New(api.Config{Token: cfg.Token, Timeout: cfg.Timeout, MaxInFlight: cfg.MaxInFlight,
		DefaultLimit: cfg.PageSize, Backend: backend}, store, m, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: cfg.Timeout + 10*time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	tel.SetReady(ready)
	log.Info("search running", "backend", backend, "addr", ln.Addr().String(), "url", pageURL(ln.Addr()), "metrics", tel.Addr())
	parts = append(parts, func(ctx context.Context) error {
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
		defer cancel()
		err := srv.Shutdown(sctx)
		if e := <-errc; !errors.Is(e, http.ErrServerClosed) {
			err = errors.Join(err, e)
		}
		return err
	})
	return service.Run(ctx, log, cfg.ShutdownGrace, parts...)
}

// pageURL is where a browser on this machine finds the page.
func pageURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("http://localhost:%d/", tcp.Port)
		}
		return ""
	}
	return "http://" + a.String() + "/"
}
