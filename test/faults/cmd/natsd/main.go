// Command natsd runs newswire's NATS server (pkg/broker: JetStream, file
// storage) as a process of its own, so the fault tests can kill and restart
// it on the same store directory. Accounts, users and their permissions come
// from a NATS configuration file (-accounts: deploy/k8s's accounts.conf,
// passwords from the environment). With -cluster it is one node of a JetStream
// cluster instead: named -name, listening for routes on -cluster,
// advertising -advertise to its peers and routing to -routes.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	accounts := flag.String("accounts", "", "NATS configuration file with the accounts and users, $VARIABLES from the environment (empty: open access)")
	name := flag.String("name", "", "server name (a cluster node's must be unique)")
	cluster := flag.String("cluster", "", "host:port to listen on for routes; empty: a single server")
	advertise := flag.String("advertise", "", "host:port the peers reach this node's routes at")
	routes := flag.String("routes", "", "host:port of the peers' routes, comma separated")
	monitor := flag.Int("monitor", 0, "port of the monitoring endpoints (/jsz), 0: none")
	maxBytes := flag.Int64("js-max-file", 0, "JetStream file storage limit in bytes (0: the server's default)")
	tlsCert := flag.String("tls-cert", "", "PEM certificate: clients must then connect with TLS (a single server only)")
	tlsKey := flag.String("tls-key", "", "PEM key of -tls-cert")
	flag.Parse()
	var tc *tls.Config
	if *tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		if err != nil {
			return fmt.Errorf("-tls-cert: %w", err)
		}
		tc = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if *cluster == "" {
		srv, err := broker.Start(broker.Config{Host: *host, Port: *port, StoreDir: *store, AccountsFile: *accounts, MonitorPort: *monitor, TLS: tc}, log)
		if err != nil {
			return err
		}
		log.Info("nats ready", "url", srv.ClientURL())
		<-ctx.Done()
		srv.Shutdown()
		return nil
	}
	chost, cport, err := splitHostPort(*cluster)
	if err != nil {
		return fmt.Errorf("-cluster: %w", err)
	}
	opts := &server.Options{}
	if *accounts != "" {
		if opts, err = broker.LoadAccounts(*accounts); err != nil {
			return err
		}
	}
	opts.ServerName, opts.Host, opts.Port = *name, *host, *port
	opts.JetStream, opts.StoreDir, opts.JetStreamMaxStore = true, *store, *maxBytes
	opts.MaxPayload, opts.NoSigs = broker.DefaultMaxPayload, true
	opts.HTTPHost, opts.HTTPPort = *host, *monitor
	opts.Cluster = server.ClusterOpts{Name: "newswire", Host: chost, Port: cport, Advertise: *advertise}
	for _, r := range strings.Split(*routes, ",") {
		if r = strings.TrimSpace(r); r != "" {
			opts.Routes = append(opts.Routes, &url.URL{Scheme: "nats-route", Host: r})
		}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return fmt.Errorf("configure nats server: %w", err)
	}
	ns.ConfigureLogger()
	ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return fmt.Errorf("nats server %s not ready after 30s", *name)
	}
	log.Info("nats ready", "url", ns.ClientURL(), "name", *name)
	<-ctx.Done()
	ns.Shutdown()
	ns.WaitForShutdown()
	return nil
}

func splitHostPort(hp string) (string, int, error) {
	h, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	n, err := strconv.Atoi(p)
	return h, n, err
}
