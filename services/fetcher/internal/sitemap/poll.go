package sitemap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// MaxChildren bounds the child sitemaps of an index fetched per poll (in
// the order listed, after the lastmod window); a news index rarely lists
// more.
const MaxChildren = 50

// validators are one document's conditional GET validators.
type validators struct{ etag, lastModified string }

// Poller polls one sitemap source. Poll must not be called concurrently
// with itself.
type Poller struct {
	src  source.Source
	d    handover.Deps
	hand *handover.Handover
	now  func() time.Time
	// limit caps a gunzipped file.
	limit int64
	// seen holds validators per sitemap URL (the source and its children)
	// whose URLs were all handed over.
	seen map[string]validators
	// index is the source's last parsed index: when the index answers 304
	// its children may still have changed, so they are polled again.
	index     *Sitemap
	indexBase *url.URL
}

// NewPoller builds a Poller for a source of kind sitemap.
func NewPoller(src source.Source, d handover.Deps) (*Poller, error) {
	if src.Kind != source.KindSitemap {
		return nil, fmt.Errorf("sitemap poller for source %q: kind %q is not sitemap", src.Name, src.Kind)
	}
	h, err := handover.NewHandover(src, d)
	if err != nil {
		return nil, err
	}
	if src.LastmodWindow == 0 {
		src.LastmodWindow = source.DefaultLastmodWindow
	}
	return &Poller{src: src, d: d, hand: h, now: time.Now, limit: MaxUncompressed, seen: map[string]validators{}}, nil
}

// Run polls src until ctx is done. It is a source.Runner.
func Run(ctx context.Context, src source.Source, d handover.Deps) error {
	return handover.Run(ctx, src, d, NewPoller)
}

// Poll fetches the sitemap once (and, for an index, its children whose
// lastmod is inside the window) and offers each URL inside the window.
// An error means the source's own document failed; a failing child or
// item is logged and retried on the next poll.
func (p *Poller) Poll(ctx context.Context) error {
	log := p.d.Log
	sm, base, done, err := p.fetch(ctx, p.src.URL)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		p.d.ObservePoll(p.src, handover.PollError, err)
		if log != nil {
			log.Warn("fetch sitemap", "source", p.src.Name, "reason", httpfetch.Reason(err), "err", err)
		}
		return err
	}
	if sm == nil {
		p.d.ObservePoll(p.src, handover.PollNotModified, nil)
		if p.index == nil {
			return nil
		}
		sm, base, done = p.index, p.indexBase, func() {}
	} else {
		p.d.ObservePoll(p.src, handover.PollOK, nil)
		p.index, p.indexBase = nil, nil
		if sm.Index {
			p.index, p.indexBase = sm, base
		}
	}
	if !sm.Index {
		if p.offerAll(ctx, sm, base) {
			done()
		}
		return nil
	}
	complete := true
	children := 0
	for _, ref := range sm.Sitemaps {
		if !p.inWindow(ref.Lastmod) {
			continue
		}
		if children == MaxChildren {
			complete = false
			break
		}
		children++
		loc, err := articleid.Resolve(base, ref.Loc)
		if err != nil {
			continue
		}
		child, childBase, childDone, err := p.fetch(ctx, loc)
		if err != nil {
			complete = false
			if ctx.Err() != nil {
				return nil
			}
			if log != nil {
				log.Warn("fetch child sitemap", "source", p.src.Name, "url", loc, "reason", httpfetch.Reason(err), "err", err)
			}
			continue
		}
		if child == nil {
			continue // not modified
		}
		if child.Index {
			// Indexes of indexes are not allowed by the protocol.
			if log != nil {
				log.Warn("nested sitemap index ignored", "source", p.src.Name, "url", loc)
			}
			childDone()
			continue
		}
		if p.offerAll(ctx, child, childBase) {
			childDone()
		} else {
			complete = false
		}
	}
	if complete {
		done()
	}
	return nil
}

// fetch gets and parses one sitemap document with conditional GET. A nil
// Sitemap with nil error means 304. done stores the response's validators;
// call it once every URL in the document has been handed over.
func (p *Poller) fetch(ctx context.Context, loc string) (sm *Sitemap, base *url.URL, done func(), err error) {
	v := p.seen[loc]
	resp, err := p.d.Client.Get(ctx, httpfetch.Request{URL: loc, Header: p.src.Headers, ETag: v.etag, LastModified: v.lastModified})
	if err != nil {
		return nil, nil, nil, err
	}
	if resp.NotModified {
		return nil, nil, nil, nil
	}
	body, err := Decompress(resp.Body, p.limit)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("source %q: %s: %w", p.src.Name, loc, err)
	}
	sm, err = Parse(bytes.NewReader(body))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("source %q: %s: %w", p.src.Name, loc, err)
	}
	base, _ = url.Parse(resp.URL)
	done = func() {
		if len(p.seen) > 4*MaxChildren {
			clear(p.seen) // children come and go; forget old ones
		}
		p.seen[loc] = validators{resp.ETag, resp.LastModified}
	}
	return sm, base, done, nil
}

// inWindow reports whether a date is recent enough. Entries without a
// date are kept: nothing says they are old, and the seen set stops them
// being fetched twice.
func (p *Poller) inWindow(t *time.Time) bool {
	return t == nil || !t.Before(p.now().Add(-p.src.LastmodWindow))
}

// offerAll offers every URL in the window and reports whether all were
// handed over (or given up).
func (p *Poller) offerAll(ctx context.Context, sm *Sitemap, base *url.URL) bool {
	complete := true
	for _, u := range sm.URLs {
		if !p.inWindow(u.Date()) {
			continue
		}
		out, err := p.hand.Offer(ctx, u.Loc, base, hints(u))
		if out == handover.Retry {
			complete = false
			if ctx.Err() != nil {
				return false
			}
		}
		if err != nil && p.d.Log != nil && !errors.Is(err, context.Canceled) {
			p.d.Log.Warn("hand over sitemap url", "source", p.src.Name, "url", u.Loc, "outcome", string(out), "reason", httpfetch.Reason(err), "err", err)
		}
	}
	return complete
}

func hints(u URL) *article.Hints {
	h := &article.Hints{UpdatedAt: u.Lastmod}
	if u.News != nil {
		h.Title = u.News.Title
		h.PublishedAt = u.News.PublicationDate
	}
	if h.Title == "" && h.PublishedAt == nil && h.UpdatedAt == nil {
		return nil
	}
	return h
}
