package service

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

func testStage(srv *bustest.Server, consumer string, grace time.Duration) Stage {
	return Stage{
		Name:        bus.StageNormalizer,
		Input:       bus.StreamRaw,
		Streams:     []string{bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ},
		Bus:         srv.Config,
		Consumer:    bustest.ConsumerConfig(consumer),
		MetricsAddr: "127.0.0.1:0",
		Grace:       grace,
	}
}

func get(url string) (int, string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// waitFor polls cond every 20ms for up to 30s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not within 30s", what)
}

func publishRaw(t *testing.T, conn *bus.Conn, n int) {
	t.Helper()
	for i := range n {
		id := fmt.Sprintf("doc-%d", i)
		if err := conn.Publish(context.Background(), bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(id), ID: id}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunStage starts a stage against an in-process NATS server: it
// serves /healthz, answers /readyz once its consumer is bound, runs the
// part beside the consumer, handles what arrives, and on shutdown stops
// the consumer, calls finish, drains NATS and stops the telemetry server.
func TestRunStage(t *testing.T) {
	srv := bustest.Start(t)
	st := testStage(srv, "stage", time.Minute)
	addr := make(chan string, 1)
	var besideRunning, finished atomic.Bool
	st.Beside = func(_ context.Context, rt *Runtime) (func(context.Context) error, func(context.Context), error) {
		addr <- rt.TelemetryAddr()
		run := func(ctx context.Context) error {
			besideRunning.Store(true)
			<-ctx.Done()
			return nil
		}
		finish := func(ctx context.Context) {
			if besideRunning.Load() && ctx.Err() == nil {
				finished.Store(true)
			}
		}
		return run, finish, nil
	}
	var handled atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- RunStage(ctx, st, discard(), func(*Runtime) (bus.Handler, error) {
			return bus.HandlerFunc(func(_ context.Context, d *bus.Delivery) (*bus.Message, error) {
				handled.Add(1)
				return &bus.Message{Subject: bus.SubjectNormalized, Data: d.Data, ID: string(d.Data)}, nil
			}), nil
		})
	}()
	base := "http://" + <-addr
	if code, _, err := get(base + "/healthz"); err != nil || code != http.StatusOK {
		t.Errorf("/healthz = %d, %v, want 200", code, err)
	}
	waitFor(t, "/readyz answering 200", func() bool {
		code, _, err := get(base + "/readyz")
		return err == nil && code == http.StatusOK
	})

	conn := bustest.Connect(t, srv.Config)
	publishRaw(t, conn, 5)
	waitFor(t, "five messages handled", func() bool { return handled.Load() == 5 })
	waitFor(t, "the stage's metrics counting them", func() bool {
		_, body, err := get(base + "/metrics")
		return err == nil && strings.Contains(body, `newswire_messages_processed_total{outcome="ok",stage="normalizer"} 5`)
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("RunStage = %v, want nil after a clean shutdown", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("RunStage did not return within a minute of its context ending")
	}
	if !finished.Load() {
		t.Error("finish was not called, or not with a live context, after the consumer stopped")
	}
	if _, _, err := get(base + "/healthz"); err == nil {
		t.Error("telemetry server still answering after RunStage returned")
	}
}

// TestRunStageShutdownGrace: a handler that holds its message past the
// shutdown grace makes RunStage return the grace error rather than hang;
// the message is redelivered to the next run.
func TestRunStageShutdownGrace(t *testing.T) {
	srv := bustest.Start(t)
	st := testStage(srv, "grace", 100*time.Millisecond)
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- RunStage(ctx, st, discard(), func(*Runtime) (bus.Handler, error) {
			return bus.HandlerFunc(func(context.Context, *bus.Delivery) (*bus.Message, error) {
				select {
				case started <- struct{}{}:
				default:
				}
				<-release // stuck: ignores its context
				return nil, nil
			}), nil
		})
	}()
	publishRaw(t, bustest.Connect(t, srv.Config), 1)
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("handler not called within 30s")
	}
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "SHUTDOWN_GRACE (100ms)") {
			t.Errorf("RunStage = %v, want the shutdown grace error", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("RunStage did not return within a minute of its 100ms grace")
	}
}

// TestStartFailsCleanly: a service whose broker cannot be reached fails
// to start, and gives its telemetry port back.
func TestStartFailsCleanly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	natsAddr := dead.Addr().String()
	_ = ln.Close()
	_ = dead.Close() // nothing listens there now
	cfg := bustest.Config("nats://" + natsAddr)
	cfg.ConnectTimeout = 200 * time.Millisecond
	cfg.ConnectWait = 300 * time.Millisecond
	rt, err := Start(context.Background(), "test", cfg, metricsAddr, discard(), bus.StreamRaw)
	if err == nil {
		rt.Close()
		t.Fatal("Start with no broker = nil error, want one")
	}
	again, err := net.Listen("tcp", metricsAddr)
	if err != nil {
		t.Fatalf("telemetry port %s not given back after the failed start: %v", metricsAddr, err)
	}
	_ = again.Close()
}

// TestRunStageBadConsumer: a consumer configuration the bus refuses stops
// the stage at start-up with the reason.
func TestRunStageBadConsumer(t *testing.T) {
	srv := bustest.Start(t)
	st := testStage(srv, "", time.Minute)
	err := RunStage(context.Background(), st, discard(), func(*Runtime) (bus.Handler, error) {
		return bus.HandlerFunc(func(context.Context, *bus.Delivery) (*bus.Message, error) { return nil, nil }), nil
	})
	if err == nil || !strings.Contains(err.Error(), "consumer name is empty") {
		t.Errorf("RunStage(no consumer name) = %v, want the config error", err)
	}
}

// TestStageConfig reads a stage's Config that embeds StageConfig from the
// environment: the embedded settings keep the stage's prefix (and the
// shared unprefixed names), the consumer is named after the stage, and
// Stage declares the input, output and dead-letter streams.
func TestStageConfig(t *testing.T) {
	unsetEnv(t, "STAGEX_CONSUMER", "STAGEX_MAX_DELIVER", "STAGEX_NATS_URL", "NATS_URL", "STAGEX_SHUTDOWN_GRACE", "SHUTDOWN_GRACE", "STAGEX_METRICS_ADDR")
	t.Setenv("NATS_URL", "nats://shared:4222")
	t.Setenv("STAGEX_MAX_DELIVER", "7")
	t.Setenv("STAGEX_SHUTDOWN_GRACE", "3s")
	var cfg stageConfig
	if err := Configure("STAGEX", &cfg, nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	if cfg.URL != "nats://shared:4222" || cfg.MaxDeliver != 7 || cfg.ShutdownGrace != 3*time.Second || cfg.MetricsAddr != ":9999" {
		t.Errorf("read URL %q, MaxDeliver %d, ShutdownGrace %s, MetricsAddr %q; want nats://shared:4222, 7, 3s, :9999", cfg.URL, cfg.MaxDeliver, cfg.ShutdownGrace, cfg.MetricsAddr)
	}
	if cfg.Consumer != "tagger" {
		t.Errorf("consumer = %q, want the stage's name, tagger", cfg.Consumer)
	}
	st := cfg.Stage(bus.StageTagger, bus.StreamNormalized, bus.StreamTagged, cfg.MetricsAddr)
	if want := []string{bus.StreamNormalized, bus.StreamTagged, bus.StreamDLQ}; st.Name != bus.StageTagger || st.Input != bus.StreamNormalized || strings.Join(st.Streams, ",") != strings.Join(want, ",") {
		t.Errorf("Stage = %s on %s touching %v, want tagger on %s touching %v", st.Name, st.Input, st.Streams, bus.StreamNormalized, want)
	}
	if st.Consumer.Consumer != "tagger" || st.Consumer.MaxDeliver != 7 || st.Bus.URL != "nats://shared:4222" || st.Grace != 3*time.Second || st.MetricsAddr != ":9999" {
		t.Errorf("Stage settings = %+v, want the configuration's", st)
	}

	t.Setenv("STAGEX_CONSUMER", "tagger-b")
	t.Setenv("STAGEX_MAX_DELIVER", "0")
	cfg = stageConfig{}
	err := Configure("STAGEX", &cfg, nil, io.Discard)
	if err == nil || cfg.Consumer != "tagger-b" {
		t.Errorf("Configure with MAX_DELIVER=0 = %v (consumer %q), want an invalid configuration and consumer tagger-b kept", err, cfg.Consumer)
	}
}

// stageConfig is a stage's Config as the normalizer and the tagger have
// theirs.
type stageConfig struct {
	StageConfig
	MetricsAddr string `split_words:"true" default:":9999" desc:"telemetry address"`
}

func (c *stageConfig) Validate() error { return c.ValidateStage(bus.StageTagger) }
