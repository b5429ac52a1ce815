package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/services/tagger/internal/tag"
	"github.com/newswire/newswire/services/tagger/internal/watch"
)

// watchCommand is `tagger watch`: check a watch list, or put one into the
// key-value bucket every tagger replica follows, or print the one there.
func watchCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprint(stderr, `usage:
  tagger watch check FILE       check a watch list (YAML or TSV) and summarise it
  tagger watch push [FILE]      check a list (FILE or stdin) and put it into TAGGER_ENTITIES_BUCKET
  tagger watch get              print the list in TAGGER_ENTITIES_BUCKET

push and get reach NATS with the TAGGER_NATS_* (or NATS_*) settings; -bucket
and -key override TAGGER_ENTITIES_BUCKET and TAGGER_ENTITIES_KEY.
`)
	}
	if len(args) == 0 {
		usage()
		return errors.New("tagger watch: want check, push or get")
	}
	fs := flag.NewFlagSet("watch "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage
	bucket := fs.String("bucket", "", "key-value bucket (default $TAGGER_ENTITIES_BUCKET, else newswire_watchlist)")
	key := fs.String("key", "", "key of the list (default $TAGGER_ENTITIES_KEY, else entities)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "check":
		if fs.NArg() != 1 {
			usage()
			return errors.New("tagger watch check: want one FILE")
		}
		data, err := readList(fs.Arg(0))
		if err != nil {
			return err
		}
		m, err := watch.Load(data, watch.Options{})
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		fmt.Fprintln(stdout, summary(m))
		return nil
	case "push", "get":
	default:
		usage()
		return fmt.Errorf("tagger watch: unknown command %q", args[0])
	}
	var cfg Config
	if err := service.Configure("TAGGER", &cfg, nil, stderr); err != nil {
		return err
	}
	if *bucket == "" {
		*bucket = cfg.EntitiesBucket
	}
	if *bucket == "" {
		*bucket = defaultWatchBucket
	}
	if *key == "" {
		*key = cfg.EntitiesKey
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var data []byte
	if args[0] == "push" {
		in, err := service.OpenInput(fs.Args(), os.Stdin)
		if err != nil {
			return err
		}
		data, err = io.ReadAll(io.LimitReader(in, watch.MaxFileBytes+1))
		in.Close()
		if err != nil {
			return err
		}
		m, err := watch.Load(data, watch.Options{})
		if err != nil {
			return fmt.Errorf("not pushed: %w", err)
		}
		fmt.Fprintln(stdout, summary(m))
	}
	conn, err := bus.Connect(ctx, cfg.Config, "newswire-tagger-watch", log)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	kv, err := conn.KeyValue(ctx, *bucket, 0)
	if err != nil {
		return err
	}
	if args[0] == "get" {
		v, ok, err := kv.Get(ctx, *key)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no watch list under %s in bucket %s", *key, *bucket)
		}
		_, err = stdout.Write(v)
		return err
	}
	if err := kv.Put(ctx, *key, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "put into bucket %s key %s (%d bytes); every tagger following it loads it now\n", *bucket, *key, len(data))
	return nil
}

// defaultWatchBucket is the bucket `tagger watch push` fills when none is
// configured, as deploy/k8s's example uses.
const defaultWatchBucket = "newswire_watchlist"

func summary(m *watch.Matcher) string {
	ambiguous := 0
	for _, e := range m.Entities() {
		ambiguous += len(e.Ambiguous)
	}
	return fmt.Sprintf("watch list OK: %d entities, %d aliases (%d ambiguous, need context)", m.Len(), m.Aliases(), ambiguous)
}

// setWatchFile gives `tagger tag` the watch list in path ("" for none).
func setWatchFile(t *tag.Tagger, path string) error {
	if path == "" {
		return nil
	}
	data, err := readList(path)
	if err != nil {
		return err
	}
	m, err := watch.Load(data, watch.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	t.SetWatch(m)
	return nil
}
