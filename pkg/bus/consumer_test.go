package bus_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// pipe is a consumer on ARTICLES_RAW that republishes to articles.normalized.
type pipe struct {
	conn *bus.Conn
	cons *bus.Consumer
}

func newPipe(t *testing.T, cfg bus.Config, cc bus.ConsumerConfig) *pipe {
	t.Helper()
	ctx := context.Background()
	conn := bustest.Connect(t, cfg)
	if err := conn.EnsureStreams(ctx, bus.StreamRaw, bus.StreamNormalized, bus.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	m, err := bus.NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	cons, err := conn.NewConsumer(ctx, bus.StageNormalizer, bus.StreamRaw, nil, cc, m, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	return &pipe{conn: conn, cons: cons}
}

// run runs the consumer with h until the returned stop function is called;
// stop waits for Run to return and reports its error.
func (p *pipe) run(t *testing.T, h bus.Handler) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.cons.Run(ctx, h) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				err = errors.New("Run did not return within 20s of cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func publishRaw(t *testing.T, conn *bus.Conn, n int) {
	t.Helper()
	for i := range n {
		id := fmt.Sprintf("doc-%04d", i)
		if err := conn.Publish(context.Background(), bus.Message{
			Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(id), ID: bus.MsgID(bus.StageFetcher, id, "h"),
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// forward republishes each delivery to articles.normalized.
func forward(_ context.Context, d *bus.Delivery) (*bus.Message, error) {
	return &bus.Message{Subject: bus.SubjectNormalized, Data: d.Data, ID: bus.MsgID(bus.StageNormalizer, string(d.Data), "h")}, nil
}

// streamMessages reads every message of a stream with an ordered consumer.
func streamMessages(t *testing.T, url, stream string, want int) []jetstream.Msg {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var msgs []jetstream.Msg
	for ctx.Err() == nil {
		s, err := js.Stream(ctx, stream)
		if err != nil {
			t.Fatal(err)
		}
		if info, err := s.Info(ctx); err == nil && int(info.State.Msgs) >= want {
			oc, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
			if err != nil {
				t.Fatal(err)
			}
			batch, err := oc.Fetch(int(info.State.Msgs), jetstream.FetchMaxWait(5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			for m := range batch.Messages() {
				msgs = append(msgs, m)
			}
			return msgs
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("stream %s: fewer than %d messages after 20s", stream, want)
	return nil
}

func TestConsumerForwardsAndAcks(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("fwd"))
	publishRaw(t, p.conn, 50)
	stop := p.run(t, bus.HandlerFunc(forward))
	got := streamMessages(t, srv.ClientURL(), bus.StreamNormalized, 50)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 50 {
		t.Fatalf("normalized stream holds %d messages, want 50", len(got))
	}
	assertDrained(t, srv.ClientURL(), bus.StreamRaw, "fwd")
}

func TestConsumerRedeliversAfterHandlerError(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("retry"))
	publishRaw(t, p.conn, 1)
	var calls atomic.Int32
	var deliveries []uint64
	var mu sync.Mutex
	p.run(t, bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
		mu.Lock()
		deliveries = append(deliveries, d.Delivered)
		mu.Unlock()
		if calls.Add(1) < 3 {
			return nil, errors.New("database briefly unavailable")
		}
		return forward(ctx, d)
	}))
	got := streamMessages(t, srv.ClientURL(), bus.StreamNormalized, 1)
	if len(got) != 1 {
		t.Fatalf("normalized stream holds %d messages, want 1", len(got))
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []uint64{1, 2, 3}; fmt.Sprint(deliveries) != fmt.Sprint(want) {
		t.Errorf("delivery counts seen by the handler = %v, want %v", deliveries, want)
	}
}

func TestConsumerDeadLettersPermanentErrorWithReason(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("dlq"))
	publishRaw(t, p.conn, 3)
	p.run(t, bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
		if string(d.Data) == "doc-0001" {
			return nil, bus.Permanent(errors.New("decode raw article: unexpected end of JSON input"))
		}
		return forward(ctx, d)
	}))
	dead := streamMessages(t, srv.ClientURL(), bus.StreamDLQ, 1)
	streamMessages(t, srv.ClientURL(), bus.StreamNormalized, 2)
	if len(dead) != 1 {
		t.Fatalf("dead-letter stream holds %d messages, want 1", len(dead))
	}
	d := dead[0]
	checks := map[string]string{
		bus.HeaderDLQReason:  "decode raw article: unexpected end of JSON input",
		bus.HeaderDLQStage:   "normalizer",
		bus.HeaderDLQSubject: "articles.raw.inbox",
		bus.HeaderDLQStream:  bus.StreamRaw,
	}
	for k, want := range checks {
		if got := d.Headers().Get(k); got != want {
			t.Errorf("dead letter header %s = %q, want %q", k, got, want)
		}
	}
	if d.Subject() != "articles.dlq.normalizer" || string(d.Data()) != "doc-0001" {
		t.Errorf("dead letter = %s %q, want articles.dlq.normalizer \"doc-0001\"", d.Subject(), d.Data())
	}
}

func TestConsumerDeadLettersAfterMaxDeliver(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("exhaust"))
	publishRaw(t, p.conn, 1)
	var calls atomic.Int32
	p.run(t, bus.HandlerFunc(func(context.Context, *bus.Delivery) (*bus.Message, error) {
		calls.Add(1)
		return nil, errors.New("still failing")
	}))
	dead := streamMessages(t, srv.ClientURL(), bus.StreamDLQ, 1)
	if got := dead[0].Headers().Get(bus.HeaderDLQReason); got != "still failing" {
		t.Errorf("reason = %q, want %q", got, "still failing")
	}
	if got := dead[0].Headers().Get(bus.HeaderDLQDeliveries); got != "3" {
		t.Errorf("deliveries header = %q, want 3 (MaxDeliver)", got)
	}
	if got := calls.Load(); got != 3 {
		t.Errorf("handler called %d times, want 3", got)
	}
}

func TestConsumerRecoversHandlerPanic(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("panic"))
	publishRaw(t, p.conn, 2)
	p.run(t, bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
		if string(d.Data) == "doc-0000" {
			var m map[string]int
			m["boom"]++ // nil map write: a panic
		}
		return forward(ctx, d)
	}))
	dead := streamMessages(t, srv.ClientURL(), bus.StreamDLQ, 1)
	got := dead[0].Headers().Get(bus.HeaderDLQReason)
	for _, want := range []string{"handler panic: assignment to entry in nil map", "TestConsumerRecoversHandlerPanic.func1 (consumer_test.go:"} {
		if !strings.Contains(got, want) {
			t.Errorf("reason = %q, want it to hold %q (the panic and the stack that raised it)", got, want)
		}
	}
	if string(dead[0].Data()) != "doc-0000" {
		t.Errorf("dead letter = %q, want doc-0000", dead[0].Data())
	}
	streamMessages(t, srv.ClientURL(), bus.StreamNormalized, 1)
}

// TestConsumerShutdownLosesNothing stops the consumer while messages are
// in flight (the handler is slow), restarts it, and checks that every
// input was published exactly once and acknowledged.
func TestConsumerShutdownLosesNothing(t *testing.T) {
	srv := bustest.Start(t)
	cc := bustest.ConsumerConfig("graceful")
	p := newPipe(t, srv.Config, cc)
	const n = 200
	publishRaw(t, p.conn, n)
	var handled atomic.Int32
	slow := bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
		time.Sleep(5 * time.Millisecond)
		handled.Add(1)
		return forward(ctx, d)
	})
	stop := p.run(t, slow)
	for handled.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatalf("first run: %v", err)
	}
	first := handled.Load()
	if first >= n {
		t.Fatalf("all %d handled before shutdown; the test needs work in flight", n)
	}

	p2 := newPipe(t, srv.Config, cc)
	stop2 := p2.run(t, slow)
	got := streamMessages(t, srv.ClientURL(), bus.StreamNormalized, n)
	if err := stop2(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range got {
		seen[string(m.Data())]++
	}
	if len(seen) != n || len(got) != n {
		t.Errorf("normalized stream: %d messages, %d distinct, want %d each (first run handled %d)", len(got), len(seen), n, first)
	}
	assertDrained(t, srv.ClientURL(), bus.StreamRaw, "graceful")
}

// assertDrained checks that the consumer has nothing pending or unacked.
func assertDrained(t *testing.T, url, stream, consumer string) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var info *jetstream.ConsumerInfo
	for ctx.Err() == nil {
		c, err := js.Consumer(ctx, stream, consumer)
		if err != nil {
			t.Fatal(err)
		}
		if info, err = c.Info(ctx); err == nil && info.NumPending == 0 && info.NumAckPending == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("consumer %s: %d pending, %d unacknowledged, want 0 and 0", consumer, info.NumPending, info.NumAckPending)
}

// batchRecorder records the batches it is handed.
type batchRecorder struct {
	mu      sync.Mutex
	batches [][]string
	delay   time.Duration
}

func (r *batchRecorder) HandleBatch(_ context.Context, batch []*bus.Delivery) []error {
	time.Sleep(r.delay)
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for _, d := range batch {
		ids = append(ids, string(d.Data))
	}
	r.batches = append(r.batches, ids)
	return nil
}

func (r *batchRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, b := range r.batches {
		n += len(b)
	}
	return n
}

// TestRunBatchFlushesAfterLinger trickles messages in with a linger so
// short that it often runs out just as a message arrives: every message
// must still be handled and acknowledged, none held back in a partial
// batch waiting for a message that never comes.
func TestRunBatchFlushesAfterLinger(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("batch"))
	rec := &batchRecorder{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.cons.RunBatch(ctx, 64, 50*time.Microsecond, rec) }()
	const bursts, per = 300, 1
	for b := range bursts {
		for i := range per {
			id := fmt.Sprintf("b%03d-%d", b, i)
			if err := p.conn.Publish(context.Background(), bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(id), ID: id}); err != nil {
				t.Fatal(err)
			}
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for rec.count() < bursts*per && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := rec.count(); got != bursts*per {
		t.Errorf("handled %d messages, want %d", got, bursts*per)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	assertDrained(t, srv.ClientURL(), bus.StreamRaw, "batch")
}
