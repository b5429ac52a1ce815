package prefetch

import (
	"testing"
	"unsafe"
)

// TestHashed prefetches slots inside and far outside a table: a prefetch
// never faults.
func TestHashed(t *testing.T) {
	table := make([]uint64, 1024)
	keys := []uint64{0, 1, 2, 0xdeadbeefcafe, ^uint64(0)}
	Hashed(unsafe.Pointer(&table[0]), &keys[0], len(keys), 64-10, 8)
	Hashed(unsafe.Pointer(&table[0]), &keys[0], len(keys), 0, 1<<20)
	Hashed(unsafe.Pointer(&table[0]), &keys[0], 0, 64-10, 8)
}
