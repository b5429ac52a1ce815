// Package scan holds the byte-level primitives the tagger's text scanners
// (money, figure, number, link) share: ASCII classes, skipping blanks,
// finding a word's end, and the byte Span they report. It is pure and
// allocates nothing.
package scan

import "math/bits"

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// SkipSpaces returns the offset after at most max spaces or tabs from t[i].
func SkipSpaces(t string, i, max int) int {
	for n := 0; i < len(t) && n < max && (t[i] == ' ' || t[i] == '\t'); n++ {
		i++
	}
	return i
}

// WordEnd returns the offset after the ASCII letters that start at t[i].
// The scanners call it on every word of a text, so it tests eight bytes
// at a time.
func WordEnd(t string, i int) int {
	for ; i+8 <= len(t); i += 8 {
		b := t[i : i+8]
		v := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if m := nonLetters(v); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(t) && IsAlpha(t[i]) {
		i++
	}
	return i
}

// nonLetters returns v's bytes that are not ASCII letters as the top bit
// of each such byte (v holds eight bytes, the first in its low byte). A
// byte is a letter when its low seven bits, or-ed with 0x20 as IsAlpha
// does, are 'a' to 'z' and its top bit is clear; the adds test those
// bounds in every byte at once and cannot carry from one byte to the next.
func nonLetters(v uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	x := (v | 0x20*ones) &^ high
	atLeastA := x + (0x80-'a')*ones
	pastZ := x + (0x80-'z'-1)*ones
	letters := atLeastA &^ pastZ &^ v & high
	return letters ^ high
}

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return '0' <= c && c <= '9' }

// IsAlpha reports whether c is an ASCII letter.
func IsAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// IsAlnum reports whether c is an ASCII letter or digit.
func IsAlnum(c byte) bool { return IsDigit(c) || IsAlpha(c) }

// EqualFold reports whether w is lower, a word written in lower case, with
// its ASCII letters in any case; every other byte must be the same. It is
// how the scanners compare a word of a text with their word lists, without
// strings.EqualFold's Unicode folding or a lower-cased copy.
func EqualFold(w, lower string) bool {
	if len(w) != len(lower) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c, l := w[i], lower[i]; c != l && (l < 'a' || l > 'z' || c != l-('a'-'A')) {
			return false
		}
	}
	return true
}
