//go:build !amd64

package prefetch

import "unsafe"

// Hashed does nothing here: only amd64 has a prefetch (see
// prefetch_amd64.go).
func Hashed(base unsafe.Pointer, keys *uint64, n int, shift uint, size int) {}

// Works reports whether Hashed prefetches here.
const Works = false
