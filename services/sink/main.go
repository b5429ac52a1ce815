// Command sink stores tagged articles: it consumes articles.tagged and
// writes each article once, durably, before acknowledging it (a JSON Lines
// file, or PostgreSQL). -h lists its settings.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/service"
)

func main() {
	var cfg Config
	os.Exit(service.Main("sink", "SINK", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) }, nil))
}
