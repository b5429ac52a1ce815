package article

import (
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends a's JSON document to dst, byte for byte what
// encoding/json's Marshal gives (escapeHTML true) or an Encoder with
// SetEscapeHTML(false) writes before its newline: the same field order,
// omitempty, escapes and number forms. It exists for the stores and
// commands that write articles by the thousand, where encoding/json's
// reflection was most of the time spent (BENCHMARKS.md, issue 15); it
// allocates nothing beyond dst's growth. It fails where Marshal fails: a
// NaN or infinite number, a time outside RFC 3339 (a year past 9999).
// TestAppendJSONFields keeps it in step with the struct tags: a field
// added to Article, Source, Tags, Entity, Money or Figure and not here
// fails that test.
func AppendJSON(dst []byte, a *Article, escapeHTML bool) ([]byte, error) {
	if a == nil {
		return append(dst, "null"...), nil
	}
	e := jsonAppender{b: dst, html: escapeHTML}
	e.raw(`{"schema":`)
	e.str(a.Schema)
	e.raw(`,"id":`)
	e.str(a.ID)
	e.raw(`,"source":{"name":`)
	e.str(a.Source.Name)
	e.raw(`,"kind":`)
	e.str(string(a.Source.Kind))
	if a.Source.Locale != "" {
		e.raw(`,"locale":`)
		e.str(a.Source.Locale)
	}
	e.raw(`}`)
	if a.URL != "" {
		e.raw(`,"url":`)
		e.str(a.URL)
	}
	if a.CanonicalURL != "" {
		e.raw(`,"canonical_url":`)
		e.str(a.CanonicalURL)
	}
	e.raw(`,"title":`)
	e.str(a.Title)
	e.raw(`,"authors":`)
	e.strs(a.Authors)
	e.raw(`,"text":`)
	e.str(a.Text)
	e.raw(`,"highlights":`)
	e.strs(a.Highlights)
	if a.Language != "" {
		e.raw(`,"language":`)
		e.str(a.Language)
	}
	if a.ImageURL != "" {
		e.raw(`,"image_url":`)
		e.str(a.ImageURL)
	}
	e.raw(`,"published_at":`)
	e.timePtr(a.PublishedAt)
	e.raw(`,"updated_at":`)
	e.timePtr(a.UpdatedAt)
	e.raw(`,"fetched_at":`)
	e.time(a.FetchedAt)
	e.raw(`,"content_hash":`)
	e.str(a.ContentHash)
	if a.Replay {
		e.raw(`,"replay":true`)
	}
	if a.IngestedAt != nil {
		e.raw(`,"ingested_at":`)
		e.time(*a.IngestedAt)
	}
	if a.StoryID != "" {
		e.raw(`,"story_id":`)
		e.str(a.StoryID)
	}
	if a.Tags != nil {
		e.raw(`,"tags":`)
		e.tags(a.Tags)
	}
	if a.DuplicateOf != "" {
		e.raw(`,"duplicate_of":`)
		e.str(a.DuplicateOf)
	}
	if a.Similarity != 0 {
		e.raw(`,"similarity":`)
		e.float(a.Similarity)
	}
	e.raw(`}`)
	if e.err != nil {
		return dst, fmt.Errorf("encode article %q: %w", a.ID, e.err)
	}
	return e.b, nil
}

// jsonAppender appends JSON to b; the first error sticks.
type jsonAppender struct {
	b    []byte
	html bool
	err  error
}

func (e *jsonAppender) raw(s string) { e.b = append(e.b, s...) }

func (e *jsonAppender) tags(t *Tags) {
	e.raw(`{"entities":`)
	if t.Entities == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range t.Entities {
			if i > 0 {
				e.raw(",")
			}
			x := &t.Entities[i]
			e.raw(`{"type":`)
			e.str(x.Type)
			e.raw(`,"text":`)
			e.str(x.Text)
			e.raw(`,"canonical":`)
			e.str(x.Canonical)
			if x.ID != "" {
				e.raw(`,"id":`)
				e.str(x.ID)
			}
			if x.Watch {
				e.raw(`,"watch":true`)
			}
			e.span(x.Start, x.End)
		}
		e.raw("]")
	}
	e.raw(`,"money":`)
	if t.Money == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range t.Money {
			if i > 0 {
				e.raw(",")
			}
			x := &t.Money[i]
			e.raw(`{"text":`)
			e.str(x.Text)
			e.raw(`,"currency":`)
			e.str(x.Currency)
			e.optFloat(`,"amount":`, x.Amount)
			e.optFloat(`,"min":`, x.Min)
			e.optFloat(`,"max":`, x.Max)
			if x.Approximate {
				e.raw(`,"approximate":true`)
			}
			e.span(x.Start, x.End)
		}
		e.raw("]")
	}
	e.raw(`,"figures":`)
	if t.Figures == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range t.Figures {
			if i > 0 {
				e.raw(",")
			}
			x := &t.Figures[i]
			e.raw(`{"text":`)
			e.str(x.Text)
			e.optFloat(`,"value":`, x.Value)
			e.optFloat(`,"min":`, x.Min)
			e.optFloat(`,"max":`, x.Max)
			e.raw(`,"unit":`)
			e.str(x.Unit)
			if x.Approximate {
				e.raw(`,"approximate":true`)
			}
			e.span(x.Start, x.End)
		}
		e.raw("]")
	}
	e.raw("}")
}

// span ends a tag object with its offsets.
func (e *jsonAppender) span(start, end int) {
	e.raw(`,"start":`)
	e.b = strconv.AppendInt(e.b, int64(start), 10)
	e.raw(`,"end":`)
	e.b = strconv.AppendInt(e.b, int64(end), 10)
	e.raw("}")
}

func (e *jsonAppender) strs(ss []string) {
	if ss == nil {
		e.raw("null")
		return
	}
	e.raw("[")
	for i, s := range ss {
		if i > 0 {
			e.raw(",")
		}
		e.str(s)
	}
	e.raw("]")
}

func (e *jsonAppender) timePtr(t *time.Time) {
	if t == nil {
		e.raw("null")
		return
	}
	e.time(*t)
}

// time writes t as Time.MarshalJSON does.
func (e *jsonAppender) time(t time.Time) {
	e.b = append(e.b, '"')
	b, err := t.AppendText(e.b)
	if err != nil {
		if e.err == nil {
			e.err = err
		}
		e.b = append(e.b, '"')
		return
	}
	e.b = append(b, '"')
}

func (e *jsonAppender) optFloat(key string, v *float64) {
	if v != nil {
		e.raw(key)
		e.float(*v)
	}
}

// float writes f as encoding/json writes a float64: like ES6's number to
// string conversion.
func (e *jsonAppender) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if e.err == nil {
			e.err = fmt.Errorf("unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
		}
		e.raw("0")
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	e.b = b
}

const hexDigits = "0123456789abcdef"

// jsonSafe[c] is true for an ASCII byte written as itself in a JSON
// string; jsonHTMLSafe also excludes <, > and &.
var jsonSafe, jsonHTMLSafe = func() (safe, htmlSafe [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		safe[c] = c != '"' && c != '\\'
		htmlSafe[c] = safe[c] && c != '<' && c != '>' && c != '&'
	}
	return safe, htmlSafe
}()

// skipTable[0][c] is 1 for a byte jsonSafe passes, skipTable[1][c] for
// one jsonHTMLSafe passes; 0 for the rest, bytes of multi-byte runes
// included.
var skipTable = func() (t [2][256]byte) {
	for c := range utf8.RuneSelf {
		if jsonSafe[c] {
			t[0][c] = 1
		}
		if jsonHTMLSafe[c] {
			t[1][c] = 1
		}
	}
	return t
}()

// skipSafe returns where the bytes from i that need no escape end, or a
// little before: it looks at eight bytes at a time (a table look-up each,
// one branch for the eight) and stops before the first eight holding a
// byte that is not jsonSafe (jsonHTMLSafe with html). The caller finds
// that byte itself.
func skipSafe(s string, i int, html bool) int {
	t := &skipTable[0]
	if html {
		t = &skipTable[1]
	}
	return skip8(s, i, t)
}

// skip8 returns i advanced by eight bytes at a time while all eight have
// a 1 in t (a table look-up each, one branch for the eight): it stops
// before the first eight holding a 0 byte, at most seven short of it.
// The JSON encoder and the fast decoder both scan strings so.
func skip8[B string | []byte](b B, i int, t *[256]byte) int {
	for i+8 <= len(b) {
		w := b[i : i+8] // one bounds check for the eight
		if t[w[0]]&t[w[1]]&t[w[2]]&t[w[3]]&t[w[4]]&t[w[5]]&t[w[6]]&t[w[7]] == 0 {
			break
		}
		i += 8
	}
	return i
}

// str writes s as a JSON string, escaped as encoding/json escapes it:
// invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are escaped.
func (e *jsonAppender) str(s string) {
	safe := &jsonSafe
	if e.html {
		safe = &jsonHTMLSafe
	}
	b := append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Most of a text needs no escape: skip it eight bytes at a time,
		// then to the byte that needs a look.
		i = skipSafe(s, i, e.html)
		for i < len(s) && s[i] < utf8.RuneSelf && safe[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	e.b = append(b, '"')
}
