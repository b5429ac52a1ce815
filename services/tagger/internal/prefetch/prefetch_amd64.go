package prefetch

import "unsafe"

// Hashed asks the processor to bring into cache, without waiting, the
// slot of each of the n keys at keys in a table at base of slots of size
// bytes, the slot of key k being Slot(k, shift). A prefetch never
// faults, whatever the address, and changes no result.
//
//go:noescape
func Hashed(base unsafe.Pointer, keys *uint64, n int, shift uint, size int)

// Works reports whether Hashed prefetches here (only on amd64).
const Works = true
