package service

import (
	"context"
	"log/slog"
	"time"

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

// StageConfig holds the settings of a stage that consumes one stream and
// publishes to the next (the normalizer, the tagger): the common ones, the
// NATS connection and the durable consumer. A stage's Config embeds it
// beside its own settings; envconfig reads the embedded fields under the
// stage's prefix as if they were the stage's own, so the variables are
// the same as when each Config embedded the three itself.
type StageConfig struct {
	Common
	bus.Config
	bus.ConsumerConfig
}

// ValidateStage names the consumer after the stage when no name is set,
// then checks the settings for meaning.
func (c *StageConfig) ValidateStage(name bus.Stage) error {
	if c.Consumer == "" {
		c.Consumer = string(name)
	}
	for _, v := range []interface{ Validate() error }{c.Common, c.Config, c.ConsumerConfig} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Stage describes the stage name, which consumes the stream in and
// publishes to the stream out (and to the dead letters) with c's settings,
// and serves telemetry on metricsAddr. The caller may set Beside.
func (c StageConfig) Stage(name bus.Stage, in, out, metricsAddr string) Stage {
	return Stage{
		Name:        name,
		Input:       in,
		Streams:     []string{in, out, bus.StreamDLQ},
		Bus:         c.Config,
		Consumer:    c.ConsumerConfig,
		MetricsAddr: metricsAddr,
		Grace:       c.ShutdownGrace,
	}
}

// RunStage starts the runtime, builds the handler on it (which registers
// its own metrics on rt.Registry and may publish on rt.Conn), binds the
// durable consumer and processes messages until ctx ends, then shuts down
// in order.
func RunStage(ctx context.Context, st Stage, log *slog.Logger, newHandler func(rt *Runtime) (bus.Handler, error)) error {
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
	h, err := newHandler(rt)
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
