package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/services/notify/internal/searches"
)

// TestFollower follows a real bucket: the searches there at start, then
// an added one, a bad one (left out, counted), a removed one; and a
// now-relative search is compiled again each refresh.
func TestFollower(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn := bustest.Connect(t, bustest.Start(t).Config)
	kv, err := conn.KeyValue(ctx, alert.Bucket, 0)
	if err != nil {
		t.Fatal(err)
	}
	put := func(name, q string) {
		b, _ := json.Marshal(alert.Search{Schema: alert.SchemaSearch, ID: "id" + name, Name: name, Query: q, NATS: true})
		if err := kv.Put(ctx, name, b); err != nil {
			t.Fatal(err)
		}
	}
	put("first", "bank")
	w, err := kv.WatchAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	m, err := newMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	var current atomic.Pointer[searches.Compiled]
	f := &follower{watch: w, refresh: time.Second, log: slog.New(slog.NewTextHandler(io.Discard, nil)), metrics: m, current: &current}
	if err := f.load(ctx); err != nil {
		t.Fatal(err)
	}
	if n := current.Load().Len(); n != 1 {
		t.Fatalf("after load: %d searches, want 1", n)
	}
	done := make(chan error, 1)
	fctx, stop := context.WithCancel(ctx)
	go func() { done <- f.run(fctx) }()
	waitFor := func(what string, ok func(*searches.Compiled) bool) {
		t.Helper()
		for !ok(current.Load()) {
			select {
			case <-ctx.Done():
				t.Fatalf("never: %s (searches %d, invalid %v)", what, current.Load().Len(), current.Load().Invalid)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	put("second", "profit")
	put("bad", "(profit")
	waitFor("two searches and one invalid", func(c *searches.Compiled) bool { return c.Len() == 2 && len(c.Invalid) == 1 })
	if err := kv.Delete(ctx, "first"); err != nil {
		t.Fatal(err)
	}
	waitFor("first removed", func(c *searches.Compiled) bool { return c.Len() == 1 && c.ByName("first") == nil })
	put("recent", "bank published:>=now-1h")
	waitFor("recent added", func(c *searches.Compiled) bool { return c.ByName("recent") != nil })
	before := current.Load()
	waitFor("compiled again after the refresh", func(c *searches.Compiled) bool { return c != before })
	stop()
	if err := <-done; err != nil {
		t.Fatalf("run = %v", err)
	}
}
