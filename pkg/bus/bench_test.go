package bus_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// chainHops is the number of consume -> handle -> publish hops of the
// overhead benchmark: raw -> normalized -> tagged -> sink, as in the
// pipeline.
const chainHops = 3

// chainMsgSize is the payload size of the overhead benchmark: a typical
// normalized article.
const chainMsgSize = 8 << 10

// BenchmarkChain measures the end-to-end rate of a three-hop chain of
// JetStream streams with a no-op handler, built once with pkg/bus
// (Consumer.Run publishing the handler's output) and once with bare nats.go
// (pull consumers that publish to the next stream and ack after the publish
// ack), in the same run with the same 8 KiB messages. The source stream is
// filled first; the clock runs from starting the hops to the last stream
// holding every message. Compare the msgs/s of the two sub-benchmarks
// (issue 8 wants bus >= 80% of bare), and their cpu-us/msg: the process's
// CPU over the same span per message, the in-process server's included,
// which a loaded machine moves less than the rate.
func BenchmarkChain(b *testing.B) {
	for _, kind := range []string{"bare", "bus"} {
		b.Run(kind, func(b *testing.B) {
			srv := bustest.Start(b)
			nc, js := jsConnect(b, srv.ClientURL())
			defer nc.Close()
			ctx := context.Background()
			for i := range chainHops + 1 {
				if _, err := js.CreateStream(ctx, jetstream.StreamConfig{
					Name: "HOP" + strconv.Itoa(i), Subjects: []string{"hop." + strconv.Itoa(i)},
					Storage: jetstream.FileStorage, Duplicates: time.Minute,
				}); err != nil {
					b.Fatal(err)
				}
			}
			payload := make([]byte, chainMsgSize)
			for i := range payload {
				payload[i] = byte('a' + i%26)
			}
			for i := range b.N {
				msg := nats.NewMsg("hop.0")
				msg.Data = payload
				msg.Header.Set(jetstream.MsgIDHeader, "src:"+strconv.Itoa(i))
				// A loaded machine's server may not acknowledge the
				// outstanding publishes within nats.go's stall wait: wait
				// for them, then publish again.
				for {
					_, err := js.PublishMsgAsync(msg)
					if err == nil {
						break
					}
					if !errors.Is(err, jetstream.ErrTooManyStalledMsgs) {
						b.Fatal(err)
					}
					select {
					case <-js.PublishAsyncComplete():
					case <-time.After(time.Minute):
						b.Fatal("source publish acks not received within 1m")
					}
				}
			}
			select {
			case <-js.PublishAsyncComplete():
			case <-time.After(time.Minute):
				b.Fatal("source publish acks not received within 1m")
			}

			runCtx, cancel := context.WithCancel(ctx)
			b.ResetTimer()
			cpu0 := processCPU(b)
			start := time.Now()
			var stops []func()
			for hop := range chainHops {
				switch kind {
				case "bus":
					stops = append(stops, busHop(b, runCtx, srv.Config, hop))
				default:
					stops = append(stops, bareHop(b, runCtx, srv.ClientURL(), hop))
				}
			}
			waitStream(b, js, "HOP"+strconv.Itoa(chainHops), uint64(b.N))
			elapsed := time.Since(start)
			cpu := processCPU(b) - cpu0
			b.StopTimer()
			cancel()
			for _, stop := range stops {
				stop()
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
			// CPU per message (the server's, in process, included) moves
			// less with the machine's load than the rate does.
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-us/msg")
		})
	}
}

// processCPU is the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func jsConnect(b *testing.B, url string) (*nats.Conn, jetstream.JetStream) {
	b.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		b.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	return nc, js
}

func waitStream(b *testing.B, js jetstream.JetStream, name string, n uint64) {
	b.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		s, err := js.Stream(context.Background(), name)
		if err == nil && s.CachedInfo().State.Msgs >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	b.Fatalf("stream %s did not reach %d messages within 5m", name, n)
}

// busHop runs one hop with pkg/bus: its own connection, a durable consumer
// with the services' default settings and a handler that forwards the
// payload unchanged.
func busHop(b *testing.B, ctx context.Context, cfg bus.Config, hop int) (stop func()) {
	b.Helper()
	conn, err := bus.Connect(ctx, cfg, "hop"+strconv.Itoa(hop), bustest.Logger(b))
	if err != nil {
		b.Fatal(err)
	}
	m, err := bus.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	cc := bus.ConsumerConfig{
		Consumer: "hop" + strconv.Itoa(hop), MaxAckPending: 512, MaxDeliver: 5, AckWait: 60 * time.Second,
		RetryBackoff: time.Second, RetryMaxBackoff: 2 * time.Minute, Concurrency: 8,
	}
	cons, err := conn.NewConsumer(ctx, bus.Stage("hop"+strconv.Itoa(hop)), "HOP"+strconv.Itoa(hop), nil, cc, m, bustest.Logger(b))
	if err != nil {
		b.Fatal(err)
	}
	next := "hop." + strconv.Itoa(hop+1)
	prefix := "h" + strconv.Itoa(hop) + ":"
	done := make(chan error, 1)
	go func() {
		done <- cons.Run(ctx, bus.HandlerFunc(func(_ context.Context, d *bus.Delivery) (*bus.Message, error) {
			return &bus.Message{Subject: next, Data: d.Data, ID: prefix + strconv.FormatUint(d.Sequence, 10)}, nil
		}))
	}()
	return func() {
		if err := <-done; err != nil {
			b.Error(err)
		}
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}
}

// bareHop runs one hop with nats.go alone: a durable pull consumer read
// through Messages, each message republished asynchronously to the next
// stream, and acknowledged (in order, by a second goroutine) once its
// publish is acknowledged.
func bareHop(b *testing.B, ctx context.Context, url string, hop int) (stop func()) {
	b.Helper()
	nc, js := jsConnect(b, url)
	cons, err := js.CreateOrUpdateConsumer(ctx, "HOP"+strconv.Itoa(hop), jetstream.ConsumerConfig{
		Durable: "hop" + strconv.Itoa(hop), AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 512, AckWait: time.Minute,
	})
	if err != nil {
		b.Fatal(err)
	}
	iter, err := cons.Messages(jetstream.PullMaxMessages(16))
	if err != nil {
		b.Fatal(err)
	}
	type inflight struct {
		in jetstream.Msg
		f  jetstream.PubAckFuture
	}
	queue := make(chan inflight, 512)
	next := "hop." + strconv.Itoa(hop+1)
	prefix := "h" + strconv.Itoa(hop) + ":"
	acked := make(chan struct{})
	go func() {
		defer close(acked)
		for q := range queue {
			select {
			case <-q.f.Ok():
				_ = q.in.Ack()
			case err := <-q.f.Err():
				b.Error(fmt.Errorf("bare publish: %w", err))
				_ = q.in.Nak()
			}
		}
	}()
	read := make(chan struct{})
	go func() {
		defer close(read)
		defer close(queue)
		for {
			in, err := iter.Next()
			if err != nil {
				return
			}
			out := nats.NewMsg(next)
			out.Data = in.Data()
			md, _ := in.Metadata()
			out.Header.Set(jetstream.MsgIDHeader, prefix+strconv.FormatUint(md.Sequence.Stream, 10))
			f, err := js.PublishMsgAsync(out)
			if err != nil {
				b.Error(err)
				return
			}
			queue <- inflight{in, f}
		}
	}()
	go func() { <-ctx.Done(); iter.Drain() }()
	return func() {
		<-read
		<-acked
		nc.Close()
	}
}
