package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

// TestSourceCountsAndReplayLag runs the file sink over live articles of
// one source and replayed ones (captured in 2020) of another: each
// source's record counts what was stored, live and replayed apart, and
// the replayed articles feed the replay-lag histogram, not the
// fetch-to-sink one, whose top bucket they would otherwise fill.
func TestSourceCountsAndReplayLag(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if err := conn.EnsureStreams(ctx, bus.StreamTagged, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cfg := &Config{
		Common:         service.Common{LogFormat: "text", ShutdownGrace: 20 * time.Second},
		Config:         srv.Config,
		ConsumerConfig: bustest.ConsumerConfig("sink"),
		MetricsAddr:    addr, Backend: "file", FilePath: filepath.Join(t.TempDir(), "articles.jsonl"),
		BatchSize: 16, BatchLinger: 10 * time.Millisecond,
		Source: sourcewatch.Config{MetricsCap: 10, FlushInterval: 100 * time.Millisecond},
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run(runCtx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("sink run: %v", err)
		}
	}()

	now := time.Now().UTC()
	for i := range 5 {
		a := tagged(i)
		a.ID = fmt.Sprintf("src-%d", i)
		a.Source.Name, a.FetchedAt = "live-feed", now
		if i >= 3 {
			a.Source.Name, a.Replay, a.FetchedAt = "archive", true, time.Date(2020, 1, 7, 10, 0, 0, 0, time.UTC)
			a.IngestedAt = &now
		}
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectTagged, Data: data, ID: a.ID}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 30*time.Second, func() bool {
		kv, err := conn.OpenKeyValue(ctx, sourcewatch.Bucket)
		if err != nil {
			return false
		}
		recs, err := sourcewatch.Load(ctx, kv)
		if err != nil || len(recs) != 2 {
			return false
		}
		// Sorted by name: archive, live-feed.
		arc, live := recs[0].Articles, recs[1].Articles
		return arc.Replayed.Stored == 2 && arc.Total.Stored == 0 && live.Total.Stored == 3 && live.Replayed.Stored == 0
	}, "stored counts of both sources in the bucket")

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		"newswire_fetch_to_sink_seconds_count 3\n",
		"newswire_replay_to_sink_seconds_count 2\n",
		`newswire_fetch_to_sink_seconds_bucket{le="30"} 3` + "\n",
		`newswire_source_articles_total{origin="live",outcome="stored",source="live-feed"} 3` + "\n",
		`newswire_source_articles_total{origin="replay",outcome="stored",source="archive"} 2` + "\n",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("sink /metrics lacks %q", want)
		}
	}
}
