package ner

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// wordTable maps word hashes to small values (a word's cluster, its usual
// written form) as the model file holds them: fixed-size records, the
// hash first (uint64, little-endian), sorted by hash. Reading one is one
// pass over its records, which marks where each run of hashes sharing
// their top wordTableBits bits starts: no hashing and no map to grow,
// which were a tenth of the tagger's start. Word hashes are uniform, so a
// lookup reads the run's start and a few records (the model's 35,618
// cases make runs of 9 on average).
type wordTable struct {
	raw   []byte
	size  int      // bytes in a record: 8 for the hash, the rest the value
	start []uint32 // start[i]: the first record whose hash's top bits are at least i
}

const wordTableBits = 12

// newWordTable returns the table of the records in raw, size bytes each,
// after checking that they are sorted by hash, each hash once.
func newWordTable(raw []byte, size int) (wordTable, error) {
	if size <= 8 || len(raw)%size != 0 {
		return wordTable{}, fmt.Errorf("word table: %d bytes in records of %d", len(raw), size)
	}
	for i := size; i < len(raw); i += size {
		if binary.LittleEndian.Uint64(raw[i:]) <= binary.LittleEndian.Uint64(raw[i-size:]) {
			return wordTable{}, fmt.Errorf("word table: record %d out of order", i/size)
		}
	}
	return wordTableOf(raw, size), nil
}

// wordTableOf returns the table of records known to be in order.
func wordTableOf(raw []byte, size int) wordTable {
	t := wordTable{raw: raw, size: size, start: make([]uint32, 1<<wordTableBits+1)}
	b := 0 // the next run whose start is not yet set
	for i := 0; i < len(raw); i += size {
		for top := int(binary.LittleEndian.Uint64(raw[i:]) >> (64 - wordTableBits)); b <= top; b++ {
			t.start[b] = uint32(i / size)
		}
	}
	for ; b < len(t.start); b++ {
		t.start[b] = uint32(len(raw) / size)
	}
	return t
}

// wordTableFrom returns the table of m, whose values are value(v) bytes
// each (size-8).
func wordTableFrom[V any](m map[uint64]V, size int, value func([]byte, V) []byte) wordTable {
	keys := make([]uint64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	raw := make([]byte, 0, size*len(keys))
	for _, k := range keys {
		raw = value(binary.LittleEndian.AppendUint64(raw, k), m[k])
	}
	return wordTableOf(raw, size)
}

// get returns the value of hash k, nil if the table has none.
func (t *wordTable) get(k uint64) []byte {
	if t.start == nil {
		return nil
	}
	top := k >> (64 - wordTableBits)
	for i := int(t.start[top]) * t.size; i < int(t.start[top+1])*t.size; i += t.size {
		switch h := binary.LittleEndian.Uint64(t.raw[i:]); {
		case h == k:
			return t.raw[i+8 : i+t.size]
		case h > k:
			return nil
		}
	}
	return nil
}

// len returns how many records t has.
func (t *wordTable) len() int {
	if t.size == 0 {
		return 0
	}
	return len(t.raw) / t.size
}

// record returns the hash and value of record i.
func (t *wordTable) record(i int) (uint64, []byte) {
	r := t.raw[i*t.size : (i+1)*t.size]
	return binary.LittleEndian.Uint64(r), r[8:]
}
