// Package dlq is what `newswire dlq` does: list the dead letters a pipeline
// holds, show one with its headers and payload, and retry some by
// republishing them to the subject they first failed on.
package dlq

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newswire/newswire/pkg/bus"
)

// ReasonWidth is how many characters of a reason List prints.
const ReasonWidth = 72

// maxShowBinary bounds the hex dump Show prints of a payload that is not
// text.
const maxShowBinary = 4 << 10

// Tool runs the dlq commands over one connection.
type Tool struct {
	conn *bus.Conn
	out  io.Writer
}

// New returns a Tool that reads and retries dead letters through conn and
// prints to out.
func New(conn *bus.Conn, out io.Writer) (*Tool, error) {
	if conn == nil || out == nil {
		return nil, errors.New("dlq: nil connection or output")
	}
	return &Tool{conn: conn, out: out}, nil
}

// List prints up to limit dead letters of stage ("" for all), oldest
// first: sequence, time, stage, original subject, payload size and reason.
func (t *Tool) List(ctx context.Context, stage bus.Stage, limit int) error {
	dls, err := t.conn.ListDeadLetters(ctx, stage, limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(t.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tSTAGE\tSUBJECT\tSIZE\tREASON")
	for _, d := range dls {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\n", d.Sequence, formatTime(d.Time), d.Stage, orDash(d.Subject), len(d.Data), Truncate(oneLine(d.Reason), ReasonWidth))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(dls) == 0 {
		fmt.Fprintln(t.out, "no dead letters")
	}
	return nil
}

// Show prints the dead letter at seq: its headers, sorted, then its
// payload (indented when it is JSON, a hex dump when it is not text).
func (t *Tool) Show(ctx context.Context, seq uint64) error {
	d, err := t.conn.GetDeadLetter(ctx, seq)
	if err != nil {
		return err
	}
	fmt.Fprintf(t.out, "sequence: %d\nstage: %s\nsubject: %s\ntime: %s\nsize: %d bytes\nreason: %s\n\nheaders:\n",
		d.Sequence, d.Stage, orDash(d.Subject), formatTime(d.Time), len(d.Data), d.Reason)
	keys := make([]string, 0, len(d.Header))
	for k := range d.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range d.Header[k] {
			fmt.Fprintf(t.out, "  %s: %s\n", k, v)
		}
	}
	fmt.Fprintln(t.out, "\npayload:")
	_, err = t.out.Write(FormatPayload(d.Data))
	return err
}

// Retry republishes the dead letters at seqs to their original subjects
// and deletes them, printing one line each. It goes on after a failure and
// returns every error joined.
func (t *Tool) Retry(ctx context.Context, seqs []uint64) error {
	var errs []error
	for _, seq := range seqs {
		subject, err := t.conn.RetryDeadLetter(ctx, seq)
		if err != nil {
			fmt.Fprintf(t.out, "%d\tfailed: %v\n", seq, err)
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(t.out, "%d\tretried to %s\n", seq, subject)
	}
	return errors.Join(errs...)
}

// RetryAll retries every dead letter of stage ("" for all stages), in
// batches of batch.
func (t *Tool) RetryAll(ctx context.Context, stage bus.Stage, batch int) error {
	var errs []error
	seen := map[uint64]bool{}
	for {
		dls, err := t.conn.ListDeadLetters(ctx, stage, batch)
		if err != nil {
			return err
		}
		var seqs []uint64
		for _, d := range dls {
			if !seen[d.Sequence] {
				seen[d.Sequence] = true
				seqs = append(seqs, d.Sequence)
			}
		}
		if len(seqs) == 0 {
			if len(seen) == 0 {
				fmt.Fprintln(t.out, "no dead letters")
			}
			return errors.Join(errs...)
		}
		if err := t.Retry(ctx, seqs); err != nil {
			errs = append(errs, err)
		}
	}
}

// ParseSeqs parses dead-letter sequence numbers.
func ParseSeqs(args []string) ([]uint64, error) {
	var out []uint64
	for _, a := range args {
		n, err := strconv.ParseUint(a, 10, 64)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("sequence %q: want a positive integer", a)
		}
		out = append(out, n)
	}
	return out, nil
}

// FormatPayload renders a payload for a person: indented JSON when it is
// JSON, the text when it is printable UTF-8, else a hex dump of its start.
func FormatPayload(data []byte) []byte {
	var b bytes.Buffer
	switch {
	case len(data) == 0:
		b.WriteString("(empty)\n")
	case json.Valid(data):
		if err := json.Indent(&b, data, "", "  "); err != nil {
			b.Reset()
			b.Write(data)
		}
		b.WriteByte('\n')
	case printable(data):
		b.Write(data)
		if data[len(data)-1] != '\n' {
			b.WriteByte('\n')
		}
	default:
		n := min(len(data), maxShowBinary)
		b.WriteString(hex.Dump(data[:n]))
		if n < len(data) {
			fmt.Fprintf(&b, "… %d more bytes\n", len(data)-n)
		}
	}
	return b.Bytes()
}

func printable(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for _, r := range string(data) {
		if !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// Truncate shortens s to at most n runes, marking a cut with "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}
