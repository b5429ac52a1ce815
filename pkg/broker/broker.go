// Package broker runs a NATS server with JetStream inside the process: the
// embedded default of `make run` and the real broker of every test.
package broker

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Config describes the embedded server.
type Config struct {
	// Host and Port to listen on; Port -1 picks a free port.
	Host string
	Port int
	// StoreDir holds JetStream's file storage.
	StoreDir string
	// MaxPayload bounds one message, in bytes (0: 8 MiB).
	MaxPayload int32
	// MonitorPort serves the NATS monitoring endpoints (/varz, /jsz) when > 0.
	MonitorPort int
	// Debug logs the server's own messages.
	Debug bool
	// Accounts, when set, replaces open access with these users; see
	// server.Options.Users. Tests use it to prove per-service permissions.
	Users []*server.User
	// AccountsFile, when set, is a NATS configuration file whose accounts
	// and users replace open access (and Users): deploy/k8s's
	// accounts.conf, so tests prove what is deployed. Its $VARIABLES (the
	// passwords) are read from the environment.
	AccountsFile string
	// TLS, when set, makes the server require TLS of its clients.
	TLS *tls.Config
}

// DefaultMaxPayload is 8 MiB: a large article page, base64-encoded inside a
// raw document, still fits.
const DefaultMaxPayload = 8 << 20

// Server is a running embedded NATS server.
type Server struct {
	ns *server.Server
}

// Start starts the server and waits until it accepts connections.
func Start(cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.StoreDir == "" {
		return nil, errors.New("broker: StoreDir is empty")
	}
	if cfg.MaxPayload == 0 {
		cfg.MaxPayload = DefaultMaxPayload
	}
	opts := &server.Options{Users: cfg.Users}
	if cfg.AccountsFile != "" {
		var err error
		if opts, err = LoadAccounts(cfg.AccountsFile); err != nil {
			return nil, err
		}
	}
	opts.ServerName = "newswire-embedded"
	opts.Host, opts.Port = cfg.Host, cfg.Port
	opts.JetStream, opts.StoreDir = true, cfg.StoreDir
	opts.MaxPayload = cfg.MaxPayload
	opts.NoSigs, opts.NoLog = true, !cfg.Debug
	if cfg.TLS != nil {
		opts.TLSConfig, opts.TLSTimeout = cfg.TLS, 5
	}
	if cfg.MonitorPort > 0 {
		opts.HTTPHost = cfg.Host
		opts.HTTPPort = cfg.MonitorPort
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("broker: configure nats server: %w", err)
	}
	if cfg.Debug && log != nil {
		ns.SetLoggerV2(&logAdapter{log: log.With("component", "nats-server")}, false, false, false)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("broker: nats server on %s:%d not ready after 10s", cfg.Host, cfg.Port)
	}
	return &Server{ns: ns}, nil
}

// LoadAccounts reads the accounts and users of a NATS configuration file
// (deploy/k8s's accounts.conf), resolving its $VARIABLES from the
// environment, into server options the caller completes.
func LoadAccounts(file string) (*server.Options, error) {
	opts, err := server.ProcessConfigFile(file)
	if err != nil {
		return nil, fmt.Errorf("broker: read accounts from %s: %w", file, err)
	}
	return opts, nil
}

// ClientURL is the URL clients connect to.
func (s *Server) ClientURL() string { return s.ns.ClientURL() }

// Shutdown stops the server and waits until it has.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

type logAdapter struct{ log *slog.Logger }

func (l *logAdapter) Noticef(format string, v ...any) { l.log.Info(fmt.Sprintf(format, v...)) }
func (l *logAdapter) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l *logAdapter) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *logAdapter) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *logAdapter) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *logAdapter) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
