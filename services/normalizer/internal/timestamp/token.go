package timestamp

import (
	"unicode"
	"unicode/utf8"
)

type kind uint8

const (
	tNum kind = iota + 1
	tWord
	tPunct
)

// token is one number, word or punctuation mark of the input.
type token struct {
	kind       kind
	space      bool // whitespace precedes the token
	upper      bool // a word starting with an upper-case letter
	allUpper   bool // a word in capitals
	c          byte // a punctuation mark; 0 for any non-ASCII mark
	nd         int  // digits of a number
	val        int  // value of a number; -1 when it has more than 9 digits
	start, end int  // byte offsets
	w          word // meaning of a word
}

// tokenize appends the tokens of s to toks. It stops and reports false when
// more than limit tokens are found.
func tokenize(s string, toks []token, limit int) ([]token, bool) {
	space := true
	for i := 0; i < len(s); {
		if len(toks) >= limit {
			return toks, false
		}
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			space = true
			i++
			continue
		case '0' <= c && c <= '9':
			j, v := i, 0
			for j < len(s) && '0' <= s[j] && s[j] <= '9' {
				if j-i < 9 {
					v = v*10 + int(s[j]-'0')
				}
				j++
			}
			if j-i > 9 {
				v = -1
			}
			toks = append(toks, token{kind: tNum, space: space, nd: j - i, val: v, start: i, end: j})
			i = j
		case isLetter(c):
			j := i
			upper, allUpper := 'A' <= c && c <= 'Z', true
			for j < len(s) {
				b := s[j]
				if b < utf8.RuneSelf {
					if !isLetter(b) {
						break
					}
					if 'a' <= b && b <= 'z' {
						allUpper = false
					}
					j++
					continue
				}
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				allUpper = false
				j += size
			}
			toks = append(toks, token{kind: tWord, space: space, upper: upper, allUpper: allUpper,
				start: i, end: j, w: lookup(s[i:j])})
			i = j
		case c < utf8.RuneSelf:
			toks = append(toks, token{kind: tPunct, space: space, c: c, start: i, end: i + 1})
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsSpace(r):
				space = true
				i += size
				continue
			case unicode.IsLetter(r):
				j := i + size
				for j < len(s) {
					r, n := utf8.DecodeRuneInString(s[j:])
					if !unicode.IsLetter(r) && !isLetterByte(s[j]) {
						break
					}
					j += n
				}
				toks = append(toks, token{kind: tWord, space: space, start: i, end: j})
				i = j
			default:
				var mark byte
				if r == '\u2019' || r == '\u2018' {
					mark = '\''
				}
				toks = append(toks, token{kind: tPunct, space: space, c: mark, start: i, end: i + size})
				i += size
			}
		}
		space = false
	}
	return toks, true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isLetterByte(c byte) bool { return c < utf8.RuneSelf && isLetter(c) }
