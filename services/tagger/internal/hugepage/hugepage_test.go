package hugepage

import (
	"runtime"
	"testing"
	"unsafe"
)

func TestSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3 << 20} {
		s, m := Slice[uint64](n)
		if len(s) != n {
			t.Fatalf("Slice(%d) has %d elements", n, len(s))
		}
		for i := 0; i < n; i += 4096 {
			if s[i] != 0 {
				t.Fatalf("Slice(%d)[%d] = %d, want 0", n, i, s[i])
			}
			s[i] = uint64(i)
		}
		if n >= 3<<20 && m != nil && uintptr(unsafe.Pointer(&s[0]))%(2<<20) != 0 {
			t.Errorf("Slice(%d) not aligned to 2 MB", n)
		}
		runtime.KeepAlive(m)
	}
}
