package ner

import (
	"math/rand/v2"
	"testing"

	"github.com/newswire/newswire/services/tagger/internal/token"
)

func TestLexTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 9, 1000} {
		lex := map[uint64]lexEntry{}
		for len(lex) < n {
			lex[r.Uint64()] = lexEntry{cluster: uint16(r.IntN(256)), flags: uint8(r.IntN(64)), cue: r.IntN(2) == 0}
		}
		lex[0] = lexEntry{cluster: 9} // a hash of 0 is a word like any other
		tab := newLexTable(len(lex))
		for w, e := range lex {
			*tab.entry(w) = e
		}
		for w, e := range lex {
			if got := tab.get(w); got != e {
				t.Errorf("%d words: get(%x) = %+v, want %+v", n, w, got, e)
			}
		}
		for range 1000 {
			if w := r.Uint64(); tab.get(w) != lex[w] {
				t.Errorf("%d words: get(%x) = %+v, want %+v", n, w, tab.get(w), lex[w])
			}
		}
	}
}

// TestPrepareWords checks the words prepare works out, fetching their
// lexicon and gazetteer slots ahead: numbered in order of first sight,
// each what wordOf gives for its token, in a text with repeats and more
// words than the fetches run ahead, prepared twice with one doc.
func TestPrepareWords(t *testing.T) {
	tg := newTagger(t)
	text := "Reuters said London and Paris and Berlin met; the Bank of England said rates rose. " +
		"Shares in Apple, Microsoft and Alphabet fell in New York as the Federal Reserve met, Reuters said. " +
		"Prime Minister Keir Starmer and President Emmanuel Macron spoke in London."
	d := &doc{}
	for range 2 {
		d.text = text
		d.toks = token.Split(text, d.toks[:0])
		tg.feat.prepare(d)
		if len(d.words) <= 2*wordAhead {
			t.Fatalf("%d words, want more than %d", len(d.words), 2*wordAhead)
		}
		next := int32(0)
		for i, tk := range d.toks {
			w := text[tk.Start:tk.End]
			id := d.wid[i]
			if id > next {
				t.Fatalf("token %d (%q) is word %d, want at most %d", i, w, id, next)
			}
			if id == next {
				next++
			}
			got := d.words[id]
			got.lowerSeen = 0 // the document's, set after
			if want := tg.feat.wordOf(w, token.Fold(w)); got != want {
				t.Errorf("word of token %d (%q) = %+v, want %+v", i, w, got, want)
			}
		}
		if int(next) != len(d.words) {
			t.Errorf("%d words numbered, %d worked out", next, len(d.words))
		}
	}
	var empty lexTable
	empty.prefetch([]uint64{1, 2}) // no slots: nothing to fetch
	tg.feat.lex.prefetch(nil)
}
