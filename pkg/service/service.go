// Package service holds what every newswire service does the same way:
// read its configuration from the environment, build its logger, connect
// to the bus and serve telemetry, run its parts until a signal, and shut
// down in order within a grace period.
package service

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kelseyhightower/envconfig"
	"golang.org/x/sync/errgroup"
)

// Common holds the settings every service has. Services embed it.
type Common struct {
	LogLevel      slog.Level    `envconfig:"LOG_LEVEL" default:"info" desc:"log level: debug, info, warn or error"`
	LogFormat     string        `envconfig:"LOG_FORMAT" default:"auto" desc:"log format: json, text, or auto (text on a terminal, JSON otherwise)"`
	ShutdownGrace time.Duration `envconfig:"SHUTDOWN_GRACE" default:"25s" desc:"time allowed, after SIGTERM, to finish in-flight work and drain; keep it below the pod's termination grace period"`
}

// Validate checks the common settings.
func (c Common) Validate() error {
	switch c.LogFormat {
	case "json", "text", "auto":
	default:
		return fmt.Errorf("LOG_FORMAT = %q, want json, text or auto", c.LogFormat)
	}
	if c.ShutdownGrace <= 0 {
		return fmt.Errorf("SHUTDOWN_GRACE = %s, want > 0", c.ShutdownGrace)
	}
	return nil
}

// ErrHelp is returned by Configure after it printed the usage.
var ErrHelp = errors.New("help requested")

// Configure fills cfg from environment variables with prefix (and the
// unprefixed shared names such as NATS_URL), then validates it. Given -h or
// --help in args, it prints every variable with its default and description
// to out and returns ErrHelp.
func Configure(prefix string, cfg interface{ Validate() error }, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(strings.ToLower(prefix), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	markdown := fs.Bool("help-markdown", false, "print the settings as a Markdown table")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Usage(prefix, cfg, out)
		}
		return fmt.Errorf("%w (run with -h for the settings, which all come from environment variables)", err)
	}
	if *markdown {
		if err := envconfig.Usagef(prefix, cfg, out, markdownFormat); err != nil {
			return err
		}
		return ErrHelp
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (run with -h for usage)", fs.Arg(0))
	}
	if err := envconfig.Process(prefix, cfg); err != nil {
		return fmt.Errorf("read configuration: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	return nil
}

// usageFormat lists one variable a line: name, type, default, description.
const usageFormat = `This service is configured by environment variables. Shared settings
(NATS_*, LOG_*, SHUTDOWN_GRACE) may also be given without the service's prefix.

KEY	TYPE	DEFAULT	DESCRIPTION
{{range .}}{{usage_key .}}	{{usage_type .}}	{{usage_default .}}	{{usage_description .}}
{{end}}`

// markdownFormat is usageFormat as a Markdown table, for the README.
const markdownFormat = `| variable | type | default | description |
|---|---|---|---|
{{range .}}| ` + "`{{usage_key .}}`" + ` | {{usage_type .}} | {{with usage_default .}}` + "`{{.}}`" + `{{end}} | {{usage_description .}} |
{{end}}`

// Usage prints the configuration table for cfg and returns ErrHelp.
func Usage(prefix string, cfg any, out io.Writer) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	if err := envconfig.Usagef(prefix, cfg, tw, usageFormat); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return ErrHelp
}

// Logger builds the service's logger: JSON on stderr, or text when stderr
// is a terminal (LOG_FORMAT=auto).
func Logger(name string, c Common) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	format := c.LogFormat
	if format == "auto" {
		format = "json"
		if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			format = "text"
		}
	}
	var h slog.Handler = slog.NewJSONHandler(os.Stderr, opts)
	if format == "text" {
		h = slog.NewTextHandler(os.Stderr, opts)
	}
	return slog.New(h).With("service", name)
}

// Run runs parts until ctx ends or one of them fails; the first failure
// cancels the rest. Parts must return once their context ends, after
// finishing what they hold. If they have not all returned within grace of
// the shutdown starting, Run returns an error without waiting further.
func Run(ctx context.Context, log *slog.Logger, grace time.Duration, parts ...func(context.Context) error) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, p := range parts {
		g.Go(func() error { return p(gctx) })
	}
	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		return err
	case <-gctx.Done():
	}
	log.Info("shutting down: finishing in-flight work", "grace", grace)
	select {
	case err := <-done:
		if err == nil {
			log.Info("in-flight work finished; draining")
		}
		return err
	case <-time.After(grace):
		return fmt.Errorf("shutdown took longer than SHUTDOWN_GRACE (%s): in-flight work abandoned, it will be redelivered", grace)
	}
}
