package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Handler processes one delivery. Handle is called from up to
// ConsumerConfig.Concurrency goroutines at once. Its result decides the
// delivery's fate:
//   - nil error: out, when not nil, is published; once the server has
//     acknowledged it, the delivery is acknowledged;
//   - a PermanentError: the delivery goes to the stage's dead-letter subject
//     with the error as its reason and is terminated;
//   - any other error: the delivery is redelivered after a backoff, and
//     dead-lettered once it has been delivered MaxDeliver times.
//
// A panic in Handle is recovered: the delivery is dead-lettered with the
// panic and its stack as the reason (see BatchHandler for batches).
type Handler interface {
	Handle(ctx context.Context, d *Delivery) (out *Message, err error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, d *Delivery) (*Message, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, d *Delivery) (*Message, error) { return f(ctx, d) }

// BatchHandler processes deliveries in batches, for stages whose writes are
// cheaper together (the sink). It returns one error per delivery, in order,
// with the same meaning as Handler's; a nil slice means all succeeded.
// HandleBatch is called from one goroutine at a time. When it panics, the
// batch's deliveries are handed to it again one at a time, so that only a
// delivery that panics alone is dead-lettered (with the panic's stack), as
// Handler's would be.
type BatchHandler interface {
	HandleBatch(ctx context.Context, batch []*Delivery) []error
}

// Consumer is a durable pull consumer bound to one stream.
type Consumer struct {
	conn    *Conn
	stage   Stage
	cfg     ConsumerConfig
	metrics *Metrics
	m       stageMetrics // metrics' series for stage
	log     *slog.Logger
	cons    jetstream.Consumer
	running atomic.Bool
}

// serverDeliverSlack lets the server deliver a few more times than
// MaxDeliver, so that the consumer itself sees the last delivery and
// dead-letters it even when earlier ones timed out (a crash or a hang).
const serverDeliverSlack = 3

// NewConsumer creates or updates the durable consumer cfg.Consumer on stream,
// filtered to subjects (all of the stream's when empty).
func (c *Conn) NewConsumer(ctx context.Context, stage Stage, stream string, subjects []string, cfg ConsumerConfig, m *Metrics, log *slog.Logger) (*Consumer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cc := cfg.jetstream(stage, subjects)
	var cons jetstream.Consumer
	if c.cfg.Provision == ProvisionVerify {
		// Verify, then bind: the user may not create or update it.
		ch, err := c.planConsumer(ctx, stream, cc)
		if err == nil {
			err = verify(ch)
		}
		if err != nil {
			return nil, err
		}
	}
	err := c.settle(ctx, func(ctx context.Context) (err error) {
		if c.cfg.Provision == ProvisionVerify {
			cons, err = c.js.Consumer(ctx, stream, cfg.Consumer)
			return err
		}
		cons, err = c.js.CreateOrUpdateConsumer(ctx, stream, cc)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create or update consumer %s on %s: %w", cfg.Consumer, stream, err)
	}
	return &Consumer{
		conn: c, stage: stage, cfg: cfg, m: m.forStage(stage), metrics: m, cons: cons,
		log: log.With("component", "consumer", "consumer", cfg.Consumer, "stream", stream),
	}, nil
}

// Ready reports whether the consumer is bound and pulling, and the
// connection is up.
func (c *Consumer) Ready() error {
	if !c.running.Load() {
		return errors.New("consumer not running")
	}
	return c.conn.Ready()
}

// Run pulls messages and hands each to h, up to Concurrency at once, until
// ctx ends; then it stops pulling, finishes the messages already received
// and returns nil.
func (c *Consumer) Run(ctx context.Context, h Handler) error {
	handle := single(h)
	sem := make(chan struct{}, c.cfg.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	return c.pull(ctx, c.cfg.Concurrency*2, func(work context.Context, msg jetstream.Msg) {
		sem <- struct{}{}
		wg.Go(func() { c.process(work, jobs(msg), handle, sem) })
	})
}

// RunBatch is Run for a BatchHandler: it collects up to size messages,
// waiting at most linger after the first, and hands them over together.
func (c *Consumer) RunBatch(ctx context.Context, size int, linger time.Duration, h BatchHandler) error {
	if size < 1 || linger <= 0 {
		return fmt.Errorf("batch size %d and linger %s: want both > 0", size, linger)
	}
	handle := batched(h)
	var batch []jetstream.Msg
	var deadline time.Time
	flush := func(work context.Context) {
		if len(batch) > 0 {
			c.process(work, jobs(batch...), handle, nil)
			batch = batch[:0]
		}
	}
	return c.pullWithTimeout(ctx, size*2, func() (time.Duration, bool) {
		if len(batch) == 0 {
			return 0, false
		}
		return time.Until(deadline), true
	}, func(work context.Context, msg jetstream.Msg) {
		if msg == nil { // linger elapsed, or the iterator closed
			flush(work)
			return
		}
		if len(batch) == 0 {
			deadline = time.Now().Add(linger)
		}
		batch = append(batch, msg)
		if len(batch) >= size {
			flush(work)
		}
	})
}

func (c *Consumer) pull(ctx context.Context, buffer int, each func(context.Context, jetstream.Msg)) error {
	return c.pullWithTimeout(ctx, buffer, func() (time.Duration, bool) { return 0, false }, func(work context.Context, msg jetstream.Msg) {
		if msg != nil {
			each(work, msg)
		}
	})
}

// The pull iterator (nats.go's jetstream Messages, v1.55 and v1.56) counts
// the messages it has asked for and not yet handed out, and asks for more
// in Next when that count falls below half its buffer; while Next waits
// with no message it takes its requests for lost, and asks again, only
// when two server heartbeats pass unheard. Two states leave it waiting for
// messages nobody will send:
//   - It skips asking while its previous request is still being sent, and
//     nothing asks again once that send is done. If the consumer empties the
//     buffer in that window, Next waits with no request at the server. On
//     two loaded cores the sending goroutine can wait tens of milliseconds
//     for a processor, long enough for the normalizer to take the sixteen
//     messages it holds: the pipeline benchmark's stall (the normalizer idle
//     with thousands of messages pending, no pull waiting at the server, the
//     iterator's count at 0 with a send marked in progress).
//   - The server ended a request without answering it: one it dropped when
//     the consumer's waiting list was full, or one lost with a node.
//
// For the first, the loop waits at most pullRecheck at a time, pullRechecks
// times after each message, since each Next asks again if it should; then
// it waits without limit, so that the iterator's heartbeat check (which
// runs only within one Next) can catch the second. pullExpiry sets that
// check's period: the heartbeat is half the expiry, and two missed take one
// expiry, 30 s with the library's default. A shorter heartbeat was tried
// and dropped: at 1 s, on the loaded benchmark machine, the check fired
// while requests were still held, the iterator asked twice, its buffer
// overflowed and eight messages waited a minute for redelivery.
const (
	pullExpiry   = 5 * time.Second
	pullRecheck  = 100 * time.Millisecond
	pullRechecks = 10
)

// pullNext takes the iterator's next message, waiting as the comment on
// pullExpiry says: at most pullRecheck at a time for the first
// pullRechecks waits after a message, then as long as the caller allows.
// Both pull loops (Consumer's and Follow's) take their messages through it.
type pullNext struct {
	rechecks int // short waits since the last message
}

// next waits at most limit (0: no limit of the caller's) for a message.
// On nats.ErrTimeout the wait, the caller's or a short one, ran out.
func (p *pullNext) next(iter jetstream.MessagesContext, limit time.Duration) (jetstream.Msg, error) {
	if p.rechecks < pullRechecks && (limit == 0 || limit > pullRecheck) {
		limit = pullRecheck
	}
	var msg jetstream.Msg
	var err error
	if limit > 0 {
		msg, err = iter.Next(jetstream.NextMaxWait(limit))
	} else {
		msg, err = iter.Next()
	}
	switch {
	case err == nil:
		p.rechecks = 0
	case errors.Is(err, nats.ErrTimeout):
		p.rechecks++
	}
	return msg, err
}

// pullWithTimeout runs the pull loop. wait says whether the caller is
// lingering (holding a partial batch) and for how much longer; each is
// called with a nil message when the linger elapses without a message and
// once more when the iterator has closed, so a batching caller can flush.
// The goroutines it starts (the one that stops the iterator, the lag
// watcher) have returned when it returns.
func (c *Consumer) pullWithTimeout(ctx context.Context, buffer int, wait func() (time.Duration, bool), each func(context.Context, jetstream.Msg)) error {
	iter, err := c.cons.Messages(jetstream.PullMaxMessages(min(buffer, c.cfg.MaxAckPending)), jetstream.PullExpiry(pullExpiry))
	if err != nil {
		return fmt.Errorf("start pulling from %s: %w", c.cfg.Consumer, err)
	}
	c.running.Store(true)
	defer c.running.Store(false)

	var wg sync.WaitGroup
	defer wg.Wait()
	stopped := make(chan struct{})
	defer close(stopped) // runs before wg.Wait
	wg.Go(func() {
		select {
		case <-ctx.Done():
			iter.Drain()
		case <-stopped:
			iter.Stop()
		}
	})
	wg.Go(func() { c.watchLag(ctx, stopped) })

	// In-flight work outlives ctx: a shutdown finishes what it received.
	work := context.WithoutCancel(ctx)
	var next pullNext
	for {
		d, lingering := wait()
		if lingering && d <= 0 {
			each(work, nil) // the linger has passed: flush before waiting again
			continue
		}
		var limit time.Duration // 0: none
		if lingering {
			limit = d
		}
		msg, err := next.next(iter, limit)
		switch {
		case err == nil:
			each(work, msg)
		case errors.Is(err, nats.ErrTimeout):
			// A short wait or the linger ran out; the next turn flushes a
			// batch whose linger has passed.
		case errors.Is(err, jetstream.ErrNoHeartbeat):
			// No message or heartbeat for two heartbeats: the server
			// holding the pull went away (a node killed or cut off, a
			// consumer leader moving) or ended it unanswered (see
			// pullExpiry). The iterator has forgotten its requests and
			// pulls again on the next Next, on whichever node the
			// connection now reaches.
			c.log.Warn("pull lost its heartbeat; pulling again", "err", err)
			each(work, nil)
		case errors.Is(err, jetstream.ErrMsgIteratorClosed):
			each(work, nil)
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("pull from %s: %w", c.cfg.Consumer, err)
		default:
			each(work, nil)
			return fmt.Errorf("pull from %s: %w", c.cfg.Consumer, err)
		}
	}
}
