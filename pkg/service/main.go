package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Config is what Main needs of a service's configuration: every service's
// Config embeds Common and validates itself.
type Config interface {
	Validate() error
	CommonConfig() Common
}

// CommonConfig returns c; embedding Common gives a service's Config this
// method, and so makes it a Config.
func (c Common) CommonConfig() Common { return c }

// Command is a subcommand that shares a service's binary (`tagger tag`,
// `fetcher replay`). It gets the arguments after its name and returns the
// process's exit code.
type Command func(ctx context.Context, args []string) int

// Simple adapts a subcommand that returns an error: exit 0 on nil, else the
// error on stderr as "<name>: <err>" and exit 1.
func Simple(name string, f func(ctx context.Context, args []string) error) Command {
	return func(ctx context.Context, args []string) int {
		if err := f(ctx, args); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			return 1
		}
		return 0
	}
}

// Main is a service binary's main. When the first argument names one of
// commands, it runs that. Otherwise it reads cfg from the environment
// (variables with prefix), builds the logger and calls run until SIGINT or
// SIGTERM. It returns the exit code: 0 after a clean stop or -h, 1 when run
// fails, 2 for invalid configuration.
func Main(name, prefix string, cfg Config, run func(context.Context, *slog.Logger) error, commands map[string]Command) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		if cmd, ok := commands[os.Args[1]]; ok {
			return cmd(ctx, os.Args[2:])
		}
	}
	if err := Configure(prefix, cfg, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, ErrHelp) {
			return 0
		}
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		return 2
	}
	log := Logger(name, cfg.CommonConfig())
	if err := run(ctx, log); err != nil {
		log.Error(name+" stopped", "err", err)
		return 1
	}
	return 0
}

// OpenInput returns what a subcommand reads: the one FILE among args, or
// stdin when there is none. The caller closes it.
func OpenInput(args []string, stdin io.Reader) (io.ReadCloser, error) {
	switch len(args) {
	case 0:
		return io.NopCloser(stdin), nil
	case 1:
		return os.Open(args[0])
	}
	return nil, errors.New("at most one FILE")
}
