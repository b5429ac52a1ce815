package query

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
)

// Doc is an article prepared for matching: its words are indexed once, so
// any number of queries (every saved search) run on it cheaply. It is
// read-only after NewDoc and safe for concurrent use.
type Doc struct {
	a *article.Article
	// pos holds each word's positions in the searched text.
	pos map[string][]int32
	// canon holds the entities' canonical names, ASCII lower-cased.
	canon []string
}

// Article returns the article d was made from.
func (d *Doc) Article() *article.Article { return d.a }

// SearchedText is what word terms are matched in: the title, a space and
// the text, cut after MaxTextChars characters. The SQL compiler indexes
// the same expression.
func SearchedText(title, text string) string {
	s := title + " " + text
	if len(s) <= MaxTextChars {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxTextChars {
			return s[:i]
		}
		n++
	}
	return s
}

// NewDoc indexes a for matching.
func NewDoc(a *article.Article) *Doc {
	d := &Doc{a: a, pos: make(map[string][]int32, 256)}
	if a.Tags != nil {
		d.canon = make([]string, len(a.Tags.Entities))
		for i, e := range a.Tags.Entities {
			d.canon[i] = asciiLower(e.Canonical)
		}
	}
	s := SearchedText(a.Title, a.Text)
	var n int32
	eachToken(s, func(w string, _, _ int) {
		d.pos[w] = append(d.pos[w], n)
		n++
	})
	return d
}

// eachToken calls f with each lower-cased word of s and its byte span.
func eachToken(s string, f func(w string, start, end int)) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(lowerWord(s[start:i]), start, i)
			start = -1
		}
	}
	if start >= 0 {
		f(lowerWord(s[start:]), start, len(s))
	}
}

func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// asciiLower lower-cases ASCII letters only, as PostgreSQL's lower() does
// on the sink's byte-order ("C") collated name columns: both runners
// compare entity names the same way.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// Match reports whether the article d matches q.
func (q *Query) Match(d *Doc) bool { return match(q.root, d) }

func match(n node, d *Doc) bool {
	switch n := n.(type) {
	case andNode:
		for _, k := range n {
			if !match(k, d) {
				return false
			}
		}
		return true
	case orNode:
		for _, k := range n {
			if match(k, d) {
				return true
			}
		}
		return false
	case notNode:
		return !match(n.x, d)
	case wordNode:
		return len(d.pos[string(n)]) > 0
	case phraseNode:
		return d.phrase(n)
	case fieldNode:
		return d.field(n)
	}
	return false
}

func (d *Doc) phrase(words []string) bool {
	first := d.pos[words[0]]
next:
	for _, p := range first {
		for i, w := range words[1:] {
			if !contains(d.pos[w], p+int32(i)+1) {
				continue next
			}
		}
		return true
	}
	return false
}

// contains reports whether the sorted ps holds p.
func contains(ps []int32, p int32) bool {
	lo, hi := 0, len(ps)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case ps[m] == p:
			return true
		case ps[m] < p:
			lo = m + 1
		default:
			hi = m
		}
	}
	return false
}

// magnitude is the value a range is thresholded on: the value, else the
// maximum, else the minimum (the sink's magnitude column).
func magnitude(v, max, min *float64) (float64, bool) {
	switch {
	case v != nil:
		return *v, true
	case max != nil:
		return *max, true
	case min != nil:
		return *min, true
	}
	return 0, false
}

func (d *Doc) field(f fieldNode) bool {
	a := d.a
	switch f.kind {
	case fSource:
		return a.Source.Name == f.s
	case fLang:
		// An article of no known language has none to match, not "": as
		// in SQL (language is NULL) and in Set (no l: key).
		return a.Language != "" && a.Language == f.s
	case fStory:
		// An article without a story has none to match, not "": as in
		// SQL (story_id is NULL) and in Set (no st: key).
		return a.StoryID != "" && a.StoryID == f.s
	case fPublished:
		if a.PublishedAt == nil {
			return false
		}
		t := *a.PublishedAt
		return (f.lo.IsZero() || !t.Before(f.lo)) && (f.hi.IsZero() || t.Before(f.hi))
	}
	if a.Tags == nil {
		return f.kind == fWatch && !f.b
	}
	switch f.kind {
	case fEntity, fEntityID, fType:
		for i := range a.Tags.Entities {
			e := &a.Tags.Entities[i]
			switch {
			case f.kind == fEntity && d.canon[i] == f.s,
				f.kind == fEntityID && e.ID != "" && e.ID == f.s, // no id matches no id:"" (SQL: NULL; Set: no i: key)
				f.kind == fType && e.Type == f.s:
				return true
			}
		}
	case fWatch:
		for i := range a.Tags.Entities {
			if a.Tags.Entities[i].Watch {
				return f.b
			}
		}
		return !f.b
	case fMoney:
		for i := range a.Tags.Money {
			m := &a.Tags.Money[i]
			if f.s != "" && m.Currency != f.s {
				continue
			}
			if !f.hasNum {
				return true
			}
			if v, ok := magnitude(m.Amount, m.Max, m.Min); ok && f.op.holds(v, f.num) {
				return true
			}
		}
	case fFigure:
		for i := range a.Tags.Figures {
			g := &a.Tags.Figures[i]
			if f.s != "" && g.Unit != f.s {
				continue
			}
			if !f.hasNum {
				return true
			}
			if v, ok := magnitude(g.Value, g.Max, g.Min); ok && f.op.holds(v, f.num) {
				return true
			}
		}
	}
	return false
}

// Words returns the words and phrases the query asks for (not those
// under a NOT), each as its lower-cased words: what to highlight in a
// result.
func (q *Query) Words() [][]string {
	var out [][]string
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case andNode:
			for _, k := range n {
				walk(k)
			}
		case orNode:
			for _, k := range n {
				walk(k)
			}
		case wordNode:
			out = append(out, []string{string(n)})
		case phraseNode:
			out = append(out, []string(n))
		}
	}
	walk(q.root)
	return out
}

// Spans returns the byte spans of s where the words and phrases of
// Words occur, in order and not overlapping.
func Spans(s string, words [][]string) [][2]int {
	if len(words) == 0 {
		return nil
	}
	type tok struct {
		w          string
		start, end int
	}
	var toks []tok
	eachToken(s, func(w string, start, end int) { toks = append(toks, tok{w, start, end}) })
	var out [][2]int
	for i := 0; i < len(toks); {
		best := 0
		for _, ws := range words {
			if len(ws) > best && i+len(ws) <= len(toks) {
				ok := true
				for j, w := range ws {
					if toks[i+j].w != w {
						ok = false
						break
					}
				}
				if ok {
					best = len(ws)
				}
			}
		}
		if best == 0 {
			i++
			continue
		}
		out = append(out, [2]int{toks[i].start, toks[i+best-1].end})
		i += best
	}
	return out
}
