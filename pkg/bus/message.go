package bus

import (
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Message is a document to publish.
type Message struct {
	Subject string
	Data    []byte
	// ID becomes the Nats-Msg-Id header: the server drops a second message
	// with the same ID inside the stream's duplicate window. See MsgID.
	ID string
	// Header holds extra headers, such as HeaderReplay.
	Header map[string]string
}

func (m Message) natsMsg() *nats.Msg {
	msg := nats.NewMsg(m.Subject)
	msg.Data = m.Data
	for k, v := range m.Header {
		msg.Header.Set(k, v)
	}
	if m.ID != "" {
		msg.Header.Set(HeaderMsgID, m.ID)
	}
	return msg
}

// Delivery is one message pulled from a stream by a consumer.
type Delivery struct {
	Subject string
	Data    []byte
	// Delivered counts deliveries of this message, 1 on the first.
	Delivered uint64
	Stream    string
	Sequence  uint64
	// Published is when the stream stored the message.
	Published time.Time

	msg jetstream.Msg
}

func newDelivery(msg jetstream.Msg) Delivery {
	d := Delivery{Subject: msg.Subject(), Data: msg.Data(), Delivered: 1, msg: msg}
	if md, err := msg.Metadata(); err == nil {
		d.Delivered = md.NumDelivered
		d.Stream = md.Stream
		d.Sequence = md.Sequence.Stream
		d.Published = md.Timestamp
	}
	return d
}

// Header returns the first value of a message header, or "".
func (d *Delivery) Header(key string) string {
	if h := d.msg.Headers(); h != nil {
		return h.Get(key)
	}
	return ""
}

func (d *Delivery) headers() nats.Header { return d.msg.Headers() }

// InProgress tells the server the delivery is still being worked on, which
// resets its ack deadline: a stage that waits out an outage of its store
// keeps its messages instead of having them redelivered elsewhere.
func (d *Delivery) InProgress() error { return d.msg.InProgress() }
