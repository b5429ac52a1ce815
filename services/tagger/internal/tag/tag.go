// Package tag runs the tagger's three finders over an article's text and
// merges what they find into article.Tags: money first, then figures that
// are not money, then named entities that do not sit inside an amount
// ("Hong Kong" in "Hong Kong dollars" is part of the currency). It is pure:
// the service and the tag command share it.
package tag

import (
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/tagger/internal/figure"
	"github.com/newswire/newswire/services/tagger/internal/money"
	"github.com/newswire/newswire/services/tagger/internal/ner"
)

// Tagger tags text. It is safe for concurrent use.
type Tagger struct {
	ner *ner.Tagger
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
	tags := article.Tags{
		Money:    money.Find(text, money.OptionsForLocale(locale)),
		Entities: []article.Entity{},
	}
	spans := make([]figure.Span, len(tags.Money))
	for i, m := range tags.Money {
		spans[i] = figure.Span{Start: m.Start, End: m.End}
	}
	tags.Figures = figure.Find(text, spans)
	for _, e := range t.ner.Tag(text) {
		if !inside(e.Start, e.End, spans) {
			tags.Entities = append(tags.Entities, e)
		}
	}
	if tags.Money == nil {
		tags.Money = []article.Money{}
	}
	if tags.Figures == nil {
		tags.Figures = []article.Figure{}
	}
	return tags
}

// inside reports whether [start, end) overlaps one of spans (sorted by
// start, as the finders return them).
func inside(start, end int, spans []figure.Span) bool {
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
