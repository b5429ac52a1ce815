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
// A panic in Handle is recovered and treated as a permanent error.
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
type BatchHandler interface {
	HandleBatch(ctx context.Context, batch []*Delivery) []error
}

// Consumer is a durable pull consumer bound to one stream.
type Consumer struct {
	conn    *Conn
	stage   Stage
	cfg     ConsumerConfig
	metrics *Metrics
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
		conn: c, stage: stage, cfg: cfg, metrics: m, cons: cons,
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

// Run pulls messages and hands each to h until ctx ends; then it stops
// pulling, finishes the messages already received and returns nil.
func (c *Consumer) Run(ctx context.Context, h Handler) error {
	sem := make(chan struct{}, c.cfg.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	return c.pull(ctx, c.cfg.Concurrency*2, func(work context.Context, msg jetstream.Msg) {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.handle(work, msg, h, func() { <-sem })
		}()
	})
}

// RunBatch is Run for a BatchHandler: it collects up to size messages,
// waiting at most linger after the first, and hands them over together.
func (c *Consumer) RunBatch(ctx context.Context, size int, linger time.Duration, h BatchHandler) error {
	if size < 1 || linger <= 0 {
		return fmt.Errorf("batch size %d and linger %s: want both > 0", size, linger)
	}
	var batch []jetstream.Msg
	var deadline time.Time
	flush := func(work context.Context) {
		if len(batch) > 0 {
			c.handleBatch(work, batch, h)
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

// pullWithTimeout runs the pull loop. wait says whether the caller is
// lingering (holding a partial batch) and for how much longer; each is
// called with a nil message when the linger elapses without a message and
// once more when the iterator has closed, so a batching caller can flush.
func (c *Consumer) pullWithTimeout(ctx context.Context, buffer int, wait func() (time.Duration, bool), each func(context.Context, jetstream.Msg)) error {
	iter, err := c.cons.Messages(jetstream.PullMaxMessages(min(buffer, c.cfg.MaxAckPending)))
	if err != nil {
		return fmt.Errorf("start pulling from %s: %w", c.cfg.Consumer, err)
	}
	c.running.Store(true)
	defer c.running.Store(false)

	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			iter.Drain()
		case <-stopped:
			iter.Stop()
		}
	}()
	go c.watchLag(ctx, stopped)

	// In-flight work outlives ctx: a shutdown finishes what it received.
	work := context.WithoutCancel(ctx)
	for {
		var msg jetstream.Msg
		d, lingering := wait()
		switch {
		case lingering && d <= 0:
			each(work, nil) // the linger has passed: flush before waiting again
			continue
		case lingering:
			msg, err = iter.Next(jetstream.NextMaxWait(d))
		default:
			msg, err = iter.Next()
		}
		switch {
		case err == nil:
			each(work, msg)
		case errors.Is(err, nats.ErrTimeout):
			each(work, nil)
		case errors.Is(err, jetstream.ErrNoHeartbeat):
			// The server holding the pull went away (a node killed or cut
			// off, a consumer leader moving): the iterator has already
			// asked again, on whichever node the connection now reaches.
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

// handle runs one message through h and settles it. release frees the
// message's concurrency slot: it is called once the handler has returned
// and its output is on its way, so that waiting for the server's publish
// acknowledgement does not hold a slot. Concurrency bounds handlers at
// work; MaxAckPending (and the connection's async publish limit) bound
// messages awaiting their acknowledgement.
func (c *Consumer) handle(ctx context.Context, msg jetstream.Msg, h Handler, release func()) {
	start := time.Now()
	d := newDelivery(msg)
	c.metrics.received.WithLabelValues(string(c.stage)).Inc()
	err := c.exhausted(d)
	var out *Message
	if err == nil {
		out, err = safeHandle(ctx, h, d)
	}
	var pending *Pending
	if err == nil && out != nil {
		p, perr := c.conn.PublishAsync(*out)
		if perr != nil {
			c.metrics.PublishFailed(c.stage)
			err = perr
		} else {
			pending = &p
		}
	}
	release()
	if pending != nil {
		err = c.waitPublished(ctx, *pending)
	}
	c.settle(ctx, d, err)
	c.metrics.duration.WithLabelValues(string(c.stage)).Observe(time.Since(start).Seconds())
}

func (c *Consumer) handleBatch(ctx context.Context, msgs []jetstream.Msg, h BatchHandler) {
	start := time.Now()
	batch := make([]*Delivery, 0, len(msgs))
	errs := make([]error, len(msgs))
	todo := make([]int, 0, len(msgs))
	for i, msg := range msgs {
		d := newDelivery(msg)
		batch = append(batch, d)
		c.metrics.received.WithLabelValues(string(c.stage)).Inc()
		if errs[i] = c.exhausted(d); errs[i] == nil {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		sub := make([]*Delivery, len(todo))
		for j, i := range todo {
			sub[j] = batch[i]
		}
		results := safeHandleBatch(ctx, h, sub)
		if results != nil && len(results) != len(sub) {
			err := fmt.Errorf("batch handler returned %d results for %d messages", len(results), len(sub))
			results = make([]error, len(sub))
			for j := range results {
				results[j] = err
			}
		}
		for j, i := range todo {
			if results != nil {
				errs[i] = results[j]
			}
		}
	}
	var wg sync.WaitGroup
	for i, d := range batch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.settle(ctx, d, errs[i])
		}()
	}
	wg.Wait()
	c.metrics.duration.WithLabelValues(string(c.stage)).Observe(time.Since(start).Seconds())
}

// exhausted refuses a delivery that has already been tried MaxDeliver times
// without success: earlier attempts timed out or crashed the process.
func (c *Consumer) exhausted(d *Delivery) error {
	if d.Delivered > uint64(c.cfg.MaxDeliver) {
		return Permanent(fmt.Errorf("delivered %d times without being acknowledged (max %d): earlier attempts timed out or crashed", d.Delivered, c.cfg.MaxDeliver))
	}
	return nil
}

// waitPublished waits, at most half the ack wait, for the server to
// acknowledge an output.
func (c *Consumer) waitPublished(ctx context.Context, p Pending) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.AckWait/2)
	defer cancel()
	if err := p.Wait(ctx); err != nil {
		c.metrics.PublishFailed(c.stage)
		return err
	}
	c.metrics.Published(c.stage, 1)
	return nil
}

// settle acknowledges, retries or dead-letters d according to err.
func (c *Consumer) settle(ctx context.Context, d *Delivery, err error) {
	stage := string(c.stage)
	switch {
	case err == nil:
		if aerr := d.msg.Ack(); aerr != nil {
			c.log.Warn("ack failed; the message will be redelivered", "seq", d.Sequence, "err", aerr)
		}
		c.metrics.processed.WithLabelValues(stage, OutcomeOK).Inc()
	case IsPermanent(err) || d.Delivered >= uint64(c.cfg.MaxDeliver):
		if derr := c.deadLetter(ctx, d, err); derr != nil {
			c.log.Error("dead-letter publish failed; retrying the message", "seq", d.Sequence, "reason", err, "err", derr)
			_ = d.msg.NakWithDelay(c.cfg.retryDelay(d.Delivered))
			c.metrics.processed.WithLabelValues(stage, OutcomeRetried).Inc()
			return
		}
		if terr := d.msg.TermWithReason("dead-lettered"); terr != nil {
			c.log.Warn("term failed", "seq", d.Sequence, "err", terr)
		}
		c.log.Warn("message dead-lettered", "seq", d.Sequence, "subject", d.Subject, "deliveries", d.Delivered, "reason", err)
		c.metrics.processed.WithLabelValues(stage, OutcomeDeadLettered).Inc()
	default:
		delay := c.cfg.retryDelay(d.Delivered)
		c.log.Warn("message failed; will retry", "seq", d.Sequence, "deliveries", d.Delivered, "retry_in", delay, "err", err)
		_ = d.msg.NakWithDelay(delay)
		c.metrics.processed.WithLabelValues(stage, OutcomeRetried).Inc()
	}
}

func safeHandle(ctx context.Context, h Handler, d *Delivery) (out *Message, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, Permanent(fmt.Errorf("handler panic: %v", r))
		}
	}()
	return h.Handle(ctx, d)
}

func safeHandleBatch(ctx context.Context, h BatchHandler, batch []*Delivery) (errs []error) {
	defer func() {
		if r := recover(); r != nil {
			errs = make([]error, len(batch))
			for i := range errs {
				errs[i] = fmt.Errorf("batch handler panic: %v", r)
			}
		}
	}()
	return h.HandleBatch(ctx, batch)
}

// lagInterval is how often the consumer's pending counts are refreshed.
const lagInterval = 5 * time.Second

func (c *Consumer) watchLag(ctx context.Context, stopped <-chan struct{}) {
	t := time.NewTicker(lagInterval)
	defer t.Stop()
	for {
		c.refreshLag(ctx)
		select {
		case <-ctx.Done():
			return
		case <-stopped:
			return
		case <-t.C:
		}
	}
}

func (c *Consumer) refreshLag(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	info, err := c.cons.Info(ctx)
	if err != nil {
		return
	}
	labels := []string{string(c.stage), c.cfg.Consumer}
	c.metrics.pending.WithLabelValues(labels...).Set(float64(info.NumPending))
	c.metrics.ackPending.WithLabelValues(labels...).Set(float64(info.NumAckPending))
	c.metrics.redelivered.WithLabelValues(labels...).Set(float64(info.NumRedelivered))
}
