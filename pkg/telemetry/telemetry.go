// Package telemetry serves a service's Prometheus metrics and health
// endpoints: /metrics, /healthz (the process is alive) and /readyz (its
// dependencies are reachable and it is consuming).
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// NewRegistry returns the process's one registry, with the Go runtime and
// process collectors and newswire_build_info for service.
func NewRegistry(service string) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo(service),
	)
	return reg
}

// Version is the module version the binary was built from, "(devel)" for
// a workspace build.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func buildInfo(service string) prometheus.Collector {
	goVersion, revision := "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "newswire_build_info",
		Help: "Always 1; the labels say which service, version and Go release is running.",
		ConstLabels: prometheus.Labels{
			"service": service, "version": Version(), "revision": revision, "goversion": goVersion,
		},
	})
	g.Set(1)
	return g
}

// Server is the telemetry HTTP server.
type Server struct {
	srv   *http.Server
	ln    net.Listener
	ready atomic.Pointer[func() error]
	log   *slog.Logger
	done  chan struct{}
}

// Listen binds addr and serves reg's metrics and the health endpoints in
// the background. Until SetReady is called, /readyz answers 503.
func Listen(addr string, reg *prometheus.Registry, log *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("telemetry listen on %s: %w", addr, err)
	}
	s := &Server{ln: ln, log: log.With("component", "telemetry"), done: make(chan struct{})}
	notReady := func() error { return errors.New("starting") }
	s.ready.Store(&notReady)

	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg, EnableOpenMetrics: true}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("telemetry server stopped", "err", err)
		}
	}()
	s.log.Info("serving metrics and health", "addr", ln.Addr().String())
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// SetReady sets the readiness check: /readyz answers 200 while it returns
// nil and 503 with its error otherwise.
func (s *Server) SetReady(check func() error) { s.ready.Store(&check) }

func (s *Server) serveReady(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := (*s.ready.Load())(); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintf(w, "not ready: %v\n", err)
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// Shutdown stops the server, waiting for open requests until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	<-s.done
	return err
}

// Register registers every collector on reg, stopping at the first error
// (a name registered twice): the components' metrics constructors share it.
func Register(reg prometheus.Registerer, cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
