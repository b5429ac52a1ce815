// Package tag runs the tagger's three finders over an article's text and
// merges what they find into article.Tags: money first, then figures that
// are not money, then named entities that do not sit inside an amount
// ("Hong Kong" in "Hong Kong dollars" is part of the currency), with the
// user's watch list over the model for its own names (merge.go). Nothing is
// tagged inside a web or e-mail address. It is pure: the service and the
// tag command share it.
package tag

import (
	"sync/atomic"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/figure"
	"github.com/newswire/newswire/services/tagger/internal/link"
	"github.com/newswire/newswire/services/tagger/internal/money"
	"github.com/newswire/newswire/services/tagger/internal/ner"
	"github.com/newswire/newswire/services/tagger/internal/scan"
	"github.com/newswire/newswire/services/tagger/internal/watch"
)

// Tagger tags text. It is safe for concurrent use.
type Tagger struct {
	ner   *ner.Tagger
	watch atomic.Pointer[watch.Matcher]
}

// New loads the entity model and gazetteers embedded in the binary.
func New() (*Tagger, error) {
	n, err := ner.Load()
	if err != nil {
		return nil, err
	}
	return &Tagger{ner: n}, nil
}

// Tag finds money, figures and entities in text. locale is the source's
// BCP 47 locale hint ("en-AU" makes a bare $ Australian), or "".
func (t *Tagger) Tag(text, locale string) article.Tags {
	tags, skip := amounts(text, locale)
	// merge returns a slice of its own: the entities outside skip are
	// kept in place. A nil one leaves the empty list amounts made.
	es := merge(t.ner.Tag(text), t.watch.Load().Find(text))
	kept := es[:0]
	for _, e := range es {
		if !inside(e.Start, e.End, skip) {
			kept = append(kept, e)
		}
	}
	if kept != nil {
		tags.Entities = kept
	}
	return tags
}

// SetWatch makes m the watch list of every later Tag call (nil: none). It
// may be called while Tag runs: a call uses one list from start to end.
func (t *Tagger) SetWatch(m *watch.Matcher) { t.watch.Store(m) }

// Watch returns the watch list in use, or nil.
func (t *Tagger) Watch() *watch.Matcher { return t.watch.Load() }

// Amounts finds money and figures in text, as Tag does, without the
// entities: the evaluation of those finders goes through it.
func Amounts(text, locale string) article.Tags {
	tags, _ := amounts(text, locale)
	return tags
}

// amounts returns the money and figures in text, and the spans (money and
// links, sorted) that entities must stay out of.
func amounts(text, locale string) (article.Tags, []scan.Span) {
	tags := article.Tags{Money: []article.Money{}, Figures: []article.Figure{}, Entities: []article.Entity{}}
	links := linkSpans(text)
	for _, m := range money.Find(text, money.OptionsForLocale(locale)) {
		if !inside(m.Start, m.End, links) {
			tags.Money = append(tags.Money, m)
		}
	}
	skip := mergeSorted(figure.SpansOf(tags.Money), links)
	if figs := figure.Find(text, skip); figs != nil {
		tags.Figures = figs
	}
	return tags, skip
}

// linkSpans returns the web and e-mail addresses in text.
func linkSpans(text string) []scan.Span {
	return link.Find(text)
}

// mergeSorted merges two span lists sorted by start into a.
func mergeSorted(a, b []scan.Span) []scan.Span {
	if len(b) == 0 {
		return a
	}
	out := make([]scan.Span, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || (i < len(a) && a[i].Start <= b[j].Start) {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return out
}

// inside reports whether [start, end) overlaps one of spans (sorted by
// start, as the finders return them).
func inside(start, end int, spans []scan.Span) bool {
	for _, s := range spans {
		if s.Start >= end {
			return false
		}
		if start < s.End && s.Start < end {
			return true
		}
	}
	return false
}
