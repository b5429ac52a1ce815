package ner

import (
	"math/rand/v2"
	"testing"
)

func TestHashTable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var tab hashTable
	if _, ok := tab.get(1); ok {
		t.Error("get on a table never reset found a key")
	}
	for _, n := range []int{0, 1, 8, 9, 5000, 3, 100} {
		tab.reset()
		want := map[uint64]int32{}
		for len(want) < n {
			h := r.Uint64()
			if len(want) == 0 {
				h = 0 // a hash of 0 is a key like any other
			}
			if _, ok := want[h]; ok {
				continue
			}
			want[h] = int32(len(want))
			tab.put(h, want[h])
		}
		for h, v := range want {
			if got, ok := tab.get(h); !ok || got != v {
				t.Errorf("n=%d: get(%x) = %d, %v, want %d, true", n, h, got, ok, v)
			}
		}
		for range 100 {
			h := r.Uint64()
			if _, in := want[h]; !in {
				if _, ok := tab.get(h); ok {
					t.Errorf("n=%d: get(%x) found a key never put", n, h)
				}
			}
		}
	}
}
