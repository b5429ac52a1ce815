package bus_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// poisonBatch panics on any batch that holds "doc-0003" and records every
// delivery of a batch that did not.
type poisonBatch struct {
	mu      sync.Mutex
	handled map[string]int
	calls   int
}

func (p *poisonBatch) HandleBatch(_ context.Context, batch []*bus.Delivery) []error {
	p.mu.Lock()
	p.calls++
	p.mu.Unlock()
	for _, d := range batch {
		if string(d.Data) == "doc-0003" {
			panic("poison in the batch")
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range batch {
		p.handled[string(d.Data)]++
	}
	return nil
}

func (p *poisonBatch) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.handled)
}

// TestRunBatchPanicDeadLettersOnlyThePoison checks that a batch handler's
// panic follows the single handler's policy: the delivery that panics is
// dead-lettered at once with the stack in its reason (not retried), and the
// others of its batch are handled and acknowledged.
func TestRunBatchPanicDeadLettersOnlyThePoison(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("batchpanic"))
	const n = 8
	publishRaw(t, p.conn, n)
	h := &poisonBatch{handled: map[string]int{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// A linger long enough that the eight messages usually share a batch;
	// the test holds whatever the batches are.
	go func() { done <- p.cons.RunBatch(ctx, n, 200*time.Millisecond, h) }()
	dead := streamMessages(t, srv.ClientURL(), bus.StreamDLQ, 1)
	deadline := time.Now().Add(20 * time.Second)
	for h.count() < n-1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || string(dead[0].Data()) != "doc-0003" {
		t.Fatalf("dead letters = %d, first %q; want one, doc-0003", len(dead), dead[0].Data())
	}
	reason := dead[0].Headers().Get(bus.HeaderDLQReason)
	for _, want := range []string{"handler panic: poison in the batch", "(*poisonBatch).HandleBatch (consumer_batch_test.go:"} {
		if !strings.Contains(reason, want) {
			t.Errorf("reason = %q, want it to hold %q", reason, want)
		}
	}
	if got := dead[0].Headers().Get(bus.HeaderDLQDeliveries); got != "1" {
		t.Errorf("poison dead-lettered after %s deliveries, want 1: a panic is not retried", got)
	}
	h.mu.Lock()
	for i := range n {
		id := fmt.Sprintf("doc-%04d", i)
		if want := map[bool]int{true: 0, false: 1}[id == "doc-0003"]; h.handled[id] < want {
			t.Errorf("%s handled %d times, want at least %d", id, h.handled[id], want)
		}
	}
	h.mu.Unlock()
	assertDrained(t, srv.ClientURL(), bus.StreamRaw, "batchpanic")
}

// TestRunBatchRetriesWrongResultCount: a batch handler that returns the
// wrong number of results fails the whole batch, which is redelivered.
func TestRunBatchRetriesWrongResultCount(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("batchcount"))
	publishRaw(t, p.conn, 1)
	var mu sync.Mutex
	var deliveries []uint64
	h := batchFunc(func(_ context.Context, batch []*bus.Delivery) []error {
		mu.Lock()
		defer mu.Unlock()
		deliveries = append(deliveries, batch[0].Delivered)
		if len(deliveries) == 1 {
			return []error{nil, nil}
		}
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.cons.RunBatch(ctx, 4, time.Millisecond, h) }()
	assertDrained(t, srv.ClientURL(), bus.StreamRaw, "batchcount")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(deliveries) != "[1 2]" {
		t.Errorf("deliveries seen = %v, want [1 2]", deliveries)
	}
}

type batchFunc func(context.Context, []*bus.Delivery) []error

func (f batchFunc) HandleBatch(ctx context.Context, b []*bus.Delivery) []error { return f(ctx, b) }

// consumerGoroutines counts goroutines running the consumer's code.
func consumerGoroutines() (int, string) {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	var found []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "pkg/bus.(*Consumer)") {
			n++
			found = append(found, g)
		}
	}
	return n, strings.Join(found, "\n\n")
}

// TestConsumerAwaitsItsGoroutines: once Run or RunBatch returns, none of
// the goroutines it started (handlers, settlements, the iterator's
// stopper, the lag watcher) is still running.
func TestConsumerAwaitsItsGoroutines(t *testing.T) {
	srv := bustest.Start(t)
	for _, batch := range []bool{false, true} {
		name := map[bool]string{false: "single", true: "batch"}[batch]
		t.Run(name, func(t *testing.T) {
			p := newPipe(t, srv.Config, bustest.ConsumerConfig("await-"+name))
			publishRaw(t, p.conn, 20)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				if batch {
					done <- p.cons.RunBatch(ctx, 8, time.Millisecond, &batchRecorder{})
					return
				}
				done <- p.cons.Run(ctx, bus.HandlerFunc(func(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
					return nil, nil
				}))
			}()
			assertDrained(t, srv.ClientURL(), bus.StreamRaw, "await-"+name)
			if err := p.cons.Ready(); err != nil {
				t.Errorf("Ready while running = %v", err)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if n, stacks := consumerGoroutines(); n != 0 {
				t.Errorf("%d consumer goroutines still running after Run returned:\n%s", n, stacks)
			}
			if err := p.cons.Ready(); err == nil {
				t.Error("Ready after Run returned = nil, want an error")
			}
		})
	}
}

// TestConsumerRefusesBadBatchSettings checks RunBatch's argument checks.
func TestConsumerRefusesBadBatchSettings(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("badbatch"))
	for _, tt := range []struct {
		size   int
		linger time.Duration
	}{{0, time.Second}, {8, 0}} {
		if err := p.cons.RunBatch(context.Background(), tt.size, tt.linger, &batchRecorder{}); err == nil {
			t.Errorf("RunBatch(size %d, linger %s) = nil, want an error", tt.size, tt.linger)
		}
	}
}

// TestConsumerHandlerOutputPublishedBeforeAck: a handler's output that the
// server refuses (no stream holds its subject) is not lost: the input is
// retried, then dead-lettered, never acknowledged.
func TestConsumerHandlerOutputPublishedBeforeAck(t *testing.T) {
	srv := bustest.Start(t)
	p := newPipe(t, srv.Config, bustest.ConsumerConfig("nostream"))
	publishRaw(t, p.conn, 1)
	p.run(t, bus.HandlerFunc(func(context.Context, *bus.Delivery) (*bus.Message, error) {
		return &bus.Message{Subject: "nowhere.at.all", Data: []byte("x"), ID: "x"}, nil
	}))
	dead := streamMessages(t, srv.ClientURL(), bus.StreamDLQ, 1)
	// MaxDeliver is 3; a machine so slow that the ack wait passes before
	// the consumer gives up on the output makes it one more.
	if got, _ := strconv.Atoi(dead[0].Headers().Get(bus.HeaderDLQDeliveries)); got < 3 {
		t.Errorf("dead-lettered after %d deliveries, want 3 (MaxDeliver): a refused output is retried", got)
	}
	if reason := dead[0].Headers().Get(bus.HeaderDLQReason); reason == "" {
		t.Error("dead letter without a reason")
	}
}
