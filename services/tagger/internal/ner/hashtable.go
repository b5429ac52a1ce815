package ner

import "github.com/newswire/newswire/services/tagger/internal/prefetch"

// hashTable maps 64-bit word hashes to int32 values for one document: an
// open-addressed table cleared for each document and grown as its keys
// come, so that it stays as small as the document's vocabulary (a Go map
// keeps the size of the largest document it ever held, and clear costs
// that size).
type hashTable struct {
	slots []hashSlot
	shift uint
	used  int
}

type hashSlot struct {
	key uint64
	val int32 // the value plus one; 0 for an empty slot
}

// reset empties the table, keeping its slots if they are at most 4096 (64 KB).
func (t *hashTable) reset() {
	const keep = 4096 // slots: 64 KB
	if len(t.slots) == 0 || len(t.slots) > keep {
		t.slots, t.shift = make([]hashSlot, 64), 64-6
	} else {
		clear(t.slots)
	}
	t.used = 0
}

// slot returns the slot of key h: its own, or the empty one where it goes.
func (t *hashTable) slot(h uint64) *hashSlot {
	mask := len(t.slots) - 1
	for i := prefetch.Slot(h, t.shift); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.val == 0 || s.key == h {
			return s
		}
	}
}

// get returns the value of h, and whether it has one.
func (t *hashTable) get(h uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	s := t.slot(h)
	return s.val - 1, s.val != 0
}

// put sets the value of h, a key not in the table, growing the table to
// keep its load at most a half.
func (t *hashTable) put(h uint64, v int32) {
	if 2*(t.used+1) > len(t.slots) {
		old := t.slots
		t.slots, t.shift = make([]hashSlot, 2*len(old)), t.shift-1
		for _, s := range old {
			if s.val != 0 {
				*t.slot(s.key) = s
			}
		}
	}
	s := t.slot(h)
	s.key, s.val = h, v+1
	t.used++
}
