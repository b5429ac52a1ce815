package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/top"
	"github.com/newswire/newswire/pkg/bus"
)

// runTop is `newswire top`: a live view of a running pipeline, read from
// the services' /metrics and the JetStream API. Its defaults match
// `newswire run` (make run).
func runTop(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("top", flag.ContinueOnError)
	var targets []string
	for _, t := range top.DefaultTargets() {
		targets = append(targets, t.Service+"="+t.URL)
	}
	metrics := fs.String("metrics", strings.Join(targets, ","), "the services' /metrics URLs, as service=URL, comma separated")
	natsURL := fs.String("nats", "nats://127.0.0.1:4222", `NATS server for the JetStream view ("" to read lag from the services' gauges)`)
	creds := fs.String("nats-creds", os.Getenv("NATS_CREDS"), "NATS .creds file, when the server wants one")
	interval := fs.Duration("interval", time.Second, "refresh period")
	window := fs.Duration("window", 10*time.Second, "time rates and percentiles are taken over")
	timeout := fs.Duration("timeout", 800*time.Millisecond, "time each scrape and JetStream request may take")
	once := fs.Bool("once", false, "print one refresh with rates, then exit")
	plain := fs.Bool("plain", false, "one line per refresh even on a terminal")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := top.Config{Interval: *interval, Window: *window, Timeout: *timeout}
	for _, kv := range strings.Split(*metrics, ",") {
		service, url, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return fmt.Errorf("-metrics %q: want service=URL", kv)
		}
		cfg.Targets = append(cfg.Targets, top.Target{Service: service, URL: url})
	}
	if *natsURL != "" {
		cfg.NATS = bus.Config{URL: *natsURL, CredsFile: *creds, ConnectTimeout: *timeout, StreamReplicas: 1, DuplicateWindow: time.Minute}
	}
	// The bus logs reconnects; on a terminal they would tear the view.
	w, err := top.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer w.Close()
	tty := !*plain && isTerminal(os.Stdout)
	return top.Run(ctx, w, os.Stdout, tty, *once)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
