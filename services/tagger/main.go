// Command tagger finds money, figures and named entities in articles: it
// consumes articles.normalized and publishes to articles.tagged.
//
//	tagger                   run the service (configured by environment)
//	tagger tag [-jsonl] [FILE]   tag text and print the article JSON
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
	if len(os.Args) > 1 && os.Args[1] == "tag" {
		if err := tagCommand(os.Args[2:], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "tagger tag:", err)
			os.Exit(1)
		}
		return
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
