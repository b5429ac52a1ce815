// Package token splits English news text into word tokens with UTF-8 byte
// offsets, in roughly the Penn Treebank style the NER training sets use:
// punctuation is split off, a possessive "'s" and "n't" become their own
// tokens, and abbreviations such as "U.S." and "Mr." keep their periods.
package token

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark: Text[Start:End] of the split
// string, end exclusive.
type Token struct {
	Start, End int
}

// abbrev lists lower-cased words that keep a following period.
var abbrev = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true,
	"col": true, "sgt": true, "capt": true, "cpl": true, "maj": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "rev": true, "st": true, "jr": true, "sr": true, "inc": true,
	"corp": true, "ltd": true, "co": true, "bros": true, "no": true, "vs": true, "mt": true,
	"ft": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "pres": true,
	"supt": true, "insp": true, "det": true, "hon": true, "messrs": true, "plc": true,
}

// Split appends the tokens of text to dst and returns it. Invalid UTF-8
// bytes become one-byte tokens, so every offset lies on a rune boundary
// of the valid parts.
func Split(text string, dst []Token) []Token {
	i := 0
	n := len(text)
	for i < n {
		r, size := rune(text[i]), 1
		if r < utf8.RuneSelf {
			// Most of a text: an ASCII space, or a letter or digit that
			// starts a word.
			switch asciiClass[r] {
			case asciiSpace:
				i++
				continue
			case asciiWord:
				goto word
			}
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if isSpace(r) {
			i += size
			continue
		}
		if !isWordRune(r) {
			if r == '\'' || r == '’' {
				// Contraction or possessive split off the previous word: 's 've 'll 're 'd 'm.
				if e := clitic(text, i+size); e > 0 && len(dst) > 0 && dst[len(dst)-1].End == i {
					dst = append(dst, Token{i, e})
					i = e
					continue
				}
			}
			dst = append(dst, Token{i, i + size})
			i += size
			continue
		}
	word:
		start := i
		i = wordEnd(text, i)
		// "n't" belongs to its own token: "don't" -> "do" "n't".
		if i-start > 3 && (text[i-3] == 'n' || text[i-3] == 'N') && text[i-2] == '\'' && (text[i-1] == 't' || text[i-1] == 'T') {
			dst = append(dst, Token{start, i - 3}, Token{i - 3, i})
			continue
		}
		// Trailing period of an abbreviation.
		if i < n && text[i] == '.' && keepsPeriod(text[start:i]) {
			i++
		}
		dst = append(dst, Token{start, i})
	}
	return dst
}

// wordEnd returns the end of the word starting at i: letters, digits and
// marks, joined across inner hyphens, periods between single letters
// (U.S), a period before a web suffix (JD.com), digit separators
// (1,000.5), ampersands between capitals (AT&T) and apostrophes that do
// not start a clitic (O'Brien).
func wordEnd(text string, i int) int {
	n := len(text)
	seg := i // start of the current hyphen-separated part
	for i < n {
		r, size := rune(text[i]), 1
		if r < utf8.RuneSelf {
			if asciiClass[r] == asciiWord {
				i++ // most of a word: one ASCII letter or digit after another
				continue
			}
		} else if r, size = utf8.DecodeRuneInString(text[i:]); isWordRune(r) {
			i += size
			continue
		}
		if i+size >= n {
			return i
		}
		next, nsize := rune(text[i+size]), 1
		if next >= utf8.RuneSelf {
			next, nsize = utf8.DecodeRuneInString(text[i+size:])
		}
		_ = nsize
		switch r {
		case '-', '.', '&':
			if !isWordRune(next) {
				return i
			}
			if r == '.' && !(isDigit(prevByte(text, i)) && isDigit(next)) && !singleLetterBefore(text, i) && !webSuffix(text[i+size:]) {
				return i
			}
			if r == '&' && !(isUpperByte(prevByte(text, i)) && unicode.IsUpper(next)) {
				return i
			}
			if r == '-' && splitHyphen(text[seg:i], text[i+size:]) {
				return i
			}
			i += size
			if r == '-' {
				seg = i
			}
		case ',':
			if !(isDigit(prevByte(text, i)) && isDigit(next) && i+size+3 <= n && allDigits(text[i+size:i+size+3])) {
				return i
			}
			i += size
		case '\'', '’':
			if !unicode.IsLetter(next) || clitic(text, i+size) > 0 {
				return i
			}
			// "n't": stop before the n handled by the caller.
			i += size
		default:
			return i
		}
	}
	return i
}

// splitHyphen reports whether a hyphen after part, followed by next,
// joins a name to a common word rather than the parts of one name:
// "Taliban-led", "US-based", "pro-Russian", "anti-Israel" split, so the
// name is a token of its own; "al-Qaida", "Guinea-Bissau", "Jong-un" do not.
// rest is the text after the hyphen.
func splitHyphen(part, rest string) bool {
	first, _ := utf8.DecodeRuneInString(part)
	next, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsUpper(first) && unicode.IsLower(next) {
		// Only before an English participle or a few common words, so
		// "Kim Jong-un" and "Moon Jae-in" stay whole.
		w := rest
		for j, r := range rest {
			if !unicode.IsLetter(r) {
				w = rest[:j]
				break
			}
		}
		if len(w) >= 4 && strings.HasSuffix(w, "ed") || len(w) >= 6 && strings.HasSuffix(w, "ing") {
			return true // "Iran-backed", "English-speaking", "China-bashing"
		}
		switch w {
		case "led", "fed", "run", "made", "born", "held", "style", "era", "wide", "like", "free", "based", "owned", "bound",
			"language", "majority", "minority", "origin":
			return true
		}
		return false
	}
	if unicode.IsUpper(next) {
		switch strings.ToLower(part) {
		case "pro", "anti", "non", "ex", "post", "pre", "mid", "neo", "pan", "trans", "inter", "multi", "un":
			return true
		}
	}
	return false
}

// clitic reports the end of a clitic ("s", "ll", "re", "ve", "d", "m") that
// starts at i and is followed by a non-letter, or 0.
func clitic(text string, i int) int {
	for _, c := range [...]string{"s", "ll", "re", "ve", "d", "m", "S", "LL", "RE", "VE", "D", "M"} {
		if len(text)-i >= len(c) && text[i:i+len(c)] == c {
			e := i + len(c)
			if e == len(text) {
				return e
			}
			r, _ := utf8.DecodeRuneInString(text[e:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return e
			}
		}
	}
	return 0
}

// keepsPeriod reports whether word is an abbreviation that keeps its period:
// a known title or suffix, or single letters joined by periods ("U.S").
func keepsPeriod(word string) bool {
	if len(word) == 1 && isUpperByte(word[0]) {
		return true
	}
	if len(word) >= 3 && word[1] == '.' {
		return true
	}
	if len(word) > 7 {
		return false
	}
	var buf [8]byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return abbrev[string(buf[:len(word)])]
}

func singleLetterBefore(text string, i int) bool {
	// A period continues a word only in patterns like U.S or e.g: the
	// character before it is a letter that itself starts the word or
	// follows another period.
	if i == 0 || !isLetterByte(text[i-1]) {
		return false
	}
	return i == 1 || !isLetterByte(text[i-2])
}

func prevByte(text string, i int) byte {
	if i == 0 {
		return 0
	}
	return text[i-1]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDigit[T byte | rune](c T) bool { return c >= '0' && c <= '9' }
func isUpperByte(c byte) bool         { return c >= 'A' && c <= 'Z' }
func isLetterByte(c byte) bool        { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// asciiClass sorts the ASCII bytes for Split: spaces (isSpace), letters
// and digits (isWordRune), and the rest, in one load instead of a chain of
// comparisons.
var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for b := range rune(utf8.RuneSelf) {
		switch {
		case isSpace(b):
			c[b] = asciiSpace
		case isWordRune(b):
			c[b] = asciiWord
		}
	}
	return c
}()

const (
	asciiOther = iota
	asciiSpace
	asciiWord
)

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isLetterByte(byte(r)) || isDigit(r)
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Fold returns a 64-bit FNV-1a hash of s with letters lower-cased, so
// "Iran", "IRAN" and "iran" hash alike. It allocates nothing.
func Fold(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint64(c)
			h *= 1099511628211
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		r = unicode.ToLower(r)
		h ^= uint64(r)
		h *= 1099511628211
		i += size - 1
	}
	return h
}

// Mix combines a running sequence hash with the next element's hash.
func Mix(h, next uint64) uint64 {
	h ^= next + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
	return h * 0xff51afd7ed558ccd
}

// webSuffix reports whether rest, the text after a period, opens with a
// company name's web suffix ending the word: "com" in "JD.com", "Booking.com".
func webSuffix(rest string) bool {
	for _, suf := range []string{"com", "net", "org", "io"} {
		if strings.HasPrefix(rest, suf) {
			if len(rest) == len(suf) {
				return true
			}
			r, _ := utf8.DecodeRuneInString(rest[len(suf):])
			return !isWordRune(r)
		}
	}
	return false
}
