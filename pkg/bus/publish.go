package bus

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// Publish stores m in its stream and waits for the server's acknowledgement.
func (c *Conn) Publish(ctx context.Context, m Message) error {
	if _, err := c.js.PublishMsg(ctx, m.natsMsg()); err != nil {
		return fmt.Errorf("publish to %s: %w", m.Subject, err)
	}
	return nil
}

// Pending is a publish whose acknowledgement has not been awaited yet.
type Pending struct {
	subject string
	future  jetstream.PubAckFuture
}

// Wait blocks until the server acknowledged the message, refused it, or ctx
// ended. A message the server dropped as a duplicate counts as stored.
func (p Pending) Wait(ctx context.Context) error {
	select {
	case <-p.future.Ok():
		return nil
	case err := <-p.future.Err():
		return fmt.Errorf("publish to %s: %w", p.subject, err)
	case <-ctx.Done():
		return fmt.Errorf("publish to %s: waiting for ack: %w", p.subject, ctx.Err())
	}
}

// PublishAsync sends m without waiting for its acknowledgement. At most a
// bounded number of publishes are outstanding per connection: beyond that it
// blocks, so a fast producer never outruns JetStream.
func (c *Conn) PublishAsync(m Message) (Pending, error) {
	f, err := c.js.PublishMsgAsync(m.natsMsg())
	if err != nil {
		return Pending{}, fmt.Errorf("publish to %s: %w", m.Subject, err)
	}
	return Pending{subject: m.Subject, future: f}, nil
}
