package ner

// hashTable maps 64-bit word hashes to int32 values for one document: an
// open-addressed table sized for the document's tokens and cleared for
// each, so that it stays as small as the document (a Go map keeps the
// size of the largest document it ever held, and clear costs that size).
type hashTable struct {
	slots []hashSlot
	shift uint
}

type hashSlot struct {
	key uint64
	val int32 // the value plus one; 0 for an empty slot
}

// reset empties the table and sizes it for up to n keys at a load of at
// most a half.
func (t *hashTable) reset(n int) {
	size, shift := 16, uint(60)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	if cap(t.slots) >= size && cap(t.slots) <= 4*size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]hashSlot, size)
	}
	t.shift = shift
}

// slot returns the slot of key h: its own, or the empty one where it goes.
func (t *hashTable) slot(h uint64) *hashSlot {
	mask := len(t.slots) - 1
	for i := int((h * 0x9e3779b97f4a7c15) >> t.shift); ; i = (i + 1) & mask {
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

// put sets the value of h, a key not in the table: at most n keys, as
// given to reset.
func (t *hashTable) put(h uint64, v int32) {
	s := t.slot(h)
	s.key, s.val = h, v+1
}
