package bus

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// job is one delivery on its way through process: the delivery, the
// handler's verdict and its output's publish. A Run delivery is one job
// and one allocation; a batch is a slice of them.
type job struct {
	d Delivery
	// skip marks a delivery refused before handling (see exhausted); err
	// says why.
	skip bool
	out  *Message
	err  error
	// pending is the output's publish when sent is true.
	pending Pending
	sent    bool
}

// jobs returns a job for each message.
func jobs(msgs ...jetstream.Msg) []job {
	js := make([]job, len(msgs))
	for i, msg := range msgs {
		js[i].d = newDelivery(msg)
	}
	return js
}

// handleFunc is a Handler or a BatchHandler seen the same way: it sets out
// and err of every job that is not skipped.
type handleFunc func(ctx context.Context, js []job)

// single adapts a Handler: it is given one delivery at a time.
func single(h Handler) handleFunc {
	return func(ctx context.Context, js []job) {
		for i := range js {
			if j := &js[i]; !j.skip {
				j.out, j.err = h.Handle(ctx, &j.d)
			}
		}
	}
}

// batched adapts a BatchHandler. A result slice of the wrong length fails
// every delivery (retried).
func batched(h BatchHandler) handleFunc {
	return func(ctx context.Context, js []job) {
		ds := make([]*Delivery, 0, len(js))
		for i := range js {
			if !js[i].skip {
				ds = append(ds, &js[i].d)
			}
		}
		errs := h.HandleBatch(ctx, ds)
		if errs == nil {
			return
		}
		var wrong error
		if len(errs) != len(ds) {
			wrong = fmt.Errorf("batch handler returned %d results for %d messages", len(errs), len(ds))
		}
		k := 0
		for i := range js {
			if js[i].skip {
				continue
			}
			if wrong != nil {
				js[i].err = wrong
			} else {
				js[i].err = errs[k]
			}
			k++
		}
	}
}

// process is the one path every message takes, alone (Run) or in a batch
// (RunBatch): refuse a delivery that was delivered too often, hand the
// others to the handler (a panic is dead-lettered, see handleSafely),
// publish the outputs, then settle each delivery once its output is
// acknowledged (settle). When slot is not nil, one value is received from
// it once the handler has returned and its outputs are on their way, so
// that waiting for the server's publish acknowledgement does not hold a
// concurrency slot: Concurrency bounds handlers at work; MaxAckPending (and
// the connection's async publish limit) bound messages awaiting their
// acknowledgement.
func (c *Consumer) process(ctx context.Context, js []job, handle handleFunc, slot <-chan struct{}) {
	start := time.Now()
	todo := 0
	for i := range js {
		j := &js[i]
		c.m.received.Inc()
		if j.err = c.exhausted(&j.d); j.err != nil {
			j.skip = true
		} else {
			todo++
		}
	}
	if todo > 0 {
		c.handleSafely(ctx, handle, js, todo)
	}
	c.publish(js)
	if slot != nil {
		<-slot
	}
	c.settleAll(ctx, js)
	c.m.duration.Observe(time.Since(start).Seconds())
}

// publish starts publishing the outputs of the deliveries that succeeded;
// a publish that cannot start fails its delivery.
func (c *Consumer) publish(js []job) {
	for i := range js {
		j := &js[i]
		if j.err != nil || j.out == nil {
			continue
		}
		p, err := c.conn.PublishAsync(*j.out)
		if err != nil {
			c.m.publishFailures.Inc()
			j.err = err
			continue
		}
		j.pending, j.sent = p, true
	}
}

// settleAll settles each delivery once its output, if any, is
// acknowledged.
func (c *Consumer) settleAll(ctx context.Context, js []job) {
	if len(js) == 1 {
		c.finish(ctx, &js[0])
		return
	}
	// A dead letter waits for its own acknowledgement: settle the batch's
	// deliveries side by side.
	var wg sync.WaitGroup
	for i := range js {
		wg.Go(func() { c.finish(ctx, &js[i]) })
	}
	wg.Wait()
}

// finish settles j: a refused or unacknowledged output fails the delivery.
func (c *Consumer) finish(ctx context.Context, j *job) {
	err := j.err
	if j.sent {
		err = c.waitPublished(ctx, j.pending)
	}
	c.settle(ctx, &j.d, err)
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
		c.m.publishFailures.Inc()
		return err
	}
	c.m.published.Inc()
	return nil
}

// settle acknowledges, retries or dead-letters d according to err.
func (c *Consumer) settle(ctx context.Context, d *Delivery, err error) {
	switch {
	case err == nil:
		if aerr := d.msg.Ack(); aerr != nil {
			c.log.Warn("ack failed; the message will be redelivered", "seq", d.Sequence, "err", aerr)
		}
		c.m.ok.Inc()
	case IsPermanent(err) || d.Delivered >= uint64(c.cfg.MaxDeliver):
		if derr := c.deadLetter(ctx, d, err); derr != nil {
			c.log.Error("dead-letter publish failed; retrying the message", "seq", d.Sequence, "reason", err, "err", derr)
			_ = d.msg.NakWithDelay(c.cfg.retryDelay(d.Delivered))
			c.m.retried.Inc()
			return
		}
		if terr := d.msg.TermWithReason("dead-lettered"); terr != nil {
			c.log.Warn("term failed", "seq", d.Sequence, "err", terr)
		}
		c.log.Warn("message dead-lettered", "seq", d.Sequence, "subject", d.Subject, "deliveries", d.Delivered, "reason", err)
		c.m.deadLettered.Inc()
	default:
		delay := c.cfg.retryDelay(d.Delivered)
		c.log.Warn("message failed; will retry", "seq", d.Sequence, "deliveries", d.Delivered, "retry_in", delay, "err", err)
		_ = d.msg.NakWithDelay(delay)
		c.m.retried.Inc()
	}
}
