package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
)

// publisher puts raw articles on articles.raw.<kind> and refused documents
// on the fetcher's dead-letter subject.
type publisher struct {
	conn     *bus.Conn
	bus      *bus.Metrics
	refused  *prometheus.CounterVec
	maxBytes int
}

func newPublisher(conn *bus.Conn, m *bus.Metrics, reg prometheus.Registerer, maxBytes int) (*publisher, error) {
	refused, err := newRefusedMetric(reg)
	if err != nil {
		return nil, err
	}
	return &publisher{conn: conn, bus: m, refused: refused, maxBytes: maxBytes}, nil
}

// Publish sends raws and waits until the broker stored every one.
func (p *publisher) Publish(ctx context.Context, raws []*article.Raw) error {
	pending := make([]bus.Pending, 0, len(raws))
	for _, r := range raws {
		m, err := bus.RawMessage(r)
		if err != nil {
			return err
		}
		if len(m.Data) > p.maxBytes {
			if err := p.Refuse(ctx, r.URL, nil, fmt.Errorf("encoded document is %d bytes, over the broker's limit of %d", len(m.Data), p.maxBytes)); err != nil {
				return err
			}
			continue
		}
		f, err := p.conn.PublishAsync(m)
		if err != nil {
			p.bus.PublishFailed(bus.StageFetcher)
			return err
		}
		pending = append(pending, f)
	}
	for _, f := range pending {
		if err := f.Wait(ctx); err != nil {
			p.bus.PublishFailed(bus.StageFetcher)
			return err
		}
	}
	p.bus.Published(bus.StageFetcher, len(pending))
	return nil
}

// Refuse dead-letters a document the fetcher cannot publish. Data too large
// for the broker is left out; the reason says where it was.
func (p *publisher) Refuse(ctx context.Context, name string, data []byte, reason error) error {
	// The same document refused again (its file retried after a crash or
	// an outage) is one dead letter: keyed by its name and content.
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil)[:16])
	if len(data) > p.maxBytes/2 {
		data = nil
	}
	err := p.conn.DeadLetter(ctx, bus.StageFetcher, bus.DeadLetter{
		Subject: bus.SubjectRaw(article.KindInbox),
		Data:    data,
		Header:  map[string][]string{bus.HeaderDocument: {name}},
		Reason:  reason.Error(),
		Key:     key,
	})
	if err != nil {
		return err
	}
	p.refused.WithLabelValues(string(article.KindInbox)).Inc()
	return nil
}
