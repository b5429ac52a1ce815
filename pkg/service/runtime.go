package service

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/telemetry"
)

// Runtime is what every service starts with: one metrics registry, the
// telemetry server and a bus connection with the streams it needs.
type Runtime struct {
	Log      *slog.Logger
	Registry *prometheus.Registry
	Metrics  *bus.Metrics
	Conn     *bus.Conn

	telemetry *telemetry.Server
}

// Start serves telemetry on metricsAddr (not ready yet), connects to NATS
// and creates or updates streams.
func Start(ctx context.Context, name string, busCfg bus.Config, metricsAddr string, log *slog.Logger, streams ...string) (*Runtime, error) {
	reg := telemetry.NewRegistry(name)
	m, err := bus.NewMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	tel, err := telemetry.Listen(metricsAddr, reg, log)
	if err != nil {
		return nil, err
	}
	conn, err := bus.Connect(ctx, busCfg, "newswire-"+name, log)
	if err != nil {
		_ = tel.Shutdown(context.Background())
		return nil, err
	}
	if err := conn.EnsureStreams(ctx, streams...); err != nil {
		_ = conn.Close(context.Background())
		_ = tel.Shutdown(context.Background())
		return nil, err
	}
	tel.SetReady(conn.Ready)
	return &Runtime{Log: log, Registry: reg, Metrics: m, Conn: conn, telemetry: tel}, nil
}

// SetReady replaces the readiness check (by default: connected to NATS).
func (r *Runtime) SetReady(check func() error) { r.telemetry.SetReady(check) }

// TelemetryAddr is the address /metrics is served on.
func (r *Runtime) TelemetryAddr() string { return r.telemetry.Addr() }

// closeTimeout bounds each shutdown step after the parts have stopped.
const closeTimeout = 10 * time.Second

// Close finishes the shutdown after the parts have returned: it waits for
// outstanding publish acks, drains NATS, then stops the telemetry server,
// each step with a fresh timeout.
func (r *Runtime) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if err := r.Conn.Close(ctx); err != nil {
		r.Log.Warn("nats drain incomplete", "err", err)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel2()
	if err := r.telemetry.Shutdown(ctx2); err != nil {
		r.Log.Warn("telemetry shutdown", "err", err)
	}
	r.Log.Info("stopped")
}
