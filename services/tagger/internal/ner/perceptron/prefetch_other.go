//go:build !amd64

package perceptron

import "unsafe"

func prefetchRows(base unsafe.Pointer, feats *uint64, n int, shift uint, rowBytes int) {}

const canPrefetch = false
