// This package is a copy of github.com/go-shiori/go-readability at
// v0.0.0-20241012063810-92284fa8a71f (MIT License, see LICENSE; library
// code only: its tests, test pages, commands and examples are left out),
// the fallback extractor of the trafilatura copy in ../trafilatura, kept
// here as that copy and ../htmldate are. Its imports of its own internal
// package are rewritten to this path; nothing else is changed in the first
// commit of the copy, so every change since is a reviewable diff.
// (Upstream's package comment is in readability.go.)

package readability
