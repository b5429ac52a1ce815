package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
)

// Exit codes of the replay and reprocess subcommands.
const (
	exitOK          = 0
	exitError       = 1   // could not start, or the broker refused a record
	exitUsage       = 2   // bad flags or settings
	exitSomeFailed  = 3   // finished, but some records could not be read or were too large
	exitInterrupted = 130 // stopped by a signal; the checkpoint is exact
)

// toolConfig is what the subcommands read from the environment: the same
// FETCHER_* (and NATS_*) variables as the service.
type toolConfig struct {
	service.Common
	bus.Config
}

// Validate checks the settings for meaning.
func (c *toolConfig) Validate() error {
	if err := c.Common.Validate(); err != nil {
		return err
	}
	return c.Config.Validate()
}

// connectTool reads the environment and connects to NATS for a
// subcommand, making sure the streams exist.
func connectTool(ctx context.Context, command string, streams ...string) (*bus.Conn, *slog.Logger, error) {
	var cfg toolConfig
	if err := service.Configure("FETCHER", &cfg, nil, io.Discard); err != nil {
		return nil, nil, err
	}
	log := service.Logger("fetcher", cfg.Common).With("command", command)
	conn, err := bus.Connect(ctx, cfg.Config, "newswire-fetcher-"+command, log)
	if err != nil {
		return nil, nil, err
	}
	if err := conn.EnsureStreams(ctx, streams...); err != nil {
		closeConn(conn, log)
		return nil, nil, err
	}
	return conn, log, nil
}

// closeConn waits for outstanding acknowledgements and drains, with a
// fresh timeout: the command's context may have ended already.
func closeConn(conn *bus.Conn, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := conn.Close(ctx); err != nil {
		log.Warn("nats drain incomplete", "err", err)
	}
}

// timeFlag is a flag holding a time: RFC 3339, or a UTC date or minute.
type timeFlag struct{ t time.Time }

func (f *timeFlag) String() string {
	if f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(s string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			f.t = t
			return nil
		}
	}
	return fmt.Errorf("time %q: want RFC 3339 (2024-05-01T12:00:00Z), 2024-05-01T12:00 or 2024-05-01 (UTC)", s)
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// newFlagSet returns a flag set whose usage names the environment too.
func newFlagSet(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "usage: %s\n\n%s\n\nNATS settings come from the same environment variables as the service\n(FETCHER_NATS_URL or NATS_URL, ...: see fetcher -h).\n\nflags:\n", synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}
