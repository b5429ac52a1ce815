package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// sourceTracker keeps the fetcher's part of every configured source's
// record (sourcehealth.Fetch): in memory, in the newswire_sources bucket
// (loaded at start, so a restart keeps the last new item and the usual
// gap, and written every flush interval), and as per-source Prometheus
// series under the cap. It implements handover.Observer and
// prometheus.Collector, and is safe for concurrent use.
type sourceTracker struct {
	kv       *bus.KV
	th       sourcehealth.Thresholds
	labels   *sourcewatch.Labels
	interval time.Duration
	log      *slog.Logger
	now      func() time.Time

	mu      sync.Mutex
	order   []string // configuration order
	entries map[string]*trackedSource
}

type trackedSource struct {
	rec   *sourcehealth.Fetch
	dirty bool
	// Process-local counters, for the Prometheus counters (which restart
	// at zero with the process, as counters do).
	polls    map[string]int64
	newItems int64
}

// newSourceTracker loads the records of srcs from kv (a source seen for
// the first time starts one now), gives the first cap sources, in
// configuration order, their own series, and registers the tracker on reg.
func newSourceTracker(ctx context.Context, kv *bus.KV, srcs []source.Source, cfg *Config, reg prometheus.Registerer, log *slog.Logger) (*sourceTracker, error) {
	labels, err := sourcewatch.NewLabels(reg, cfg.Source.MetricsCap)
	if err != nil {
		return nil, err
	}
	t := &sourceTracker{
		kv: kv, th: cfg.thresholds(), labels: labels, interval: cfg.Source.FlushInterval,
		log: log, now: time.Now, entries: map[string]*trackedSource{},
	}
	now := t.now()
	for _, s := range srcs {
		rec, err := sourcewatch.LoadFetch(ctx, kv, s.Name)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			rec = sourcehealth.NewFetch(s.Kind, s.URL, now)
		}
		// The configuration may have changed since the record was written.
		rec.Kind, rec.URL = s.Kind, s.URL
		rec.QuietMin, rec.FailingPolls = t.th.QuietMin, t.th.FailingPolls
		if s.Kind == source.KindInbox {
			rec.URL = s.Path
		}
		t.order = append(t.order, s.Name)
		t.entries[s.Name] = &trackedSource{rec: rec, dirty: true, polls: map[string]int64{}}
		labels.Label(s.Name)
	}
	if err := reg.Register(t); err != nil {
		return nil, err
	}
	return t, nil
}

// ObservePoll implements handover.Observer.
func (t *sourceTracker) ObservePoll(src source.Source, outcome string, err error) {
	status := 0
	switch outcome {
	case handover.PollOK:
		status = 200
	case handover.PollNotModified:
		status = 304
	}
	var se *httpfetch.StatusError
	if errors.As(err, &se) {
		status = se.StatusCode
	}
	if err == nil && outcome == handover.PollError {
		err = errors.New("poll failed")
	}
	t.update(src.Name, func(e *trackedSource, now time.Time) {
		e.rec.Poll(now, status, err)
		e.polls[outcome]++
	})
}

// ObserveItem implements handover.Observer.
func (t *sourceTracker) ObserveItem(src source.Source, outcome string) {
	if outcome == string(handover.Published) {
		t.published(src.Name, 1)
	}
}

// published records n new items of the named source.
func (t *sourceTracker) published(name string, n int) {
	t.update(name, func(e *trackedSource, now time.Time) {
		for range n {
			e.rec.NewItem(now)
		}
		e.newItems += int64(n)
	})
}

// scanned records a scan of an inbox source as its poll.
func (t *sourceTracker) scanned(name string, err error) {
	outcome := handover.PollOK
	if err != nil {
		outcome = handover.PollError
	}
	t.update(name, func(e *trackedSource, now time.Time) {
		e.rec.Poll(now, 0, err)
		e.polls[outcome]++
	})
}

func (t *sourceTracker) update(name string, f func(*trackedSource, time.Time)) {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if e := t.entries[name]; e != nil {
		f(e, now)
		e.dirty = true
	}
}

// Run writes the records to the bucket at once (so `newswire sources`
// lists every configured source from the start), then every flush
// interval until ctx ends. run flushes a last time once the sources have
// stopped.
func (t *sourceTracker) Run(ctx context.Context) error {
	t.flush(ctx)
	tick := time.NewTicker(t.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			t.flush(ctx)
		}
	}
}

func (t *sourceTracker) flush(ctx context.Context) {
	type pending struct {
		name string
		rec  sourcehealth.Fetch
	}
	var todo []pending
	t.mu.Lock()
	for _, name := range t.order {
		if e := t.entries[name]; e.dirty {
			c := *e.rec
			c.Gaps = append([]int64(nil), c.Gaps...)
			c.Days = append([]sourcehealth.DayCount(nil), c.Days...)
			todo = append(todo, pending{name, c})
			e.dirty = false
		}
	}
	t.mu.Unlock()
	failed := 0
	var lastErr error
	for _, p := range todo {
		if err := sourcewatch.StoreFetch(ctx, t.kv, p.name, &p.rec); err != nil {
			failed, lastErr = failed+1, err
			t.update(p.name, func(*trackedSource, time.Time) {}) // dirty again
		}
	}
	if failed > 0 && ctx.Err() == nil {
		t.log.Warn("write source records; retrying at the next flush", "sources", failed, "err", lastErr)
	}
}

// Describe implements prometheus.Collector.
func (t *sourceTracker) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPolls, descNewItems, descFailures, descLastAttempt, descLastSuccess, descLastNewItem, descQuietAfter, descFailingPolls} {
		ch <- d
	}
}

// series is what one source label exports.
type series struct {
	polls                    map[string]int64
	newItems                 int64
	failures                 int
	lastAttempt, lastSuccess time.Time
	silentSince              time.Time
	quietAfter               time.Duration
	overdue                  float64 // silence / quietAfter, to pick the worst folded source
	any                      bool
}

// Collect implements prometheus.Collector. Sources over the cap are
// summed into "_other": their counters added, and for the gauges the
// worst of them (most failures, oldest success, closest to quiet).
func (t *sourceTracker) Collect(ch chan<- prometheus.Metric) {
	now := t.now()
	out := map[string]*series{}
	var labels []string
	t.mu.Lock()
	for _, name := range t.order {
		e := t.entries[name]
		label := t.labels.Label(name)
		s := out[label]
		if s == nil {
			s = &series{polls: map[string]int64{}}
			out[label] = s
			labels = append(labels, label)
		}
		for k, v := range e.polls {
			s.polls[k] += v
		}
		s.newItems += e.newItems
		s.failures = max(s.failures, e.rec.ConsecutiveFailures)
		if !s.any || e.rec.LastAttempt.Before(s.lastAttempt) {
			s.lastAttempt = e.rec.LastAttempt
		}
		if !s.any || e.rec.LastSuccess.Before(s.lastSuccess) {
			s.lastSuccess = e.rec.LastSuccess
		}
		quiet := t.th.QuietAfter(e.rec.UsualGap())
		since := e.rec.SilentSince()
		if overdue := now.Sub(since).Seconds() / quiet.Seconds(); !s.any || overdue > s.overdue {
			s.overdue, s.silentSince, s.quietAfter = overdue, since, quiet
		}
		s.any = true
	}
	t.mu.Unlock()
	unix := func(x time.Time) float64 {
		if x.IsZero() {
			return 0
		}
		return float64(x.UnixNano()) / 1e9
	}
	for _, label := range labels {
		s := out[label]
		for _, o := range []string{handover.PollOK, handover.PollNotModified, handover.PollError} {
			ch <- prometheus.MustNewConstMetric(descPolls, prometheus.CounterValue, float64(s.polls[o]), label, o)
		}
		ch <- prometheus.MustNewConstMetric(descNewItems, prometheus.CounterValue, float64(s.newItems), label)
		ch <- prometheus.MustNewConstMetric(descFailures, prometheus.GaugeValue, float64(s.failures), label)
		ch <- prometheus.MustNewConstMetric(descLastAttempt, prometheus.GaugeValue, unix(s.lastAttempt), label)
		ch <- prometheus.MustNewConstMetric(descLastSuccess, prometheus.GaugeValue, unix(s.lastSuccess), label)
		ch <- prometheus.MustNewConstMetric(descLastNewItem, prometheus.GaugeValue, unix(s.silentSince), label)
		ch <- prometheus.MustNewConstMetric(descQuietAfter, prometheus.GaugeValue, s.quietAfter.Seconds(), label)
	}
	ch <- prometheus.MustNewConstMetric(descFailingPolls, prometheus.GaugeValue, float64(t.th.FailingPolls))
}

// pollObservers sends feed events to each observer in turn.
type pollObservers []handover.Observer

func (o pollObservers) ObservePoll(src source.Source, outcome string, err error) {
	for _, x := range o {
		x.ObservePoll(src, outcome, err)
	}
}

func (o pollObservers) ObserveItem(src source.Source, outcome string) {
	for _, x := range o {
		x.ObserveItem(src, outcome)
	}
}

// trackedPublisher counts what an inbox publishes as new items of its
// source.
type trackedPublisher struct {
	*publisher
	name    string
	tracker *sourceTracker
}

// Publish implements inbox.Publisher.
func (p trackedPublisher) Publish(ctx context.Context, raws []*article.Raw) error {
	if err := p.publisher.Publish(ctx, raws); err != nil {
		return err
	}
	p.tracker.published(p.name, len(raws))
	return nil
}
