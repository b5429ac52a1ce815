// Package handover is the base of the fetcher's discovery: what every
// poller (feed, page, sitemap) needs from the service (Deps: the HTTP
// client, the seen store, the publisher, the observer), the outcomes it
// reports, the validators it keeps across restarts, and Handover, which
// fetches each discovered article page and publishes it once. The pollers
// are peers above it, one package each.
package handover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// Seen remembers which article URLs were handed over, keyed by the raw
// article ID (hex, safe as a JetStream key-value key). The lead backs it
// with a key-value bucket whose TTL outlives the feed's memory of an item.
// It must be safe for concurrent use.
type Seen interface {
	// Seen reports whether key was marked.
	Seen(ctx context.Context, key string) (bool, error)
	// Mark records key; called only after Publish succeeded.
	Mark(ctx context.Context, key string) error
}

// Publish hands one raw article over. It returns nil only once the article
// is durably accepted (the JetStream ack); an error leaves the item unseen
// so the next poll tries again.
type Publish func(ctx context.Context, raw article.Raw) error

// Observer receives metrics-worthy events of each source: one ObservePoll
// per poll of the source's own document (feed, sitemap, page), with the
// poll's error when its outcome is PollError, and one ObserveItem per item
// offered. Outcomes are the Outcome and Poll constants. Implementations
// must be safe for concurrent use.
type Observer interface {
	ObservePoll(src source.Source, outcome string, err error)
	ObserveItem(src source.Source, outcome string)
}

// Poll outcomes.
const (
	PollOK          = "ok"
	PollNotModified = "not_modified"
	PollError       = "error"
)

// Outcome is what became of one offered item; its values are Observer
// outcomes.
type Outcome string

// Item outcomes.
const (
	// Published: fetched, published and marked seen.
	Published Outcome = "published"
	// AlreadySeen: handed over before; nothing fetched.
	AlreadySeen Outcome = "seen"
	// Retry: the page fetch or publish failed; the next poll tries again.
	Retry Outcome = "retry"
	// GaveUp: failed MaxAttempts polls in a row; marked seen, never retried.
	GaveUp Outcome = "gave_up"
	// Skipped: the link is not an http(s) URL.
	Skipped Outcome = "skipped"
)

// MaxAttempts is how many polls in a row may fail to fetch an item's page
// before it is given up (marked seen), so one dead link does not defeat
// conditional GET for its feed for ever.
const MaxAttempts = 3

// Deps are what the pollers need from the service.
type Deps struct {
	Client  *httpfetch.Client
	Seen    Seen
	Publish Publish
	// Validators may be nil: validators are then kept in memory only.
	// Sitemaps keep theirs in memory regardless, as a 304 for an index
	// is only useful with the index parsed in this process.
	Validators Validators
	// Observer may be nil.
	Observer Observer
	// Log may be nil (discard).
	Log *slog.Logger
}

func (d Deps) check() error {
	switch {
	case d.Client == nil:
		return errors.New("deps: nil Client")
	case d.Seen == nil:
		return errors.New("deps: nil Seen")
	case d.Publish == nil:
		return errors.New("deps: nil Publish")
	}
	return nil
}

// Logger returns d.Log, or a logger that discards when it is nil.
func (d Deps) Logger() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// ObservePoll reports one poll of src's own document to the Observer, if
// any.
func (d Deps) ObservePoll(src source.Source, outcome string, err error) {
	if d.Observer != nil {
		d.Observer.ObservePoll(src, outcome, err)
	}
}

// ObserveItem reports what became of one item of src to the Observer, if
// any.
func (d Deps) ObserveItem(src source.Source, out Outcome) {
	if d.Observer != nil {
		d.Observer.ObserveItem(src, string(out))
	}
}

// Handover fetches the article pages a feed or sitemap lists and publishes
// each new one once. It is safe for concurrent use.
type Handover struct {
	d   Deps
	src source.Source

	mu       sync.Mutex
	attempts map[string]int
}

// NewHandover builds a Handover for src.
func NewHandover(src source.Source, d Deps) (*Handover, error) {
	if err := d.check(); err != nil {
		return nil, fmt.Errorf("source %q: %w", src.Name, err)
	}
	return &Handover{d: d, src: src, attempts: map[string]int{}}, nil
}

// Offer hands link over unless it was handed over before: it fetches the
// page (with the source's headers), publishes an article.Raw carrying
// hints, then marks it seen. link is resolved against base. The error
// explains Retry and GaveUp outcomes; a failing Seen store is Retry too.
func (h *Handover) Offer(ctx context.Context, link string, base *url.URL, hints *article.Hints) (Outcome, error) {
	out, err := h.offer(ctx, link, base, hints)
	h.d.ObserveItem(h.src, out)
	return out, err
}

func (h *Handover) offer(ctx context.Context, link string, base *url.URL, hints *article.Hints) (Outcome, error) {
	id, norm, err := articleid.ForLink(base, link)
	if err != nil {
		return Skipped, err
	}
	seen, err := h.d.Seen.Seen(ctx, id)
	if err != nil {
		return Retry, fmt.Errorf("seen %s: %w", norm, err)
	}
	if seen {
		return AlreadySeen, nil
	}
	raw, err := h.fetch(ctx, norm, id, hints)
	if err == nil {
		err = h.d.Publish(ctx, raw)
		if err != nil {
			err = fmt.Errorf("publish %s: %w", norm, err)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return Retry, err
		}
		h.mu.Lock()
		h.attempts[id]++
		n := h.attempts[id]
		h.mu.Unlock()
		if n < MaxAttempts {
			return Retry, err
		}
		if merr := h.d.Seen.Mark(ctx, id); merr != nil {
			return Retry, errors.Join(err, fmt.Errorf("mark %s: %w", norm, merr))
		}
		h.forget(id)
		return GaveUp, fmt.Errorf("after %d attempts: %w", n, err)
	}
	if err := h.d.Seen.Mark(ctx, id); err != nil {
		// Published but not marked: the next poll publishes it again, and
		// downstream deduplicates by ID. Report it, but as published.
		h.d.Logger().Warn("mark seen", "source", h.src.Name, "url", norm, "err", err)
	}
	h.forget(id)
	return Published, nil
}

func (h *Handover) forget(id string) {
	h.mu.Lock()
	delete(h.attempts, id)
	h.mu.Unlock()
}

// fetch gets one page and wraps it as an article.Raw.
func (h *Handover) fetch(ctx context.Context, norm, id string, hints *article.Hints) (article.Raw, error) {
	resp, err := h.d.Client.Get(ctx, httpfetch.Request{URL: norm, Header: h.src.Headers})
	if err != nil {
		return article.Raw{}, err
	}
	return h.raw(resp, id, hints), nil
}

func (h *Handover) raw(resp *httpfetch.Response, id string, hints *article.Hints) article.Raw {
	return article.Raw{
		Schema:      article.SchemaRaw,
		ID:          id,
		Source:      h.src.ArticleSource(),
		URL:         resp.URL,
		ContentType: resp.ContentType,
		FetchedAt:   resp.FetchedAt,
		Body:        resp.Body,
		Hints:       hints,
	}
}

// Poller is what every poller is: Poll polls its source's document once.
type Poller interface {
	Poll(ctx context.Context) error
}

// Run builds src's poller with newPoller and polls src until ctx is done,
// pacing polls by its interval with jitter and backing off after
// failures (source.Poll). Each poller package's Run, a source.Runner, is
// Run with its own constructor.
func Run[P Poller](ctx context.Context, src source.Source, d Deps, newPoller func(source.Source, Deps) (P, error)) error {
	p, err := newPoller(src, d)
	if err != nil {
		return err
	}
	return source.Poll(ctx, source.PacingFor(src), p.Poll)
}
