// Package language guesses the language of article text. A stop-word pass
// over the first kilobyte answers for the common Latin-script languages of
// the news (English, German, French, Spanish, Italian, Portuguese, Dutch,
// Polish) when their function words are plainly dominant; every other text
// goes to github.com/RadhiFadlillah/whatlanggo (MIT; a maintained fork of
// abadojack/whatlanggo, itself a port of the Rust whatlang trigram
// profiles, and the detector go-trafilatura uses), so newswire ships no
// trigram profiles of its own.
package language

import (
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// MinConfidence is the confidence below which Detect says it is unsure.
// whatlanggo's confidence measures the lead over the runner-up, so close
// relatives score low on clear text (a Russian news sentence: 0.34
// against Ukrainian and Belarusian).
const MinConfidence = 0.25

// maxBytes bounds the text scored: the first 1.5 KiB of an article (a few
// paragraphs) decide its language as well as the whole of it, and trigram
// counting is linear and, at about 2 MB/s, the most expensive step of
// normalizing plain text.
const maxBytes = 1536

// Detect returns the ISO 639-1 code of text's language ("en", "de") and a
// confidence in [0, 1]. It returns "" when the text is too short, the
// language has no ISO 639-1 code, or the confidence is below
// MinConfidence. When the stop-word pass decides, the confidence is
// the leader's lead over the runner-up as a share of the leader's count.
func Detect(text string) (code string, confidence float64) {
	if code, confidence, ok := stopDetect(text); ok {
		return code, confidence
	}
	return trigram(text)
}

// trigram scores text with whatlanggo.
func trigram(text string) (code string, confidence float64) {
	if len(text) > maxBytes {
		text = text[:maxBytes]
		// Drop a rune cut in half.
		for i := 0; i < utf8.UTFMax && len(text) > 0 && !utf8.ValidString(text[max(0, len(text)-utf8.UTFMax):]); i++ {
			text = text[:len(text)-1]
		}
	}
	info := whatlanggo.Detect(text)
	code = info.Lang.Iso6391()
	if code == "" || info.Confidence < MinConfidence {
		return "", info.Confidence
	}
	return code, info.Confidence
}
