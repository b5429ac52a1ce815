package bus

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/broker"
)

// TestPullRecoversFromUnansweredRequest makes the server drop the
// consumer's pull request without a word, as the pipeline benchmark saw it
// happen (the normalizer idle with thousands of messages pending and no
// pull waiting at the server), and checks that the consumer pulls again
// within a few seconds rather than the 30 s of the library's default.
//
// The server drops a request silently when the consumer's waiting list is
// full and the request asks for heartbeats (nats-server answers 409
// Exceeded MaxWaiting only to requests without them): the consumer here
// allows one waiting request, and another client's fetch holds it when the
// consumer starts. That fetch then takes the first message and ends, and
// the consumer's iterator is left counting a request nobody holds.
func TestPullRecoversFromUnansweredRequest(t *testing.T) {
	srv, err := broker.Start(broker.Config{Host: "127.0.0.1", Port: -1, StoreDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	conn, err := Connect(ctx, Config{
		URL: srv.ClientURL(), ConnectTimeout: 2 * time.Second, ConnectWait: 5 * time.Second,
		StreamReplicas: 1, StreamMaxAge: time.Hour, StreamMaxBytes: -1, DuplicateWindow: time.Minute,
	}, t.Name(), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	if err := conn.EnsureStreams(ctx, StreamRaw, StreamDLQ); err != nil {
		t.Fatal(err)
	}

	cfg := ConsumerConfig{
		Consumer: "normalizer", MaxAckPending: 64, MaxDeliver: 3, AckWait: time.Minute,
		RetryBackoff: 50 * time.Millisecond, RetryMaxBackoff: 200 * time.Millisecond, Concurrency: 4,
	}
	jc := cfg.jetstream(StageNormalizer, nil)
	jc.MaxWaiting = 1
	cons, err := conn.js.CreateOrUpdateConsumer(ctx, StreamRaw, jc)
	if err != nil {
		t.Fatal(err)
	}

	// Another client's fetch takes the one waiting place.
	fetched := make(chan error, 1)
	go func() {
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Minute))
		if err == nil {
			for m := range batch.Messages() {
				err = m.Ack()
			}
			if err == nil {
				err = batch.Error()
			}
		}
		fetched <- err
	}()
	waitFor(t, "the fetch to wait at the server", func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.NumWaiting == 1
	})

	m, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	c := &Consumer{conn: conn, stage: StageNormalizer, cfg: cfg, metrics: m, m: m.forStage(StageNormalizer), log: log, cons: cons}
	var handled atomic.Int64
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- c.Run(runCtx, HandlerFunc(func(context.Context, *Delivery) (*Message, error) {
			handled.Add(1)
			return nil, nil
		}))
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	waitFor(t, "the consumer to pull", func() bool { return c.running.Load() })
	// Its request reached the server and was dropped: still one waiting.
	time.Sleep(200 * time.Millisecond)
	if info, err := cons.Info(ctx); err != nil || info.NumWaiting != 1 {
		t.Fatalf("waiting requests = %v (err %v), want only the fetch's", info.NumWaiting, err)
	}

	publish := func(i int) {
		id := fmt.Sprintf("doc-%d", i)
		if err := conn.Publish(ctx, Message{Subject: SubjectRaw(article.KindInbox), Data: []byte(id), ID: MsgID(StageFetcher, id, "h")}); err != nil {
			t.Fatal(err)
		}
	}
	publish(0)
	if err := <-fetched; err != nil {
		t.Fatalf("fetch: %v", err)
	}
	start := time.Now()
	const more = 5
	for i := 1; i <= more; i++ {
		publish(i)
	}
	// The iterator notices two missed heartbeats (one pull expiry, 5 s)
	// after it last heard from the server, and pulls again; with the
	// library's default expiry that takes 30 s.
	deadline := start.Add(15 * time.Second)
	for handled.Load() < more && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := handled.Load(); n != more {
		t.Fatalf("after %s the consumer had handled %d of %d messages: its lost pull was not replaced", time.Since(start).Round(time.Millisecond), n, more)
	}
	t.Logf("handled %d messages %s after they were published", more, time.Since(start).Round(time.Millisecond))
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
