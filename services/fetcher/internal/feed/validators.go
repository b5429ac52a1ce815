package feed

import (
	"context"
)

// Validators keeps the HTTP validators (ETag, Last-Modified) of feeds and
// pages across restarts, so that the first poll after a restart is still
// a conditional GET: an unchanged feed costs a 304, not a full download
// and a Seen lookup per item. It must be safe for concurrent use. A
// failure to load or store is logged and costs only that saving.
type Validators interface {
	Load(ctx context.Context, url string) (etag, lastModified string, err error)
	Store(ctx context.Context, url, etag, lastModified string) error
}

// remembered is one document's validators as last used, and whether the
// store has been read for it yet.
type remembered struct {
	etag, lastModified string
	loaded             bool
}

// load reads url's validators from d.Validators on first use.
func (r *remembered) load(ctx context.Context, d Deps, url string) {
	if r.loaded {
		return
	}
	r.loaded = true
	if d.Validators == nil {
		return
	}
	etag, lm, err := d.Validators.Load(ctx, url)
	if err != nil {
		d.log().Warn("load validators", "url", url, "err", err)
		return
	}
	r.etag, r.lastModified = etag, lm
}

// update keeps a response's validators and stores them when they changed.
func (r *remembered) update(ctx context.Context, d Deps, url, etag, lastModified string) {
	if etag == r.etag && lastModified == r.lastModified {
		return
	}
	r.etag, r.lastModified = etag, lastModified
	if d.Validators == nil {
		return
	}
	if err := d.Validators.Store(ctx, url, etag, lastModified); err != nil {
		d.log().Warn("store validators", "url", url, "err", err)
	}
}
