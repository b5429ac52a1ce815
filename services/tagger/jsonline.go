package main

import (
	"math/bits"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/article"
)

// lineDecoder decodes the JSON lines `tagger tag -jsonl` reads. The
// common line, {"id":...,"text":...}, takes a short path that unescapes
// the text into one buffer kept from line to line, so a text costs one
// allocation of its own size: article.Unmarshal grows a fresh buffer for
// each escaped string, which was a third of the bytes the command
// allocated over a corpus (and of its page faults). Any other line, and
// anything the short path does not handle (a key other than id and text,
// a repeated key, a \u escape of a surrogate, invalid UTF-8, invalid
// JSON), goes to article.Unmarshal, which decides: the short path gives
// its result or none. FuzzLineDecoder checks that.
type lineDecoder struct {
	buf []byte // the unescaped bytes of the string being read
}

// decode resets *a and decodes line into it as article.Unmarshal does.
func (ld *lineDecoder) decode(line []byte, a *article.Article) error {
	*a = article.Article{}
	if ld.idText(line, a) {
		return nil
	}
	return article.Unmarshal(line, a)
}

// idText decodes a line that is an object of the keys id and text, each
// at most once, with string values, and reports whether it did. On false,
// a may hold part of the line.
func (ld *lineDecoder) idText(b []byte, a *article.Article) bool {
	i := space(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = space(b, i+1)
	if i < len(b) && b[i] == '}' {
		return space(b, i+1) == len(b)
	}
	var seenID, seenText bool
	for {
		var dst *string
		switch {
		case hasKey(b, i, `"id"`) && !seenID:
			seenID, dst, i = true, &a.ID, i+4
		case hasKey(b, i, `"text"`) && !seenText:
			seenText, dst, i = true, &a.Text, i+6
		default:
			return false
		}
		i = space(b, i)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = space(b, i+1)
		var ok bool
		if i, ok = ld.str(b, i, dst); !ok {
			return false
		}
		i = space(b, i)
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = space(b, i+1)
		case '}':
			return space(b, i+1) == len(b)
		default:
			return false
		}
	}
}

// hasKey reports whether b holds the quoted key k at i.
func hasKey(b []byte, i int, k string) bool {
	return len(b)-i >= len(k) && string(b[i:i+len(k)]) == k
}

// space returns where the JSON white space from i ends.
func space(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// str reads the string at i into *s and returns where it ends. Its
// escapes are unescaped into ld.buf, and the string is made from there.
func (ld *lineDecoder) str(b []byte, i int, s *string) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	i++
	j := plain(b, i)
	if j < len(b) && b[j] == '"' {
		if !utf8.Valid(b[i:j]) {
			return j, false
		}
		*s = string(b[i:j])
		return j + 1, true
	}
	out := ld.buf[:0]
	for {
		out = append(out, b[i:j]...)
		if j >= len(b) || b[j] < 0x20 {
			return j, false
		}
		if b[j] == '"' {
			break
		}
		// A backslash.
		if j+1 >= len(b) {
			return j, false
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
			if !ok || r >= 0xD800 && r < 0xE000 {
				return j, false // a surrogate: left to article.Unmarshal
			}
			out = utf8.AppendRune(out, r)
			j += 4
		default:
			return j, false
		}
		i = j + 2
		j = plain(b, i)
	}
	ld.buf = out
	// A \u escape appends valid UTF-8: out is valid if the bytes copied
	// are.
	if !utf8.Valid(out) {
		return j, false
	}
	*s = string(out)
	return j + 1, true
}

// hex4 reads the four hex digits at i.
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

// plain returns where the bytes from i that stand for themselves in a
// JSON string end: at the first '"', backslash or control byte, or
// len(b). It tests eight bytes at a time: a byte of x is flagged in the
// mask when it is below 0x20 or equal to '"' or '\\', and the lowest
// flag is exact (a borrow only runs upwards from a flagged byte).
func plain(b []byte, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for len(b)-i >= 8 {
		x := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		q := x ^ ones*'"'
		bs := x ^ ones*'\\'
		m := ((x - ones*0x20) | (q - ones) | (bs - ones)) &^ x & highs
		if m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(b) && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\' {
		i++
	}
	return i
}
