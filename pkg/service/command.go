package service

import (
	"bufio"
	"bytes"
	"encoding/json"
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

// JSONLines is the loop of a subcommand's -jsonl mode: it reads in a line
// at a time (up to maxLine bytes a line; blank lines are passed over),
// hands each line to each and writes what each returns to enc as one JSON
// line. A line each fails is reported on errOut as "line N: reason" and
// counted, and the next line is read; a write to enc that fails ends the
// loop. It returns the read or write error, or, when lines failed, how
// many.
func JSONLines(in io.Reader, maxLine int, enc *json.Encoder, errOut io.Writer, each func(line []byte) (any, error)) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, min(1<<20, maxLine)), maxLine)
	failed := 0
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := each(line)
		if err != nil {
			fmt.Fprintf(errOut, "line %d: %v\n", n, err)
			failed++
			continue
		}
		if err := enc.Encode(v); err != nil {
			return err
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
