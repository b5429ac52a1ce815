package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kelseyhightower/envconfig"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/topology"
)

const streamsUsage = `usage: newswire streams apply [-dry-run] [-sinks NAME,...] [-stages S,...] [-timeout D]

Provisions every JetStream stream, durable consumer and key-value bucket the
pipeline uses (pkg/topology), creating what is missing and updating what
differs, and prints each change with the old and new value of every setting.
Idempotent: a second run changes nothing. It needs a NATS user that may
manage streams (deploy/k8s: the user admin); the services, started with
NATS_PROVISION=verify, then only check these objects.

  -dry-run        print the changes without making them
  -sinks NAMES    durable consumer names of sinks run side by side, comma
                  separated (default: $SINK_CONSUMER, or sink)
  -stages LIST    the stages that run, comma separated: only their durable
                  consumers are provisioned (default: all of normalizer,
                  tagger, story, sink, notify; a consumer nobody reads only
                  grows its lag)
  -timeout D      time allowed for the whole command (default 2m)

The declaration is read from the services' environment variables, with their
defaults (give the provisioning Job the services' ConfigMaps):
`

// runStreams is `newswire streams apply`.
func runStreams(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg topology.Config
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, streamsUsage)
		printVars(stderr, &cfg)
		if len(args) == 0 {
			return errors.New("streams: no command")
		}
		return nil
	}
	if args[0] != "apply" {
		fmt.Fprint(stderr, streamsUsage)
		return fmt.Errorf("streams: unknown command %q", args[0])
	}
	fs := flag.NewFlagSet("streams apply", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, streamsUsage)
		printVars(stderr, &cfg)
	}
	dryRun := fs.Bool("dry-run", false, "print the changes without making them")
	sinks := fs.String("sinks", "", "durable consumer names of the sinks, comma separated")
	timeout := fs.Duration("timeout", 2*time.Minute, "time allowed for the whole command")
	stages := fs.String("stages", "", "the stages that run, comma separated (default: all)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("streams apply: unexpected argument %q", fs.Arg(0))
	}
	if err := envconfig.Process("", &cfg); err != nil {
		return fmt.Errorf("streams apply: read configuration: %w", err)
	}
	// The provisioning user creates: whatever the services are told.
	cfg.Provision = bus.ProvisionCreate
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("streams apply: %w", err)
	}
	top := cfg.Topology()
	if *sinks != "" {
		top.Consumers = top.Consumers[:len(top.Consumers)-1]
		for _, name := range strings.Split(*sinks, ",") {
			if name = strings.TrimSpace(name); name != "" {
				top.Consumers = append(top.Consumers, cfg.SinkConsumer(name))
			}
		}
	}
	if *stages != "" {
		keep := map[bus.Stage]bool{}
		for _, s := range strings.Split(*stages, ",") {
			keep[bus.Stage(strings.TrimSpace(s))] = true
		}
		top.Consumers = slices.DeleteFunc(top.Consumers, func(cs bus.ConsumerSpec) bool { return !keep[cs.Stage] })
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	conn, err := bus.Connect(ctx, cfg.Config, "newswire-streams", log)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var changes []bus.Change
	if *dryRun {
		changes, err = conn.Plan(ctx, top)
	} else {
		changes, err = conn.Apply(ctx, top)
	}
	printChanges(stdout, changes, *dryRun)
	return err
}

// printChanges writes one line per object and, under each update, one per
// changed setting, then a summary.
func printChanges(w io.Writer, changes []bus.Change, dryRun bool) {
	n := map[string]int{}
	for _, ch := range changes {
		n[ch.Action]++
		mark := map[string]string{bus.ActionCreate: "+", bus.ActionUpdate: "~", bus.ActionNone: "="}[ch.Action]
		fmt.Fprintf(w, "%s %-8s %s\n", mark, ch.Kind, ch.Name)
		for _, f := range ch.Fields {
			fmt.Fprintf(w, "      %s: %s -> %s\n", f.Field, f.Have, f.Want)
		}
	}
	verb := "applied"
	if dryRun {
		verb = "dry run, nothing changed"
	}
	fmt.Fprintf(w, "%d to create, %d to update, %d unchanged (%s)\n", n[bus.ActionCreate], n[bus.ActionUpdate], n[bus.ActionNone], verb)
}

// printVars lists the variables with their defaults (never their values).
func printVars(w io.Writer, cfg *topology.Config) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	_ = envconfig.Usagef("", cfg, tw, streamsVars)
	_ = tw.Flush()
}

// streamsVars lists the variables `streams apply` reads.
const streamsVars = `{{range .}}  {{usage_key .}}	{{usage_default .}}	{{usage_description .}}
{{end}}`
