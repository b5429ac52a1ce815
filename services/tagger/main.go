// Command tagger finds money, figures and named entities in articles: it
// consumes articles.normalized and publishes to articles.tagged.
//
//	tagger                   run the service (configured by environment)
//	tagger tag [-jsonl] [FILE]   tag text and print the article JSON
//	tagger eval [-corpora DIR]   measure the tagger against the public suites
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
	"github.com/newswire/newswire/services/tagger/internal/eval"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		commands := map[string]func() error{
			"tag": func() error { return tagCommand(os.Args[2:], os.Stdin, os.Stdout) },
			"eval": func() error {
				return score.Command("tagger", os.Args[2:], os.Stdout, eval.Money, eval.Figures, eval.Entities)
			},
		}
		if cmd, ok := commands[os.Args[1]]; ok {
			if err := cmd(); err != nil {
				fmt.Fprintf(os.Stderr, "tagger %s: %v\n", os.Args[1], err)
				os.Exit(1)
			}
			return
		}
	}

	var cfg Config
	if err := service.Configure("TAGGER", &cfg, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, service.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "tagger:", err)
		os.Exit(2)
	}
	log := service.Logger("tagger", cfg.Common)
	if err := run(ctx, &cfg, log); err != nil {
		log.Error("tagger stopped", "err", err)
		os.Exit(1)
	}
}
