package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// StageNotify is the notifier: it evaluates saved searches on the
// pipeline's final articles and delivers the alerts they fire.
const StageNotify Stage = "notify"

// Alert streams and subjects. ALERTS holds the alerts saved searches
// publish for NATS subscribers, one subject per search; ALERTS_OUTBOX is
// the notifier's queue of webhook deliveries (work-queue retention: a
// delivery leaves it once acknowledged).
const (
	StreamAlerts     = "ALERTS"
	StreamOutbox     = "ALERTS_OUTBOX"
	SubjectAlertsAll = "alerts.*"
	SubjectOutboxAll = "notify.outbox.*"
)

// SubjectAlert is the subject saved search name's alerts are published on.
func SubjectAlert(name string) string { return "alerts." + name }

// SubjectOutbox is the subject of saved search name's webhook deliveries.
func SubjectOutbox(name string) string { return "notify.outbox." + name }

func (c Config) alertStreamConfig(name string) (jetstream.StreamConfig, error) {
	sc := jetstream.StreamConfig{
		Name:       name,
		Storage:    jetstream.FileStorage,
		Replicas:   c.StreamReplicas,
		MaxAge:     c.StreamMaxAge,
		MaxBytes:   c.StreamMaxBytes,
		Duplicates: c.DuplicateWindow,
		Discard:    jetstream.DiscardNew,
	}
	switch name {
	case StreamAlerts:
		sc.Subjects = []string{SubjectAlertsAll}
		sc.Retention = jetstream.LimitsPolicy
		sc.Description = "alerts fired by saved searches, on alerts.<name>"
	case StreamOutbox:
		sc.Subjects = []string{SubjectOutboxAll}
		sc.Retention = jetstream.WorkQueuePolicy
		sc.Description = "webhook deliveries waiting for the notifier"
	default:
		return sc, fmt.Errorf("unknown alert stream %q", name)
	}
	return sc, nil
}

// EnsureAlertStreams creates ALERTS and ALERTS_OUTBOX, sized like the
// article streams, or updates them when they differ, as EnsureStreams does
// the article streams (with NATS_PROVISION=verify it only checks them).
func (c *Conn) EnsureAlertStreams(ctx context.Context) error {
	return c.EnsureStreams(ctx, StreamAlerts, StreamOutbox)
}

// Follow calls fn with each message of stream whose subject matches
// filter, from the last `last` messages on (0: only new ones), until ctx
// ends or fn fails. It reads through an ordered consumer (no durable
// state on the server), as a person watching alerts does.
func (c *Conn) Follow(ctx context.Context, stream, filter string, last int, fn func(subject string, data []byte) error) error {
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}, DeliverPolicy: jetstream.DeliverNewPolicy}
	if last > 0 {
		info, err := c.js.Stream(ctx, stream)
		if err != nil {
			return fmt.Errorf("follow %s: %w", stream, err)
		}
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
		if lastSeq := info.CachedInfo().State.LastSeq; lastSeq > uint64(last) {
			cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, lastSeq-uint64(last)+1
		}
	}
	cons, err := c.js.OrderedConsumer(ctx, stream, cfg)
	if err != nil {
		return fmt.Errorf("follow %s: %w", stream, err)
	}
	// The same pull as a Consumer's, and the same guard against the
	// iterator's lost wake-up (see pullExpiry).
	iter, err := cons.Messages(jetstream.PullExpiry(pullExpiry))
	if err != nil {
		return fmt.Errorf("follow %s: %w", stream, err)
	}
	defer iter.Stop()
	go func() {
		<-ctx.Done()
		iter.Stop()
	}()
	var next pullNext
	for {
		msg, err := next.next(iter, 0)
		if errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			continue // a short wait ran out
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("follow %s: %w", stream, err)
		}
		if err := fn(msg.Subject(), msg.Data()); err != nil {
			return err
		}
	}
}
