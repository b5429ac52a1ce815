package service

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/bus"
)

// Stage describes a service that consumes one stream, runs each message
// through a handler and publishes the result: the normalizer and the
// tagger.
type Stage struct {
	Name bus.Stage
	// Input is the stream consumed; Streams are all the streams the stage
	// touches (input, output, dead letters), declared at start-up.
	Input       string
	Streams     []string
	Bus         bus.Config
	Consumer    bus.ConsumerConfig
	MetricsAddr string
	Grace       time.Duration
	// Beside, when set, is called once the runtime is up, before the
	// handler is built: the normalizer makes its per-source reporter
	// there, on rt.Conn and rt.Registry. The run it returns runs beside
	// the consumer until ctx ends; finish is called once the consumer has
	// stopped, with a deadline of its own, for a last write.
	Beside func(ctx context.Context, rt *Runtime) (run func(context.Context) error, finish func(context.Context), err error)
}

// RunStage starts the runtime, builds the handler (which registers its own
// metrics on reg), binds the durable consumer and processes messages until
// ctx ends, then shuts down in order.
func RunStage(ctx context.Context, st Stage, log *slog.Logger, newHandler func(reg prometheus.Registerer) (bus.Handler, error)) error {
	rt, err := Start(ctx, string(st.Name), st.Bus, st.MetricsAddr, log, st.Streams...)
	if err != nil {
		return err
	}
	defer rt.Close()
	parts := []func(context.Context) error{}
	finish := func(context.Context) {}
	if st.Beside != nil {
		run, fin, err := st.Beside(ctx, rt)
		if err != nil {
			return err
		}
		parts = append(parts, run)
		if fin != nil {
			finish = fin
		}
	}
	h, err := newHandler(rt.Registry)
	if err != nil {
		return err
	}
	cons, err := rt.Conn.NewConsumer(ctx, st.Name, st.Input, nil, st.Consumer, rt.Metrics, log)
	if err != nil {
		return err
	}
	rt.SetReady(cons.Ready)
	log.Info(string(st.Name)+" running", "consumer", st.Consumer.Consumer, "metrics", rt.TelemetryAddr())
	parts = append(parts, func(ctx context.Context) error { return cons.Run(ctx, h) })
	err = Run(ctx, log, st.Grace, parts...)
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	finish(fctx)
	return err
}
