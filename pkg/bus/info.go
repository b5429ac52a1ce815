package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// StreamState is what one of newswire's streams holds, as the JetStream API
// reports it.
type StreamState struct {
	Name     string
	Messages uint64
	Bytes    uint64
	FirstSeq uint64
	LastSeq  uint64
	// Consumers are the stream's consumers, in the server's order.
	Consumers []ConsumerState
}

// ConsumerState says how far a consumer has got through its stream.
type ConsumerState struct {
	Stream string
	Name   string
	// Pending counts messages not yet delivered: the consumer's lag.
	Pending uint64
	// AckPending counts messages delivered and not yet acknowledged.
	AckPending int
	// Redelivered counts messages delivered more than once and not yet
	// acknowledged.
	Redelivered int
	// Delivered and AckFloor are stream sequences: the last delivered and
	// the last below which everything is acknowledged.
	Delivered uint64
	AckFloor  uint64
}

// Streams returns the state of newswire's streams (raw, normalized,
// tagged, storied, dead letters) and their consumers, for operators' views.
// A stream no service has created yet (storied, without the story stage) is
// left out.
func (c *Conn) Streams(ctx context.Context) ([]StreamState, error) {
	var out []StreamState
	for _, name := range []string{StreamRaw, StreamNormalized, StreamTagged, StreamStoried, StreamDLQ} {
		s, err := c.js.Stream(ctx, name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("stream %s info: %w", name, err)
		}
		info := s.CachedInfo()
		st := StreamState{
			Name:     name,
			Messages: info.State.Msgs,
			Bytes:    info.State.Bytes,
			FirstSeq: info.State.FirstSeq,
			LastSeq:  info.State.LastSeq,
		}
		lister := s.ListConsumers(ctx)
		for ci := range lister.Info() {
			st.Consumers = append(st.Consumers, ConsumerState{
				Stream:      name,
				Name:        ci.Name,
				Pending:     ci.NumPending,
				AckPending:  ci.NumAckPending,
				Redelivered: ci.NumRedelivered,
				Delivered:   ci.Delivered.Stream,
				AckFloor:    ci.AckFloor.Stream,
			})
		}
		if err := lister.Err(); err != nil {
			return nil, fmt.Errorf("list consumers of %s: %w", name, err)
		}
		out = append(out, st)
	}
	return out, nil
}
