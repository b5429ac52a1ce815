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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/alerts"
	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/bus"
)

const alertsUsage = `usage: newswire alerts <command> [flags]

Saved searches: the notifier (services/notify) runs each on every article
the sink receives and fires one alert per search and story.

commands:
  add NAME QUERY [-webhook URL] [-nats=false] [-secret S] [-replace]
        save a search; its alerts go to the NATS subject alerts.NAME
        (unless -nats=false) and/or as a signed POST to URL. NAME: 1-64 of
        a-z, 0-9, - and _. A webhook's signing secret is made unless -secret
        is given, and printed. -replace edits an existing search (its
        stories are not alerted on again)
  list                    every saved search
  show NAME               one saved search, with its webhook secret
  rm NAME...              remove saved searches
  watch [NAME] [-last N]  print alerts as they fire (all searches, or one),
                          after the last N already fired (default 10)

flags of every command:
  -nats URL          NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  -nats-creds FILE   NATS .creds file (default $NATS_CREDS); NATS_USER and
                     NATS_PASSWORD are read from the environment
  -bucket NAME       the saved-search bucket (default newswire_alerts, the
                     notifier's NOTIFY_SEARCH_BUCKET)
  -replicas N        replicas of the bucket when add creates it (default
                     $NATS_STREAM_REPLICAS or 1)
  -json              print JSON
  -timeout D         time allowed for the command, watch excepted (default 30s)
`

// runAlerts is `newswire alerts add|list|show|rm|watch`.
func runAlerts(ctx context.Context, args []string, stdout io.Writer) error {
	cmd, args, ok, err := subcommand("alerts", alertsUsage, args, os.Stderr)
	if !ok {
		return err
	}
	fs := flag.NewFlagSet("alerts "+cmd, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, alertsUsage) }
	natsURL, creds := natsFlags(fs)
	bucket := fs.String("bucket", alert.Bucket, "the saved-search bucket")
	replicas := fs.Int("replicas", 1, "replicas of the bucket when add creates it")
	if n, err := strconv.Atoi(os.Getenv("NATS_STREAM_REPLICAS")); err == nil {
		*replicas = n
	}
	asJSON := fs.Bool("json", false, "print JSON")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for the command")
	webhook := fs.String("webhook", "", "add: POST each alert to this URL")
	viaNATS := fs.Bool("nats-alerts", true, "add: publish each alert on alerts.NAME (-nats=false is the same as -nats-alerts=false)")
	secret := fs.String("secret", "", "add: the webhook's signing secret (default: a random one)")
	replace := fs.Bool("replace", false, "add: replace an existing search of that name")
	last := fs.Int("last", 10, "watch: print the last N alerts first")
	switch cmd {
	case "add", "list", "show", "rm", "watch":
	default:
		fmt.Fprint(os.Stderr, alertsUsage)
		return fmt.Errorf("alerts: unknown command %q", cmd)
	}
	// -nats=false reads naturally beside -webhook; -nats URL is the
	// server. Tell them apart before the flag package sees them.
	args = natsFlag(args)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case cmd == "add" && len(pos) != 2:
		return errors.New("alerts add takes NAME and QUERY (quote the query)")
	case (cmd == "show") && len(pos) != 1:
		return fmt.Errorf("alerts %s takes one NAME", cmd)
	case cmd == "rm" && len(pos) == 0:
		return errors.New("alerts rm takes one NAME or more")
	case cmd == "list" && len(pos) > 0:
		return errors.New("alerts list takes no arguments")
	case cmd == "watch" && len(pos) > 1:
		return errors.New("alerts watch takes at most one NAME")
	}
	if cmd != "watch" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	cfg := bus.Config{
		URL: *natsURL, CredsFile: *creds, User: os.Getenv("NATS_USER"), Password: os.Getenv("NATS_PASSWORD"),
		ConnectTimeout: 5 * time.Second, ConnectWait: 5 * time.Second,
		StreamReplicas: max(*replicas, 1), DuplicateWindow: 2 * time.Minute,
	}
	conn, err := bus.Connect(ctx, cfg, "newswire-alerts", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	out := func(v any) error {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if cmd == "watch" {
		filter := bus.SubjectAlertsAll
		if len(pos) == 1 {
			if err := alert.ValidName(pos[0]); err != nil {
				return err
			}
			filter = bus.SubjectAlert(pos[0])
		}
		fmt.Fprintf(os.Stderr, "watching %s (Ctrl-C to stop)\n", filter)
		err := conn.Follow(ctx, bus.StreamAlerts, filter, max(*last, 0), func(_ string, data []byte) error {
			var a alert.Alert
			if err := json.Unmarshal(data, &a); err != nil {
				return fmt.Errorf("alert: %w", err)
			}
			if *asJSON {
				return out(a)
			}
			return alerts.WriteAlert(stdout, a)
		})
		if err != nil && errors.Is(err, context.Canceled) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w (no alert fired yet? the ALERTS stream is made by the notifier)", err)
		}
		return nil
	}

	kv, err := conn.OpenKeyValue(ctx, *bucket)
	if errors.Is(err, bus.ErrNoBucket) && cmd == "add" {
		kv, err = conn.KeyValue(ctx, *bucket, 0)
	}
	if errors.Is(err, bus.ErrNoBucket) {
		if cmd == "list" {
			return alerts.WriteList(stdout, nil, bus.SubjectAlert)
		}
		return fmt.Errorf("no saved searches: bucket %s does not exist (newswire alerts add creates it)", *bucket)
	}
	if err != nil {
		return err
	}
	get := func(name string) (*alert.Search, error) {
		data, ok, err := kv.Get(ctx, name)
		if err != nil || !ok {
			return nil, err
		}
		var s alert.Search
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("saved search %s: %w", name, err)
		}
		return &s, nil
	}
	switch cmd {
	case "add":
		name := pos[0]
		if err := alert.ValidName(name); err != nil {
			return err
		}
		old, err := get(name)
		if err != nil {
			return err
		}
		if old != nil && !*replace {
			return fmt.Errorf("a saved search named %s exists (query %q): -replace to change it, or rm it first", name, old.Query)
		}
		s, err := alerts.NewSearch(alerts.Options{Name: name, Query: pos[1], NATS: *viaNATS, Webhook: *webhook, Secret: *secret}, old, time.Now())
		if err != nil {
			return err
		}
		data, err := json.Marshal(s)
		if err != nil {
			return err
		}
		if old == nil {
			_, err = kv.Create(ctx, name, data)
		} else {
			err = kv.Put(ctx, name, data)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return out(s)
		}
		verb := "saved"
		if old != nil {
			verb = "replaced"
		}
		fmt.Fprintf(stdout, "%s %s: %s\n  alerts go to %s\n", verb, name, s.Query, alerts.Destinations(s, bus.SubjectAlert(name)))
		if s.Webhook != "" {
			fmt.Fprintf(stdout, "  webhook secret (verify the %s header with it): %s\n", alert.HeaderSignature, s.Secret)
		}
		if s.NATS {
			fmt.Fprintf(stdout, "  follow them: newswire alerts watch %s\n", name)
		}
		return nil
	case "show":
		s, err := get(pos[0])
		if err != nil {
			return err
		}
		if s == nil {
			return fmt.Errorf("no saved search named %s", pos[0])
		}
		if *asJSON {
			return out(s)
		}
		fmt.Fprintf(stdout, "name     %s\nquery    %s\nto       %s\nid       %s\ncreated  %s\nupdated  %s\n",
			s.Name, s.Query, alerts.Destinations(s, bus.SubjectAlert(s.Name)), s.ID, s.Created.Format(time.RFC3339), s.Updated.Format(time.RFC3339))
		if s.Secret != "" {
			fmt.Fprintf(stdout, "secret   %s\n", s.Secret)
		}
		return nil
	case "rm":
		for _, name := range pos {
			s, err := get(name)
			if err != nil {
				return err
			}
			if s == nil {
				return fmt.Errorf("no saved search named %s", name)
			}
			if err := kv.Delete(ctx, name); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed %s\n", name)
		}
		return nil
	}
	entries, err := kv.Entries(ctx)
	if err != nil {
		return err
	}
	var ss []*alert.Search
	for name, data := range entries {
		var s alert.Search
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("saved search %s: %w", name, err)
		}
		s.Secret = ""
		ss = append(ss, &s)
	}
	if *asJSON {
		if ss == nil {
			ss = []*alert.Search{}
		}
		return out(ss)
	}
	return alerts.WriteList(stdout, ss, bus.SubjectAlert)
}

// natsFlag turns -nats=true|false into -nats-alerts=...: -nats with a
// URL is the server's address, -nats=false beside -webhook reads
// naturally.
func natsFlag(args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		switch strings.TrimLeft(a, "-") {
		case "nats=false":
			out[i] = "-nats-alerts=false"
		case "nats=true":
			out[i] = "-nats-alerts=true"
		}
	}
	return out
}

// parseInterspersed parses flags wherever they stand among the
// positional arguments (add NAME QUERY -webhook URL), and returns the
// positional ones. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
