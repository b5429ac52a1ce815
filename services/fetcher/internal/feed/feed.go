// Package feed polls RSS, Atom and JSON feeds and hands each new item's
// article page over (handover.Handover) as an article.Raw. Feeds are
// fetched with conditional GET, so an unchanged feed costs one 304.
package feed

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// MaxItems bounds the items considered per poll; real feeds carry 10-100.
const MaxItems = 500

// Poller polls one feed. Poll must not be called concurrently with itself.
type Poller struct {
	src  source.Source
	d    handover.Deps
	hand *handover.Handover

	// Validators of the last feed body whose items were all handed over.
	v handover.Remembered
}

// NewPoller builds a Poller for a feed source (rss, atom, jsonfeed, feed).
func NewPoller(src source.Source, d handover.Deps) (*Poller, error) {
	switch src.Kind {
	case source.KindRSS, source.KindAtom, source.KindJSONFeed, source.KindFeed:
	default:
		return nil, fmt.Errorf("feed poller for source %q: kind %q is not a feed", src.Name, src.Kind)
	}
	h, err := handover.NewHandover(src, d)
	if err != nil {
		return nil, err
	}
	return &Poller{src: src, d: d, hand: h}, nil
}

// Run polls src until ctx is done, pacing polls by its interval with
// jitter and backing off after failures. It is a source.Runner.
func Run(ctx context.Context, src source.Source, d handover.Deps) error {
	return handover.Run(ctx, src, d, NewPoller)
}

// Poll fetches the feed once and offers every item. It returns an error
// when the feed itself cannot be fetched or parsed, which backs off the
// next poll; items that fail are retried next time, and until they all
// succeed the feed's validators are not updated, so the next poll gets
// the full feed again instead of a 304.
func (p *Poller) Poll(ctx context.Context) error {
	log := p.d.Logger().With("source", p.src.Name)
	p.v.Load(ctx, p.d, p.src.URL)
	resp, err := p.d.Client.Get(ctx, httpfetch.Request{
		URL: p.src.URL, Header: p.src.Headers, ETag: p.v.ETag, LastModified: p.v.LastModified,
	})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		p.d.ObservePoll(p.src, handover.PollError, err)
		log.Warn("fetch feed", "reason", httpfetch.Reason(err), "err", err)
		return err
	}
	if resp.NotModified {
		p.d.ObservePoll(p.src, handover.PollNotModified, nil)
		return nil
	}
	f, err := Parse(resp.Body)
	if err != nil {
		p.d.ObservePoll(p.src, handover.PollError, err)
		log.Warn("parse feed", "err", err)
		return fmt.Errorf("source %q: %w", p.src.Name, err)
	}
	p.d.ObservePoll(p.src, handover.PollOK, nil)
	// Relative item links resolve against the feed document's final URL.
	base, _ := url.Parse(resp.URL)
	complete := true
	for i, it := range f.Items {
		if i == MaxItems {
			log.Warn("feed truncated", "items", len(f.Items), "kept", MaxItems)
			break
		}
		link := ItemLink(it)
		if link == "" {
			continue
		}
		out, err := p.hand.Offer(ctx, link, base, Hints(f, it))
		switch out {
		case handover.Retry:
			complete = false
			if ctx.Err() != nil {
				return nil
			}
			log.Warn("hand over item", "url", link, "reason", httpfetch.Reason(err), "err", err)
		case handover.GaveUp, handover.Skipped:
			log.Warn("item dropped", "url", link, "outcome", string(out), "err", err)
		}
	}
	if complete {
		p.v.Update(ctx, p.d, p.src.URL, resp.ETag, resp.LastModified)
	}
	return nil
}

// Parse parses an RSS, Atom or JSON feed. encoding/xml, under gofeed,
// never expands entities declared in a DTD, so an entity-expansion
// ("billion laughs") feed cannot blow up; the body is already capped by
// the client.
func Parse(body []byte) (*gofeed.Feed, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	return f, nil
}

// ItemLink is the item's article URL: its link, else its first listed
// link, else a GUID that is itself a URL (RSS guid isPermaLink).
func ItemLink(it *gofeed.Item) string {
	if it.Link != "" {
		return strings.TrimSpace(it.Link)
	}
	for _, l := range it.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

// Hints carries what the feed says about an item to the normalizer. An
// Atom entry without authors inherits the feed's (RFC 4287 4.2.1); RSS
// channel-level people are editors, not bylines, so they are not used.
func Hints(f *gofeed.Feed, it *gofeed.Item) *article.Hints {
	h := &article.Hints{Title: strings.Join(strings.Fields(it.Title), " ")}
	authors := it.Authors
	if len(authors) == 0 && f != nil && f.FeedType == "atom" {
		authors = f.Authors
	}
	for _, a := range authors {
		if a == nil {
			continue
		}
		if name := strings.TrimSpace(a.Name); name != "" {
			h.Authors = append(h.Authors, name)
		}
	}
	h.PublishedAt = utc(it.PublishedParsed)
	h.UpdatedAt = utc(it.UpdatedParsed)
	return h
}

func utc(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
