// Command notify runs newswire's saved searches: it follows the searches
// `newswire alerts add` stores in a JetStream key-value bucket, evaluates
// all of them on each article the sink receives in one pass (pkg/query's
// Set), fires one alert per search and story, and delivers it on
// alerts.<name> and/or to a signed webhook, with retries and dead letters.
// -h lists its settings.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/service"
)

func main() {
	var cfg Config
	os.Exit(service.Main("notify", "NOTIFY", &cfg,
		func(ctx context.Context, log *slog.Logger) error { return run(ctx, &cfg, log) }, nil))
}
