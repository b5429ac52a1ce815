package score

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Suite measures one component against the corpora directory.
type Suite func(corporaDir string) ([]Result, error)

// ErrBelowTarget is returned, wrapped, by Command when a row of the table
// is below its target; the table is printed first.
var ErrBelowTarget = errors.New("below target")

// Command is a service's `eval` subcommand: it reads -corpora (default
// $NEWSWIRE_CORPORA), runs the suites and prints one table headed name. It
// returns an error wrapping ErrBelowTarget, naming the rows, when any row
// is below its target, so `make eval` and CI fail on a miss.
func Command(name string, args []string, stdout io.Writer, suites ...Suite) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	corpora := fs.String("corpora", os.Getenv("NEWSWIRE_CORPORA"), "directory of the public suites (default $NEWSWIRE_CORPORA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpora == "" {
		return errors.New("no corpora directory: give -corpora or set NEWSWIRE_CORPORA (e.g. ../shared/corpora)")
	}
	if _, err := os.Stat(*corpora); err != nil {
		return fmt.Errorf("corpora directory: %w", err)
	}
	var all []Result
	for _, suite := range suites {
		rs, err := suite(*corpora)
		if err != nil {
			return err
		}
		all = append(all, rs...)
	}
	fmt.Fprintf(stdout, "%s (corpora: %s)\n", name, *corpora)
	if err := WriteTable(stdout, all); err != nil {
		return err
	}
	return Check(all)
}

// Check returns an error wrapping ErrBelowTarget that names every result
// below its target, or nil when all pass.
func Check(results []Result) error {
	var below []string
	for _, r := range results {
		if !r.Pass() {
			below = append(below, fmt.Sprintf("%s %s %.3f < %.3f", r.Suite, r.Metric, r.Value, r.Target))
		}
	}
	if len(below) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d rows %w: %s", len(below), len(results), ErrBelowTarget, strings.Join(below, "; "))
}
