package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrMessageNotFound is returned (wrapped) by GetStored for a sequence the
// stream does not hold (never stored, deleted or aged out).
var ErrMessageNotFound = errors.New("message not found")

// GetStored returns the message stored at seq in stream: a stage reads back
// an article it took earlier, as the story stage does to publish a revised
// version of a copy whose original arrived after it.
func (c *Conn) GetStored(ctx context.Context, stream string, seq uint64) (Stored, error) {
	s, err := c.js.Stream(ctx, stream)
	if err != nil {
		return Stored{}, fmt.Errorf("open stream %s: %w", stream, err)
	}
	raw, err := s.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return Stored{}, fmt.Errorf("%s message %d: %w", stream, seq, ErrMessageNotFound)
	}
	if err != nil {
		return Stored{}, fmt.Errorf("get %s message %d: %w", stream, seq, err)
	}
	return Stored{Subject: raw.Subject, Data: raw.Data, Header: raw.Header, Sequence: raw.Sequence, Time: raw.Time}, nil
}
