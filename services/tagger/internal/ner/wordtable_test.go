package ner

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestWordTable builds tables of random and clustered hashes (all under
// one run of top bits, at both ends of the range) and checks every hash
// in them and many not, against the map they came from.
func TestWordTable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, keys := range [][]uint64{nil, {0}, {^uint64(0)}, {0, 1, 2, ^uint64(0) - 1, ^uint64(0)}, randomKeys(r, 1000, 0), randomKeys(r, 300, 1<<(64-wordTableBits)-1)} {
		m := map[uint64]uint16{}
		for i, k := range keys {
			m[k] = uint16(i + 1)
		}
		tab := clusterTable(m)
		if tab.len() != len(m) {
			t.Errorf("%d words: len = %d", len(m), tab.len())
		}
		for k, v := range m {
			if got := tab.get(k); got == nil || binary.LittleEndian.Uint16(got) != v {
				t.Errorf("%d words: get(%x) = %v, want %d", len(m), k, got, v)
			}
		}
		for _, k := range append(randomKeys(r, 1000, 0), 3, ^uint64(0)-2) {
			if _, in := m[k]; !in && tab.get(k) != nil {
				t.Errorf("%d words: get(%x) = %v, want nil", len(m), k, tab.get(k))
			}
		}
		again, err := newWordTable(tab.raw, 10)
		if err != nil || again.len() != tab.len() {
			t.Errorf("%d words: newWordTable of its records: %d, %v", len(m), again.len(), err)
		}
	}
	var zero wordTable
	if zero.get(1) != nil || zero.len() != 0 {
		t.Error("the zero table is not empty")
	}
	rec := func(keys ...uint64) []byte {
		var b []byte
		for _, k := range keys {
			b = binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint64(b, k), 1)
		}
		return b
	}
	for _, bad := range [][]byte{rec(2, 1), rec(1, 1), rec(1)[:9]} {
		if _, err := newWordTable(bad, 10); err == nil {
			t.Errorf("newWordTable(%x) = nil error, want one", bad)
		}
	}
}

// randomKeys returns n random hashes, masked by mask when it is not 0.
func randomKeys(r *rand.Rand, n int, mask uint64) []uint64 {
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = r.Uint64()
		if mask != 0 {
			keys[i] &= mask
		}
	}
	return keys
}

// FuzzReadCases reads arbitrary bytes as a model's case table: an error,
// or a table that finds each of its records and nothing else panics.
func FuzzReadCases(f *testing.F) {
	var b bytes.Buffer
	if _, err := writeCases(&b, caseTable(map[uint64]uint8{1: formLower, 1 << 60: formTitle, ^uint64(0): formUpper})); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes()[len(caseMagic):])
	f.Fuzz(func(t *testing.T, in []byte) {
		tab, err := casesFrom(in)
		if err != nil {
			return
		}
		for i := range tab.len() {
			k, v := tab.record(i)
			if got := tab.get(k); !bytes.Equal(got, v) {
				t.Fatalf("get(%x) = %v, want record %d's %v", k, got, i, v)
			}
		}
		tab.get(0)
		tab.get(^uint64(0))
	})
}
