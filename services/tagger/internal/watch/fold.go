package watch

import (
	"unicode"
	"unicode/utf8"
)

// Text and aliases are compared folded: lower case, every run of white
// space one space, typographic apostrophes as ' and Unicode hyphens as -.
// A run of white space that holds a blank line (a paragraph break) ends a
// name.

// lowerASCII folds an ASCII byte.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// wordASCII reports whether an ASCII byte is a letter or a digit.
func wordASCII(c byte) bool {
	l := c | 0x20
	return ('a' <= l && l <= 'z') || ('0' <= c && c <= '9')
}

// spaceASCII reports whether an ASCII byte is white space.
func spaceASCII(c byte) bool { return c == ' ' || ('\t' <= c && c <= '\r') }

// foldRune folds one rune that is not white space.
func foldRune(r rune) rune {
	switch r {
	case '\u2019', '\u2018', '\u02BC', '\u2032':
		return '\''
	case '\u2010', '\u2011':
		return '-'
	}
	return unicode.ToLower(r)
}

// isWord reports whether r is a letter or a digit: names start and end at
// the edges of words.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return wordASCII(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return spaceASCII(byte(r))
	}
	return unicode.IsSpace(r)
}

// fold returns s folded as text is folded.
func fold(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, foldRune(r))
	}
	return string(b)
}

// skipSpace returns the end of the run of white space at text[i:], and
// whether it holds a blank line.
func skipSpace(text string, i int) (int, bool) {
	newlines := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !spaceASCII(c) {
				break
			}
			if c == '\n' {
				newlines++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		if r == '\u2029' {
			newlines += 2
		}
		i += size
	}
	return i, newlines >= 2
}

// capitalsMatch reports whether every capital letter of alias is a capital
// in span, the text that folds to the same string: "Apple" matches "Apple"
// and "APPLE", not "apple"; "acme" matches any case.
func capitalsMatch(span, alias string) bool {
	i, j := 0, 0
	for i < len(span) && j < len(alias) {
		t, ts := utf8.DecodeRuneInString(span[i:])
		a, as := utf8.DecodeRuneInString(alias[j:])
		if isSpace(t) || isSpace(a) {
			i, _ = skipSpace(span, i)
			j, _ = skipSpace(alias, j)
			continue
		}
		if unicode.IsUpper(a) && !unicode.IsUpper(t) && !unicode.IsTitle(t) {
			return false
		}
		i += ts
		j += as
	}
	return true
}
