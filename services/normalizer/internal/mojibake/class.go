package mojibake

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// class groups the few hundred characters that UTF-8 mojibake is made of,
// so that badness can look at sequences of classes rather than of
// characters.
type class uint8

const (
	clsOther    class = iota // anything not listed below
	clsSpace                 // white space
	clsASCII                 // ASCII letter or digit
	clsC1                    // C1 control, U+0080..U+009F
	clsUpper                 // non-ASCII upper-case Latin letter
	clsLower                 // non-ASCII lower-case Latin letter
	clsBad                   // a symbol that almost never stands next to a letter
	clsCurrency              // ¢ £ ¥ €
	clsStart                 // opening punctuation: ¡ ¿ « ‘ “ „ ‹
	clsEnd                   // closing punctuation: » ’ ” › ´
	clsNumeric               // ² ³ ¹ ¼ ½ ¾
	clsLaw                   // § ¶
	clsBox                   // box drawing and blocks
	clsCommon                // NBSP, soft hyphen, · © ® ° ± µ … – — • ™ and friends
	clsWeird                 // private use, unassigned, IPA, rare Latin: never the result of a fix
)

// twoByteLeads are characters that lead two-byte mojibake of Cyrillic,
// Hebrew and Arabic in Windows-1251, Windows-1252, Windows-1250 and
// MacRoman.
const twoByteLeads = "ВГРС×ØÙŘŮÿŸ"

const (
	badChars      = "¦¨¯¸¤ˆ˜‰‡†ˇ˘˝˛˙ƒ‚Œ"
	currencyChars = "¢£¥€"
	startChars    = "¡¿«‘“„‹"
	endChars      = "»’”›´"
	numericChars  = "²³¹¼½¾ªº"
	lawChars      = "§¶"
	commonChars   = "\u00a0\u00ad·©®°±µ×÷…–—•™¬"
)

// tableSize covers Latin, Greek, Cyrillic, Hebrew, Arabic, general
// punctuation and box drawing: every character mojibake is made of.
const tableSize = 0x2600

// classTable caches classify for the runes below tableSize. It is built
// once and only read.
var classTable = buildClassTable()

// Membership flags of the character sets pairBad and tripleBad test on
// every pair of characters, so that each test is one table lookup.
const (
	fLead2       uint8 = 1 << iota // ÂÃÎÏÐÑ: leads of two-byte mojibake
	fAfterLead2                    // what those leads are followed by in mojibake
	fAfterAcirc                    // what â is followed by in three-byte mojibake
	fTwoByteLead                   // twoByteLeads
)

const (
	lead2Chars      = "ÂÃÎÏÐÑ"
	afterLead2Chars = "€œŠšŸž¢£\u00a0\u00ad®©°·±µ–—´™"
	afterAcircChars = "€‚„†‡ˆ‰Š‹Œ•˜™š›œžŸ"
)

// flagTable holds the flags of the runes below tableSize (all the sets'
// members are). It is built once and only read.
var flagTable = buildFlagTable()

func buildFlagTable() *[tableSize]uint8 {
	var t [tableSize]uint8
	for _, set := range []struct {
		chars string
		flag  uint8
	}{{lead2Chars, fLead2}, {afterLead2Chars, fAfterLead2}, {afterAcircChars, fAfterAcirc}, {twoByteLeads, fTwoByteLead}} {
		for _, r := range set.chars {
			t[r] |= set.flag
		}
	}
	return &t
}

// has reports whether r carries flag f.
func has(r rune, f uint8) bool { return r >= 0 && r < tableSize && flagTable[r]&f != 0 }

func buildClassTable() *[tableSize]class {
	var t [tableSize]class
	for r := rune(0); r < tableSize; r++ {
		t[r] = classify(r)
	}
	return &t
}

func classOf(r rune) class {
	if r >= 0 && r < tableSize {
		return classTable[r]
	}
	return classify(r)
}

func classify(r rune) class {
	switch {
	case r < 0x80:
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			return clsSpace
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return clsASCII
		}
		return clsOther
	case r <= 0x9F:
		return clsC1
	case r >= 0x2500 && r <= 0x259F:
		return clsBox
	}
	switch {
	case strings.ContainsRune(badChars, r):
		return clsBad
	case strings.ContainsRune(currencyChars, r):
		return clsCurrency
	case strings.ContainsRune(startChars, r):
		return clsStart
	case strings.ContainsRune(endChars, r):
		return clsEnd
	case strings.ContainsRune(numericChars, r):
		return clsNumeric
	case strings.ContainsRune(lawChars, r):
		return clsLaw
	case strings.ContainsRune(commonChars, r):
		return clsCommon
	}
	switch {
	case r <= 0x17F: // Latin-1 letters and Latin Extended-A
		if unicode.IsUpper(r) {
			return clsUpper
		}
		if unicode.IsLower(r) {
			return clsLower
		}
	case r == 0x0218 || r == 0x0219 || r == 0x021A || r == 0x021B: // Romanian comma-below
		if unicode.IsUpper(r) {
			return clsUpper
		}
		return clsLower
	case r >= 0x0180 && r <= 0x02FF && !(r >= 0x01C4 && r <= 0x01DC): // Latin Extended-B, IPA, modifiers
		return clsWeird
	case r >= 0x0530 && r <= 0x058F: // Armenian: mis-decodes of "Õ…"
		return clsWeird
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xD800 && r <= 0xDFFF:
		return clsWeird
	case !unicode.IsPrint(r) && r != '\u200d' && r != '\ufeff':
		return clsWeird
	}
	if unicode.IsSpace(r) {
		return clsSpace
	}
	return clsOther
}

// Badness counts character sequences that are far more likely to be UTF-8
// mojibake than intended text: a C1 control; an accented letter or symbol
// against one of the symbols that never stand beside letters (¨ ¤ ‰);
// a lower-case accented letter before a currency sign ("â€"); the
// upper-case leads of two-byte mojibake (Â Ã Î Ð Ñ) before the symbols
// their continuation bytes decode to ("Ã©", "Ã±"); an accented capital
// before a superscript or § ("Ã³", "Ã§"); the Windows-1251 and MacRoman
// shapes ("вЂ", "Р°С", "√©"); and rare characters (IPA, private use) that
// a correct decoding would not produce. Clean text scores 0.
func Badness(s string) int {
	n := 0
	var p3, p2, p1 rune = ' ', ' ', ' '
	var c2, c1 = clsSpace, clsSpace
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf && p1 < 0x80 && p2 < 0x80 {
			// Every rule needs a non-ASCII character in its window, so a
			// run of ASCII is skipped whole: only its last three
			// characters are context for what follows.
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf {
				j++
			}
			for k := max(i, j-3); k < j; k++ {
				r := rune(s[k])
				p3, p2, c2, p1, c1 = p2, p1, c1, r, classOf(r)
			}
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		c := classOf(r)
		n += pairBad(p1, c1, r, c)
		n += tripleBad(p2, c2, p1, c1, r, c)
		// "à" as a word of its own: "relatifs Ã l’".
		if r == ' ' && p1 == 'Ã' && p2 == ' ' && unicode.IsLower(p3) {
			n++
		}
		p3, p2, c2, p1, c1 = p2, p1, c1, r, c
	}
	n += pairBad(p1, c1, ' ', clsSpace)
	n += tripleBad(p2, c2, p1, c1, ' ', clsSpace)
	return n
}

func pairBad(a rune, ca class, b rune, cb class) int {
	n := 0
	if cb == clsC1 || cb == clsWeird {
		n++
	}
	accented := func(c class) bool { return c == clsUpper || c == clsLower }
	symbolish := func(c class) bool {
		return c == clsUpper || c == clsLower || c == clsBox || c == clsStart || c == clsEnd ||
			c == clsCurrency || c == clsNumeric || c == clsLaw || c == clsBad
	}
	switch {
	case cb == clsBad && symbolish(ca), ca == clsBad && symbolish(cb) && cb != clsBad:
		n++
	case (ca == clsLower || ca == clsBox) && cb == clsCurrency:
		n++
	case (ca == clsUpper || ca == clsBox) && (cb == clsNumeric || cb == clsLaw):
		n++
	case has(a, fLead2) && (has(b, fAfterLead2) || cb == clsStart || (cb == clsEnd && b != '’') || cb == clsNumeric):
		n++
	case a == 'â' && has(b, fAfterAcirc):
		n++
	case a == '√' && (strings.ContainsRune("±∂†≠®™´≤≥¥µø©¢£§¶ßªÆØæø", b) || accented(cb)):
		n++
	case a == '¬' && strings.ContainsRune("ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñúùûü†¢£§¶ß®©™≠ÆØ¥ªæø≤≥", b):
		n++
	case ca == clsUpper && b == '°', a == 'ï' && b == '¿', ca == clsLower && (b == '¡' || b == '«'):
		// "Ä°" (İ), "ï¿½" (U+FFFD), "Ã¯Â¿Â½"
		n++
	case a == 'ƒ' && (cb == clsUpper || cb == clsLower):
		n++
	case a == 'в' && b == 'Ђ', a == 'Р' && (b == 'Ћ' || b == 'ѕ' || b == 'ґ' || b == 'ј' || b == '°' || b == 'µ' || b == '\u00a0'),
		a == 'С' && (b == 'Ђ' || b == 'ѓ' || b == '‚' || b == '„' || b == '…' || b == 'ћ' || b == 'Џ' || b == 'Њ' || b == 'Ќ'):
		n++
	case (a == 'ð' || a == 'đ') && (b == 'Ÿ' || b == '\u009f'):
		n++
	case (a == '╨' || a == '╤') && cb == clsBox:
		n++
	}
	return n
}

func tripleBad(a rune, ca class, b rune, cb class, c rune, cc class) int {
	n := 0
	// A lower-case accented letter that starts a three-byte sequence,
	// followed by two symbols that are not both ordinary punctuation:
	// "â€œ", "Ã¢â‚¬", "áº¡", "ä¸­".
	if ca == clsLower && a >= 0xE0 && a <= 0xEF && cb != clsASCII && cb != clsSpace && cc != clsASCII && cc != clsSpace &&
		cb != clsLower && cb != clsUpper && cc != clsUpper &&
		!(cb == clsCommon || cb == clsEnd || cb == clsStart) {
		n++
	}
	// The lead of a two-byte sequence, a symbol, and a lead again:
	// Windows-1251 mojibake of Cyrillic ("Р°С", "Г‚В") and mojibake of
	// Hebrew and Arabic ("×‘×", "Ø±Ø", "ÿ±ÿ").
	if has(a, fTwoByteLead) && has(c, fTwoByteLead) && b >= 0x80 &&
		!unicode.IsLetter(b) && cb != clsSpace {
		n++
	}
	// An accented capital, punctuation, then a letter: "Ä“t" (ē in
	// Windows-1257). An apostrophe after a capital is ordinary ("Ã’s"
	// could be a plural), so ’ does not count.
	if ca == clsUpper && (cb == clsEnd || cb == clsStart) && b != '’' && cc == clsASCII {
		n++
	}
	// A two-byte lead at the end of a lower-case word, before a space
	// that was its no-break space: "voilÃ le", "namedÂ „".
	if (ca == clsLower || ca == clsASCII && unicode.IsLower(a)) && (b == 'Ã' || b == 'Â') && (c == ' ' || c == '\u00a0') {
		n++
	}
	// Windows-1250 leads Ă and Ĺ after a lower-case letter, before a
	// symbol or letter: "tisĂ\u00adc", "tĹ\u0099e".
	if unicode.IsLower(a) && (b == 'Ă' || b == 'Ĺ') && c >= 0x80 && cc != clsSpace && cc != clsUpper {
		n++
	}
	return n
}
