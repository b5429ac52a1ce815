// Command story finds copies of one text across outlets and groups
// articles into stories as they arrive: it consumes articles.tagged and
// publishes to articles.storied, with duplicate_of, similarity and
// story_id set.
//
//	story                           run the service (configured by environment; -h lists it)
//	story cluster -jsonl [FILE]     assign articles read as JSON lines, state in memory
//	story eval [-corpora DIR]       measure the stage against the public suites
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/service"
)

func main() {
	var cfg Config
	os.Exit(service.Main("story", "STORY", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) },
		map[string]service.Command{
			"cluster": service.Simple("story cluster", func(ctx context.Context, args []string) error {
				return clusterCommand(ctx, args, os.Stdin, os.Stdout, os.Stderr)
			}),
			"eval": service.Simple("story eval", func(_ context.Context, args []string) error {
				return evalCommand(args, os.Stdout)
			}),
		}))
}
