package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/newswire/newswire/pkg/bus/bustest"
)

// TestStreamsApply runs `newswire streams apply` against a real server:
// a dry run changes nothing, the first run creates every object, the
// second changes nothing, and a changed setting is shown as an update with
// its old and new value.
func TestStreamsApply(t *testing.T) {
	srv := bustest.Start(t)
	t.Setenv("NATS_URL", srv.ClientURL())
	t.Setenv("NATS_PROVISION", "verify") // the services' setting: apply still creates
	ctx := context.Background()
	run := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := runStreams(ctx, args, &out, &errOut); err != nil {
			t.Fatalf("streams %v = %v\n%s%s", args, err, out.String(), errOut.String())
		}
		return out.String()
	}
	if out := run("apply", "-dry-run"); !strings.Contains(out, "17 to create, 0 to update, 0 unchanged (dry run, nothing changed)") {
		t.Errorf("dry run printed\n%s", out)
	}
	out := run("apply")
	for _, want := range []string{"+ stream   ARTICLES_RAW\n", "+ bucket   newswire_fetcher_seen\n", "+ consumer ARTICLES_TAGGED/sink\n",
		"17 to create, 0 to update, 0 unchanged (applied)"} {
		if !strings.Contains(out, want) {
			t.Errorf("first apply printed\n%s\nwant %q", out, want)
		}
	}
	if out := run("apply"); !strings.Contains(out, "0 to create, 0 to update, 17 unchanged (applied)") {
		t.Errorf("second apply printed\n%s", out)
	}
	t.Setenv("NATS_STREAM_MAX_AGE", "336h")
	t.Setenv("TAGGER_ACK_WAIT", "90s")
	out = run("apply", "-dry-run")
	for _, want := range []string{"~ stream   ARTICLES_RAW\n      max_age: 168h0m0s -> 336h0m0s\n",
		"~ consumer ARTICLES_NORMALIZED/tagger\n      ack_wait: 1m0s -> 1m30s\n", "0 to create, 7 to update, 10 unchanged"} {
		if !strings.Contains(out, want) {
			t.Errorf("changed dry run printed\n%s\nwant %q", out, want)
		}
	}
	if out := run("apply", "-sinks", "sink_file,sink_pg"); !strings.Contains(out, "+ consumer ARTICLES_TAGGED/sink_file\n+ consumer ARTICLES_TAGGED/sink_pg\n") {
		t.Errorf("apply -sinks printed\n%s", out)
	}
	if out := run("apply", "-dry-run", "-stages", "normalizer,tagger,sink"); strings.Contains(out, "notify") || !strings.Contains(out, "= consumer ARTICLES_NORMALIZED/tagger") {
		t.Errorf("apply -stages normalizer,tagger,sink printed\n%s\nwant no notifier consumer", out)
	}
	var help bytes.Buffer
	if err := runStreams(ctx, []string{"-h"}, &help, &help); err != nil || !strings.Contains(help.String(), "NORMALIZER_MAX_ACK_PENDING") {
		t.Errorf("streams -h = %v\n%s", err, help.String())
	}
}
