package score

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Suite measures one component against the corpora directory.
type Suite func(corporaDir string) ([]Result, error)

// Command is a service's `eval` subcommand: it reads -corpora (default
// $NEWSWIRE_CORPORA), runs the suites and prints one table headed name.
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
	return WriteTable(stdout, all)
}
