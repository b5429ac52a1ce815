//go:build !(linux && (amd64 || arm64))

package perceptron

// bigTable returns a zeroed table of n words: elsewhere than on Linux on amd64 and arm64, an
// ordinary Go slice (see table_linux.go).
func bigTable(n int) ([]uint64, *mapping) { return make([]uint64, n), nil }

// mapping owns a table that bigTable mapped; never set here.
type mapping struct{ _ byte }
