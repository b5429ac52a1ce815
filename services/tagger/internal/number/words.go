package number

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

// lookupWord classifies a lower-case word. The switch compiles to a binary
// search over constant strings and does not allocate.
func lookupWord(w string) (wordKind, float64) {
	switch w {
	case "zero":
		return wUnit, 0
	case "one":
		return wUnit, 1
	case "two":
		return wUnit, 2
	case "three":
		return wUnit, 3
	case "four":
		return wUnit, 4
	case "five":
		return wUnit, 5
	case "six":
		return wUnit, 6
	case "seven":
		return wUnit, 7
	case "eight":
		return wUnit, 8
	case "nine":
		return wUnit, 9
	case "ten":
		return wTeen, 10
	case "eleven":
		return wTeen, 11
	case "twelve":
		return wTeen, 12
	case "thirteen":
		return wTeen, 13
	case "fourteen":
		return wTeen, 14
	case "fifteen":
		return wTeen, 15
	case "sixteen":
		return wTeen, 16
	case "seventeen":
		return wTeen, 17
	case "eighteen":
		return wTeen, 18
	case "nineteen":
		return wTeen, 19
	case "twenty":
		return wTens, 20
	case "thirty":
		return wTens, 30
	case "forty", "fourty":
		return wTens, 40
	case "fifty":
		return wTens, 50
	case "sixty":
		return wTens, 60
	case "seventy":
		return wTens, 70
	case "eighty":
		return wTens, 80
	case "ninety":
		return wTens, 90
	case "hundred":
		return wHundred, 100
	case "thousand":
		return wScale, 1e3
	case "million", "mn", "mln":
		return wScale, 1e6
	case "billion", "bn", "bln":
		return wScale, 1e9
	case "trillion", "tn", "trn", "tln":
		return wScale, 1e12
	case "lakh", "lakhs", "lac", "lacs":
		return wScale, 1e5
	case "crore", "crores":
		return wScale, 1e7
	case "and":
		return wAnd, 0
	case "point":
		return wPoint, 0
	case "dozen", "dozens", "doz", "dozs", "dz", "dzs":
		return wDozen, 12
	case "a", "an":
		return wA, 1
	case "half", "halves":
		return wHalf, 2
	case "quarter", "quarters":
		return wQuarter, 4
	case "third", "thirds":
		return wFrac, 3
	case "fourth", "fourths":
		return wFrac, 4
	case "fifth", "fifths":
		return wFrac, 5
	case "sixth", "sixths":
		return wFrac, 6
	case "seventh", "sevenths":
		return wFrac, 7
	case "eighth", "eighths":
		return wFrac, 8
	case "ninth", "ninths":
		return wFrac, 9
	case "tenth", "tenths":
		return wFrac, 10
	case "minus", "negative":
		return wMinus, -1
	}
	return wNone, 0
}

// wordLens has bit n set, under the first and last letters of a word
// lookupWord knows (their low five bits, the same in either case), when
// such a word is n long. classify looks words up in it first: most words
// it is asked about ("people", "the") are no number word, and fail here
// without being lower-cased and compared. TestWordLens holds it to
// lookupWord's switch.
var wordLens = [32][32]uint16{
	'a' & 0x1f: {
		'a' & 0x1f: 1 << 1, // a
		'd' & 0x1f: 1 << 3, // and
		'n' & 0x1f: 1 << 2, // an
	},
	'b' & 0x1f: {
		'n' & 0x1f: 1<<2 | 1<<3 | 1<<7, // bn, bln, billion
	},
	'c' & 0x1f: {
		'e' & 0x1f: 1 << 5, // crore
		's' & 0x1f: 1 << 6, // crores
	},
	'd' & 0x1f: {
		'n' & 0x1f: 1 << 5,             // dozen
		's' & 0x1f: 1<<3 | 1<<4 | 1<<6, // dzs, dozs, dozens
		'z' & 0x1f: 1<<2 | 1<<3,        // dz, doz
	},
	'e' & 0x1f: {
		'h' & 0x1f: 1 << 6,      // eighth
		'n' & 0x1f: 1<<6 | 1<<8, // eleven, eighteen
		's' & 0x1f: 1 << 7,      // eighths
		't' & 0x1f: 1 << 5,      // eight
		'y' & 0x1f: 1 << 6,      // eighty
	},
	'f' & 0x1f: {
		'e' & 0x1f: 1 << 4,      // five
		'h' & 0x1f: 1<<5 | 1<<6, // fifth, fourth
		'n' & 0x1f: 1<<7 | 1<<8, // fifteen, fourteen
		'r' & 0x1f: 1 << 4,      // four
		's' & 0x1f: 1<<6 | 1<<7, // fifths, fourths
		'y' & 0x1f: 1<<5 | 1<<6, // fifty, forty, fourty
	},
	'h' & 0x1f: {
		'd' & 0x1f: 1 << 7, // hundred
		'f' & 0x1f: 1 << 4, // half
		's' & 0x1f: 1 << 6, // halves
	},
	'l' & 0x1f: {
		'c' & 0x1f: 1 << 3,      // lac
		'h' & 0x1f: 1 << 4,      // lakh
		's' & 0x1f: 1<<4 | 1<<5, // lacs, lakhs
	},
	'm' & 0x1f: {
		'n' & 0x1f: 1<<2 | 1<<3 | 1<<7, // mn, mln, million
		's' & 0x1f: 1 << 5,             // minus
	},
	'n' & 0x1f: {
		'e' & 0x1f: 1<<4 | 1<<8, // nine, negative
		'h' & 0x1f: 1 << 5,      // ninth
		'n' & 0x1f: 1 << 8,      // nineteen
		's' & 0x1f: 1 << 6,      // ninths
		'y' & 0x1f: 1 << 6,      // ninety
	},
	'o' & 0x1f: {
		'e' & 0x1f: 1 << 3, // one
	},
	'p' & 0x1f: {
		't' & 0x1f: 1 << 5, // point
	},
	'q' & 0x1f: {
		'r' & 0x1f: 1 << 7, // quarter
		's' & 0x1f: 1 << 8, // quarters
	},
	's' & 0x1f: {
		'h' & 0x1f: 1<<5 | 1<<7,        // sixth, seventh
		'n' & 0x1f: 1<<5 | 1<<7 | 1<<9, // seven, sixteen, seventeen
		's' & 0x1f: 1<<6 | 1<<8,        // sixths, sevenths
		'x' & 0x1f: 1 << 3,             // six
		'y' & 0x1f: 1<<5 | 1<<7,        // sixty, seventy
	},
	't' & 0x1f: {
		'd' & 0x1f: 1<<5 | 1<<8,        // third, thousand
		'e' & 0x1f: 1<<5 | 1<<6,        // three, twelve
		'h' & 0x1f: 1 << 5,             // tenth
		'n' & 0x1f: 1<<2 | 1<<3 | 1<<8, // tn, ten, tln, trn, thirteen, trillion
		'o' & 0x1f: 1 << 3,             // two
		's' & 0x1f: 1 << 6,             // tenths, thirds
		'y' & 0x1f: 1 << 6,             // thirty, twenty
	},
	'z' & 0x1f: {
		'o' & 0x1f: 1 << 4, // zero
	},
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
