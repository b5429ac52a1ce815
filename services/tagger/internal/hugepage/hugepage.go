//go:build linux && (amd64 || arm64)

package hugepage

import (
	"runtime"
	"syscall"
	"unsafe"
)

// size is the size of a transparent huge page on linux/amd64 and arm64.
const size = 2 << 20

// Slice returns a zeroed slice of n elements and the Mapping whose life
// keeps it mapped: hold the Mapping as long as the slice (or anything
// sliced from it) is used. T must hold no pointers: the garbage
// collector does not see the slice's memory. A slice of 2 MB or more is
// mapped on its own, aligned to 2 MB and offered to the kernel for
// transparent huge pages (MADV_HUGEPAGE); a smaller one, or one the
// kernel will not map, is an ordinary Go slice and the Mapping is nil.
func Slice[T any](n int) ([]T, *Mapping) {
	var zero T
	bytes := n * int(unsafe.Sizeof(zero))
	if bytes < size || n <= 0 {
		return make([]T, n), nil
	}
	b, err := syscall.Mmap(-1, 0, bytes+size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]T, n), nil
	}
	off := 0
	if r := uintptr(unsafe.Pointer(&b[0])) % size; r != 0 {
		off = int(size - r)
	}
	body := b[off : off+bytes]
	_ = syscall.Madvise(body, syscall.MADV_HUGEPAGE) // a hint; without it the slice works on small pages
	m := &Mapping{}
	runtime.AddCleanup(m, func(b []byte) { syscall.Munmap(b) }, b)
	return unsafe.Slice((*T)(unsafe.Pointer(&body[0])), n), m
}

// Mapping owns the memory of a slice that Slice mapped: the memory is
// unmapped once the Mapping is unreachable.
type Mapping struct{ _ byte }
