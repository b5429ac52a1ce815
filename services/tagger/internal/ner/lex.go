package ner

import (
	"unsafe"

	"github.com/newswire/newswire/services/tagger/internal/prefetch"
)

// lexTable is the lexicon (lexEntry by folded word hash) as an
// open-addressed table of 16-byte slots: a word's entry is one cache line
// away, where a Go map's control word and slot are often two. Every word
// of a document is looked up once, and in a process tagging many
// documents the table is mostly out of cache, pushed out by the model's
// rows.
type lexTable struct {
	slots []lexSlot
	shift uint // 64 - log2(len(slots))
}

type lexSlot struct {
	key  uint64
	e    lexEntry
	full bool
}

// newLexTable returns an empty table with room for n words at a load of
// at most three quarters: 512 KB for the model's 20,000 words, as much as
// a Go map of them takes.
func newLexTable(n int) lexTable {
	size, shift := 16, uint(60)
	for 3*size < 4*n+4 {
		size, shift = size*2, shift-1
	}
	return lexTable{slots: make([]lexSlot, size), shift: shift}
}

// entry returns the entry of the folded word hash w, adding a zero one if
// it has none; the table must have room for it (newLexTable's n).
func (t *lexTable) entry(w uint64) *lexEntry {
	mask := len(t.slots) - 1
	i := t.home(w)
	for t.slots[i].full && t.slots[i].key != w {
		i = (i + 1) & mask
	}
	s := &t.slots[i]
	if !s.full {
		*s = lexSlot{key: w, full: true}
	}
	return &s.e
}

func (t *lexTable) home(w uint64) int { return prefetch.Slot(w, t.shift) }

// prefetch starts fetching the home slots of the folded word hashes ws
// into cache, for a get of each a little later.
func (t *lexTable) prefetch(ws []uint64) {
	if len(ws) > 0 && len(t.slots) > 0 {
		prefetch.Hashed(unsafe.Pointer(&t.slots[0]), &ws[0], len(ws), t.shift, int(unsafe.Sizeof(lexSlot{})))
	}
}

// get returns the entry of the folded word hash w, zero if it has none.
func (t *lexTable) get(w uint64) lexEntry {
	mask := len(t.slots) - 1
	for i := t.home(w); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if !s.full {
			return lexEntry{}
		}
		if s.key == w {
			return s.e
		}
	}
}
