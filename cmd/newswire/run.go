package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/devrun"
)

func runPipeline(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	bin := fs.String("bin", "bin", "directory holding the service binaries")
	data := fs.String("data", "data", "directory for NATS storage, the inbox and the output")
	samples := fs.String("samples", "samples", "sample articles copied into the inbox at start (\"\" for none)")
	host := fs.String("nats-host", "127.0.0.1", "address the embedded NATS server listens on")
	port := fs.Int("nats-port", 4222, "port of the embedded NATS server")
	grace := fs.Duration("grace", 30*time.Second, "time each service gets to stop after Ctrl-C")
	searchAddr := fs.String("search", "127.0.0.1:8080", "address of the search page and API over the output (\"\" for none)")
	story := fs.Bool("story", true, "run the story stage (copies and stories); false: the sink reads the tagger's output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil)).With("service", "newswire")
	p, err := devrun.Start(ctx, devrun.Config{
		BinDir: *bin, DataDir: *data, SamplesDir: *samples, NATSHost: *host, NATSPort: *port,
		SearchAddr: *searchAddr, NoStory: !*story,
	}, log)
	if err != nil {
		return err
	}
	readyCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := p.WaitReady(readyCtx); err != nil {
		_ = p.Stop(*grace)
		return err
	}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	fmt.Fprintf(os.Stderr, `
newswire is running.
  NATS (JetStream)  %s
  inbox             %s   (drop .txt, .html or .json article files here)
  output            %s
  metrics           %s  %s
                    %s  %s
  sources           bin/newswire sources   (every source's health: healthy, failing, quiet, degraded)
Press Ctrl-C to stop.

`, p.NATSURL(), abs(p.InboxDir()), abs(p.OutputPath()),
		p.MetricsURL("fetcher"), p.MetricsURL("normalizer"), p.MetricsURL("tagger"), p.MetricsURL("sink"))
	if *story {
		fmt.Fprintf(os.Stderr, "  stories           %s   (bin/newswire stories top: the largest stories; duplicate_of and story_id in the output)\n\n", p.MetricsURL("story"))
	}
	fmt.Fprintf(os.Stderr, "  alerts            %s   (bin/newswire alerts add NAME QUERY [-webhook URL], then bin/newswire alerts watch)\n\n", p.MetricsURL("notify"))
	if u := p.SearchURL(); u != "" {
		fmt.Fprintf(os.Stderr, "  search            %s   (open it in a browser: search, read, follow entities)\n\n", u)
	}
	if list := os.Getenv("TAGGER_ENTITIES_FILE"); list != "" {
		fmt.Fprintf(os.Stderr, "  watch list        %s   (its names are tagged \"watch\": true; edit it, the tagger reloads it)\n\n", abs(list))
	}

	var cause error
	select {
	case <-ctx.Done():
		log.Info("stopping")
	case cause = <-p.Exited():
		log.Error("a service stopped; stopping the pipeline", "err", cause)
	}
	if err := p.Stop(*grace); err != nil && cause == nil {
		return err
	}
	return cause
}
