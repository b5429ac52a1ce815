//go:build linux && (amd64 || arm64)

package perceptron

import (
	"runtime"
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on linux/amd64 and arm64.
const hugePage = 2 << 20

// bigTable returns a zeroed table of n words and the object whose life
// keeps it mapped. A table of many megabytes that features look up at
// random costs a TLB miss for nearly every row on 4 KB pages; it is
// mapped on its own, aligned to 2 MB and offered to the kernel for
// transparent huge pages, which also takes its page faults at load from
// thousands to a few. Where that fails it is an ordinary Go slice.
func bigTable(n int) ([]uint64, *mapping) {
	size := n * 8
	if size < 4*hugePage {
		return make([]uint64, n), nil
	}
	b, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]uint64, n), nil
	}
	off := 0
	if r := uintptr(unsafe.Pointer(&b[0])) % hugePage; r != 0 {
		off = int(hugePage - r)
	}
	body := b[off : off+size]
	_ = syscall.Madvise(body, syscall.MADV_HUGEPAGE) // a hint; without it the table works on small pages
	mp := &mapping{}
	runtime.AddCleanup(mp, func(b []byte) { syscall.Munmap(b) }, b)
	return unsafe.Slice((*uint64)(unsafe.Pointer(&body[0])), n), mp
}

// mapping owns a table that bigTable mapped; the table is unmapped once
// no model refers to it.
type mapping struct{ _ byte }
