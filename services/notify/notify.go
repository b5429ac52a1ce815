package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/query"
	"github.com/newswire/newswire/services/notify/internal/searches"
	"github.com/newswire/newswire/services/notify/internal/webhook"
)

// notifier matches articles and delivers alerts.
type notifier struct {
	conn    *bus.Conn
	sent    *bus.KV
	client  *webhook.Client
	metrics *metrics
	log     *slog.Logger
	replays bool
	// tries is the webhook's NOTIFY_WEBHOOK_MAX_DELIVER.
	tries   int
	current atomic.Pointer[searches.Compiled]
}

// claim is the record under claimKey: which article of the story fired
// the search's alert, and whether its alert was published.
type claim struct {
	Article   string    `json:"article"`
	Published bool      `json:"published"`
	Time      time.Time `json:"time"`
}

func claimKey(searchID, storyKey string) string { return "c." + searchID + "." + storyKey }

// deliveredKey marks a webhook delivered.
func deliveredKey(alertID string) string { return "d." + alertID }

// match is the article consumer's handler: every saved search in one pass
// (query.Set), then one alert per search and story. Bad input is
// permanent; a bus or bucket failure is transient and the article is
// redelivered, which fires nothing twice (see fire).
func (n *notifier) match(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
	a, err := article.DecodeArticle(d.Data)
	if err != nil {
		return nil, bus.Permanent(err)
	}
	if a.Replay && !n.replays {
		n.metrics.skipped.Inc()
		return nil, nil
	}
	start := time.Now()
	matched := n.current.Load().Match(query.NewDoc(a))
	n.metrics.match.Observe(time.Since(start).Seconds())
	for _, s := range matched {
		if err := n.fire(ctx, s, a); err != nil {
			return nil, fmt.Errorf("alert %s on article %s: %w", s.Name, a.ID, err)
		}
	}
	return nil, nil
}

// fire publishes s's alert for a's story unless the story has had one.
// The story is claimed first, in the sent bucket, with compare-and-set:
// of two copies of a story matched at once (or on two replicas) one
// claims it. A claim by this article that was never marked published is
// an earlier attempt that failed or crashed half-way: it is published
// again with the same message id, which the streams drop inside their
// duplicate window, and the outbox consumer drops a webhook delivered
// before.
func (n *notifier) fire(ctx context.Context, s *alert.Search, a *article.Article) error {
	key := claimKey(s.ID, alert.StoryKey(a))
	now := time.Now()
	val, _ := json.Marshal(claim{Article: a.ID, Time: now.UTC()})
	rev, err := n.sent.Create(ctx, key, val)
	if errors.Is(err, bus.ErrKeyExists) {
		old, r, ok, err := n.sent.Entry(ctx, key)
		if err != nil {
			return err
		}
		var c claim
		if ok && json.Unmarshal(old, &c) == nil && (c.Article != a.ID || c.Published) {
			n.metrics.alerts.WithLabelValues(outcomeStorySeen).Inc()
			return nil
		}
		if !ok { // expired or deleted between the two calls
			if rev, err = n.sent.Create(ctx, key, val); err != nil {
				return err
			}
		} else {
			rev = r
		}
	} else if err != nil {
		return err
	}
	al := alert.New(s, a, now)
	for _, webhook := range []bool{false, true} {
		if webhook && s.Webhook == "" || !webhook && !s.NATS {
			continue
		}
		m, err := bus.AlertMessage(&al, webhook)
		if err != nil {
			return bus.Permanent(err)
		}
		if err := n.conn.Publish(ctx, m); err != nil {
			return err
		}
	}
	val, _ = json.Marshal(claim{Article: a.ID, Published: true, Time: now.UTC()})
	if _, err := n.sent.UpdateRevision(ctx, key, val, rev); err != nil && !errors.Is(err, bus.ErrRevisionMismatch) {
		// Published, not marked: a redelivery publishes again inside
		// the duplicate window, which drops it.
		n.log.Warn("alert published, claim not marked", "alert", al.ID, "err", err)
	}
	n.metrics.alerts.WithLabelValues(outcomeFired).Inc()
	n.log.Info("alert fired", "search", s.Name, "alert", al.ID, "article", a.ID, "story", a.StoryID,
		"nats", s.NATS, "webhook", s.Webhook != "")
	return nil
}

// deliver is the outbox consumer's handler: one webhook POST per alert.
// A transient failure (a 5xx, 408 or 429, a network error, a timeout) is
// retried with backoff by the consumer, and the last try is
// dead-lettered with its error; a permanent one (the SSRF guard, a 4xx,
// a redirect) is dead-lettered at once.
func (n *notifier) deliver(ctx context.Context, d *bus.Delivery) (*bus.Message, error) {
	name, ok := strings.CutPrefix(d.Subject, "notify.outbox.")
	if !ok {
		return nil, bus.Permanent(fmt.Errorf("subject %s is not an outbox subject", d.Subject))
	}
	var al alert.Alert
	if err := json.Unmarshal(d.Data, &al); err != nil || al.ID == "" {
		return nil, bus.Permanent(fmt.Errorf("decode alert on %s: %v", d.Subject, err))
	}
	s := n.current.Load().ByName(name)
	if s == nil || s.Webhook == "" || !strings.HasPrefix(al.ID, s.ID+"-") {
		n.metrics.webhooks.WithLabelValues(outcomeRemoved).Inc()
		n.log.Info("webhook dropped: saved search removed or replaced", "search", name, "alert", al.ID)
		return nil, nil
	}
	if _, done, err := n.sent.Get(ctx, deliveredKey(al.ID)); err != nil {
		return nil, err
	} else if done {
		n.metrics.webhooks.WithLabelValues(outcomeDuplicate).Inc()
		return nil, nil
	}
	start := time.Now()
	err := n.client.Send(ctx, s.Webhook, s.Secret, al.ID, s.Name, d.Data, start)
	n.metrics.webhookDur.Observe(time.Since(start).Seconds())
	switch {
	case err == nil:
	case webhook.Permanent(err):
		n.metrics.webhooks.WithLabelValues(outcomeFailed).Inc()
		return nil, bus.Permanent(fmt.Errorf("webhook %s for %s: %w", s.Name, al.ID, err))
	default:
		outcome := outcomeRetry
		if d.Delivered >= uint64(n.tries) {
			outcome = outcomeFailed
		}
		n.metrics.webhooks.WithLabelValues(outcome).Inc()
		return nil, fmt.Errorf("webhook %s for %s, try %d: %w", s.Name, al.ID, d.Delivered, err)
	}
	n.metrics.webhooks.WithLabelValues(outcomeDelivered).Inc()
	if err := n.sent.Put(ctx, deliveredKey(al.ID), []byte(time.Now().UTC().Format(time.RFC3339Nano))); err != nil {
		// Delivered, not recorded: acknowledge anyway; a redelivery of
		// this message would send it twice, a failed ack would too.
		n.log.Warn("webhook delivered, not recorded", "alert", al.ID, "err", err)
	}
	n.log.Info("webhook delivered", "search", s.Name, "alert", al.ID, "try", d.Delivered, "took", time.Since(start).Round(time.Millisecond))
	return nil, nil
}
