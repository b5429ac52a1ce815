package archive

import (
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// Converter turns WARC records that the caller reads itself (from a
// stream over HTTP, say) into raw articles by the same rules as Open: the
// same skips, content types, ids and fetch times.
type Converter struct {
	w *warcFile
}

// NewConverter returns a Converter for records read with opts (Name,
// Locale, Kind, Replay and MaxBodySize apply; After does not).
func NewConverter(opts Options) (*Converter, error) {
	s, err := newSource("", opts)
	if err != nil {
		return nil, err
	}
	return &Converter{w: &warcFile{s: s}}, nil
}

// Convert reads rec's block and returns its raw article, or the reason it
// is skipped. fetched is the fetch time of a record without a WARC-Date.
// Call it at most once per record, before the reader's next Next.
func (c *Converter) Convert(rec *warc.Record, fetched time.Time) (*article.Raw, Skip, error) {
	c.w.modTime = fetched
	return c.w.convert(rec)
}

// MaxBodySize is the body size limit in force.
func (c *Converter) MaxBodySize() int64 { return c.w.s.opts.MaxBodySize }
