package charset

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// candidates are the legacy encodings Detect chooses from, in order of
// prior preference: on a tie the earlier one wins, so windows-1252 (the
// web's historical default) beats its near twins.
var candidates = []string{
	"windows-1252", "windows-1250", "iso-8859-2", "windows-1251", "koi8-r",
	"windows-1253", "windows-1254", "windows-1257",
	"gbk", "big5", "shift_jis", "euc-jp", "euc-kr",
}

// sampleLimit bounds how many bytes of lines with non-ASCII bytes Detect
// scores.
const sampleLimit = 64 << 10

// Detect guesses the legacy encoding of body, a document that is not valid
// UTF-8 and declares nothing. It decodes a sample (the lines that contain
// non-ASCII bytes) with every candidate and keeps the one whose text looks
// most like natural language: no undecodable bytes or C1 controls, letters
// that fit one language's alphabet, no capitals inside words, no script
// changes inside words and, for CJK, common characters rather than rare
// ones. It returns a WHATWG canonical name, "windows-1252" when nothing is
// better.
func Detect(body []byte) string {
	if bytes.Contains(body, []byte("\x1b$B")) || bytes.Contains(body, []byte("\x1b$@")) {
		return "iso-2022-jp"
	}
	sample := highLines(body, sampleLimit)
	if len(sample) == 0 {
		return "windows-1252"
	}
	best, bestScore := "windows-1252", 0.0
	for i, name := range candidates {
		enc, err := htmlindex.Get(name)
		if err != nil {
			continue
		}
		out, err := enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		s := naturalness(out)
		if i == 0 || s > bestScore {
			best, bestScore = name, s
		}
	}
	return best
}

// highLines returns the lines of body that contain a byte >= 0x80, joined
// by newlines, up to about limit bytes.
func highLines(body []byte, limit int) []byte {
	var out []byte
	for len(body) > 0 && len(out) < limit {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if hasHigh(line) {
			if len(line) > limit {
				line = line[:limit]
			}
			out = append(out, line...)
			out = append(out, '\n')
		}
	}
	return out
}

func hasHigh(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// Weights of the naturalness score.
const (
	wBad        = -5.0 // U+FFFD or a C1 control
	wOdd        = -1.0 // a rare symbol where text should be
	wExplained  = 1.0  // a letter of the best-fitting alphabet
	wUnexplain  = -1.0 // a letter outside it
	wInnerUpper = -0.5 // a capital letter after a letter
	wMixed      = -2.0 // a script change inside a word
	wDense      = -1.0 // an accented Latin letter next to another non-ASCII rune
	wKana       = 1.0
	wHangul     = 1.0
	wCommonHan  = 2.0
	wRareHan    = -0.3
)

type script uint8

const (
	scriptNone script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptHan
	scriptKana
	scriptHangul
	scriptOther
)

func scriptOf(r rune) script {
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return scriptLatin
		}
		return scriptNone
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.Is(unicode.Hiragana, r), r >= 0x30A0 && r <= 0x30FF:
		return scriptKana
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	case unicode.IsLetter(r):
		return scriptOther
	}
	return scriptNone
}

// naturalness scores decoded text; higher is more like natural language.
func naturalness(text []byte) float64 {
	var score float64
	letters := map[rune]int{}
	alpha := 0
	prev, prevScript := rune(0), scriptNone
	prevHigh := false
	s := string(text)
	for i, r := range s {
		sc := scriptOf(r)
		high := r >= 0x80
		switch {
		case r == utf8.RuneError:
			score += wBad
		case r >= 0x80 && r <= 0x9F:
			score += wBad
		case !high:
		case sc == scriptNone:
			if !commonSymbol(r) {
				score += wOdd
			}
		case sc == scriptLatin || sc == scriptCyrillic || sc == scriptGreek:
			letters[unicode.ToLower(r)]++
			alpha++
			if unicode.IsUpper(r) && prevScript != scriptNone && unicode.IsLetter(prev) {
				score += wInnerUpper
			}
			if sc == scriptLatin {
				next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
				if prevHigh || (next >= 0x80 && next != utf8.RuneError && !commonSymbol(next) && scriptOf(next) != scriptNone) {
					score += wDense
				}
			}
		case sc == scriptKana:
			score += wKana
		case sc == scriptHangul:
			score += wHangul
		case sc == scriptHan:
			if strings.ContainsRune(commonHan, r) {
				score += wCommonHan
			} else {
				score += wRareHan
			}
		default:
			score += wOdd
		}
		if sc != scriptNone && prevScript != scriptNone && sc != prevScript &&
			!(sc == scriptHan && prevScript == scriptKana || sc == scriptKana && prevScript == scriptHan) {
			score += wMixed
		}
		prev, prevScript, prevHigh = r, sc, high && sc != scriptNone && !commonSymbol(r)
	}
	explained := 0
	for _, a := range alphabets {
		n := 0
		for _, r := range a {
			n += letters[r]
		}
		explained = max(explained, n)
	}
	score += wExplained*float64(explained) + wUnexplain*float64(alpha-explained)
	return score
}

// commonSymbol reports whether a non-letter, non-ASCII rune is ordinary in
// running text: typographic punctuation, currency, and CJK punctuation.
func commonSymbol(r rune) bool {
	switch {
	case r >= 0x2000 && r <= 0x206F: // general punctuation: dashes, quotes, ellipsis
		return true
	case r >= 0x3000 && r <= 0x303F: // CJK symbols and punctuation
		return true
	case r >= 0xFF01 && r <= 0xFF5E: // full-width forms
		return true
	case r == 0x30FB || r == 0x30FC: // katakana middle dot, prolonged sound mark
		return true
	}
	return strings.ContainsRune("\u00a0«»©®°€£¥§¶™¡¿½²×·´\u00ad", r)
}

// alphabets lists the non-ASCII lower-case letters of the languages whose
// legacy encodings Detect knows. Text in one language uses one of them.
var alphabets = []string{
	"äöüß",              // German
	"àâæçéèêëîïôœùûüÿ",  // French
	"áéíñóúü",           // Spanish
	"áâãàçéêíóôõú",      // Portuguese
	"àèéìíîòóù",         // Italian
	"àçèéíïòóúü",        // Catalan
	"éëïóöü",            // Dutch
	"åäöé",              // Swedish, Finnish
	"æøåé",              // Danish, Norwegian
	"áðéíóúýþæö",        // Icelandic
	"ąćęłńóśźż",         // Polish
	"áčďéěíňóřšťúůýž",   // Czech
	"áäčďéíĺľňóôŕšťúýž", // Slovak
	"áéíóöőúüű",         // Hungarian
	"ăâîșşțţ",           // Romanian
	"čćđšž",             // Croatian, Slovenian, Bosnian
	"çğıöşü",            // Turkish
	"äöõüšž",            // Estonian
	"āčēģīķļņšūž",       // Latvian
	"ąčęėįšųūž",         // Lithuanian
	"абвгдеёжзийклмнопрстуфхцчшщъыьэюя",    // Russian
	"абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",    // Ukrainian
	"абвгдеёжзійклмнопрстуўфхцчшыьэюя",     // Belarusian
	"абвгдежзийклмнопрстуфхцчшщъьюя",       // Bulgarian
	"абвгдђежзијклљмнњопрстћуфхцчџш",       // Serbian
	"абвгдѓежзѕијклљмнњопрстќуфхцчџш",      // Macedonian
	"αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς", // Greek
}

// commonHan holds frequent Chinese characters in simplified and
// traditional forms and frequent Japanese kanji. Text decoded with the
// wrong CJK code page turns into rare characters.
const commonHan = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴妈随米诉亚" +
	"這們為個來國說時會過對後裡麼頭經動兩長樣現點種聲話兒問機給幾業間電門東車員場書報馬張難數數應實發開還進與學氣關內產軍軍萬體別處總師當見無從" +
	"気円様約選挙関係変済県区総務議員権際組織側価値働増減"
