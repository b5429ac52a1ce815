package number

import "github.com/newswire/newswire/services/tagger/internal/scan"

// wordKind classifies a number word.
type wordKind uint8

const (
	wNone    wordKind = iota
	wUnit             // zero..nine
	wTeen             // ten..nineteen
	wTens             // twenty..ninety
	wHundred          // hundred
	wScale            // thousand, million, lakh, bn, ...
	wAnd              // and, &
	wPoint            // point
	wDozen            // dozen, dozens, doz, dzs
	wA                // a, an
	wHalf             // half
	wQuarter          // quarter
	wFrac             // third(s), fifth(s), ... (a denominator after a cardinal)
	wMinus            // minus, negative
)

// numberWords are the words lookupWord knows, lower-case, with their kinds
// and values: the one list that lookupWord, classify's wordLens and
// StartsNumber's startLens are built from.
var numberWords = [...]struct {
	word  string
	kind  wordKind
	value float64
}{
	{"zero", wUnit, 0},
	{"one", wUnit, 1},
	{"two", wUnit, 2},
	{"three", wUnit, 3},
	{"four", wUnit, 4},
	{"five", wUnit, 5},
	{"six", wUnit, 6},
	{"seven", wUnit, 7},
	{"eight", wUnit, 8},
	{"nine", wUnit, 9},
	{"ten", wTeen, 10},
	{"eleven", wTeen, 11},
	{"twelve", wTeen, 12},
	{"thirteen", wTeen, 13},
	{"fourteen", wTeen, 14},
	{"fifteen", wTeen, 15},
	{"sixteen", wTeen, 16},
	{"seventeen", wTeen, 17},
	{"eighteen", wTeen, 18},
	{"nineteen", wTeen, 19},
	{"twenty", wTens, 20},
	{"thirty", wTens, 30},
	{"forty", wTens, 40},
	{"fourty", wTens, 40},
	{"fifty", wTens, 50},
	{"sixty", wTens, 60},
	{"seventy", wTens, 70},
	{"eighty", wTens, 80},
	{"ninety", wTens, 90},
	{"hundred", wHundred, 100},
	{"thousand", wScale, 1e3},
	{"million", wScale, 1e6},
	{"mn", wScale, 1e6},
	{"mln", wScale, 1e6},
	{"billion", wScale, 1e9},
	{"bn", wScale, 1e9},
	{"bln", wScale, 1e9},
	{"trillion", wScale, 1e12},
	{"tn", wScale, 1e12},
	{"trn", wScale, 1e12},
	{"tln", wScale, 1e12},
	{"lakh", wScale, 1e5},
	{"lakhs", wScale, 1e5},
	{"lac", wScale, 1e5},
	{"lacs", wScale, 1e5},
	{"crore", wScale, 1e7},
	{"crores", wScale, 1e7},
	{"and", wAnd, 0},
	{"point", wPoint, 0},
	{"dozen", wDozen, 12},
	{"dozens", wDozen, 12},
	{"doz", wDozen, 12},
	{"dozs", wDozen, 12},
	{"dz", wDozen, 12},
	{"dzs", wDozen, 12},
	{"a", wA, 1},
	{"an", wA, 1},
	{"half", wHalf, 2},
	{"halves", wHalf, 2},
	{"quarter", wQuarter, 4},
	{"quarters", wQuarter, 4},
	{"third", wFrac, 3},
	{"thirds", wFrac, 3},
	{"fourth", wFrac, 4},
	{"fourths", wFrac, 4},
	{"fifth", wFrac, 5},
	{"fifths", wFrac, 5},
	{"sixth", wFrac, 6},
	{"sixths", wFrac, 6},
	{"seventh", wFrac, 7},
	{"sevenths", wFrac, 7},
	{"eighth", wFrac, 8},
	{"eighths", wFrac, 8},
	{"ninth", wFrac, 9},
	{"ninths", wFrac, 9},
	{"tenth", wFrac, 10},
	{"tenths", wFrac, 10},
	{"minus", wMinus, -1},
	{"negative", wMinus, -1},
}

// wordsByEnds lists, under the low five bits of their first and last
// bytes, the indexes of numberWords with those ends: lookupWord compares
// a word with those alone.
var wordsByEnds = func() (t [32][32][]uint8) {
	for i, w := range numberWords {
		e := &t[w.word[0]&0x1f][w.word[len(w.word)-1]&0x1f]
		*e = append(*e, uint8(i))
	}
	return t
}()

// lookupWord classifies a word, its ASCII letters in any case.
func lookupWord(w string) (wordKind, float64) {
	if len(w) == 0 {
		return wNone, 0
	}
	for _, i := range wordsByEnds[w[0]&0x1f][w[len(w)-1]&0x1f] {
		if e := &numberWords[i]; scan.EqualFold(w, e.word) {
			return e.kind, e.value
		}
	}
	return wNone, 0
}

// wordLens has bit n set, under the first and last letters of one of
// numberWords (their low five bits, the same in either case), when such a
// word is n long. classify looks words up in it first: most words it is
// asked about ("people", "the") are no number word, and fail here
// without being lower-cased and looked up.
var wordLens = lensOf(func(string, wordKind) bool { return true })

// lensOf returns the table of first letter, last letter and length of the
// numberWords that keep says to.
func lensOf(keep func(word string, kind wordKind) bool) (t [32][32]uint16) {
	for _, w := range numberWords {
		if keep(w.word, w.kind) {
			t[w.word[0]&0x1f][w.word[len(w.word)-1]&0x1f] |= 1 << len(w.word)
		}
	}
	return t
}

// gluedScale is the multiplier of a magnitude written straight after digits
// ("10k", "£170million", "$1.5bn", "1MM"); case matters for single letters
// ("10M" and "10m" are millions, but only "10G" is giga and "10T" tera).
func gluedScale(s string) float64 {
	switch s {
	case "k", "K":
		return 1e3
	case "m", "M", "mn", "mln", "mil", "MM", "million", "Mn", "Mln":
		return 1e6
	case "b", "B", "bn", "bln", "billion", "Bn", "G":
		return 1e9
	case "tn", "trn", "tln", "trillion", "T", "Tn":
		return 1e12
	case "lakh", "lakhs":
		return 1e5
	case "crore", "crores":
		return 1e7
	case "thousand":
		return 1e3
	}
	return 0
}

// spacedLetterScale is the multiplier of a one-letter magnitude written after
// a space ("2.33 k", "1,674.5 G"). Lower-case "m" is left out: after a space
// it is far more often metres.
func spacedLetterScale(s string) float64 {
	switch s {
	case "k", "K":
		return 1e3
	case "M", "MM":
		return 1e6
	case "G", "B":
		return 1e9
	}
	return 0
}
