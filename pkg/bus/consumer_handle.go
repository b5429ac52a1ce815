package bus

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// result is a handler's verdict on one delivery: what to publish, and the
// error that decides its settlement.
type result struct {
	out *Message
	err error
}

// handleFunc is a Handler or a BatchHandler seen the same way: one result
// per delivery, in order.
type handleFunc func(ctx context.Context, ds []*Delivery) []result

// single adapts a Handler: it is given one delivery at a time.
func single(h Handler) handleFunc {
	return func(ctx context.Context, ds []*Delivery) []result {
		res := make([]result, len(ds))
		for i, d := range ds {
			res[i].out, res[i].err = h.Handle(ctx, d)
		}
		return res
	}
}

// batched adapts a BatchHandler. A result slice of the wrong length fails
// every delivery (retried).
func batched(h BatchHandler) handleFunc {
	return func(ctx context.Context, ds []*Delivery) []result {
		errs := h.HandleBatch(ctx, ds)
		res := make([]result, len(ds))
		if errs == nil {
			return res
		}
		if len(errs) != len(ds) {
			err := fmt.Errorf("batch handler returned %d results for %d messages", len(errs), len(ds))
			for i := range res {
				res[i].err = err
			}
			return res
		}
		for i, err := range errs {
			res[i].err = err
		}
		return res
	}
}

// process is the one path every message takes, alone (Run) or in a batch
// (RunBatch): decode it into a Delivery, refuse it when it was delivered
// too often, hand it to the handler (a panic is dead-lettered, see
// handleSafely), publish the outputs, then settle each delivery once its
// output is acknowledged (settle). release is called once the handler has
// returned and its outputs are on their way, so that waiting for the
// server's publish acknowledgement does not hold a concurrency slot:
// Concurrency bounds handlers at work; MaxAckPending (and the connection's
// async publish limit) bound messages awaiting their acknowledgement.
func (c *Consumer) process(ctx context.Context, msgs []jetstream.Msg, handle handleFunc, release func()) {
	start := time.Now()
	stage := string(c.stage)
	ds := make([]*Delivery, len(msgs))
	res := make([]result, len(msgs))
	todo := make([]*Delivery, 0, len(msgs))
	index := make([]int, 0, len(msgs)) // todo[j] is ds[index[j]]
	for i, msg := range msgs {
		ds[i] = newDelivery(msg)
		c.metrics.received.WithLabelValues(stage).Inc()
		if res[i].err = c.exhausted(ds[i]); res[i].err == nil {
			todo = append(todo, ds[i])
			index = append(index, i)
		}
	}
	if len(todo) > 0 {
		for j, r := range c.handleSafely(ctx, handle, todo) {
			res[index[j]] = r
		}
	}
	pending := c.publish(res)
	release()
	c.settleAll(ctx, ds, res, pending)
	c.metrics.duration.WithLabelValues(stage).Observe(time.Since(start).Seconds())
}

// publish starts publishing the outputs of the deliveries that succeeded;
// a publish that cannot start fails its delivery.
func (c *Consumer) publish(res []result) []*Pending {
	pending := make([]*Pending, len(res))
	for i := range res {
		if res[i].err != nil || res[i].out == nil {
			continue
		}
		p, err := c.conn.PublishAsync(*res[i].out)
		if err != nil {
			c.metrics.PublishFailed(c.stage)
			res[i].err = err
			continue
		}
		pending[i] = &p
	}
	return pending
}

// settleAll settles each delivery once its output, if any, is
// acknowledged: a refused or unacknowledged output fails the delivery.
func (c *Consumer) settleAll(ctx context.Context, ds []*Delivery, res []result, pending []*Pending) {
	finish := func(i int) {
		err := res[i].err
		if pending[i] != nil {
			err = c.waitPublished(ctx, *pending[i])
		}
		c.settle(ctx, ds[i], err)
	}
	if len(ds) == 1 {
		finish(0)
		return
	}
	// A dead letter waits for its own acknowledgement: settle the batch's
	// deliveries side by side.
	var wg sync.WaitGroup
	for i := range ds {
		wg.Go(func() { finish(i) })
	}
	wg.Wait()
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
