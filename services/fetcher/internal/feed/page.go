package feed

import (
	"context"
	"errors"
	"fmt"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// PagePoller re-fetches one article page (a source of kind page) with
// conditional GET and publishes it whenever it changed: a live blog or a
// developing story is the same article growing. Poll must not be called
// concurrently with itself.
type PagePoller struct {
	src source.Source
	d   Deps
	id  string
	url string
	v   remembered
}

// NewPagePoller builds a PagePoller; d.Seen is not used and may be nil.
func NewPagePoller(src source.Source, d Deps) (*PagePoller, error) {
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
	return &PagePoller{src: src, d: d, url: norm, id: id}, nil
}

// RunPage polls a page source until ctx is done. It is a source.Runner.
func RunPage(ctx context.Context, src source.Source, d Deps) error {
	p, err := NewPagePoller(src, d)
	if err != nil {
		return err
	}
	return source.Poll(ctx, source.PacingFor(src), p.Poll)
}

// Poll fetches the page once; a 304 publishes nothing. The validators are
// kept only after a successful publish, so a failed publish is retried.
func (p *PagePoller) Poll(ctx context.Context) error {
	p.v.load(ctx, p.d, p.url)
	resp, err := p.d.Client.Get(ctx, httpfetch.Request{
		URL: p.url, Header: p.src.Headers, ETag: p.v.etag, LastModified: p.v.lastModified,
	})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		p.d.poll(p.src, PollError, err)
		p.d.log().Warn("fetch page", "source", p.src.Name, "reason", httpfetch.Reason(err), "err", err)
		return err
	}
	if resp.NotModified {
		p.d.poll(p.src, PollNotModified, nil)
		return nil
	}
	p.d.poll(p.src, PollOK, nil)
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
		if p.d.Observer != nil {
			p.d.Observer.ObserveItem(p.src, string(Retry))
		}
		return fmt.Errorf("source %q: publish %s: %w", p.src.Name, p.url, err)
	}
	if p.d.Observer != nil {
		p.d.Observer.ObserveItem(p.src, string(Published))
	}
	p.v.update(ctx, p.d, p.url, resp.ETag, resp.LastModified)
	return nil
}
