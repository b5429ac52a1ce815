package bus

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stored is a message read back from a stream.
type Stored struct {
	Subject string
	Data    []byte
	// Header holds the message's headers, Nats-Msg-Id included.
	Header map[string][]string
	// Sequence is the message's sequence number in the stream.
	Sequence uint64
	// Time is when the stream stored the message.
	Time time.Time
}

// readBatch is how many messages ReadSince asks the server for at once.
const readBatch = 256

// ReadSince calls fn, in stream order, for every message stream stored at
// or after since (the zero time: from the first), up to the last message the
// stream held when ReadSince began: messages fn itself publishes into the
// same stream are not read back. It uses an ordered, ephemeral consumer, so
// it disturbs no durable consumer. It returns how many messages it passed
// to fn; fn's error stops it and is returned.
func (c *Conn) ReadSince(ctx context.Context, stream string, since time.Time, fn func(Stored) error) (int, error) {
	s, err := c.js.Stream(ctx, stream)
	if err != nil {
		return 0, fmt.Errorf("read stream %s: %w", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("read stream %s: %w", stream, err)
	}
	last := info.State.LastSeq
	if info.State.Msgs == 0 || (!since.IsZero() && info.State.LastTime.Before(since)) {
		return 0, nil
	}
	occ := jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy}
	if !since.IsZero() {
		occ = jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverByStartTimePolicy, OptStartTime: &since}
	}
	oc, err := s.OrderedConsumer(ctx, occ)
	if err != nil {
		return 0, fmt.Errorf("read stream %s: %w", stream, err)
	}
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		batch, err := oc.Fetch(readBatch, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return n, fmt.Errorf("read stream %s: %w", stream, err)
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			md, err := msg.Metadata()
			if err != nil {
				return n, fmt.Errorf("read stream %s: %w", stream, err)
			}
			if md.Sequence.Stream > last {
				return n, nil
			}
			if err := fn(Stored{
				Subject:  msg.Subject(),
				Data:     msg.Data(),
				Header:   msg.Headers(),
				Sequence: md.Sequence.Stream,
				Time:     md.Timestamp,
			}); err != nil {
				return n, err
			}
			n++
			if md.Sequence.Stream >= last {
				return n, nil
			}
		}
		if err := batch.Error(); err != nil {
			return n, fmt.Errorf("read stream %s: %w", stream, err)
		}
		if got == 0 {
			// Nothing arrived within the wait: what remained up to last
			// was deleted or aged out.
			return n, nil
		}
	}
}
