// Package page polls sources of kind page: one article page re-fetched
// with conditional GET and published whenever it changed, as a live blog
// or a developing story grows. It stands on handover beside the feed and
// sitemap pollers.
package page

import (
	"context"
	"errors"
	"fmt"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// Poller re-fetches one article page (a source of kind page) with
// conditional GET and publishes it whenever it changed: a live blog or a
// developing story is the same article growing. Poll must not be called
// concurrently with itself.
type Poller struct {
	src source.Source
	d   handover.Deps
	id  string
	url string
	v   handover.Remembered
}

// NewPoller builds a Poller; d.Seen is not used and may be nil.
func NewPoller(src source.Source, d handover.Deps) (*Poller, error) {
	if src.Kind != source.KindPage {
		return nil, fmt.Errorf("page poller for source %q: kind %q is not page", src.Name, src.Kind)
	}
	if d.Client == nil || d.Publish == nil {
		return nil, fmt.Errorf("page poller for source %q: %w", src.Name, errors.New("deps: nil Client or Publish"))
	}
	id, norm, err := articleid.ForLink(nil, src.URL)
	if err != nil {
		return nil, fmt.Errorf("page poller for source %q: %w", src.Name, err)
	}
	return &Poller{src: src, d: d, url: norm, id: id}, nil
}

// Run polls a page source until ctx is done. It is a source.Runner.
func Run(ctx context.Context, src source.Source, d handover.Deps) error {
	return handover.Run(ctx, src, d, NewPoller)
}

// Poll fetches the page once; a 304 publishes nothing. The validators are
// kept only after a successful publish, so a failed publish is retried.
func (p *Poller) Poll(ctx context.Context) error {
	p.v.Load(ctx, p.d, p.url)
	resp, err := p.d.Client.Get(ctx, httpfetch.Request{
		URL: p.url, Header: p.src.Headers, ETag: p.v.ETag, LastModified: p.v.LastModified,
	})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		p.d.ObservePoll(p.src, handover.PollError, err)
		p.d.Logger().Warn("fetch page", "source", p.src.Name, "reason", httpfetch.Reason(err), "err", err)
		return err
	}
	if resp.NotModified {
		p.d.ObservePoll(p.src, handover.PollNotModified, nil)
		return nil
	}
	p.d.ObservePoll(p.src, handover.PollOK, nil)
	raw := article.Raw{
		Schema:      article.SchemaRaw,
		ID:          p.id,
		Source:      p.src.ArticleSource(),
		URL:         resp.URL,
		ContentType: resp.ContentType,
		FetchedAt:   resp.FetchedAt,
		Body:        resp.Body,
	}
	if err := p.d.Publish(ctx, raw); err != nil {
		p.d.ObserveItem(p.src, handover.Retry)
		return fmt.Errorf("source %q: publish %s: %w", p.src.Name, p.url, err)
	}
	p.d.ObserveItem(p.src, handover.Published)
	p.v.Update(ctx, p.d, p.url, resp.ETag, resp.LastModified)
	return nil
}
