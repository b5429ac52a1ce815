// Package scan holds the byte-level primitives the tagger's text scanners
// (money, figure, number, link) share: ASCII classes, skipping blanks,
// finding a word's end, and the byte Span they report. It is pure and
// allocates nothing.
package scan

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
func WordEnd(t string, i int) int {
	for i < len(t) && IsAlpha(t[i]) {
		i++
	}
	return i
}

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return '0' <= c && c <= '9' }

// IsAlpha reports whether c is an ASCII letter.
func IsAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// IsAlnum reports whether c is an ASCII letter or digit.
func IsAlnum(c byte) bool { return IsDigit(c) || IsAlpha(c) }
