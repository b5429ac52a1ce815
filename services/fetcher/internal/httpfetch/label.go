package httpfetch

import (
	"context"
	"time"
)

type labelKey struct{}

// WithLabel returns ctx carrying a metrics label for the requests made
// with it, such as the kind of source that asked. One Client serves every
// source, so per-host politeness holds across them, yet its events can
// still be counted per source kind. Keep labels to a small fixed set.
func WithLabel(ctx context.Context, label string) context.Context {
	return context.WithValue(ctx, labelKey{}, label)
}

// Label returns the label WithLabel put in ctx, or "".
func Label(ctx context.Context) string {
	l, _ := ctx.Value(labelKey{}).(string)
	return l
}

// LabelObserver is an Observer that also receives the request context's
// label. When the Observer given to WithObserver implements it,
// ObserveFetchLabel is called instead of ObserveFetch. It must be safe for
// concurrent use.
type LabelObserver interface {
	Observer
	ObserveFetchLabel(label, reason string, took time.Duration, bytes int)
}
