// This package is a copy of github.com/go-shiori/go-readability at
// v0.0.0-20241012063810-92284fa8a71f (MIT License, see LICENSE; library
// code only: its tests, test pages, commands and examples are left out),
// the fallback extractor of the trafilatura copy in ../trafilatura, kept
// here as that copy and ../htmldate are. Its imports of its own internal
// package are rewritten to this path; nothing else is changed in the first
// commit of the copy, so every change since is a reviewable diff.
// (Upstream's package comment is in readability.go.)
//
// Changes (extract's results on the 1,032 trafilatura-eval pages, with and
// without fallback, are byte-identical to the module's; FuzzInnerTextLen
// compares each count with the expression it replaces):
//   - the length of an element's normalized inner text, the commas in it and
//     whether it is white space only are counted over its text nodes
//     (innerTextLen, textCount, onlySpace) instead of building the text:
//     the scoring and the conditional cleaning ask them of nested elements
//     over and over;
//   - the debug log's arguments (the candidate's whole HTML) are rendered
//     only when the log is on, and a node's text is read for the byline
//     test only when its attributes or class make it a byline candidate, and
//     an element's <br> and <hr> are listed only when it has no text.

package readability
