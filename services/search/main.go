// Command search is newswire's read-only search service: a JSON API and a
// web page over the stored articles, with one query language (pkg/query).
// It reads the PostgreSQL sink's tables when SEARCH_POSTGRES_DSN is set,
// and otherwise the file sink's JSON Lines, in memory. -h lists its
// settings.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/service"
)

func main() {
	var cfg Config
	os.Exit(service.Main("search", "SEARCH", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) }, nil))
}
