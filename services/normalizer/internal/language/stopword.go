package language

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The stop-word pass: in running text of a Latin-script language, a few
// dozen function words ("the", "of", "und", "der") make up a third or more
// of the words, and the lists of different languages overlap little. When
// one listed language's words clearly outnumber every other list's, that
// language is the answer and the trigram scoring (about a hundred times the
// cost) is skipped. The lists were written for this package from general
// knowledge of each language's most frequent function words, not derived
// from any corpus.

// lang indexes the stop-word lists.
type lang uint8

// Languages the fast path answers with, then close relatives it knows only
// to step aside for: when a relative leads (Catalan text matches many
// Spanish words) the trigram detector decides.
const (
	langEN lang = iota
	langDE
	langFR
	langES
	langIT
	langPT
	langNL
	langPL
	numAnswers // the languages above are answers, those below vetoes
)

const (
	vetoCatalan lang = numAnswers + iota
	vetoGalician
	vetoAfrikaans
	vetoRomanian
	vetoCzechSlovak
	vetoNordic
	numLangs
)

// codes are the ISO 639-1 codes of the answer languages.
var codes = [numAnswers]string{"en", "de", "fr", "es", "it", "pt", "nl", "pl"}

// stopwords lists each language's function words, lower case, split at
// apostrophes and hyphens as the scanner splits them ("l'année" is "l",
// "année").
var stopwords = [numLangs]string{
	langEN: `the of and to in a is that for it on was with as he be by at his are from this have has had
		but not or they an which were been their its she her said who will would we you there after also
		more than about when can one if into what all no so up out them our these other could over
		because him i`,
	langDE: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
		werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war
		haben nur oder aber vor zur bis mehr durch man sein wurde sei ich wir ihre seine kann diese
		schon wenn habe vom gegen unter ihr ihm uns wieder`,
	langFR: `le la les de des du et à un une en est que qui dans pour pas sur au aux il elle ne se ce
		plus par avec son sa ses ont a été mais ou l d qu cette leur leurs nous vous ils elles on y sont
		était aussi comme tout fait après entre selon lors être avait même sans`,
	langES: `de la que el en y a los del se las por un para con no una su al lo es como más pero sus le
		ya o fue este ha porque esta son entre cuando muy sin sobre también me hasta hay donde desde
		todo nos durante todos uno les ni contra otros ese eso ante ellos esto antes unos otro otra él
		esa estos ella estas según tras`,
	langIT: `di e il la che in a per un del è non una i le da si con della al sono dei nel alla l lo gli
		ha come anche più ma delle o nella se dal questo era ci degli sua suo loro dopo tra stato
		essere hanno cui quando all dell nell sull questa già molto ancora solo fra`,
	langPT: `de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele
		das tem à seu sua ou ser quando muito há nos já está também só pelo pela até isso ela entre
		era depois sem mesmo aos ter seus quem nas esse eles estão essa num nem suas às numa pelos
		elas havia seja qual será lhe deles este dele após ainda`,
	langNL: `de het een en van in is dat op te zijn met voor niet aan er die ook als bij om maar door dan
		of wordt over naar nog worden was werd heeft hij ze zij uit tot al wel meer kan geen deze moet
		haar hun zo waar na we wij dit wat omdat hebben tegen had zou`,
	langPL: `i w na z się nie do to że o jest jak po co ale od za jego przez dla tak już czy oraz może
		są był była było tym ten ich które który która tego tej jej być przy gdy jako także tylko ze
		we a aby jednak bardzo go mu będzie został została`,
	vetoCatalan: `el la els les de del dels i a que en un una per amb és no es al als més però com seu
		seva aquest aquesta també va han hi ho pel pels ens perquè quan molt sense fins entre`,
	vetoGalician: `o a os as de do da dos das e que en un unha non se con por para ao na no nas nos máis
		pero como foi ser está tamén ten polo pola cando moi xa iso isto este esta sobre entre`,
	vetoAfrikaans: `die en van is het nie in te dat op vir met sy hy was om word n ons ook by uit aan of
		sal kan maar hulle deur wat jy ek toe nog al daar hierdie baie`,
	vetoRomanian: `și de la în a cu pe că din care un o nu se este mai au fost lui sau pentru să ca ce dar
		după acest această fi sunt fără între iar`,
	vetoCzechSlovak: `a v na se je že to s z do o i k ve pro jako by ale jsou jsem není jeho po za od
		tak jak už který která které bylo byl byla také podle při před ani sa som nie aj alebo ktorý
		ktorá tiež pre`,
	vetoNordic: `og i at er en det til som på de med for af den har ikke et var om och att är ett inte
		av för sig han hun hon vi jeg jag men fra från eller skal ska vil kan efter etter der når`,
}

// stopIndex maps a word to the set of languages that list it. It is
// built once and only read.
var stopIndex = buildStopIndex()

func buildStopIndex() map[string]uint16 {
	m := make(map[string]uint16, 800)
	for l, words := range stopwords {
		for _, w := range strings.Fields(words) {
			m[w] |= 1 << l
		}
	}
	return m
}

// Thresholds of the fast path. Below them the trigram detector decides.
const (
	// stopScanBytes is how much of the text the pass reads first, and
	// stopScanMoreBytes how much it reads when that was too little
	// evidence: a page's text may open with headings, a date line and a
	// list of names before its prose. Reading on is a fraction of the cost
	// of the trigram detector it spares.
	stopScanBytes     = 1024
	stopScanMoreBytes = 4096
	// stopMinWords is the fewest words read for a decision.
	stopMinWords = 20
	// stopMinShare is the least share of the words the leading list must
	// cover: running text in any of these languages is well above it,
	// while names, tables and other languages fall below.
	stopMinShare = 0.25
	// stopMinLead is the least lead of the leading list over the
	// runner-up, as a share of the words read, and stopMinLeadWords the
	// least lead in words. Words both lists hold add to both counts, so
	// the lead counts only the words the leader has to itself: what tells
	// Spanish from Catalan or Portuguese.
	stopMinLead      = 0.10
	stopMinLeadWords = 4
	// maxWordBytes: longer words are in no list.
	maxWordBytes = 24
)

// stopDetect runs the stop-word pass over the start of text, first
// stopScanBytes of it, then, if that did not decide, stopScanMoreBytes.
// ok is false when the evidence is weak, the text is not in the Latin
// script, or the leader is a language the pass knows only as a veto.
func stopDetect(text string) (code string, confidence float64, ok bool) {
	if len(text) <= stopScanBytes {
		return stopScan(text)
	}
	if code, confidence, ok = stopScan(text[:stopScanBytes]); ok {
		return code, confidence, ok
	}
	return stopScan(text[:min(len(text), stopScanMoreBytes)])
}

// stopScan is the stop-word pass over all of text.
func stopScan(text string) (code string, confidence float64, ok bool) {
	var hits [numLangs]int
	var buf [maxWordBytes]byte
	words, latin, other := 0, 0, 0
	n, long := 0, false // the word being read: bytes in buf, too long
	end := func() {
		if n > 0 && !long {
			words++
			if mask := stopIndex[string(buf[:n])]; mask != 0 {
				for l := range numLangs {
					if mask&(1<<l) != 0 {
						hits[l]++
					}
				}
			}
		} else if long {
			words++
		}
		n, long = 0, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				end()
				continue
			}
			latin++
			if n < maxWordBytes {
				buf[n] = c
				n++
			} else {
				long = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) {
			if unicode.Is(unicode.Mn, r) {
				continue // a combining accent belongs to its letter
			}
			end()
			continue
		}
		if !unicode.Is(unicode.Latin, r) {
			other++
			end()
			continue
		}
		latin++
		r = unicode.ToLower(r)
		if n+utf8.RuneLen(r) <= maxWordBytes {
			n += utf8.EncodeRune(buf[n:], r)
		} else {
			long = true
		}
	}
	end()
	if words < stopMinWords || other*20 > latin {
		return "", 0, false
	}
	best, second := lang(0), -1
	for l := range numLangs {
		if hits[l] > hits[best] {
			best = l
		}
	}
	for l := range numLangs {
		if l != best && hits[l] > second {
			second = hits[l]
		}
	}
	lead := hits[best] - second
	if best >= numAnswers || float64(hits[best]) < stopMinShare*float64(words) ||
		lead < stopMinLeadWords || float64(lead) < stopMinLead*float64(words) {
		return "", 0, false
	}
	confidence = float64(lead) / float64(hits[best])
	if confidence < MinConfidence {
		return "", 0, false
	}
	return codes[best], confidence, true
}
