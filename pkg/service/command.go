package service

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
)

// ParseInput is the start of a subcommand that reads one document or a
// stream of them (`normalizer normalize`, `tagger tag`): it sets fs's usage
// to the usage line followed by the flags, parses args, and opens what the
// command reads: the one FILE left among them, or stdin when there is none
// (see OpenInput). The caller closes it.
func ParseInput(fs *flag.FlagSet, usage string, args []string, stdin io.Reader) (io.ReadCloser, error) {
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return OpenInput(fs.Args(), stdin)
}

// Lines is the loop of a subcommand's -jsonl mode: it reads in a line at
// a time (up to maxLine bytes a line; blank lines are passed over) and
// hands each line to each, which writes what the line gives. A line each
// fails is reported on errOut as "line N: reason" and counted, and the
// next line is read; an error each marks with WriteError (its output
// could not be written) ends the loop. It returns the read or write
// error, or, when lines failed, how many.
func Lines(in io.Reader, maxLine int, errOut io.Writer, each func(line []byte) error) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, min(1<<20, maxLine)), maxLine)
	failed := 0
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := each(line); err != nil {
			var we writeError
			if errors.As(err, &we) {
				return we.err
			}
			fmt.Fprintf(errOut, "line %d: %v\n", n, err)
			failed++
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d lines failed", failed)
	}
	return nil
}

// writeError is an error of writing output, which ends Lines.
type writeError struct{ err error }

func (e writeError) Error() string { return e.err.Error() }
func (e writeError) Unwrap() error { return e.err }

// WriteError marks err, an error writing a line's output, as one that
// ends Lines; nil stays nil.
func WriteError(err error) error {
	if err == nil {
		return nil
	}
	return writeError{err}
}

// JSONLines is Lines writing what each returns to enc as one JSON line.
func JSONLines(in io.Reader, maxLine int, enc *json.Encoder, errOut io.Writer, each func(line []byte) (any, error)) error {
	return Lines(in, maxLine, errOut, func(line []byte) error {
		v, err := each(line)
		if err != nil {
			return err
		}
		return WriteError(enc.Encode(v))
	})
}
