package ner

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"

	"github.com/newswire/newswire/services/tagger/internal/gazetteer"
	"github.com/newswire/newswire/services/tagger/internal/token"
)

// The written forms of a word that the case table records.
const (
	formLower uint8 = iota + 1 // "shares"
	formTitle                  // "Goldman"
	formUpper                  // "ECB"
)

// caseMagic opens the case table in a model file.
const caseMagic = "NWCS1"

// learnCases counts, for every word of the training text that is not the
// first of its sentence, how it is written, and keeps the form it takes in
// at least two thirds of at least two occurrences. A sentence that has lost
// its case ("apple shares slide", "FED HOLDS RATES") is read again in these
// forms before tagging, so the model sees the capitals it learned from.
func learnCases(examples []Example) map[uint64]uint8 {
	counts := map[uint64][4]int32{}
	for _, ex := range examples {
		for i, t := range ex.Tokens {
			if i == 0 || strings.Contains(ex.Text[ex.Tokens[i-1].End:t.Start], "\n") {
				continue
			}
			w := ex.Text[t.Start:t.End]
			f := wordForm(w)
			if f == 0 {
				continue
			}
			c := counts[token.Fold(w)]
			c[f]++
			counts[token.Fold(w)] = c
		}
	}
	out := make(map[uint64]uint8, len(counts)/2)
	for h, c := range counts {
		total := c[1] + c[2] + c[3]
		for f := formLower; f <= formUpper; f++ {
			if total >= 2 && 3*c[f] >= 2*total {
				out[h] = f
			}
		}
	}
	// Word pairs written in capitals together that are not both names
	// on their own ("Supreme Court", "News Agency", "Health Ministry"):
	// a sentence that lost its case gets their capitals back as a pair.
	type pair struct {
		a, b      uint64
		both, any int32
	}
	pairs := map[uint64]pair{}
	for _, ex := range examples {
		for i := 2; i < len(ex.Tokens); i++ {
			a, b := ex.Tokens[i-1], ex.Tokens[i]
			if strings.Contains(ex.Text[ex.Tokens[i-2].End:b.Start], "\n") {
				continue // either word opens a sentence
			}
			wa, wb := ex.Text[a.Start:a.End], ex.Text[b.Start:b.End]
			fa, fb := wordForm(wa), wordForm(wb)
			if fa == 0 || fb == 0 {
				continue
			}
			ha, hb := token.Fold(wa), token.Fold(wb)
			k := pairKey(ha, hb)
			p := pairs[k]
			p.a, p.b = ha, hb
			if fa == formTitle && fb == formTitle {
				p.both++
			}
			p.any++
			pairs[k] = p
		}
	}
	for k, p := range pairs {
		if p.any >= 3 && 3*p.both >= 2*p.any && (out[p.a] != formTitle || out[p.b] != formTitle) {
			out[k] = formTitle
		}
	}
	return out
}

// pairKey is the case table's key of a pair of words, apart from every
// word's own key.
func pairKey(a, b uint64) uint64 { return token.Mix(a, b) ^ 0x6a09e667f3bcc909 }

// wordForm returns the form of an ASCII word of letters (with inner
// periods, hyphens or apostrophes), or 0 for anything else.
func wordForm(w string) uint8 {
	upper, lower, letters := 0, 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
			letters++
		case c >= 'a' && c <= 'z':
			lower++
			letters++
		case c == '.' || c == '-' || c == '\'' || c == '&':
		default:
			return 0
		}
	}
	switch {
	case letters == 0:
		return 0
	case upper == 0:
		return formLower
	case lower == 0 && letters >= 2:
		return formUpper
	case w[0] >= 'A' && w[0] <= 'Z':
		return formTitle
	}
	return 0
}

// truecase returns text with the sentences that have lost their case
// (three or more letter words, none with a small letter; or a whole text
// without a capital) written in the forms of the case table, and the
// common words of headline-case sentences in small letters (headline): a word the table does
// not know is put in Title case, where it is more often a name than not,
// and the first word of a sentence takes a capital. A name the gazetteer lists
// keeps or takes its capital in both (listedWords), a short one in small
// letters only when the table writes it in capitals ("ecb", not "us").
// Only ASCII letters change, so
// every byte offset stays valid. It returns text itself when no sentence
// changes.
func (t *Tagger) truecase(text string, toks []token.Token, buf []byte) (string, []byte) {
	if t.model.cases.len() == 0 {
		return text, buf
	}
	// A sentence in small letters inside a text that has capitals is a
	// fragment ("... now that he is dead, the guards said"), not lost case:
	// small letters are read again only when the whole text has none.
	caseless := true
	for _, tk := range toks {
		if f := wordForm(text[tk.Start:tk.End]); f == formTitle || f == formUpper {
			caseless = false
			break
		}
	}
	var (
		out    []byte
		listed []bool
		forms  []uint8
	)
	for s := 0; s < len(toks); {
		e := s + 1
		for e < len(toks) && !sentenceBreak(text, toks[e-1], toks[e-1].End, toks[e].Start) {
			e++
		}
		words, withLower := 0, 0
		for _, tk := range toks[s:e] {
			switch wordForm(text[tk.Start:tk.End]) {
			case formLower:
				words++
				withLower++
			case formTitle:
				words++
				withLower++
			case formUpper:
				words++
			}
			if withLower > 0 && !caseless {
				break // not in capitals, and words counts only in a caseless text
			}
		}
		allCaps := words >= 3 && withLower == 0
		if !allCaps && !caseless && t.headline(text, toks[s:e]) {
			// Headline case: only the capitalised common words go back
			// to small letters ("Goldman Sachs Profit Beats Estimates").
			if out == nil {
				out = append(buf[:0], text...)
			}
			listed = t.listedWords(text, toks[s:e], listed)
			for i, tk := range toks[s:e] {
				w := out[tk.Start:tk.End]
				if i > 0 && !listed[i] && wordForm(string(w)) == formTitle && t.model.caseOf(token.Fold(string(w))) == formLower {
					setForm(w, formLower)
				}
			}
		}
		if caseless && words >= 3 || allCaps {
			if out == nil {
				out = append(buf[:0], text...)
			}
			listed = t.listedWords(text, toks[s:e], listed)
			forms = forms[:0]
			for i, tk := range toks[s:e] {
				w := out[tk.Start:tk.End]
				if wordForm(string(w)) == 0 {
					forms = append(forms, 0)
					continue
				}
				f := t.model.caseOf(token.Fold(string(w)))
				if !allCaps && listed[i] && len(w) <= 3 && f != formUpper {
					// In small letters, a short listed name is taken only
					// when the table writes it in capitals ("sec", not "us").
					listed[i] = false
				}
				if listed[i] && f != formUpper {
					// A listed name keeps its capital ("SHELL PROFIT
					// BEATS FORECASTS"); a short one stays in capitals,
					// as acronyms are written ("ECB", "SEC").
					f = formTitle
					if len(w) <= 3 {
						f = formUpper
					}
				}
				if allCaps && len(w) <= 5 && i > 0 && i+1 < e-s && text[toks[s+i-1].Start:toks[s+i-1].End] == "(" &&
					text[toks[s+i+1].Start:toks[s+i+1].End] == ")" {
					f = formUpper // a ticker or an acronym in brackets: "NVIDIA (NVDA)"
				}
				if f == 0 {
					// A word the table does not know (seen too seldom, or
					// in no one form most of the time) is more often a
					// name than not, in capitals and in small letters
					// alike ("jamie dimon", "mohamed bin zayed"): on
					// WorldWide and UNER PUD news put in small letters,
					// leaving such words small gave mention F1 0.581 and
					// 0.478, a capital 0.670 and 0.586.
					f = formTitle
					if acronymLike(string(w)) {
						f = formUpper
					}
				}
				forms = append(forms, f)
			}
			for i := 1; i < len(forms); i++ {
				// A pair the training text writes in capitals together.
				if forms[i-1] != 0 && forms[i] != 0 && (forms[i-1] == formLower || forms[i] == formLower) {
					a, b := toks[s+i-1], toks[s+i]
					if t.model.caseOf(pairKey(token.Fold(text[a.Start:a.End]), token.Fold(text[b.Start:b.End]))) == formTitle {
						forms[i-1], forms[i] = max(forms[i-1], formTitle), max(forms[i], formTitle)
					}
				}
			}
			for i, tk := range toks[s:e] {
				f := forms[i]
				if f == 0 {
					continue
				}
				if i == 0 && f == formLower {
					f = formTitle
				}
				setForm(out[tk.Start:tk.End], f)
			}
		}
		s = e
	}
	if out == nil {
		return text, buf
	}
	return string(out), out
}

// listedWords marks the words of toks that belong to a name the
// gazetteer lists as an organisation, a company, a club, a party, a
// university, a country, a region, a group or a person, or a city of
// 100,000 people or more, so a sentence that lost its case does not lose
// them: small inner words ("Bank of England") stay unmarked. It reuses
// buf.
func (t *Tagger) listedWords(text string, toks []token.Token, buf []bool) []bool {
	buf = grow(buf, len(toks))
	clear(buf)
	if t.gaz == nil {
		return buf
	}
	for i := 0; i < len(toks); {
		ok := false
		m := t.gaz.Match(text, toks, i, func(e gazetteer.Entry) {
			if e.Kind != gazetteer.KindCity || e.Pop >= 2 {
				ok = true
			}
		})
		if m == 0 {
			i++
			continue
		}
		if ok && !t.commonWords(text, toks[i:i+m]) {
			for j := i; j < i+m; j++ {
				w := text[toks[j].Start:toks[j].End]
				buf[j] = j == i || len(w) > 3 || t.model.caseOf(token.Fold(w)) != formLower
			}
		}
		i += m
	}
	return buf
}

// commonWords reports whether every word of toks is one the case table
// writes in small letters: a listed name made only of such words ("IS",
// "THE CITY") is, in a sentence in capitals, more often those words.
func (t *Tagger) commonWords(text string, toks []token.Token) bool {
	for _, tk := range toks {
		if t.model.caseOf(token.Fold(text[tk.Start:tk.End])) != formLower {
			return false
		}
	}
	return true
}

// headline reports whether a sentence is in headline case: four or more
// words of four or more letters, every one capitalised, and at least two of
// them words the case table writes in small letters. A sentence of prose
// has small-letter words of that length; a list of names has no common
// words.
func (t *Tagger) headline(text string, toks []token.Token) bool {
	// Most sentences have a long word in small letters: look for one
	// before looking up any word's usual case.
	for _, tk := range toks {
		if tk.End-tk.Start >= 4 && wordForm(text[tk.Start:tk.End]) == formLower {
			return false
		}
	}
	long, common := 0, 0
	for i, tk := range toks {
		w := text[tk.Start:tk.End]
		if len(w) < 4 {
			continue
		}
		switch wordForm(w) {
		case formTitle:
			long++
			if i > 0 && t.model.caseOf(token.Fold(w)) == formLower {
				common++
			}
		case formUpper:
			long++
		}
	}
	return long >= 4 && common >= 2
}

// setForm rewrites the ASCII letters of w in form f, in place.
func setForm(w []byte, f uint8) {
	for i, c := range w {
		up := f == formUpper || f == formTitle && i == 0
		switch {
		case up && c >= 'a' && c <= 'z':
			w[i] = c - ('a' - 'A')
		case !up && c >= 'A' && c <= 'Z':
			w[i] = c + ('a' - 'A')
		}
	}
}

// writeCases writes the case table, sorted by word hash.
func writeCases(w io.Writer, cases wordTable) (int64, error) {
	buf := make([]byte, 0, len(caseMagic)+4+len(cases.raw))
	buf = append(buf, caseMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(cases.len()))
	buf = append(buf, cases.raw...)
	n, err := w.Write(buf)
	return int64(n), err
}

// casesFrom returns the table written by writeCases at the start of b
// (its magic already read), which it uses in place.
func casesFrom(b []byte) (wordTable, error) {
	if len(b) < 4 {
		return wordTable{}, fmt.Errorf("read case table: %w", io.ErrUnexpectedEOF)
	}
	n := int(binary.LittleEndian.Uint32(b))
	if n > 1<<24 {
		return wordTable{}, fmt.Errorf("read case table: count %d too large", n)
	}
	if b = b[4:]; len(b) < 9*n {
		return wordTable{}, fmt.Errorf("read case table: %w", io.ErrUnexpectedEOF)
	}
	return casesOf(b[:9*n:9*n], n)
}

// casesOf checks the n records of raw, a case table's, and returns its
// table.
func casesOf(raw []byte, n int) (wordTable, error) {
	for i := 0; i < n; i++ {
		if f := raw[9*i+8]; f < formLower || f > formUpper {
			return wordTable{}, fmt.Errorf("read case table: entry %d has form %d", i, f)
		}
	}
	cases, err := newWordTable(raw, 9)
	if err != nil {
		return wordTable{}, fmt.Errorf("read case table: %w", err)
	}
	return cases, nil
}

// acronymLike reports whether a word the case table does not know reads
// as an acronym rather than a name: two to six letters and no vowel
// ("RRDC", "nhs"). Short words with vowels ("WMO", "Ufa") go either
// way; taking those of three letters or fewer for acronyms lost more than
// it won on WorldWide in small letters and in capitals.
func acronymLike(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for i := 0; i < len(w); i++ {
		switch w[i] | 0x20 {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return false
		}
	}
	return true
}
