// Command normalizer turns raw fetched documents into clean articles: it
// consumes articles.raw.> and publishes to articles.normalized.
//
//	normalizer                       run the service (configured by environment; -h lists it)
//	normalizer normalize [flags] [FILE]  normalize one document and print the article JSON
//	normalizer eval [-corpora DIR]   measure the normalizer against the public suites
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/normalizer/internal/eval"
)

func main() {
	var cfg Config
	os.Exit(service.Main("normalizer", "NORMALIZER", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) },
		map[string]service.Command{
			"normalize": service.Simple("normalizer normalize", func(_ context.Context, args []string) error {
				return normalizeCommand(args, os.Stdin, os.Stdout, os.Stderr)
			}),
			"eval": service.Simple("normalizer eval", func(_ context.Context, args []string) error {
				return score.Command("normalizer", args, os.Stdout, eval.Charset, eval.Mojibake, eval.Dates, eval.Extraction, eval.HTMLDates)
			}),
		}))
}
