package bus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Publish stores m in its stream and waits for the server's acknowledgement.
// A publish that fails for a reason that passes (see Pending.Wait) is
// retried with the same Nats-Msg-Id.
func (c *Conn) Publish(ctx context.Context, m Message) error {
	retry := c.newRetry()
	for {
		_, err := c.js.PublishMsg(ctx, m.natsMsg())
		if err == nil {
			return nil
		}
		if !retry.again(ctx, err) {
			return publishError(m.Subject, err)
		}
	}
}

// Pending is a publish whose acknowledgement has not been awaited yet.
type Pending struct {
	subject string
	future  jetstream.PubAckFuture
	conn    *Conn
	msg     Message
}

// Wait blocks until the server acknowledged the message, refused it, or ctx
// ended. A message the server dropped as a duplicate counts as stored.
//
// When no acknowledgement comes (a stream leader election, a node killed
// or cut off from its peers, a reconnection to another node), the message
// is published again, with the same Nats-Msg-Id, until it is acknowledged,
// ctx ends or half the duplicate window has passed: a retry of a message
// the stream did store is dropped as a duplicate, so nothing is doubled.
func (p Pending) Wait(ctx context.Context) error {
	var err error
	select {
	case <-p.future.Ok():
		return nil
	case err = <-p.future.Err():
	case <-ctx.Done():
		return fmt.Errorf("publish to %s: waiting for ack: %w", p.subject, ctx.Err())
	}
	if p.conn == nil {
		return publishError(p.subject, err)
	}
	retry := p.conn.newRetry()
	for retry.again(ctx, err) {
		if _, err = p.conn.js.PublishMsg(ctx, p.msg.natsMsg()); err == nil {
			return nil
		}
	}
	return publishError(p.subject, err)
}

// PublishAsync sends m without waiting for its acknowledgement. At most a
// bounded number of publishes are outstanding per connection: beyond that it
// blocks, so a fast producer never outruns JetStream.
func (c *Conn) PublishAsync(m Message) (Pending, error) {
	f, err := c.js.PublishMsgAsync(m.natsMsg())
	if err != nil {
		return Pending{}, publishError(m.Subject, err)
	}
	return Pending{subject: m.Subject, future: f, conn: c, msg: m}, nil
}

// ErrStreamFull is returned (wrapped) by a publish the stream refused
// because it holds NATS_STREAM_MAX_BYTES: the streams discard new messages,
// never old ones, so nothing stored is lost to make room. The publisher
// keeps what it could not publish and tries again later (the fetcher's
// inbox and a replay from their checkpoints, a stage by negative
// acknowledgement); space comes back as messages pass NATS_STREAM_MAX_AGE
// or when an operator raises the limit.
var ErrStreamFull = errors.New("stream full: it holds NATS_STREAM_MAX_BYTES and refuses new messages")

func publishError(subject string, err error) error {
	if full(err) {
		return fmt.Errorf("publish to %s: %w (%w)", subject, ErrStreamFull, err)
	}
	return fmt.Errorf("publish to %s: %w", subject, err)
}

// full reports whether err is the server refusing a message for want of
// room (JSStreamStoreFailedF, "maximum bytes exceeded").
func full(err error) bool {
	var ae *jetstream.APIError
	return errors.As(err, &ae) && ae.ErrorCode == errCodeStreamStoreFailed &&
		strings.Contains(ae.Description, "maximum bytes exceeded")
}

// JetStream error codes nats.go has no names for (nats-server's
// errors.json).
const (
	errCodeClusterNotAvail   jetstream.ErrorCode = 10008 // JSClusterNotAvailErr
	errCodeStreamStoreFailed jetstream.ErrorCode = 10077 // JSStreamStoreFailedF
)

// transient reports whether a publish failed for a reason that passes
// once the cluster settles: no acknowledgement in time, no stream leader
// answering, the connection down or reconnecting.
func transient(err error) bool {
	var ae *jetstream.APIError
	switch {
	case errors.Is(err, jetstream.ErrAsyncPublishTimeout), errors.Is(err, jetstream.ErrNoStreamResponse),
		errors.Is(err, nats.ErrNoResponders), errors.Is(err, nats.ErrTimeout),
		errors.Is(err, context.DeadlineExceeded), // one attempt's own timeout; again checks the caller's ctx
		errors.Is(err, nats.ErrConnectionReconnecting), errors.Is(err, nats.ErrDisconnected):
		return true
	case errors.As(err, &ae):
		// JetStream is electing leaders or has lost quorum.
		return ae.ErrorCode == errCodeClusterNotAvail
	}
	return false
}

// publishAckTimeout bounds the wait for one asynchronous publish's
// acknowledgement; without it a message lost with a killed node would be
// awaited forever.
const publishAckTimeout = 10 * time.Second

// retry paces the republishing of one message.
type retry struct {
	deadline time.Time
	delay    time.Duration
}

func (c *Conn) newRetry() *retry {
	return &retry{deadline: time.Now().Add(c.cfg.DuplicateWindow / 2), delay: 100 * time.Millisecond}
}

// again reports whether to publish again after err, having waited first.
// It stops at the deadline, which keeps every retry inside the duplicate
// window of the first attempt.
func (r *retry) again(ctx context.Context, err error) bool {
	if !transient(err) || ctx.Err() != nil || time.Now().Add(r.delay).After(r.deadline) {
		return false
	}
	t := time.NewTimer(r.delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	}
	r.delay = min(2*r.delay, 2*time.Second)
	return true
}
