package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/freeport"
	"github.com/newswire/newswire/pkg/service"
)

const (
	listA = "id\ttype\tname\taliases\nc-1\tORG\tGoldman Sachs\tGoldman\n"
	listB = listA + "c-2\tORG\tMorgan Stanley\n"
	// listBroken has a duplicate id: the last good list must stay.
	listBroken = listB + "c-2\tPERSON\tJane Doe\n"
	listC      = "entities:\n  - {id: c-3, type: PERSON, name: Jane Doe}\n"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	port, err := freeport.Get()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

// tagger runs the tagger service (run, as main does) until the test ends.
func startTagger(t *testing.T, srv *bustest.Server, ec EntitiesConfig) (metricsAddr string) {
	t.Helper()
	cfg := &Config{
		StageConfig: service.StageConfig{
			Common:         service.Common{LogFormat: "text", ShutdownGrace: 20 * time.Second},
			Config:         srv.Config,
			ConsumerConfig: bustest.ConsumerConfig("tagger"),
		},
		MetricsAddr:    freeAddr(t),
		EntitiesConfig: ec,
	}
	if cfg.EntitiesKey == "" {
		cfg.EntitiesKey = "entities"
	}
	if cfg.EntitiesReload == 0 {
		cfg.EntitiesReload = 100 * time.Millisecond
	}
	if cfg.EntitiesWindow == 0 {
		cfg.EntitiesWindow = 30
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, bustest.Logger(t)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("tagger run: %v", err)
		}
	})
	waitFor(t, 60*time.Second, func() bool { return status(cfg.MetricsAddr, "/readyz") == http.StatusOK }, "tagger ready")
	return cfg.MetricsAddr
}

func status(addr, path string) int {
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// metric returns the value of one series on addr's /metrics, "" if absent.
func metric(addr, series string) string {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}

func waitFor(t *testing.T, d time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// output collects the tagger's output articles by id.
type output struct {
	mu   sync.Mutex
	tags map[string]*article.Tags
}

func collect(t *testing.T, conn *bus.Conn) *output {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if err := conn.EnsureStreams(ctx, bus.StreamTagged, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	m, err := bus.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	cons, err := conn.NewConsumer(ctx, bus.StageSink, bus.StreamTagged, nil, bustest.ConsumerConfig("test-sink"), m, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	o := &output{tags: map[string]*article.Tags{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = cons.Run(ctx, bus.HandlerFunc(func(_ context.Context, d *bus.Delivery) (*bus.Message, error) {
			a, err := article.DecodeArticle(d.Data)
			if err != nil {
				return nil, bus.Permanent(err)
			}
			o.mu.Lock()
			o.tags[a.ID] = a.Tags
			o.mu.Unlock()
			return nil, nil
		}))
	}()
	t.Cleanup(func() { cancel(); <-done })
	return o
}

// watched waits for article id and returns its watched mentions as
// "id text".
func (o *output) watched(t *testing.T, id string) []string {
	t.Helper()
	var tags *article.Tags
	waitFor(t, 30*time.Second, func() bool {
		o.mu.Lock()
		defer o.mu.Unlock()
		tags = o.tags[id]
		return tags != nil
	}, "tagged article "+id)
	out := []string{}
	for _, e := range tags.Entities {
		if e.Watch {
			out = append(out, e.ID+" "+e.Text)
		}
	}
	return out
}

var seq int

// publish sends a normalized article with text and returns its id.
func publish(t *testing.T, conn *bus.Conn, text string) string {
	t.Helper()
	seq++
	text = fmt.Sprintf("%s (%d)", text, seq)
	a := &article.Article{
		Schema: article.SchemaArticle, ID: fmt.Sprintf("a-%03d", seq), Source: article.Source{Name: "t", Kind: article.KindInbox},
		Authors: []string{}, Highlights: []string{}, Text: text,
		FetchedAt: time.Now().UTC(), ContentHash: article.ContentHash(text),
	}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Publish(context.Background(), bus.Message{Subject: bus.SubjectNormalized, Data: data, ID: bus.MsgID(bus.StageNormalizer, a.ID, a.ContentHash)}); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func want(t *testing.T, got []string, w ...string) {
	t.Helper()
	if !slices.Equal(got, w) {
		t.Errorf("watched mentions %q, want %q", got, w)
	}
}

const text = "Goldman Sachs and MORGAN STANLEY advised; Jane Doe said Goldman would gain."

// TestWatchListFile runs the tagger service with TAGGER_ENTITIES_FILE and
// edits the file under it: a change is loaded without a restart, a broken
// list keeps the last good one (log, newswire_tagger_watch_stale,
// reloads_total{outcome="invalid"}), and a fixed one is loaded again.
func TestWatchListFile(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	path := filepath.Join(t.TempDir(), "watch.tsv")
	write := func(s string) {
		t.Helper()
		// Write beside and rename, as editors and Kubernetes do, so the
		// tagger never reads half a file.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	write(listA)
	addr := startTagger(t, srv, EntitiesConfig{EntitiesFile: path})
	out := collect(t, conn)
	if v := metric(addr, "newswire_tagger_watch_entities"); v != "1" {
		t.Errorf("newswire_tagger_watch_entities = %q, want 1", v)
	}
	want(t, out.watched(t, publish(t, conn, text)), "c-1 Goldman Sachs", "c-1 Goldman")

	write(listB)
	waitFor(t, 30*time.Second, func() bool { return metric(addr, "newswire_tagger_watch_entities") == "2" }, "list B loaded")
	want(t, out.watched(t, publish(t, conn, text)), "c-1 Goldman Sachs", "c-2 MORGAN STANLEY", "c-1 Goldman")

	write(listBroken)
	waitFor(t, 30*time.Second, func() bool { return metric(addr, "newswire_tagger_watch_stale") == "1" }, "broken list reported")
	if v := metric(addr, `newswire_tagger_watch_reloads_total{outcome="invalid"}`); v != "1" {
		t.Errorf(`reloads_total{outcome="invalid"} = %q, want 1`, v)
	}
	want(t, out.watched(t, publish(t, conn, text)), "c-1 Goldman Sachs", "c-2 MORGAN STANLEY", "c-1 Goldman")

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, func() bool {
		return metric(addr, `newswire_tagger_watch_reloads_total{outcome="unreadable"}`) == "1"
	}, "missing file reported")
	want(t, out.watched(t, publish(t, conn, text)), "c-1 Goldman Sachs", "c-2 MORGAN STANLEY", "c-1 Goldman")

	write(listC)
	waitFor(t, 30*time.Second, func() bool { return metric(addr, "newswire_tagger_watch_stale") == "0" }, "fixed list loaded")
	want(t, out.watched(t, publish(t, conn, text)), "c-3 Jane Doe")
	if v := metric(addr, `newswire_tagger_watch_reloads_total{outcome="loaded"}`); v != "3" {
		t.Errorf(`reloads_total{outcome="loaded"} = %q, want 3`, v)
	}
}

// TestWatchListBrokenAtStart: with no last good list, a broken file stops
// the tagger with the reason.
func TestWatchListBrokenAtStart(t *testing.T) {
	srv := bustest.Start(t)
	path := filepath.Join(t.TempDir(), "watch.tsv")
	if err := os.WriteFile(path, []byte(listBroken), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &Config{
		StageConfig: service.StageConfig{
			Common: service.Common{LogFormat: "text", ShutdownGrace: 5 * time.Second}, Config: srv.Config,
			ConsumerConfig: bustest.ConsumerConfig("tagger"),
		},
		MetricsAddr:    freeAddr(t),
		EntitiesConfig: EntitiesConfig{EntitiesFile: path, EntitiesKey: "entities", EntitiesReload: time.Second, EntitiesWindow: 30},
	}
	err := run(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "c-2") {
		t.Errorf("run with a broken list = %v, want an error naming line 3 and entity c-2", err)
	}
}

// TestWatchListBucket runs two tagger replicas on one consumer following
// one key-value entry: a list pushed with `tagger watch push` reaches
// both, a broken one is refused by push and, put there anyway, keeps the
// last good list on both; a deleted one leaves both without a list.
func TestWatchListBucket(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ec := EntitiesConfig{EntitiesBucket: "watch-test"}
	replicas := []string{startTagger(t, srv, ec), startTagger(t, srv, ec)}
	out := collect(t, conn)
	for _, addr := range replicas {
		if v := metric(addr, "newswire_tagger_watch_entities"); v != "0" {
			t.Errorf("before any push: entities %q, want 0", v)
		}
	}

	t.Setenv("TAGGER_NATS_URL", srv.Config.URL)
	t.Setenv("TAGGER_ENTITIES_BUCKET", ec.EntitiesBucket)
	dir := t.TempDir()
	push := func(list string) (string, error) {
		t.Helper()
		p := filepath.Join(dir, "list")
		if err := os.WriteFile(p, []byte(list), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		err := watchCommand(context.Background(), []string{"push", p}, &stdout, &stderr)
		return stdout.String() + stderr.String(), err
	}
	if msg, err := push(listB); err != nil {
		t.Fatalf("push: %v\n%s", err, msg)
	}
	for _, addr := range replicas {
		waitFor(t, 30*time.Second, func() bool { return metric(addr, "newswire_tagger_watch_entities") == "2" }, "list B on "+addr)
	}
	for range 6 { // spread over both replicas
		want(t, out.watched(t, publish(t, conn, text)), "c-1 Goldman Sachs", "c-2 MORGAN STANLEY", "c-1 Goldman")
	}

	if msg, err := push(listBroken); err == nil || !strings.Contains(err.Error(), "not pushed") {
		t.Errorf("push of a broken list = %v (%s), want it refused", err, msg)
	}
	kv, err := conn.KeyValue(context.Background(), ec.EntitiesBucket, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := kv.Put(context.Background(), "entities", []byte(listBroken)); err != nil {
		t.Fatal(err)
	}
	for _, addr := range replicas {
		waitFor(t, 30*time.Second, func() bool { return metric(addr, "newswire_tagger_watch_stale") == "1" }, "broken list reported on "+addr)
		if v := metric(addr, "newswire_tagger_watch_entities"); v != "2" {
			t.Errorf("after a broken list: entities %q, want the last good list's 2", v)
		}
	}
	want(t, out.watched(t, publish(t, conn, text)), "c-1 Goldman Sachs", "c-2 MORGAN STANLEY", "c-1 Goldman")

	var stdout bytes.Buffer
	if err := watchCommand(context.Background(), []string{"get"}, &stdout, io.Discard); err != nil || stdout.String() != listBroken {
		t.Errorf("watch get = %q, %v; want the list in the bucket", stdout.String(), err)
	}

	if err := kv.Delete(context.Background(), "entities"); err != nil {
		t.Fatal(err)
	}
	for _, addr := range replicas {
		waitFor(t, 30*time.Second, func() bool { return metric(addr, "newswire_tagger_watch_entities") == "0" }, "deleted list on "+addr)
	}
	want(t, out.watched(t, publish(t, conn, text)))
}

func TestWatchCheck(t *testing.T) {
	p := filepath.Join(t.TempDir(), "list.tsv")
	for _, c := range []struct {
		list, want string
		ok         bool
	}{
		{listB, "watch list OK: 2 entities, 3 aliases (0 ambiguous, need context)", true},
		{listBroken, "line 3", false},
	} {
		if err := os.WriteFile(p, []byte(c.list), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout bytes.Buffer
		err := watchCommand(context.Background(), []string{"check", p}, &stdout, io.Discard)
		got := stdout.String()
		if err != nil {
			got = err.Error()
		}
		if (err == nil) != c.ok || !strings.Contains(got, c.want) {
			t.Errorf("watch check %q = %q, %v; want %q", c.list, got, err, c.want)
		}
	}
}
