package article

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// Unmarshal resets *a to the zero Article and decodes the JSON document
// data into it: json.Unmarshal's result and error, without checking the
// schema as DecodeArticle does. The documents the pipeline writes take
// the fast path below; anything else goes through encoding/json.
func Unmarshal(data []byte, a *Article) error {
	return unmarshal(data, a, (*fastDecoder).articleKey)
}

// unmarshal resets *v and decodes data into it with the fast decoder,
// reading each key with key, or, when that refuses the document, with
// encoding/json from the zero value again.
func unmarshal[T any](data []byte, v *T, key func(d *fastDecoder, k []byte, v *T) bool) error {
	var zero T
	*v = zero
	if decodeObject(data, v, key) {
		return nil
	}
	*v = zero
	return json.Unmarshal(data, v)
}

// decodeObject decodes the object that is all of data into v, reading
// each key with key, and reports whether it took on the whole document.
func decodeObject[T any](data []byte, v *T, key func(d *fastDecoder, k []byte, v *T) bool) bool {
	d := fastDecoder{b: data}
	if !d.object(func(k []byte) bool { return key(&d, k, v) }) {
		return false
	}
	d.space()
	return d.i == len(d.b)
}

// decodeFast decodes data into a, a zero Article, as json.Unmarshal does,
// for the documents the pipeline writes: known keys spelled as in the
// struct tags, each once, and strings whose escapes are the common ones.
// It reports false for anything else (an unknown or differently cased
// key, a repeated key, a null where a value is expected, a \u escape of a
// surrogate, invalid UTF-8, invalid JSON), and then a may hold part of
// the document: the caller decodes it again with encoding/json, which
// decides. encoding/json's reflection made decoding an article cost ~10
// times its encoding (BENCHMARKS.md, issue 15). FuzzDecodeFast checks
// that whatever it accepts, encoding/json decodes to the same value.
func decodeFast(data []byte, a *Article) bool {
	return decodeObject(data, a, (*fastDecoder).articleKey)
}

type fastDecoder struct {
	b []byte
	i int
	// seen holds a bit for each of the article's keys read, to refuse a
	// repeated key (encoding/json replaces or merges: left to it).
	seen uint64
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next skips white space and reports whether the next byte is c, and
// consumes it if so.
func (d *fastDecoder) next(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// object reads an object, calling field for each key with the decoder
// before the value, which field must read.
func (d *fastDecoder) object(field func(key []byte) bool) bool {
	if !d.next('{') {
		return false
	}
	if d.next('}') {
		return true
	}
	for {
		d.space()
		key, ok := d.rawKey()
		if !ok || !d.next(':') || !field(key) {
			return false
		}
		if d.next(',') {
			continue
		}
		return d.next('}')
	}
}

// rawKey reads a key without escapes.
func (d *fastDecoder) rawKey() ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return d.b[start:j], true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return nil, false
		}
	}
	return nil, false
}

// null consumes a null literal if one comes next.
func (d *fastDecoder) null() bool {
	d.space()
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// str reads a string.
func (d *fastDecoder) str(s *string) bool {
	d.space()
	v, end, _, ok := ReadJSONString(d.b, d.i, nil)
	if !ok {
		return false
	}
	*s, d.i = v, end
	return true
}

// ReadJSONString reads the JSON string whose opening quote is at b[i], as
// this package's fast decoders do, and returns its text and the index just
// past its closing quote. A string with escapes is unescaped into buf's
// array, which the returned buf keeps for the next call; the text is a
// copy either way. ok is false for what the fast decoders leave to
// encoding/json: no quote at i, an unterminated string, a control byte,
// an unknown escape, a \u escape of a surrogate, invalid UTF-8.
func ReadJSONString(b []byte, i int, buf []byte) (s string, end int, _ []byte, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return "", i, buf, false
	}
	start := i + 1
	j := plainRun(b, start)
	switch {
	case j >= len(b):
		return "", j, buf, false
	case b[j] == '"':
		if !utf8.Valid(b[start:j]) {
			return "", j, buf, false
		}
		return string(b[start:j]), j + 1, buf, true
	case b[j] == '\\':
		return escaped(b, start, buf[:0])
	default: // a control byte
		return "", j, buf, false
	}
}

// plainTable[c] is 1 for a byte that stands for itself in a JSON string:
// all but '"', backslash and control bytes.
var plainTable = func() (t [256]byte) {
	for c := 0x20; c < 256; c++ {
		if c != '"' && c != '\\' {
			t[c] = 1
		}
	}
	return t
}()

// plainRun returns where the bytes of a string that stand for themselves
// end, from j: at the first '"', backslash or control byte, or len(b). It
// looks at eight bytes at a time (a table look-up each, one branch for the
// eight), then byte by byte.
func plainRun(b []byte, j int) int {
	t := &plainTable
	j = skip8(b, j, t)
	for j < len(b) && t[b[j]] == 1 {
		j++
	}
	return j
}

// escaped reads the string that starts at start and holds escapes,
// unescaping it into out.
func escaped(b []byte, start int, out []byte) (string, int, []byte, bool) {
	j := start
	for j < len(b) {
		k := plainRun(b, j)
		out = append(out, b[j:k]...)
		if j = k; j >= len(b) {
			break
		}
		switch c := b[j]; {
		case c == '"':
			if !utf8.Valid(out) {
				return "", j, out, false
			}
			return string(out), j + 1, out, true
		case c < 0x20:
			return "", j, out, false
		}
		// A backslash.
		if j+1 >= len(b) {
			return "", j, out, false
		}
		switch e := b[j+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b, j+2)
			if !ok || (r >= 0xD800 && r < 0xE000) {
				return "", j, out, false // a surrogate: leave pairs to encoding/json
			}
			out = utf8.AppendRune(out, r)
			j += 6
			continue
		default:
			return "", j, out, false
		}
		j += 2
	}
	return "", j, out, false
}

// hex4 reads the four hex digits at b[i].
func hex4(b []byte, i int) (rune, bool) {
	if len(b)-i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// strs reads an array of strings, or null.
func (d *fastDecoder) strs(ss *[]string) bool {
	if d.null() {
		*ss = nil
		return true
	}
	*ss = []string{}
	return d.array(func() bool {
		var s string
		if !d.str(&s) {
			return false
		}
		*ss = append(*ss, s)
		return true
	})
}

// array reads an array, calling elem for each element.
func (d *fastDecoder) array(elem func() bool) bool {
	if !d.next('[') {
		return false
	}
	if d.next(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if d.next(',') {
			continue
		}
		return d.next(']')
	}
}

func (d *fastDecoder) boolean(v *bool) bool {
	d.space()
	switch {
	case len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true":
		*v = true
		d.i += 4
	case len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false":
		*v = false
		d.i += 5
	default:
		return false
	}
	return true
}

// number returns the next JSON number literal, checked against JSON's
// grammar (strconv accepts more).
func (d *fastDecoder) number() ([]byte, bool) {
	d.space()
	start, j := d.i, d.i
	digits := func() bool {
		k := j
		for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
			j++
		}
		return j > k
	}
	if j < len(d.b) && d.b[j] == '-' {
		j++
	}
	switch {
	case j < len(d.b) && d.b[j] == '0':
		j++
	case !digits():
		return nil, false
	}
	if j < len(d.b) && d.b[j] == '.' {
		j++
		if !digits() {
			return nil, false
		}
	}
	if j < len(d.b) && (d.b[j] == 'e' || d.b[j] == 'E') {
		j++
		if j < len(d.b) && (d.b[j] == '+' || d.b[j] == '-') {
			j++
		}
		if !digits() {
			return nil, false
		}
	}
	d.i = j
	return d.b[start:j], true
}

func (d *fastDecoder) integer(v *int) bool {
	lit, ok := d.number()
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(string(lit), 10, 0)
	if err != nil {
		return false
	}
	*v = int(n)
	return true
}

func (d *fastDecoder) float(v *float64) bool {
	lit, ok := d.number()
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return false
	}
	*v = f
	return true
}

// optFloat reads a number or null.
func (d *fastDecoder) optFloat(v **float64) bool {
	if d.null() {
		*v = nil
		return true
	}
	f := new(float64)
	*v = f
	return d.float(f)
}

// time reads a time as Time.UnmarshalJSON does, from the literal.
func (d *fastDecoder) time(t *time.Time) bool {
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return false
	}
	end := d.i + 1
	for end < len(d.b) && d.b[end] != '"' {
		if d.b[end] == '\\' || d.b[end] < 0x20 {
			return false
		}
		end++
	}
	if end >= len(d.b) {
		return false
	}
	if err := t.UnmarshalJSON(d.b[d.i : end+1]); err != nil {
		return false
	}
	d.i = end + 1
	return true
}

func (d *fastDecoder) optTime(t **time.Time) bool {
	if d.null() {
		*t = nil
		return true
	}
	*t = new(time.Time)
	return d.time(*t)
}

// once marks bit n of seen, and reports false if it was set.
func once(seen *uint64, n uint) bool {
	if *seen&(1<<n) != 0 {
		return false
	}
	*seen |= 1 << n
	return true
}

// articleKey reads the value of key into a. Each key may come once.
func (d *fastDecoder) articleKey(key []byte, a *Article) bool {
	switch string(key) {
	case "schema":
		return once(&d.seen, 0) && d.str(&a.Schema)
	case "id":
		return once(&d.seen, 1) && d.str(&a.ID)
	case "source":
		return once(&d.seen, 2) && d.source(&a.Source)
	case "url":
		return once(&d.seen, 3) && d.str(&a.URL)
	case "canonical_url":
		return once(&d.seen, 4) && d.str(&a.CanonicalURL)
	case "title":
		return once(&d.seen, 5) && d.str(&a.Title)
	case "authors":
		return once(&d.seen, 6) && d.strs(&a.Authors)
	case "text":
		return once(&d.seen, 7) && d.str(&a.Text)
	case "highlights":
		return once(&d.seen, 8) && d.strs(&a.Highlights)
	case "language":
		return once(&d.seen, 9) && d.str(&a.Language)
	case "image_url":
		return once(&d.seen, 10) && d.str(&a.ImageURL)
	case "published_at":
		return once(&d.seen, 11) && d.optTime(&a.PublishedAt)
	case "updated_at":
		return once(&d.seen, 12) && d.optTime(&a.UpdatedAt)
	case "fetched_at":
		return once(&d.seen, 13) && d.time(&a.FetchedAt)
	case "content_hash":
		return once(&d.seen, 14) && d.str(&a.ContentHash)
	case "replay":
		return once(&d.seen, 15) && d.boolean(&a.Replay)
	case "ingested_at":
		return once(&d.seen, 16) && d.optTime(&a.IngestedAt)
	case "story_id":
		return once(&d.seen, 17) && d.str(&a.StoryID)
	case "tags":
		if !once(&d.seen, 18) {
			return false
		}
		if d.null() {
			return true
		}
		a.Tags = &Tags{}
		return d.tags(a.Tags)
	case "duplicate_of":
		return once(&d.seen, 19) && d.str(&a.DuplicateOf)
	case "similarity":
		return once(&d.seen, 20) && d.float(&a.Similarity)
	}
	return false
}

func (d *fastDecoder) source(src *Source) bool {
	var seen uint64
	return d.object(func(k []byte) bool {
		switch string(k) {
		case "name":
			return once(&seen, 0) && d.str(&src.Name)
		case "kind":
			var s string
			ok := once(&seen, 1) && d.str(&s)
			src.Kind = Kind(s)
			return ok
		case "locale":
			return once(&seen, 2) && d.str(&src.Locale)
		}
		return false
	})
}

func (d *fastDecoder) tags(t *Tags) bool {
	var seen uint64
	return d.object(func(k []byte) bool {
		switch string(k) {
		case "entities":
			if !once(&seen, 0) {
				return false
			}
			if d.null() {
				return true
			}
			t.Entities = []Entity{}
			return d.array(func() bool {
				t.Entities = append(t.Entities, Entity{})
				return d.entity(&t.Entities[len(t.Entities)-1])
			})
		case "money":
			if !once(&seen, 1) {
				return false
			}
			if d.null() {
				return true
			}
			t.Money = []Money{}
			return d.array(func() bool {
				t.Money = append(t.Money, Money{})
				return d.money(&t.Money[len(t.Money)-1])
			})
		case "figures":
			if !once(&seen, 2) {
				return false
			}
			if d.null() {
				return true
			}
			t.Figures = []Figure{}
			return d.array(func() bool {
				t.Figures = append(t.Figures, Figure{})
				return d.figure(&t.Figures[len(t.Figures)-1])
			})
		}
		return false
	})
}

func (d *fastDecoder) entity(e *Entity) bool {
	var seen uint64
	return d.object(func(k []byte) bool {
		switch string(k) {
		case "type":
			return once(&seen, 0) && d.str(&e.Type)
		case "text":
			return once(&seen, 1) && d.str(&e.Text)
		case "canonical":
			return once(&seen, 2) && d.str(&e.Canonical)
		case "id":
			return once(&seen, 3) && d.str(&e.ID)
		case "watch":
			return once(&seen, 4) && d.boolean(&e.Watch)
		case "start":
			return once(&seen, 5) && d.integer(&e.Start)
		case "end":
			return once(&seen, 6) && d.integer(&e.End)
		}
		return false
	})
}

func (d *fastDecoder) money(m *Money) bool {
	var seen uint64
	return d.object(func(k []byte) bool {
		switch string(k) {
		case "text":
			return once(&seen, 0) && d.str(&m.Text)
		case "currency":
			return once(&seen, 1) && d.str(&m.Currency)
		case "amount":
			return once(&seen, 2) && d.optFloat(&m.Amount)
		case "min":
			return once(&seen, 3) && d.optFloat(&m.Min)
		case "max":
			return once(&seen, 4) && d.optFloat(&m.Max)
		case "approximate":
			return once(&seen, 5) && d.boolean(&m.Approximate)
		case "start":
			return once(&seen, 6) && d.integer(&m.Start)
		case "end":
			return once(&seen, 7) && d.integer(&m.End)
		}
		return false
	})
}

func (d *fastDecoder) figure(f *Figure) bool {
	var seen uint64
	return d.object(func(k []byte) bool {
		switch string(k) {
		case "text":
			return once(&seen, 0) && d.str(&f.Text)
		case "value":
			return once(&seen, 1) && d.optFloat(&f.Value)
		case "min":
			return once(&seen, 2) && d.optFloat(&f.Min)
		case "max":
			return once(&seen, 3) && d.optFloat(&f.Max)
		case "unit":
			return once(&seen, 4) && d.str(&f.Unit)
		case "approximate":
			return once(&seen, 5) && d.boolean(&f.Approximate)
		case "start":
			return once(&seen, 6) && d.integer(&f.Start)
		case "end":
			return once(&seen, 7) && d.integer(&f.End)
		}
		return false
	})
}
