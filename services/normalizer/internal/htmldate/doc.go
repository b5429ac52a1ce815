// Package htmldate is a copy of github.com/markusmobius/go-htmldate v1.9.1
// (Apache License 2.0, see LICENSE; library code only: its tests, test
// pages, commands and examples are left out), kept here because the
// normalizer needed a switch the module does not offer, as with the copy of
// go-trafilatura in ../trafilatura. Its imports of its own internal packages
// are rewritten to this path; nothing else is changed in the first commit of
// the copy, so every change since is a reviewable diff.
package htmldate
