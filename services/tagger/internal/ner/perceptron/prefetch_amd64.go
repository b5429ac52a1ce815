package perceptron

import "unsafe"

// prefetchRows issues a PREFETCHT0 for the row of each of the n features
// at feats: base + bucket*rowBytes, the bucket found as Model.bucket does.
// A prefetch never faults, whatever the address.
//
//go:noescape
func prefetchRows(base unsafe.Pointer, feats *uint64, n int, shift uint, rowBytes int)

const canPrefetch = true
