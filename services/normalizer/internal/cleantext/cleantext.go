// Package cleantext normalizes extracted article text: Unicode NFC,
// invisible and control characters removed, white space made plain and
// single, lines trimmed, and at most one blank line between paragraphs.
// Typographic quotes, dashes and ellipses are kept as they are: they are
// the publisher's text, not noise.
package cleantext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean returns s normalized for storage and tagging:
//   - "\r\n" and "\r" become "\n"; a tab or any Unicode space (NBSP,
//     thin and ideographic spaces) becomes a space;
//   - C0 and C1 controls other than "\n" and "\t", byte order marks, soft
//     hyphens, zero-width spaces, word joiners and bidirectional marks are
//     removed;
//   - a zero-width joiner is kept only between two non-ASCII symbols or
//     letters (emoji sequences such as 👩‍💻, and Indic conjuncts), a
//     zero-width non-joiner only between two letters (Persian and Indic
//     orthography needs it); elsewhere both are removed;
//   - runs of spaces become one space, lines are trimmed, and runs of blank
//     lines become one blank line; the result has no leading or trailing
//     white space;
//   - the result is in Unicode NFC.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	return clean(s)
}

// clean is Clean's full pass.
func clean(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false // a space waits for the next visible rune
	newlines := 0         // newlines waiting for the next visible rune
	started := false
	var prev rune
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == '\n' || r == '\r':
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			newlines++
			pendingSpace = false
			continue
		case r == ' ' || r == '\t':
			pendingSpace = true
			continue
		case r < 0x20 || r == 0x7F:
			continue
		case r < utf8.RuneSelf:
		case r >= 0x80 && r <= 0x9F:
			continue
		case r == '\u200d' || r == '\u200c':
			next, _ := utf8.DecodeRuneInString(s[i:])
			if !keepJoiner(r, prev, next) {
				continue
			}
		case invisible(r):
			continue
		case unicode.IsSpace(r):
			pendingSpace = true
			continue
		}
		if started {
			switch {
			case newlines >= 2:
				b.WriteString("\n\n")
			case newlines == 1:
				b.WriteByte('\n')
			case pendingSpace:
				b.WriteByte(' ')
			}
		}
		started = true
		newlines, pendingSpace = 0, false
		if size == 1 {
			b.WriteByte(byte(r))
		} else {
			b.WriteString(s[i-size : i])
		}
		prev = r
	}
	return b.String()
}

// isClean reports whether Clean would return s unchanged, without
// allocating: most extracted paragraphs are already clean. It may say
// false for some clean strings (a kept joiner); Clean then does the full
// work. The white-space rules are four substring searches (SIMD in the
// runtime); the byte loop then only looks up each byte in a table, and
// decodes the non-ASCII runes. The NFC check runs only when a rune outside
// the nfcStable ranges occurs.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if c := s[0]; c == ' ' || c == '\n' {
		return false
	}
	if c := s[len(s)-1]; c == ' ' || c == '\n' {
		return false
	}
	if strings.Contains(s, "  ") || strings.Contains(s, " \n") || strings.Contains(s, "\n ") || strings.Contains(s, "\n\n\n") {
		return false
	}
	stable := true // every rune so far is in nfcStable
	for i := 0; i < len(s); {
		c := s[i]
		if plainASCII[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return false // tab, CR and other controls, DEL
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r <= 0x9F, r == '\u200d' || r == '\u200c', invisible(r), unicode.IsSpace(r):
			return false
		}
		if stable && !nfcStable(r) {
			stable = false
		}
		i += size
	}
	return stable || norm.NFC.IsNormalString(s)
}

// nfcStableRanges are blocks, common in news text, whose every rune is in
// NFC on its own and never combines with the rune before it (NFC quick
// check "yes", canonical combining class 0): Latin-1 Supplement and Latin
// Extended-A and -B, Cyrillic letters, general punctuation (quotes,
// dashes, ellipsis), currency signs, CJK ideographs and Hangul syllables.
// A string of ASCII and these runes is therefore in NFC; TestNFCStable
// checks every rune of them against golang.org/x/text/unicode/norm.
var nfcStableRanges = [...][2]rune{
	{0x00A0, 0x024F},
	{0x0400, 0x0482},
	{0x048A, 0x04FF},
	{0x2010, 0x205E},
	{0x20A0, 0x20C0},
	{0x4E00, 0x9FFF},
	{0xAC00, 0xD7A3},
}

func nfcStable(r rune) bool {
	for _, rg := range nfcStableRanges {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}

// plainASCII marks the bytes isClean passes without a second look: the
// printable ASCII, the space and the newline.
var plainASCII = func() (t [256]bool) {
	for c := ' '; c < 0x7F; c++ {
		t[c] = true
	}
	t['\n'] = true
	return t
}()

// invisible reports whether r is a format character Clean removes.
func invisible(r rune) bool {
	switch r {
	case '\u00ad', // soft hyphen
		'\u200b',                     // zero-width space
		'\u2060',                     // word joiner
		'\ufeff',                     // byte order mark / zero-width no-break space
		'\u200e', '\u200f', '\u061c', // directional marks
		'\u2061', '\u2062', '\u2063', '\u2064', // invisible operators
		'\u180e': // Mongolian vowel separator, formerly a space
		return true
	}
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r >= 0xFFF9 && r <= 0xFFFB
}

// keepJoiner decides whether a ZWJ or ZWNJ between prev and next carries
// meaning.
func keepJoiner(j, prev, next rune) bool {
	if prev < utf8.RuneSelf || next < utf8.RuneSelf {
		return false
	}
	if j == '\u200c' {
		return unicode.IsLetter(prev) || unicode.Is(unicode.Mn, prev)
	}
	return !unicode.IsSpace(next) && next != utf8.RuneError
}

// Collapse returns strings.Join(strings.Fields(s), " "): s with every run of
// white space made one space and none at either end. Text that is already
// so is returned as it is, without allocating; the extractors ask this of
// every piece of text they look at.
func Collapse(s string) string {
	if collapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is owed before the next word
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			space = b.Len() > 0
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// collapsed reports whether Collapse(s) == s: no white space but single
// ASCII spaces between other characters.
func collapsed(s string) bool {
	prevSpace := true // at the start, a space would be leading
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					return false
				}
				prevSpace = true
			} else if asciiSpace[c] {
				return false
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}

// asciiSpace marks the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}
