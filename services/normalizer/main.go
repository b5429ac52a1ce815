// Command normalizer turns raw fetched documents into clean articles: it
// consumes articles.raw.> and publishes to articles.normalized.
//
//	normalizer                     run the service (configured by environment)
//	normalizer normalize [flags]   normalize one document and print the article JSON
//	normalizer eval [-corpora DIR] measure the normalizer against the public suites
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/normalizer/internal/eval"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		commands := map[string]func() error{
			"normalize": func() error { return normalizeCommand(os.Args[2:], os.Stdin, os.Stdout) },
			"eval": func() error {
				return score.Command("normalizer", os.Args[2:], os.Stdout, eval.Charset, eval.Mojibake, eval.Dates, eval.Extraction, eval.HTMLDates)
			},
		}
		if cmd, ok := commands[os.Args[1]]; ok {
			if err := cmd(); err != nil {
				fmt.Fprintf(os.Stderr, "normalizer %s: %v\n", os.Args[1], err)
				os.Exit(1)
			}
			return
		}
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
