// Package number finds numbers in English news text: numerals with thousands
// separators and decimals ("1,234,567", "1 234 567", ".08"), magnitudes
// written glued or spaced ("10k", "£170million", "1.5bn", "2 million", "13
// lakh"), spelled-out numbers ("twenty-six", "a hundred and two", "half a
// million", "three lakh crore"), dozens and simple fractions ("two thirds").
//
// It is the shared base of the money and figure taggers: it reports every
// number with its byte span and leaves deciding what the number counts (or
// whether it is a year, a time or a model number) to them. The scanner is
// hand-written and works on bytes: it does not allocate except to grow the
// result slice.
package number

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/services/tagger/internal/scan"
)

// Match is one number found in a text.
type Match struct {
	// Start and End are UTF-8 byte offsets into the text, End exclusive.
	Start, End int
	// Value is the number's value ("2.5 million" is 2500000).
	Value float64
	// Scale is the largest magnitude written with the number (1e6 for "2
	// million" and "2m"), or 1 when it has none. A range such as "£2-3m"
	// uses it to carry the magnitude back to the lower bound.
	Scale float64
	// Digits reports whether the number starts with a numeral.
	Digits bool
	// Spelled reports whether any number word was used ("twenty", "million").
	Spelled bool
	// Grouped reports thousands separators ("1,000", "1 000").
	Grouped bool
	// Decimal reports a decimal point in the numeral.
	Decimal bool
	// Fraction reports a fraction written with a slash or a fraction
	// character ("1/4", "2 1/2", "½"); Value holds its value.
	Fraction bool
	// Glued is the run of letters written straight after the numeral that is
	// not a magnitude: "kg" in "10kg", "st" in "21st", "p" in "50p". The
	// match ends before it.
	Glued string
}

// Find returns every number in text, in order and without overlaps.
func Find(text string) []Match { return AppendFind(nil, text) }

// AppendFind appends every number in text to dst and returns the extended
// slice, so a caller can reuse one buffer across texts.
func AppendFind(dst []Match, text string) []Match {
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case scan.IsAlpha(c):
			we := scan.WordEnd(text, i)
			// StartsNumber, with its call only for the few words
			// that mayStartNumber lets through.
			if w := text[i:we]; mayStartNumber(w) && startsNumber(w) && BoundaryBefore(text, i) {
				if m, ok := Parse(text, i); ok {
					dst = append(dst, m)
					i = m.End
					continue
				}
			}
			i = we
		case scan.IsDigit(c), c == '.', c == '-', c == 0xE2, c == 0xC2:
			if scan.IsDigit(c) {
				if end := dottedCode(text, i); end > i {
					// "1.2.3", "07.01.2020", "10.0.0.1": versions,
					// dates and addresses, not numbers.
					i = end
					continue
				}
			}
			if BoundaryBefore(text, i) {
				if m, ok := Parse(text, i); ok {
					dst = append(dst, m)
					i = m.End
					continue
				}
			}
			if scan.IsDigit(c) {
				for i < len(text) && scan.IsAlnum(text[i]) {
					i++
				}
				continue
			}
			i++
		default:
			i++
		}
	}
	return dst
}

// BoundaryBefore reports whether byte offset i starts a token: it is the
// start of text or follows a byte that is neither an ASCII letter or digit
// nor the end of a non-ASCII letter.
func BoundaryBefore(text string, i int) bool {
	if i == 0 {
		return true
	}
	p := text[i-1]
	if p < utf8.RuneSelf {
		return !scan.IsAlnum(p)
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// token kinds beyond the word kinds.
const (
	kNumeral wordKind = 100 + iota
	kStart
)

// state is the running value of a number being parsed.
type state struct {
	total, cur float64
	last       float64 // the last atom added to cur, for "dozen"
	lastScale  float64 // the smallest big scale applied so far
	maxScale   float64
	pk         wordKind // kind of the previous token
	end        int
	spelled    bool
	onlyNum    bool // a single numeral so far, no words
	digits     bool // the number opened with a numeral ("170 million")
}

// Parse reads the number that starts exactly at byte offset i of text. It
// does not check what precedes i (see BoundaryBefore); it reports false when
// no number starts there.
func Parse(text string, i int) (Match, bool) {
	if i < 0 || i >= len(text) {
		return Match{}, false
	}
	m := Match{Start: i, Scale: 1}
	pos := i
	neg := false
	c := text[pos]
	if c == '-' || c == 0xE2 && strings.HasPrefix(text[pos:], "−") {
		w := 1
		if c == 0xE2 {
			w = 3
		}
		k := scan.SkipSpaces(text, pos+w, 2)
		if k >= len(text) || !(scan.IsDigit(text[k]) || (text[k] == '.' && k+1 < len(text) && scan.IsDigit(text[k+1]))) {
			return Match{}, false
		}
		if k > pos+w && !(i == 0 || text[i-1] == ' ' || text[i-1] == '(') {
			return Match{}, false
		}
		neg = true
		pos = k
		c = text[pos]
	}
	var st state
	st.lastScale = math.Inf(1)
	st.maxScale = 1
	if fv, n := vulgar(text, pos); n > 0 {
		m.Digits, m.Fraction, m.End, m.Value = true, true, pos+n, fv
		if neg {
			m.Value = -fv
		}
		return m, true
	}
	if scan.IsDigit(c) || c == '.' {
		v, end, grouped, decimal := numeral(text, pos)
		if end == pos {
			return Match{}, false
		}
		m.Digits, m.Grouped, m.Decimal = true, grouped, decimal
		if !grouped && !decimal {
			if fv, fend, ok := fraction(text, pos, end, v); ok {
				m.Fraction, m.End, m.Value = true, fend, fv
				if neg {
					m.Value = -fv
				}
				return m, true
			}
		}
		st.cur, st.last, st.pk, st.end, st.onlyNum, st.digits = v, v, kNumeral, end, true, true
		if end < len(text) && scan.IsAlpha(text[end]) {
			we := scan.WordEnd(text, end)
			run := text[end:we]
			if sc := gluedScale(run); sc > 0 && (we >= len(text) || !scan.IsDigit(text[we])) {
				st.total, st.cur, st.lastScale, st.maxScale = Scaled(v, sc), 0, sc, sc
				st.pk, st.end, st.onlyNum = wScale, we, false
			} else {
				m.Glued = run
				m.End = end
				m.Value = v
				if neg {
					m.Value = -v
				}
				return m, true
			}
		}
	} else if scan.IsAlpha(c) {
		if !parseFirstWord(text, pos, &st) {
			return Match{}, false
		}
		if st.pk == wMinus {
			if neg {
				return Match{}, false
			}
			k := scan.SkipSpaces(text, st.end, 3)
			if k == st.end {
				return Match{}, false
			}
			inner, ok := Parse(text, k)
			if !ok || inner.Glued != "" && inner.End == k {
				return Match{}, false
			}
			inner.Start = i
			inner.Value = -inner.Value
			inner.Spelled = true
			return inner, true
		}
		m.Spelled = true
	} else {
		return Match{}, false
	}
	continueNumber(text, &st)
	m.End = st.end
	m.Value = st.total + st.cur
	if neg {
		m.Value = -m.Value
	}
	m.Scale = st.maxScale
	m.Spelled = m.Spelled || st.spelled
	return m, true
}

// parseFirstWord reads the word that starts a spelled number.
func parseFirstWord(text string, pos int, st *state) bool {
	we := scan.WordEnd(text, pos)
	k, v := classify(text[pos:we])
	switch k {
	case wUnit, wTeen, wTens:
		st.cur, st.last, st.pk, st.end = v, v, k, we
		return true
	case wMinus:
		st.pk, st.end = wMinus, we
		return true
	case wA, wHalf, wQuarter:
		// "a hundred", "a dozen", "a quarter of a billion", "half a million",
		// "half million", "a half million", "quarter million".
		if k == wQuarter && text[pos:we] != "quarter" && text[pos:we] != "Quarter" {
			return false
		}
		j := scan.SkipSpaces(text, we, 3)
		if j == we {
			return false
		}
		nwe := scan.WordEnd(text, j)
		nk, _ := classify(text[j:nwe])
		val := 1.0
		if k == wA && nk == wHalf && text[j:nwe] == "half" {
			// "a half million"
			k, val = wHalf, 0.5
			j = scan.SkipSpaces(text, nwe, 3)
			if j == nwe {
				return false
			}
			nwe = scan.WordEnd(text, j)
			nk, _ = classify(text[j:nwe])
		} else if k == wHalf || k == wQuarter {
			val = 0.5
			if k == wQuarter {
				val = 0.25
			}
			if nk == wA {
				j = scan.SkipSpaces(text, nwe, 3)
				if j == nwe {
					return false
				}
				nwe = scan.WordEnd(text, j)
				nk, _ = classify(text[j:nwe])
			} else if nk != wScale {
				return false
			}
		} else if nk == wQuarter && text[j:nwe] == "quarter" {
			// "a quarter of a billion"
			j2 := scan.SkipSpaces(text, nwe, 3)
			oe := scan.WordEnd(text, j2)
			if j2 == nwe || text[j2:oe] != "of" {
				return false
			}
			j3 := scan.SkipSpaces(text, oe, 3)
			ae := scan.WordEnd(text, j3)
			if j3 == oe {
				return false
			}
			if ak, _ := classify(text[j3:ae]); ak != wA {
				return false
			}
			j = scan.SkipSpaces(text, ae, 3)
			if j == ae {
				return false
			}
			nwe = scan.WordEnd(text, j)
			nk, _ = classify(text[j:nwe])
			val = 0.25
		}
		if nk != wHundred && nk != wScale && nk != wDozen {
			return false
		}
		if nk == wScale && len(text[j:nwe]) <= 3 {
			return false // "a bn" is not English
		}
		st.cur, st.last, st.pk, st.end = val, val, wUnit, pos
		// Leave end at the quantifier word so that the loop consumes
		// the multiplier itself; remember where the multiplier starts.
		st.end = j - 1
		for st.end > pos && (text[st.end] == ' ' || text[st.end] == '\t') {
			st.end--
		}
		st.end++
		st.spelled = true
		return true
	}
	return false
}

// continueNumber consumes the words and numerals that extend the number in
// st: "hundred", "million", "and six", "point five", "dozen".
func continueNumber(text string, st *state) {
	type snapshot struct {
		total, cur, last float64
		pk               wordKind
		end              int
	}
	var snap snapshot
	snapActive := false
	restore := func() {
		st.total, st.cur, st.last, st.pk, st.end = snap.total, snap.cur, snap.last, snap.pk, snap.end
		snapActive = false
	}
	for {
		j := scan.SkipSpaces(text, st.end, 8)
		if j >= len(text) {
			break
		}
		c := text[j]
		hyphen := false
		if c == '-' && j == st.end || c == '-' && st.pk == wTens {
			// "twenty-one", "fifty - two", "one-half"
			k := scan.SkipSpaces(text, j+1, 2)
			if k >= len(text) || !scan.IsAlpha(text[k]) {
				break
			}
			j, c, hyphen = k, text[k], true
		}
		if scan.IsDigit(c) {
			if hyphen || !(st.pk == wAnd || (st.pk == wScale && st.cur == 0 && !st.onlyNum)) {
				break
			}
			v, end, grouped, decimal := numeral(text, j)
			if end < len(text) && scan.IsAlpha(text[end]) || grouped || v == 0 || v >= st.lastScale {
				if snapActive {
					restore()
				}
				break
			}
			_ = decimal
			if st.digits && !numeralContinues(text, end, st.pk, snap.pk) {
				// "3 hundred and 21" and "4 thousand 3 hundred" are one
				// number; "£170million and 52 targets" is two.
				if snapActive {
					restore()
				}
				break
			}
			st.cur += v
			st.last = v
			st.pk = kNumeral
			st.onlyNum = false
			st.end = end
			continue
		}
		if c == '&' && !hyphen {
			if (st.pk == wHundred || st.pk == wScale) && st.total+st.cur > 0 {
				snap = snapshot{st.total, st.cur, st.last, st.pk, st.end}
				snapActive = true
				st.pk = wAnd
				st.end = j + 1
				continue
			}
			break
		}
		if !scan.IsAlpha(c) {
			break
		}
		we := scan.WordEnd(text, j)
		word := text[j:we]
		k, v := classify(word)
		if hyphen && !(k == wUnit && st.pk == wTens && v > 0) && !(k == wFrac || k == wHalf || k == wQuarter) {
			break
		}
		accepted := true
		switch k {
		case wUnit, wTeen:
			switch {
			case st.pk == wTens && k == wUnit && v > 0:
				st.cur += v
			case (st.pk == wHundred || st.pk == wScale || st.pk == wAnd) && mod100(st.cur) == 0 && st.pk != kNumeral:
				if st.pk == wAnd && v == 0 {
					accepted = false
					break
				}
				st.cur += v
			default:
				accepted = false
			}
			if accepted {
				st.last = v
			}
		case wTens:
			if (st.pk == wHundred || st.pk == wScale || st.pk == wAnd) && mod100(st.cur) == 0 {
				st.cur += v
				st.last = v
			} else {
				accepted = false
			}
		case wHundred:
			if st.cur > 0 && st.pk != wHundred && (st.cur < 100 || st.onlyNum) {
				st.cur *= 100
				snapActive = false
			} else {
				if snapActive {
					restore()
				}
				return
			}
		case wScale:
			if st.cur > 0 && v < st.lastScale {
				st.total += Scaled(st.cur, v)
				st.cur = 0
				st.lastScale = v
				st.maxScale = math.Max(st.maxScale, v)
				snapActive = false
			} else if st.cur == 0 && st.pk == wScale && v > st.lastScale {
				st.total = Scaled(st.total, v)
				st.lastScale = v
				st.maxScale = math.Max(st.maxScale, v)
			} else {
				if snapActive {
					restore()
				}
				return
			}
		case wAnd:
			// "and a half"
			if (st.pk == wUnit || st.pk == wTeen || st.pk == wTens || st.pk == kNumeral) && st.total == 0 {
				a := scan.SkipSpaces(text, we, 3)
				ae := scan.WordEnd(text, a)
				h := scan.SkipSpaces(text, ae, 3)
				he := scan.WordEnd(text, h)
				if a > we && h > ae {
					ak, _ := classify(text[a:ae])
					hk, _ := classify(text[h:he])
					if ak == wA && hk == wHalf && (text[h:he] == "half") {
						st.cur += 0.5
						st.pk = kNumeral
						st.onlyNum = false
						st.end = he
						st.spelled = true
						continue
					}
				}
			}
			if (st.pk == wHundred || st.pk == wScale) && st.total+st.cur > 0 {
				snap = snapshot{st.total, st.cur, st.last, st.pk, st.end}
				snapActive = true
				st.pk = wAnd
				st.end = we
				continue
			}
			accepted = false
		case wPoint:
			if st.pk == kNumeral || st.pk == wAnd || st.total+st.cur == 0 {
				accepted = false
				break
			}
			frac, end, ok := pointDigits(text, we)
			if !ok {
				accepted = false
				break
			}
			st.cur += frac
			st.end = end
			st.spelled = true
			return
		case wDozen:
			if st.last > 0 && (st.pk == wUnit || st.pk == wTeen || st.pk == wTens || st.pk == kNumeral) {
				st.cur = st.cur - st.last + st.last*12
				st.end = we
				st.spelled = true
				return
			}
			accepted = false
		case wFrac, wHalf, wQuarter:
			if st.total == 0 && (st.pk == wUnit || st.pk == wTeen) && !st.onlyNum && st.cur > 0 && st.cur <= 20 {
				if k == wFrac && st.cur == 1 && strings.HasSuffix(word, "s") {
					accepted = false
					break
				}
				st.cur /= v
				st.end = we
				st.spelled = true
				return
			}
			accepted = false
		default:
			// A one-letter magnitude after a numeral: "2.33 k", "1,674.5 G".
			if st.pk == kNumeral && st.onlyNum && !hyphen {
				if sc := spacedLetterScale(word); sc > 0 {
					st.total += Scaled(st.cur, sc)
					st.cur = 0
					st.lastScale = sc
					st.maxScale = math.Max(st.maxScale, sc)
					st.pk = wScale
					st.end = we
					st.spelled = true
					continue
				}
			}
			accepted = false
		}
		if !accepted {
			break
		}
		st.pk = k
		st.onlyNum = false
		st.spelled = true
		st.end = we
	}
	if snapActive && st.pk == wAnd {
		restore()
	}
}

// numeralContinues decides, for a number that opened with a numeral,
// whether the numeral ending at end extends it: after "and" only when the
// "and" follows "hundred" (pk is wAnd, beforeAnd what preceded it), and
// straight after a scale word only when "hundred" follows the numeral.
func numeralContinues(text string, end int, pk, beforeAnd wordKind) bool {
	if pk == wAnd {
		return beforeAnd == wHundred
	}
	j := scan.SkipSpaces(text, end, 1)
	if j == end || j >= len(text) || !scan.IsAlpha(text[j]) {
		return false
	}
	k, _ := classify(text[j:scan.WordEnd(text, j)])
	return k == wHundred
}

// pointDigits reads the digit words after "point": "zero three" is .03,
// "seventy-one" is .71.
func pointDigits(text string, pos int) (float64, int, bool) {
	var digits [20]byte
	n := 0
	end := pos
	for n < len(digits)-2 {
		j := scan.SkipSpaces(text, end, 3)
		if j == end || j >= len(text) || !scan.IsAlpha(text[j]) {
			break
		}
		we := scan.WordEnd(text, j)
		k, v := classify(text[j:we])
		if k == wUnit {
			digits[n] = byte('0' + int(v))
			n++
			end = we
			continue
		}
		if k == wTens && n == 0 {
			d := int(v)
			end = we
			digits[n] = byte('0' + d/10)
			n++
			// optional "-one"
			if end < len(text) && text[end] == '-' && end+1 < len(text) && scan.IsAlpha(text[end+1]) {
				ue := scan.WordEnd(text, end+1)
				if uk, uv := classify(text[end+1 : ue]); uk == wUnit && uv > 0 {
					digits[n] = byte('0' + int(uv))
					n++
					end = ue
					break
				}
			}
			digits[n] = '0'
			n++
			break
		}
		break
	}
	if n == 0 {
		return 0, pos, false
	}
	f, scale := 0.0, 1.0
	for _, d := range digits[:n] {
		f = f*10 + float64(d-'0')
		scale *= 10
	}
	return f / scale, end, true
}

// numeral reads digits with optional thousands separators (comma, or a
// space, no-break or thin space between groups of exactly three digits)
// and an optional decimal part. It returns end == pos when there is none.
func numeral(text string, pos int) (v float64, end int, grouped, decimal bool) {
	i := pos
	n := 0
	for i < len(text) && scan.IsDigit(text[i]) {
		v = v*10 + float64(text[i]-'0')
		i++
		n++
	}
	if n > 0 && n <= 2 {
		if iv, iend, ok := indianGroups(text, i, v); ok {
			v, i, grouped = iv, iend, true
			n = 0
		}
	}
	if n > 0 {
		sep := ""
		first := true
		for i < len(text) {
			s := groupSep(text, i, n, first)
			if s == "" || (sep != "" && s != sep) {
				break
			}
			j := i + len(s)
			if j+3 > len(text) || !scan.IsDigit(text[j]) || !scan.IsDigit(text[j+1]) || !scan.IsDigit(text[j+2]) ||
				(j+3 < len(text) && scan.IsDigit(text[j+3])) {
				break
			}
			if s != "," && j+3 < len(text) && text[j+3] == ',' && j+4 < len(text) && scan.IsDigit(text[j+4]) {
				break
			}
			v = v*1000 + float64(text[j]-'0')*100 + float64(text[j+1]-'0')*10 + float64(text[j+2]-'0')
			sep = s
			first = false
			grouped = true
			i = j + 3
		}
	}
	if i+1 < len(text) && text[i] == '.' && scan.IsDigit(text[i+1]) {
		f, scale := 0.0, 1.0
		j := i + 1
		for j < len(text) && scan.IsDigit(text[j]) {
			if scale < 1e18 {
				f = f*10 + float64(text[j]-'0')
				scale *= 10
			}
			j++
		}
		// "1.2.3" is a version, not a decimal.
		if j+1 < len(text) && text[j] == '.' && scan.IsDigit(text[j+1]) {
			return v, i, grouped, false
		}
		v += f / scale
		decimal = true
		i = j
	}
	if n > 0 && !grouped {
		// An exponent past float64's range ("5e400", "0e700": +Inf, NaN)
		// is not read: no value could hold it, and JSON has none for it.
		if e, end, ok := exponent(text, i); ok {
			if p := v * math.Pow(10, e); !math.IsInf(p, 0) && !math.IsNaN(p) {
				v, i = p, end
			}
		}
	}
	return v, i, grouped, decimal
}

// exponent reads scientific notation after a mantissa: "e14", "e-3",
// "×10−5", "x10^9".
func exponent(text string, i int) (float64, int, bool) {
	j := i
	switch {
	case j < len(text) && (text[j] == 'e' || text[j] == 'E'):
		j++
	case strings.HasPrefix(text[j:], "×10") || strings.HasPrefix(text[j:], "x10"):
		if text[j] == 'x' {
			j += 3
		} else {
			j += len("×10")
		}
		if j < len(text) && text[j] == '^' {
			j++
		} else if !(j < len(text) && (text[j] == '-' || strings.HasPrefix(text[j:], "−"))) {
			return 0, i, false
		}
	default:
		return 0, i, false
	}
	sign := 1.0
	switch {
	case j < len(text) && text[j] == '-':
		sign, j = -1, j+1
	case j < len(text) && text[j] == '+':
		j++
	case strings.HasPrefix(text[j:], "−"):
		sign, j = -1, j+len("−")
	}
	k := j
	e := 0.0
	for k < len(text) && scan.IsDigit(text[k]) && k-j < 3 {
		e = e*10 + float64(text[k]-'0')
		k++
	}
	if k == j || k < len(text) && scan.IsAlnum(text[k]) {
		return 0, i, false
	}
	return sign * e, k, true
}

// fraction reads a fraction after the integer v at [pos, end): "1/4" (a
// proper fraction: "24/7" is not one) or a mixed number "2 1/2", "2½".
func fraction(text string, pos, end int, v float64) (float64, int, bool) {
	if end+1 < len(text) && text[end] == '/' && scan.IsDigit(text[end+1]) {
		d, dend := 0.0, end+1
		for dend < len(text) && scan.IsDigit(text[dend]) {
			d = d*10 + float64(text[dend]-'0')
			dend++
		}
		if dend < len(text) && (text[dend] == '/' || scan.IsAlnum(text[dend]) || text[dend] == '.' && dend+1 < len(text) && scan.IsDigit(text[dend+1])) {
			return 0, 0, false
		}
		if d == 0 || v >= d {
			return 0, 0, false
		}
		return v / d, dend, true
	}
	if fv, n := vulgar(text, end); n > 0 {
		return v + fv, end + n, true
	}
	if end+3 < len(text) && text[end] == ' ' && scan.IsDigit(text[end+1]) {
		if nv, nend, ok := fraction(text, end+1, end+2, float64(text[end+1]-'0')); ok && nend > end+2 && text[end+2] == '/' {
			return v + nv, nend, true
		}
	}
	return 0, 0, false
}

// vulgar reads a fraction character ("½", "⅓") at i.
func vulgar(text string, i int) (float64, int) {
	if i+1 >= len(text) {
		return 0, 0
	}
	if text[i] == 0xC2 {
		switch text[i+1] {
		case 0xBC:
			return 0.25, 2
		case 0xBD:
			return 0.5, 2
		case 0xBE:
			return 0.75, 2
		}
		return 0, 0
	}
	if text[i] == 0xE2 && i+2 < len(text) && text[i+1] == 0x85 {
		switch text[i+2] {
		case 0x93:
			return 1.0 / 3, 3
		case 0x94:
			return 2.0 / 3, 3
		case 0x95:
			return 0.2, 3
		case 0x9B:
			return 0.125, 3
		case 0x9C:
			return 0.375, 3
		case 0x9D:
			return 0.625, 3
		case 0x9E:
			return 0.875, 3
		}
	}
	return 0, 0
}

// groupSep returns the thousands separator at i, if any. Space separators
// are accepted only when the first group has at most three digits.
func groupSep(text string, i, firstLen int, first bool) string {
	switch {
	case text[i] == ',':
		return ","
	case first && firstLen > 3:
		return ""
	case text[i] == ' ':
		return " "
	case strings.HasPrefix(text[i:], "\u00a0"):
		return "\u00a0"
	case strings.HasPrefix(text[i:], "\u202f"):
		return "\u202f"
	case strings.HasPrefix(text[i:], "\u2009"):
		return "\u2009"
	}
	return ""
}

// classify looks a word up case-insensitively without allocating.
func classify(w string) (wordKind, float64) {
	if len(w) == 0 || len(w) > 9 || wordLens[w[0]&0x1f][w[len(w)-1]&0x1f]>>len(w)&1 == 0 {
		return wNone, 0
	}
	return lookupWord(w)
}

func mod100(v float64) float64 { return math.Mod(v, 100) }

// Scaled returns v times the magnitude sc, rounded to a whole number when
// the product is one but for float rounding: 16.4 million is 16400000, not
// 16399999.999999998.
func Scaled(v, sc float64) float64 {
	r := v * sc
	if sc >= 1000 {
		if n := math.Round(r); math.Abs(r-n) <= 1e-9*math.Abs(r) {
			return n
		}
	}
	return r
}

// StartsNumber reports whether the word w (any case) can begin a spelled
// number: "five", "twenty", "half", "minus" (startsWith). Callers use it
// to skip words cheaply: the money and number scanners ask it of most
// words of a text, so it looks w's first and last letters and length up in
// a table (startLens) before it looks the word up.
func StartsNumber(w string) bool {
	return len(w) != 0 && mayStartNumber(w) && startsNumber(w)
}

// mayStartNumber is the inlined part of StartsNumber, for a word of at
// least one byte: it looks its first and last letters and its length up in
// startLens. That table has no bit over 9, and a shift past 15 gives 0.
func mayStartNumber(w string) bool {
	return startLens[w[0]&0x1f][w[len(w)-1]&0x1f]>>len(w)&1 != 0
}

// startLens has bit n set, under the first and last letters of a number
// word that begins a spelled number (their low five bits, the same in either
// case), when such a word is n long: the inlined test that most words fail
// before startsNumber is called ("the" is not "three"). Other bytes share
// the letters' slots and go on to startsNumber, which tells them apart.
var startLens = lensOf(startsWith)

// startsNumber is StartsNumber for a word that passed startLens.
func startsNumber(w string) bool {
	k, _ := classify(w)
	return startsWith(w, k)
}

// startsWith reports whether w, a number word of kind k as written, can
// begin a spelled number: a unit, teen or tens, "a" or "an", "half" or
// "halves" and "minus" or "negative" in any case, "quarter" in lower or
// title case.
func startsWith(w string, k wordKind) bool {
	switch k {
	case wUnit, wTeen, wTens, wA, wHalf, wMinus:
		return true
	case wQuarter:
		return w == "quarter" || w == "Quarter"
	}
	return false
}

// dottedCode returns the end of a run of digit groups joined by two or more
// dots starting at i, or i when there is none.
func dottedCode(text string, i int) int {
	j, dots := i, 0
	for {
		k := j
		for k < len(text) && scan.IsDigit(text[k]) {
			k++
		}
		if k == j {
			break
		}
		j = k
		if j+1 < len(text) && text[j] == '.' && scan.IsDigit(text[j+1]) {
			dots++
			j++
			continue
		}
		break
	}
	if dots < 2 {
		return i
	}
	return j
}

// indianGroups reads the lakh and crore grouping "12,34,567" after a first
// group of one or two digits ending at i: pairs of digits, then a final
// group of three.
func indianGroups(text string, i int, v float64) (float64, int, bool) {
	pairs := 0
	for i+3 < len(text) && text[i] == ',' && scan.IsDigit(text[i+1]) && scan.IsDigit(text[i+2]) && text[i+3] == ',' {
		v = v*100 + float64(text[i+1]-'0')*10 + float64(text[i+2]-'0')
		i += 3
		pairs++
	}
	if pairs == 0 || i+3 >= len(text) || text[i] != ',' || !scan.IsDigit(text[i+1]) || !scan.IsDigit(text[i+2]) || !scan.IsDigit(text[i+3]) ||
		i+4 < len(text) && scan.IsDigit(text[i+4]) {
		return 0, 0, false
	}
	v = v*1000 + float64(text[i+1]-'0')*100 + float64(text[i+2]-'0')*10 + float64(text[i+3]-'0')
	return v, i + 4, true
}
