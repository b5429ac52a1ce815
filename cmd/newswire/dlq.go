package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/dlq"
	"github.com/newswire/newswire/pkg/bus"
)

const dlqUsage = `usage: newswire dlq <command> [flags]

commands:
  list [-stage S] [-limit N]     the dead letters, oldest first: sequence, time,
                                 stage, original subject, size and reason
  show SEQ                       one dead letter's headers and payload
  retry SEQ... | -all [-stage S] republish to the original subject, then delete
                                 the dead letter (at least once: safe to repeat)

flags of every command:
  -nats URL          NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  -nats-creds FILE   NATS .creds file (default $NATS_CREDS); NATS_USER and
                     NATS_PASSWORD are read from the environment
  -timeout D         time allowed for the whole command (default 30s)
`

// runDLQ is `newswire dlq list|show|retry`: inspect and re-queue the dead
// letters of a running pipeline.
func runDLQ(ctx context.Context, args []string) error {
	cmd, args, ok, err := subcommand("dlq", dlqUsage, args, os.Stderr)
	if !ok {
		return err
	}
	fs := flag.NewFlagSet("dlq "+cmd, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, dlqUsage) }
	natsURL, creds := natsFlags(fs)
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for the whole command")
	var stage *string
	var limit *int
	var all *bool
	switch cmd {
	case "list":
		stage = fs.String("stage", "", "only dead letters of this stage (fetcher, normalizer, tagger, sink)")
		limit = fs.Int("limit", 100, "list at most `N`")
	case "retry":
		stage = fs.String("stage", "", "with -all: only dead letters of this stage")
		all = fs.Bool("all", false, "retry every dead letter (of -stage)")
	case "show":
	default:
		fmt.Fprint(os.Stderr, dlqUsage)
		return fmt.Errorf("dlq: unknown command %q", cmd)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	seqs, err := dlq.ParseSeqs(fs.Args())
	if err != nil {
		return err
	}
	switch {
	case cmd == "list" && len(seqs) > 0:
		return errors.New("dlq list takes no arguments")
	case cmd == "show" && len(seqs) != 1:
		return errors.New("dlq show takes one sequence number")
	case cmd == "retry" && *all == (len(seqs) > 0):
		return errors.New("dlq retry takes sequence numbers or -all")
	case cmd == "retry" && !*all && *stage != "":
		return errors.New("dlq retry: -stage goes with -all")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	cfg := bus.Config{
		URL: *natsURL, CredsFile: *creds, User: os.Getenv("NATS_USER"), Password: os.Getenv("NATS_PASSWORD"),
		ConnectTimeout: 5 * time.Second, ConnectWait: 5 * time.Second,
		StreamReplicas: 1, DuplicateWindow: 2 * time.Minute,
	}
	conn, err := bus.Connect(ctx, cfg, "newswire-dlq", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tool, err := dlq.New(conn, os.Stdout)
	if err != nil {
		return err
	}
	switch cmd {
	case "list":
		return tool.List(ctx, bus.Stage(*stage), *limit)
	case "show":
		return tool.Show(ctx, seqs[0])
	default:
		if *all {
			return tool.RetryAll(ctx, bus.Stage(*stage), 256)
		}
		return tool.Retry(ctx, seqs)
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
