//go:build !(linux && (amd64 || arm64))

package hugepage

// Slice returns a zeroed slice of n elements: elsewhere than on Linux on
// amd64 and arm64, an ordinary Go slice, and a nil Mapping (see
// hugepage.go).
func Slice[T any](n int) ([]T, *Mapping) { return make([]T, n), nil }

// Mapping owns the memory of a slice that Slice mapped; never made here.
type Mapping struct{ _ byte }
