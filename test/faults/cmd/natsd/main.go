// Command natsd runs newswire's NATS server (pkg/broker: JetStream, file
// storage) as a process of its own, so the fault tests can kill and restart
// it on the same store directory. Users and their permissions come from a
// JSON file (harness.Users).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/newswire/newswire/pkg/broker"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "natsd:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	host := flag.String("host", "127.0.0.1", "listen host")
	port := flag.Int("port", 4222, "listen port")
	store := flag.String("store", "", "JetStream store directory")
	users := flag.String("users", "", "JSON file of users with permissions (empty: open access)")
	flag.Parse()
	cfg := broker.Config{Host: *host, Port: *port, StoreDir: *store}
	if *users != "" {
		data, err := os.ReadFile(*users)
		if err != nil {
			return err
		}
		var us []*server.User
		if err := json.Unmarshal(data, &us); err != nil {
			return fmt.Errorf("parse %s: %w", *users, err)
		}
		cfg.Users = us
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	srv, err := broker.Start(cfg, log)
	if err != nil {
		return err
	}
	log.Info("nats ready", "url", srv.ClientURL())
	<-ctx.Done()
	srv.Shutdown()
	return nil
}
