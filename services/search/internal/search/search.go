// Package search holds what the search service's stores and its HTTP API
// share: the request and result types, the order of results, cursors, and
// the matching lines shown under each result. Stores (memstore over the
// file sink's JSON Lines, pgstore over the PostgreSQL sink) run the same
// parsed query (pkg/query) and return the same shapes.
package search

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/query"
)

// Sort orders results.
type Sort string

// The orders: newest first (undated articles last, then by id), or by
// relevance in batches: the newest RankSample matches most relevant first
// (then newest), then the next RankSample older matches in the same way,
// and so on, so every match can be reached.
const (
	SortTime      Sort = "time"
	SortRelevance Sort = "relevance"
)

// Limits on one request.
const (
	// MaxLimit is the most results one page holds.
	MaxLimit = 100
	// FacetSample is how many of the newest matches facets count.
	FacetSample = 10000
	// FacetTop is how many values each facet lists.
	FacetTop = 15
	// RankSample is how many matches relevance order ranks together,
	// newest first: the first page ranks the newest RankSample matches,
	// and the pages after them the next. A request reads at most one
	// batch however many articles match, and a batch is ten pages of 20.
	// A batch of 1,000 read five times as many rows: 18,642 for a phrase
	// that 5.5% of 200,000 articles hold (BENCHMARKS.md, Issue 16).
	RankSample = 200
)

// Request is one search.
type Request struct {
	// Query is what to match; nil matches every article.
	Query *query.Query
	// From and To bound the publication time, From <= t < To; a zero
	// bound is open. A bounded request leaves out undated articles.
	From, To time.Time
	Sort     Sort
	// Limit is the page size, 1 to MaxLimit.
	Limit int
	// Cursor continues a previous page (Page.Next); "" starts.
	Cursor string
}

// Hit is one result. Text is the article's text, for Lines; the API
// does not send it.
type Hit struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Source      string     `json:"source"`
	URL         string     `json:"url,omitempty"`
	Language    string     `json:"language,omitempty"`
	PublishedAt *time.Time `json:"published_at"`
	FetchedAt   time.Time  `json:"fetched_at"`
	StoryID     string     `json:"story_id,omitempty"`
	Score       float64    `json:"score,omitempty"`
	Lines       []Line     `json:"lines"`
	Text        string     `json:"-"`
}

// Page is one page of results.
type Page struct {
	Hits []Hit `json:"hits"`
	// Next is the cursor of the next page; "" on the last.
	Next string `json:"next,omitempty"`
}

// Count is one value of a facet and how many matching articles have it.
type Count struct {
	Value string `json:"value"`
	// Type and ID describe an entity value.
	Type  string `json:"type,omitempty"`
	ID    string `json:"id,omitempty"`
	Count int    `json:"count"`
}

// Facets are the top values among the newest FacetSample matches.
type Facets struct {
	Entities []Count `json:"entities"`
	Sources  []Count `json:"sources"`
	// Sampled is how many matches were counted.
	Sampled int `json:"sampled"`
}

// Story is a group of matching articles that share a story id.
type Story struct {
	ID       string     `json:"id"`
	Articles int        `json:"articles"`
	Title    string     `json:"title"`
	First    *time.Time `json:"first,omitempty"`
	Last     *time.Time `json:"last,omitempty"`
}

// ErrNotFound is returned for an article id that is not stored.
var ErrNotFound = errors.New("not found")

// ErrBadCursor is returned for a cursor this service did not make.
var ErrBadCursor = errors.New("invalid cursor")

// ErrTooSlow is returned by a store when a search ran out of its time
// (the PostgreSQL store's statement timeout): the query could not be
// narrowed by an index, so its matches had to be looked for among too
// many articles. Narrowing it (words, a source, a language, a date
// range) is the remedy; retrying is not.
var ErrTooSlow = errors.New("the search took too long")

// Cursor is the position after the last result of a page: the last
// article's time and id (time order); in relevance order the time and id
// of the article before the current batch (none in the first batch) and
// the count of the batch's results already returned.
type Cursor struct {
	Time   *time.Time `json:"t,omitempty"`
	ID     string     `json:"i,omitempty"`
	Offset int        `json:"o,omitempty"`
	// Sort is the order the cursor was made for.
	Sort Sort `json:"s"`
}

// Encode returns the cursor as an opaque string.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by Encode for order s.
func DecodeCursor(s string, sort Sort) (Cursor, error) {
	var c Cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 512 || json.Unmarshal(b, &c) != nil || c.Sort != sort || c.Offset < 0 {
		return Cursor{}, ErrBadCursor
	}
	return c, nil
}

// NextCursor returns the cursor of the page after one that read hits (up
// to r.Limit+1: one more than the page says it is not the last) at cur;
// "" after the last page. In relevance order more says whether a batch
// follows the current one, and (t, id) is the current batch's oldest
// match, after which the next batch starts.
func NextCursor(r Request, cur Cursor, hits []Hit, more bool, t *time.Time, id string) string {
	switch {
	case len(hits) > r.Limit && r.Sort == SortRelevance:
		return Cursor{Time: cur.Time, ID: cur.ID, Offset: cur.Offset + r.Limit, Sort: r.Sort}.Encode()
	case len(hits) > r.Limit:
		last := hits[r.Limit-1]
		return Cursor{Time: last.PublishedAt, ID: last.ID, Sort: r.Sort}.Encode()
	case r.Sort == SortRelevance && more && len(hits) > 0:
		return Cursor{Time: t, ID: id, Sort: r.Sort}.Encode()
	}
	return ""
}

// Before reports whether an article (t, id) comes before (u, uid) in time
// order: newer first, undated last, then the greater id first.
func Before(t *time.Time, id string, u *time.Time, uid string) bool {
	switch {
	case t != nil && u == nil:
		return true
	case t == nil && u != nil:
		return false
	case t != nil && !t.Equal(*u):
		return t.After(*u)
	}
	return id > uid
}

// Lines returns up to max lines of text that hold the query's words, each
// with the byte spans of the words; with no words (or none found), the
// first line. A long line is cut to a window around its first match.
func Lines(text string, q *query.Query, max int) []Line {
	var words [][]string
	if q != nil {
		words = q.Words()
	}
	var out []Line
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		spans := query.Spans(para, words)
		if len(spans) == 0 {
			continue
		}
		out = append(out, window(para, spans))
		if len(out) == max {
			break
		}
	}
	if len(out) == 0 {
		for _, para := range strings.Split(text, "\n") {
			if para = strings.TrimSpace(para); para != "" {
				return []Line{window(para, nil)}
			}
		}
	}
	return out
}

// Line is a line of an article's text and the byte spans in it that
// match the query's words.
type Line struct {
	Text  string   `json:"text"`
	Spans [][2]int `json:"spans,omitempty"`
}

// lineWidth is the longest line shown, in bytes (about).
const lineWidth = 280

func window(s string, spans [][2]int) Line {
	if len(s) <= lineWidth {
		return Line{Text: s, Spans: spans}
	}
	start := 0
	if len(spans) > 0 && spans[0][0] > lineWidth/3 {
		start = spans[0][0] - lineWidth/3
	}
	end := min(len(s), start+lineWidth)
	// Cut at rune boundaries, then at spaces when there is one near.
	for start > 0 && start < len(s) && s[start]&0xC0 == 0x80 {
		start--
	}
	for end < len(s) && s[end]&0xC0 == 0x80 {
		end++
	}
	if i := strings.IndexByte(s[start:end], ' '); start > 0 && i >= 0 && i < 40 {
		start += i + 1
	}
	if i := strings.LastIndexByte(s[start:end], ' '); end < len(s) && i > lineWidth/2 {
		end = start + i
	}
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "… "
	}
	if end < len(s) {
		suffix = " …"
	}
	var kept [][2]int
	for _, sp := range spans {
		if sp[0] >= start && sp[1] <= end {
			kept = append(kept, [2]int{sp[0] - start + len(prefix), sp[1] - start + len(prefix)})
		}
	}
	return Line{Text: prefix + s[start:end] + suffix, Spans: kept}
}

// Top sorts counts by count, then value, and keeps the first FacetTop.
func Top(cs []Count) []Count {
	slices.SortFunc(cs, func(a, b Count) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Value, b.Value), cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID))
	})
	return cs[:min(len(cs), FacetTop)]
}

// MaxStories is the most stories one request lists.
const MaxStories = 50

// TopStories sorts stories by size, then newest, then id, and keeps the
// first MaxStories.
func TopStories(ss []Story) []Story {
	slices.SortFunc(ss, func(a, b Story) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		if Before(a.Last, a.ID, b.Last, b.ID) {
			return -1
		}
		return 1
	})
	return ss[:min(len(ss), MaxStories)]
}
