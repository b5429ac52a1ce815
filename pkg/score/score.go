// Package score reports evaluation results: each service measures itself
// against the public suites in the corpora directory and prints one table
// per run with this package, so every "make eval" line reads alike.
package score

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Result is one line of the evaluation table.
type Result struct {
	// Suite names the corpus and tier ("recognizers currency core").
	Suite string
	// Metric names what Value measures ("accuracy", "F1", "precision").
	Metric string
	// Value is the measured score in [0, 1].
	Value float64
	// Cases is how many cases the score is over.
	Cases int
	// Target is the score the suite must reach, 0 when it has none.
	Target float64
}

// Pass reports whether the result meets its target.
func (r Result) Pass() bool { return r.Target == 0 || r.Value >= r.Target }

// WriteTable prints results as an aligned table.
func WriteTable(w io.Writer, results []Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "suite\tmetric\tvalue\tcases\ttarget\tstatus")
	for _, r := range results {
		target, status := "-", "-"
		if r.Target > 0 {
			target = fmt.Sprintf("%.3f", r.Target)
			status = "ok"
			if !r.Pass() {
				status = "BELOW"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%d\t%s\t%s\n", r.Suite, r.Metric, r.Value, r.Cases, target, status)
	}
	return tw.Flush()
}
