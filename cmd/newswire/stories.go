package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/stories"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
)

const storiesUsage = `usage: newswire stories <command> [flags]

commands:
  top [-hours N] [-n N]   the largest stories with an article published in the
                          last N hours (default 24), most articles first
  show ID                 one story: title, times, counts, sources, entities

flags of every command:
  -nats URL          NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  -nats-creds FILE   NATS .creds file (default $NATS_CREDS); NATS_USER and
                     NATS_PASSWORD are read from the environment
  -bucket NAME       the story stage's state bucket (default newswire_stories)
  -json              print JSON instead of a table
  -timeout D         time allowed for the whole command (default 30s)
`

// runStories is `newswire stories top|show`: the stories the story stage
// keeps in its JetStream bucket.
func runStories(ctx context.Context, args []string, stdout io.Writer) error {
	cmd, args, ok, err := subcommand("stories", storiesUsage, args, os.Stderr)
	if !ok {
		return err
	}
	fs := flag.NewFlagSet("stories "+cmd, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, storiesUsage) }
	natsURL, creds := natsFlags(fs)
	bucket := fs.String("bucket", article.StoryBucket, "the story stage's state bucket")
	asJSON := fs.Bool("json", false, "print JSON")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for the whole command")
	hours := fs.Float64("hours", 24, "top: stories with an article published in the last `N` hours")
	n := fs.Int("n", 20, "top: at most `N` stories")
	if cmd != "top" && cmd != "show" {
		fmt.Fprint(os.Stderr, storiesUsage)
		return fmt.Errorf("stories: unknown command %q", cmd)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case cmd == "top" && fs.NArg() > 0:
		return errors.New("stories top takes no arguments")
	case cmd == "show" && fs.NArg() != 1:
		return errors.New("stories show takes one story id")
	case *hours <= 0 || *n <= 0:
		return errors.New("stories top: -hours and -n must be positive")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	cfg := bus.Config{
		URL: *natsURL, CredsFile: *creds, User: os.Getenv("NATS_USER"), Password: os.Getenv("NATS_PASSWORD"),
		ConnectTimeout: 5 * time.Second, ConnectWait: 5 * time.Second,
		StreamReplicas: 1, DuplicateWindow: 2 * time.Minute,
	}
	conn, err := bus.Connect(ctx, cfg, "newswire-stories", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	kv, err := conn.OpenKeyValue(ctx, *bucket)
	if errors.Is(err, bus.ErrNoBucket) {
		return fmt.Errorf("no stories: bucket %s does not exist (is the story stage running? STORY_ENABLED, STORY_STATE_BUCKET)", *bucket)
	}
	if err != nil {
		return err
	}
	out := func(v any) error {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if cmd == "show" {
		data, ok, err := kv.Get(ctx, article.StoryKey(fs.Arg(0)))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("story %s not found (stories are kept for STORY_STATE_TTL after their last article)", fs.Arg(0))
		}
		var s article.Story
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("story %s: %w", fs.Arg(0), err)
		}
		if *asJSON {
			return out(s)
		}
		return stories.WriteStory(stdout, s)
	}
	var all []article.Story
	if err := kv.Scan(ctx, article.StoryKeys, func(key string, value []byte) error {
		var s article.Story
		if err := json.Unmarshal(value, &s); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		all = append(all, s)
		return nil
	}); err != nil {
		return err
	}
	now := time.Now()
	top := stories.Top(all, now.Add(-time.Duration(*hours*float64(time.Hour))), *n)
	if *asJSON {
		return out(top)
	}
	if hint := stories.EmptyHint(all, top, *hours, now); hint != "" {
		fmt.Fprintln(os.Stderr, hint)
	}
	return stories.WriteTop(stdout, top)
}
