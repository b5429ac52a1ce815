package ner

import (
	"math/rand/v2"
	"testing"
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
