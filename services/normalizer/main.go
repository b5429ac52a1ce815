// Command normalizer turns raw fetched documents into clean articles: it
// consumes articles.raw.> and publishes to articles.normalized.
//
//	normalizer                     run the service (configured by environment)
//	normalizer normalize [flags]   normalize one document and print the article JSON
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
	if len(os.Args) > 1 && os.Args[1] == "normalize" {
		if err := normalizeCommand(os.Args[2:], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "normalizer normalize:", err)
			os.Exit(1)
		}
		return
	}

	var cfg Config
	if err := service.Configure("NORMALIZER", &cfg, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, service.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "normalizer:", err)
		os.Exit(2)
	}
	log := service.Logger("normalizer", cfg.Common)
	if err := run(ctx, &cfg, log); err != nil {
		log.Error("normalizer stopped", "err", err)
		os.Exit(1)
	}
}
