// Package version decides when two deliveries of an article are the same
// version of it, for both stores of the sink: the same version is stored
// once, however often and by whatever route it arrives; a changed one (new
// text, title, dates or tags) is stored as a new version.
//
// How and when an article was delivered is not part of its version: the
// URL it was fetched from (a WARC may hold one page under two URIs, as
// news-sample.warc.gz holds hard::womencantalksports.com.top10.html and its
// http URL, both with one id and one content hash), its source, the time
// of the fetch and whether it came from a replay. A re-delivery that
// differs only in those adds nothing to either store.
package version

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/newswire/newswire/pkg/article"
)

// Order is where a version stands among an article's versions, for the
// rule both stores keep: a different version replaces the stored one when
// its fetch time, then its update time (none lowest), is the same or
// later, at microsecond precision (PostgreSQL's); an older version that
// arrives late (last month's archive replayed after today's fetch) is not
// stored. PostgreSQL's upsert writes the same comparison in SQL
// (services/sink/internal/postgres, WriteOutcome).
type Order struct{ fetched, updated int64 }

// OrderOf returns a's place among its versions.
func OrderOf(a *article.Article) Order {
	o := Order{fetched: a.FetchedAt.UnixMicro(), updated: math.MinInt64}
	if a.UpdatedAt != nil {
		o.updated = a.UpdatedAt.UnixMicro()
	}
	return o
}

// Supersedes reports whether a different version at o replaces one stored
// at stored.
func (o Order) Supersedes(stored Order) bool {
	return o.fetched > stored.fetched || o.fetched == stored.fetched && o.updated >= stored.updated
}

// Append appends an encoding of every field of a that makes its version to
// b. It is not JSON but carries the same information: strings are
// length-prefixed and numbers fixed-width, so two different versions never
// encode alike, and it costs a fraction of encoding JSON. Hash the result
// to compare versions. TestAppendCoversEveryField fails when the contract
// gains a field that this neither covers nor lists as delivery metadata.
func Append(b []byte, a *article.Article) []byte {
	b = appendString(b, a.Schema)
	b = appendString(b, a.ID)
	b = appendString(b, a.CanonicalURL)
	b = appendString(b, a.Title)
	b = appendStrings(b, a.Authors)
	b = appendString(b, a.Text)
	b = appendStrings(b, a.Highlights)
	b = appendString(b, a.Language)
	b = appendString(b, a.ImageURL)
	b = appendTimePtr(b, a.PublishedAt)
	b = appendTimePtr(b, a.UpdatedAt)
	b = appendString(b, a.ContentHash)
	b = appendString(b, a.StoryID)
	b = appendString(b, a.DuplicateOf)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(a.Similarity))
	b = appendBool(b, a.Tags != nil)
	if a.Tags == nil {
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(a.Tags.Entities)))
	for _, e := range a.Tags.Entities {
		b = appendString(b, e.Type)
		b = appendString(b, e.Text)
		b = appendString(b, e.Canonical)
		b = appendString(b, e.ID)
		b = appendInt(b, e.Start)
		b = appendInt(b, e.End)
		b = appendBool(b, e.Watch)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Tags.Money)))
	for _, m := range a.Tags.Money {
		b = appendString(b, m.Text)
		b = appendString(b, m.Currency)
		b = appendFloatPtr(b, m.Amount)
		b = appendFloatPtr(b, m.Min)
		b = appendFloatPtr(b, m.Max)
		b = appendBool(b, m.Approximate)
		b = appendInt(b, m.Start)
		b = appendInt(b, m.End)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Tags.Figures)))
	for _, f := range a.Tags.Figures {
		b = appendString(b, f.Text)
		b = appendFloatPtr(b, f.Value)
		b = appendFloatPtr(b, f.Min)
		b = appendFloatPtr(b, f.Max)
		b = appendString(b, f.Unit)
		b = appendBool(b, f.Approximate)
		b = appendInt(b, f.Start)
		b = appendInt(b, f.End)
	}
	return b
}

// Delivery lists the article fields that say how and when it was
// delivered, which Append leaves out (Go field paths, as the coverage test
// names them). IngestedAt is when the broker got it: a replay the next day
// changes it and nothing else.
var Delivery = []string{
	"Article.Source.Name", "Article.Source.Kind", "Article.Source.Locale",
	"Article.URL", "Article.FetchedAt", "Article.Replay", "Article.IngestedAt",
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendInt(b []byte, n int) []byte { return binary.AppendVarint(b, int64(n)) }

func appendFloatPtr(b []byte, v *float64) []byte {
	if v == nil {
		return append(b, 0)
	}
	return binary.LittleEndian.AppendUint64(append(b, 1), math.Float64bits(*v))
}

// appendTime encodes the instant, whatever its zone: the database keeps
// only the instant.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

func appendTimePtr(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, 0)
	}
	return appendTime(append(b, 1), *t)
}
