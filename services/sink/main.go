// Command sink stores tagged articles: it consumes articles.tagged and
// writes each article once, durably, before acknowledging it.
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

	var cfg Config
	if err := service.Configure("SINK", &cfg, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, service.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "sink:", err)
		os.Exit(2)
	}
	log := service.Logger("sink", cfg.Common)
	if err := run(ctx, &cfg, log); err != nil {
		log.Error("sink stopped", "err", err)
		os.Exit(1)
	}
}
