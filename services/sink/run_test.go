package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/freeport"
	"github.com/newswire/newswire/pkg/service"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/services/sink/internal/postgres"
	"github.com/newswire/newswire/services/sink/internal/postgres/postgrestest"
)

func tagged(i int) *article.Article {
	text := fmt.Sprintf("Article %d: the council approved £%dm for the harbour bridge.", i, i+1)
	amount := float64(i+1) * 1e6
	return &article.Article{
		Schema: article.SchemaArticle, ID: fmt.Sprintf("id-%05d", i), Source: article.Source{Name: "t", Kind: article.KindInbox},
		Title: "t", Authors: []string{}, Highlights: []string{}, Text: text,
		FetchedAt: time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC), ContentHash: article.ContentHash(text),
		Tags: &article.Tags{Entities: []article.Entity{}, Figures: []article.Figure{},
			Money: []article.Money{{Text: "x", Currency: "GBP", Amount: &amount, Start: 0, End: 1}}},
	}
}

func publishTagged(t *testing.T, conn *bus.Conn, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		a := tagged(i)
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := conn.Publish(context.Background(), bus.Message{Subject: bus.SubjectTagged, Data: data, ID: bus.MsgID(bus.StageTagger, a.ID, a.ContentHash)}); err != nil {
			t.Fatal(err)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	port, err := freeport.Get()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

func countRows(t *testing.T, dsn string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return -1
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM articles").Scan(&n); err != nil {
		return -1
	}
	return n
}

func readyz(addr string) int {
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestPostgresSinkSurvivesDatabaseOutage runs the sink service against a
// real NATS and a real PostgreSQL, stops the database mid-stream, and checks
// that the sink reports not-ready, loses nothing and catches up.
func TestPostgresSinkSurvivesDatabaseOutage(t *testing.T) {
	srv := bustest.Start(t)
	dsn, pg := postgrestest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	if err := conn.EnsureStreams(context.Background(), bus.StreamTagged, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cc := bustest.ConsumerConfig("sink")
	cc.MaxAckPending = 256
	cfg := &Config{
		Common:         service.Common{LogFormat: "text", ShutdownGrace: 20 * time.Second},
		Config:         srv.Config,
		ConsumerConfig: cc,
		MetricsAddr:    addr, Backend: "postgres", BatchSize: 64, BatchLinger: 20 * time.Millisecond,
		Postgres: postgres.Config{DSN: dsn, MaxConns: 2, ConnectTimeout: 2 * time.Second, StatementTimeout: 10 * time.Second, Migrate: true, MigrateTimeout: time.Minute},
		Source:   sourcewatch.Config{MetricsCap: 500, FlushInterval: time.Second},
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("sink run: %v", err)
		}
	}()

	const n = 600
	publishTagged(t, conn, 0, n/2)
	waitFor(t, 30*time.Second, func() bool { return countRows(t, dsn) == n/2 }, "first half in PostgreSQL")

	pg.Stop()
	publishTagged(t, conn, n/2, n)
	waitFor(t, 30*time.Second, func() bool { return readyz(addr) == http.StatusServiceUnavailable }, "sink not ready during the outage")
	time.Sleep(2 * time.Second)
	pg.Start()
	waitFor(t, 60*time.Second, func() bool { return countRows(t, dsn) == n }, "all articles after the database returned")
	waitFor(t, 30*time.Second, func() bool { return readyz(addr) == http.StatusOK }, "sink ready again")

	// Redelivering everything adds nothing.
	publishTagged(t, conn, 0, n)
	time.Sleep(time.Second)
	if got := countRows(t, dsn); got != n {
		t.Errorf("articles after republishing = %d, want %d", got, n)
	}
	if dls, err := conn.ListDeadLetters(context.Background(), "", 10); err != nil || len(dls) != 0 {
		t.Errorf("dead letters = %d (%v), want none", len(dls), err)
	}
}

func waitFor(t *testing.T, within time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for: %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
