// Package eval measures the normalizer against the public suites in the
// shared corpora directory (see corpora/README.md): each function reads one
// suite, runs the normalizer's pure-logic packages over it and returns
// score.Result lines for score.WriteTable. The suites are for measuring
// only; nothing here is tuned to, or copies, their cases.
package eval
