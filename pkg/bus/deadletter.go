package bus

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
)

// maxReasonLen bounds the reason header: NATS headers share the payload
// limit, and a reason is for a person to read.
const maxReasonLen = 1024

// deadLetter publishes d, unchanged, to the stage's dead-letter subject with
// headers that say why and where it failed, and waits for the ack.
func (c *Consumer) deadLetter(ctx context.Context, d *Delivery, reason error) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.AckWait/2)
	defer cancel()
	return c.conn.DeadLetter(ctx, c.stage, DeadLetter{
		Subject:    d.Subject,
		Data:       d.Data,
		Header:     d.headers(),
		Reason:     reason.Error(),
		Stream:     d.Stream,
		Sequence:   d.Sequence,
		Deliveries: d.Delivered,
	})
}

// DeadLetter is a message a stage gives up on, with why.
type DeadLetter struct {
	Subject    string
	Data       []byte
	Header     map[string][]string
	Reason     string
	Stream     string
	Sequence   uint64
	Deliveries uint64
	// Key names a dead letter that comes from no stream message (the
	// fetcher's refused documents), so that the same refusal made again
	// (a file retried after a crash or a broker outage) is stored once
	// within the stream's duplicate window. A stream message is named by
	// Stream and Sequence.
	Key string
}

// DeadLetter publishes dl to stage's dead-letter subject and waits for the
// server's acknowledgement. Producers without an input stream (the
// fetcher) use it directly for documents they cannot publish.
func (c *Conn) DeadLetter(ctx context.Context, stage Stage, dl DeadLetter) error {
	msg := nats.NewMsg(SubjectDLQ(stage))
	msg.Data = dl.Data
	for k, vs := range dl.Header {
		if k == HeaderMsgID {
			continue
		}
		for _, v := range vs {
			msg.Header.Add(k, v)
		}
	}
	reason := dl.Reason
	if len(reason) > maxReasonLen {
		reason = reason[:maxReasonLen] + "…"
	}
	msg.Header.Set(HeaderDLQReason, reason)
	msg.Header.Set(HeaderDLQStage, string(stage))
	msg.Header.Set(HeaderDLQSubject, dl.Subject)
	msg.Header.Set(HeaderDLQTime, time.Now().UTC().Format(time.RFC3339Nano))
	if dl.Stream != "" {
		msg.Header.Set(HeaderDLQStream, dl.Stream)
		msg.Header.Set(HeaderDLQSequence, strconv.FormatUint(dl.Sequence, 10))
		// The same stream message dead-lettered twice (a crash between the
		// publish and the term) is stored once.
		msg.Header.Set(HeaderMsgID, fmt.Sprintf("dlq:%s:%s:%d", stage, dl.Stream, dl.Sequence))
	} else if dl.Key != "" {
		msg.Header.Set(HeaderMsgID, fmt.Sprintf("dlq:%s:key:%s", stage, dl.Key))
	}
	if dl.Deliveries > 0 {
		msg.Header.Set(HeaderDLQDeliveries, strconv.FormatUint(dl.Deliveries, 10))
	}
	if _, err := c.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("publish dead letter to %s: %w", msg.Subject, err)
	}
	return nil
}

// StoredDeadLetter is a dead letter read back from the stream.
type StoredDeadLetter struct {
	// Sequence is the dead letter's position in the ARTICLES_DLQ stream.
	Sequence uint64
	Stage    Stage
	Reason   string
	// Subject is where the message was originally published.
	Subject string
	Time    time.Time
	Header  map[string][]string
	Data    []byte
}
