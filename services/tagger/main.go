// Command tagger finds money, figures and named entities in articles: it
// consumes articles.normalized and publishes to articles.tagged.
//
//	tagger                        run the service (configured by environment; -h lists it)
//	tagger tag [-jsonl] [FILE]    tag text and print the article JSON
//	tagger watch check|push|get   check a watch list, or share one through the key-value bucket
//	tagger eval [-corpora DIR]    measure the tagger against the public suites
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/tagger/internal/eval"
)

func main() {
	var cfg Config
	os.Exit(service.Main("tagger", "TAGGER", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) },
		map[string]service.Command{
			"tag": service.Simple("tagger tag", func(_ context.Context, args []string) error {
				return tagCommand(args, os.Stdin, os.Stdout, os.Stderr)
			}),
			"watch": service.Simple("tagger watch", func(ctx context.Context, args []string) error {
				return watchCommand(ctx, args, os.Stdout, os.Stderr)
			}),
			"eval": service.Simple("tagger eval", func(_ context.Context, args []string) error {
				return score.Command("tagger", args, os.Stdout, eval.Money, eval.Figures, eval.Entities, eval.Watch)
			}),
		}))
}
