// Command fetcher gets articles into newswire: it polls feeds, sitemaps
// and pages, watches inbox directories, and publishes what it finds, raw,
// to articles.raw.<kind>. Two subcommands share its binary and settings:
// `fetcher replay` publishes archives (WARC, JSONL) and `fetcher reprocess`
// re-runs the downstream stages over what the broker stored.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newswire/newswire/pkg/service"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "replay":
			os.Exit(replayMain(ctx, os.Args[2:], os.Stdout, os.Stderr))
		case "reprocess":
			os.Exit(reprocessMain(ctx, os.Args[2:], os.Stdout, os.Stderr))
		}
	}

	var cfg Config
	if err := service.Configure("FETCHER", &cfg, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, service.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "fetcher:", err)
		os.Exit(2)
	}
	log := service.Logger("fetcher", cfg.Common)
	if err := run(ctx, &cfg, log); err != nil {
		log.Error("fetcher stopped", "err", err)
		os.Exit(1)
	}
}
