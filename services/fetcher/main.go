// Command fetcher gets articles into newswire: it polls feeds, sitemaps
// and pages, watches inbox directories, and publishes what it finds, raw,
// to articles.raw.<kind>. Two subcommands share its binary and settings:
// `fetcher replay` publishes archives (WARC, JSONL) and `fetcher reprocess`
// re-runs the downstream stages over what the broker stored.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/service"
)

func main() {
	var cfg Config
	os.Exit(service.Main("fetcher", "FETCHER", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) },
		map[string]service.Command{
			"replay": func(ctx context.Context, args []string) int {
				return replayMain(ctx, args, os.Stdout, os.Stderr)
			},
			"reprocess": func(ctx context.Context, args []string) int {
				return reprocessMain(ctx, args, os.Stdout, os.Stderr)
			},
		}))
}
