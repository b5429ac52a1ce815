package main

import (
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

// str reads the string at i into *s and returns where it ends; escapes
// are unescaped into ld.buf (article.ReadJSONString, the decoding the
// fast paths of package article use).
func (ld *lineDecoder) str(b []byte, i int, s *string) (int, bool) {
	v, end, buf, ok := article.ReadJSONString(b, i, ld.buf)
	ld.buf = buf
	if ok {
		*s = v
	}
	return end, ok
}
