// Command fetcher gets articles into newswire: it watches an inbox
// directory and publishes what it finds, raw, to articles.raw.<kind>.
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
