package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/sources"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
)

const sourcesUsage = `usage: newswire sources [flags]            every source: healthy, failing, quiet or degraded, with reasons
       newswire sources show [flags] NAME  one source in full

A source is failing after FETCHER_SOURCE_FAILING_POLLS (3) failed polls in a
row, quiet after no new item for max(FETCHER_SOURCE_QUIET_MIN (6h), 4 x its
usual gap), degraded when over half of today's (UTC) articles have no text or
no published date and that share rose by 30 points over the week before.

flags:
  -sort KEY          status (worst first; default), name, items (per day),
                     last-new (longest silent first), failures, no-text,
                     no-date, stored
  -status S,...      only sources in these states
  -json              JSON instead of a table
  -nats URL          NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  -nats-creds FILE   NATS .creds file (default $NATS_CREDS); NATS_USER and
                     NATS_PASSWORD are read from the environment
  -timeout D         time allowed for the whole command (default 10s)
`

// runSources is `newswire sources [show NAME]`.
func runSources(ctx context.Context, args []string, stdout io.Writer) error {
	show := len(args) > 0 && args[0] == "show"
	if show {
		args = args[1:]
	}
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, sourcesUsage) }
	natsURL, creds := natsFlags(fs)
	timeout := fs.Duration("timeout", 10*time.Second, "time allowed for the whole command")
	sortKey := fs.String("sort", "status", "sort key: "+strings.Join(sources.SortKeys(), ", "))
	status := fs.String("status", "", "only sources in these states, comma separated")
	asJSON := fs.Bool("json", false, "JSON instead of a table")
	// Flags may come before or after the source name.
	var names []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		names, rest = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	switch {
	case show && len(names) != 1:
		return errors.New("sources show takes one source name")
	case !show && len(names) > 0:
		return fmt.Errorf("sources: unexpected argument %q (did you mean `newswire sources show %s`?)", names[0], names[0])
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	cfg := bus.Config{
		URL: *natsURL, CredsFile: *creds, User: os.Getenv("NATS_USER"), Password: os.Getenv("NATS_PASSWORD"),
		ConnectTimeout: 5 * time.Second, ConnectWait: 5 * time.Second,
		StreamReplicas: 1, DuplicateWindow: 2 * time.Minute,
	}
	conn, err := bus.Connect(ctx, cfg, "newswire-sources", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	now := time.Now()
	rows, err := sources.Load(ctx, conn, now, sourcehealth.DefaultThresholds())
	if err != nil {
		return err
	}
	if show {
		r, ok := sources.Find(rows, names[0])
		if !ok {
			var names []string
			for _, r := range rows {
				names = append(names, r.Name)
			}
			return fmt.Errorf("no source named %q (known: %s)", names[0], strings.Join(names, ", "))
		}
		if *asJSON {
			return sources.RenderJSON(stdout, []sources.Row{r})
		}
		return sources.Show(stdout, r, now)
	}
	if err := sources.Sort(rows, *sortKey); err != nil {
		return err
	}
	var only []string
	if *status != "" {
		only = strings.Split(*status, ",")
	}
	if rows, err = sources.Filter(rows, only); err != nil {
		return err
	}
	if *asJSON {
		return sources.RenderJSON(stdout, rows)
	}
	return sources.Render(stdout, rows, now)
}
