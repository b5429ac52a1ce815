// Package bustest starts a real, in-process NATS server with JetStream for
// tests, as httptest starts an HTTP server.
package bustest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/broker"
	"github.com/newswire/newswire/pkg/bus"
)

// Server is a NATS server that lives as long as the test.
type Server struct {
	*broker.Server
	// Config connects to it, with the other settings at their defaults.
	Config bus.Config
}

// Start runs a NATS server with JetStream on a free loopback port and a
// temporary store directory, shut down when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartIn(t, t.TempDir())
}

// StartIn is Start with a given store directory, so a test can restart the
// server on the same storage.
func StartIn(t testing.TB, storeDir string) *Server {
	t.Helper()
	srv, err := broker.Start(broker.Config{Host: "127.0.0.1", Port: -1, StoreDir: storeDir}, nil)
	if err != nil {
		t.Fatalf("start nats server: %v", err)
	}
	t.Cleanup(srv.Shutdown)
	return &Server{Server: srv, Config: Config(srv.ClientURL())}
}

// Config returns a bus.Config for url with every other setting at its
// default, as envconfig would fill it.
func Config(url string) bus.Config {
	return bus.Config{
		URL:             url,
		ConnectTimeout:  2 * time.Second,
		ConnectWait:     5 * time.Second,
		StreamReplicas:  1,
		StreamMaxAge:    time.Hour,
		StreamMaxBytes:  -1,
		DuplicateWindow: time.Minute,
	}
}

// Connect opens a bus connection for the test, closed when it ends.
func Connect(t testing.TB, cfg bus.Config) *bus.Conn {
	t.Helper()
	conn, err := bus.Connect(context.Background(), cfg, t.Name(), Logger(t))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(ctx)
	})
	return conn
}

// Logger returns a logger that writes to stderr when -v is given and
// discards otherwise. (Not t.Log: goroutines under test may log after the
// test has returned.)
func Logger(t testing.TB) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

// ConsumerConfig returns consumer settings for tests: envconfig's defaults,
// with retries fast enough for a test to watch them.
func ConsumerConfig(name string) bus.ConsumerConfig {
	return bus.ConsumerConfig{
		Consumer:        name,
		MaxAckPending:   64,
		MaxDeliver:      3,
		AckWait:         5 * time.Second,
		RetryBackoff:    50 * time.Millisecond,
		RetryMaxBackoff: 200 * time.Millisecond,
		Concurrency:     4,
	}
}
