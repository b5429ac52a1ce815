// Package eval measures the tagger against the public suites in the shared
// corpora directory (see corpora/README.md) and reports one score.Result
// per suite and tier, for "make eval". The corpora are for measuring only:
// nothing here, and nothing in the taggers, is tuned to a single case.
package eval
