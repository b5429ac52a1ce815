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
