package sourcewatch

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
)

// Outcomes of newswire_source_articles_total, one per field of
// sourcehealth.Counts.
const (
	OutcomeNormalized   = "normalized"
	OutcomeNoText       = "no_text"
	OutcomeNoDate       = "no_date"
	OutcomeDeadLettered = "dead_lettered"
	OutcomeStored       = "stored"
)

// Origins of newswire_source_articles_total: live articles and articles
// replayed from archives are kept apart.
const (
	OriginLive   = "live"
	OriginReplay = "replay"
)

// Reporter counts what a stage did with each source's articles: at once
// in Prometheus (newswire_source_articles_total, capped by Labels), and
// every flush interval in the bucket, where newswire sources reads it.
// Observe is safe for concurrent use and never blocks on the broker.
type Reporter struct {
	kv       *bus.KV
	labels   *Labels
	articles *prometheus.CounterVec
	interval time.Duration
	log      *slog.Logger
	now      func() time.Time

	mu      sync.Mutex
	pending map[string]sourcehealth.Delta
}

// NewReporter registers the per-source metrics on reg. kv is the bucket
// (Open); cfg gives the cap and the flush interval.
func NewReporter(kv *bus.KV, cfg Config, reg prometheus.Registerer, log *slog.Logger) (*Reporter, error) {
	labels, err := NewLabels(reg, cfg.MetricsCap)
	if err != nil {
		return nil, err
	}
	r := &Reporter{
		kv: kv, labels: labels, interval: cfg.FlushInterval, log: log, now: time.Now,
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_source_articles_total",
			Help: `Articles per source by outcome (normalizer: normalized, no_text, no_date, dead_lettered; sink: stored, dead_lettered) and origin (live, replay). Sources beyond the cap are summed into source="_other".`,
		}, []string{"source", "outcome", "origin"}),
		pending: map[string]sourcehealth.Delta{},
	}
	if err := reg.Register(r.articles); err != nil {
		return nil, err
	}
	return r, nil
}

// Observe counts c for the source named name. A nil Reporter counts
// nothing.
func (r *Reporter) Observe(name string, replay bool, c sourcehealth.Counts) {
	if r == nil || name == "" || c.IsZero() {
		return
	}
	label, origin := r.labels.Label(name), OriginLive
	if replay {
		origin = OriginReplay
	}
	for _, o := range []struct {
		outcome string
		n       int64
	}{
		{OutcomeNormalized, c.Normalized}, {OutcomeNoText, c.NoText}, {OutcomeNoDate, c.NoDate},
		{OutcomeDeadLettered, c.DeadLettered}, {OutcomeStored, c.Stored},
	} {
		if o.n > 0 {
			r.articles.WithLabelValues(label, o.outcome, origin).Add(float64(o.n))
		}
	}
	r.mu.Lock()
	d := r.pending[name]
	if replay {
		d.Replayed.Add(c)
	} else {
		d.Live.Add(c)
	}
	r.pending[name] = d
	r.mu.Unlock()
}

// Run writes the counts to the bucket every interval until ctx ends.
// Call Flush once the stage has stopped processing, so nothing it counted
// is lost.
func (r *Reporter) Run(ctx context.Context) error {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			r.Flush(ctx)
		}
	}
}

// Flush writes the counts gathered since the last flush. Counts it could
// not write stay for the next one.
func (r *Reporter) Flush(ctx context.Context) {
	r.mu.Lock()
	pending := r.pending
	r.pending = map[string]sourcehealth.Delta{}
	r.mu.Unlock()
	now := r.now()
	failed, lastErr := 0, error(nil)
	for name, d := range pending {
		if err := AddArticles(ctx, r.kv, name, d, now); err != nil {
			failed, lastErr = failed+1, err
			r.mu.Lock()
			p := r.pending[name]
			p.Live.Add(d.Live)
			p.Replayed.Add(d.Replayed)
			r.pending[name] = p
			r.mu.Unlock()
		}
	}
	if failed > 0 {
		r.log.Warn("write source records; keeping their counts for the next flush", "sources", failed, "err", lastErr)
	}
}
