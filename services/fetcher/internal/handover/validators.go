package handover

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

// Remembered is one document's validators as last used (ETag and
// LastModified, for the next conditional GET), and whether the store has
// been read for it yet. A poller keeps one per document it polls.
type Remembered struct {
	ETag, LastModified string
	loaded             bool
}

// Load reads url's validators from d.Validators on first use.
func (r *Remembered) Load(ctx context.Context, d Deps, url string) {
	if r.loaded {
		return
	}
	r.loaded = true
	if d.Validators == nil {
		return
	}
	etag, lm, err := d.Validators.Load(ctx, url)
	if err != nil {
		d.Logger().Warn("load validators", "url", url, "err", err)
		return
	}
	r.ETag, r.LastModified = etag, lm
}

// Update keeps a response's validators and stores them when they changed.
func (r *Remembered) Update(ctx context.Context, d Deps, url, etag, lastModified string) {
	if etag == r.ETag && lastModified == r.LastModified {
		return
	}
	r.ETag, r.LastModified = etag, lastModified
	if d.Validators == nil {
		return
	}
	if err := d.Validators.Store(ctx, url, etag, lastModified); err != nil {
		d.Logger().Warn("store validators", "url", url, "err", err)
	}
}
