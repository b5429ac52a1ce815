// Command newswire is the operator's tool for a newswire pipeline.
//
//	newswire run    run the whole pipeline locally (embedded NATS, six services)
//	newswire top    watch a running pipeline
//	newswire dlq    inspect and re-queue dead letters
//	newswire sources  every source's health: healthy, failing, quiet, degraded
//	newswire stories  the largest stories of the last hours, and one in full
//	newswire alerts   saved searches that alert: add, list, show, rm, watch
//	newswire streams apply  provision the streams, consumers and buckets
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: newswire <command> [flags]

commands:
  run    run the whole pipeline locally: an embedded NATS server with JetStream
         and the six services as separate processes, until Ctrl-C
  top    a live terminal view of a running pipeline: rate, lag, errors, dead
         letters and p99 latency per stage, replay progress
  dlq    inspect and re-queue dead letters: dlq list|show SEQ|retry SEQ...|-all
  sources  every source's health (healthy, failing, quiet, degraded, with
         reasons), sortable; sources show NAME for one in full
  stories  the largest stories of the last hours (stories top [-hours N]),
         and one in full (stories show ID), from the story stage's state
  streams  streams apply [-dry-run]: provision every stream, durable consumer
         and key-value bucket the pipeline uses, printing what it changes
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// A closed output (say, `make run | tee` after Ctrl-C) must not kill
	// newswire in the middle of stopping the pipeline.
	signal.Ignore(syscall.SIGPIPE)
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "run":
		err = runPipeline(ctx, os.Args[2:])
	case "top":
		err = runTop(ctx, os.Args[2:])
	case "dlq":
		err = runDLQ(ctx, os.Args[2:])
	case "sources":
		err = runSources(ctx, os.Args[2:], os.Stdout)
	case "stories":
		err = runStories(ctx, os.Args[2:], os.Stdout)
	case "alerts":
		err = runAlerts(ctx, os.Args[2:], os.Stdout)
	case "streams":
		err = runStreams(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case "-h", "--help", "help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "newswire: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "newswire:", err)
		os.Exit(1)
	}
}
