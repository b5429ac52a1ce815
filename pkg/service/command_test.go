package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "doc.txt")
	if err := os.WriteFile(file, []byte("from the file"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr string
	}{
		{name: "stdin", args: []string{"-n", "2"}, want: "from stdin"},
		{name: "file", args: []string{file}, want: "from the file"},
		{name: "two files", args: []string{file, file}, wantErr: "at most one FILE"},
		{name: "missing file", args: []string{file + ".gone"}, wantErr: "no such file"},
		{name: "unknown flag", args: []string{"-x"}, wantErr: "flag provided but not defined: -x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("cmd", flag.ContinueOnError)
			var usage bytes.Buffer
			fs.SetOutput(&usage)
			fs.Int("n", 1, "a number")
			in, err := ParseInput(fs, "usage: cmd [-n N] [FILE]", tt.args, strings.NewReader("from stdin"))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseInput(%q) = %v, want an error containing %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseInput(%q) = %v", tt.args, err)
			}
			defer in.Close()
			b, err := io.ReadAll(in)
			if err != nil || string(b) != tt.want {
				t.Errorf("ParseInput(%q) reads %q, %v; want %q", tt.args, b, err, tt.want)
			}
		})
	}
}

func TestParseInputUsage(t *testing.T) {
	fs := flag.NewFlagSet("cmd", flag.ContinueOnError)
	var usage bytes.Buffer
	fs.SetOutput(&usage)
	fs.Int("n", 1, "a number")
	if _, err := ParseInput(fs, "usage: cmd [-n N] [FILE]", []string{"-h"}, strings.NewReader("")); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("ParseInput(-h) = %v, want flag.ErrHelp", err)
	}
	if got := usage.String(); !strings.HasPrefix(got, "usage: cmd [-n N] [FILE]\n") || !strings.Contains(got, "a number") {
		t.Errorf("usage printed = %q, want the usage line, then the flags", got)
	}
}

// double is a JSONLines step: a line holding a number becomes twice it.
func double(line []byte) (any, error) {
	n, err := strconv.Atoi(string(line))
	if err != nil {
		return nil, err
	}
	return map[string]int{"n": 2 * n}, nil
}

func TestJSONLines(t *testing.T) {
	tests := []struct {
		name, in, wantOut, wantErrOut, wantErr string
	}{
		{name: "all good", in: "1\n2\n", wantOut: "{\"n\":2}\n{\"n\":4}\n"},
		{name: "no final newline", in: "1\n2", wantOut: "{\"n\":2}\n{\"n\":4}\n"},
		{name: "blank lines passed over", in: "\n1\n  \n\n3\n", wantOut: "{\"n\":2}\n{\"n\":6}\n"},
		{
			name: "failed lines reported and counted", in: "1\nx\n3\n\ny\n",
			wantOut:    "{\"n\":2}\n{\"n\":6}\n",
			wantErrOut: "line 2: strconv.Atoi: parsing \"x\": invalid syntax\nline 5: strconv.Atoi: parsing \"y\": invalid syntax\n",
			wantErr:    "2 lines failed",
		},
		{name: "empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := JSONLines(strings.NewReader(tt.in), 1<<10, json.NewEncoder(&out), &errOut, double)
			if got := errString(err); got != tt.wantErr {
				t.Errorf("JSONLines(%q) = %q, want %q", tt.in, got, tt.wantErr)
			}
			if out.String() != tt.wantOut {
				t.Errorf("JSONLines(%q) wrote %q, want %q", tt.in, out.String(), tt.wantOut)
			}
			if errOut.String() != tt.wantErrOut {
				t.Errorf("JSONLines(%q) reported %q, want %q", tt.in, errOut.String(), tt.wantErrOut)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// brokenWriter fails every write, as a closed pipe does.
type brokenWriter struct{ writes int }

func (w *brokenWriter) Write([]byte) (int, error) {
	w.writes++
	return 0, errors.New("broken pipe")
}

// TestJSONLinesStopsOnWriteError checks that output that cannot be written
// ends the loop at once instead of failing every line after it.
func TestJSONLinesStopsOnWriteError(t *testing.T) {
	w := &brokenWriter{}
	calls := 0
	err := JSONLines(strings.NewReader("1\n2\n3\n"), 1<<10, json.NewEncoder(w), io.Discard, func(line []byte) (any, error) {
		calls++
		return double(line)
	})
	if err == nil || err.Error() != "broken pipe" || calls != 1 || w.writes != 1 {
		t.Errorf("JSONLines to a broken writer = %v after %d lines and %d writes, want broken pipe after 1 and 1", err, calls, w.writes)
	}
}

// TestJSONLinesLineTooLong checks that a line over the limit is an error,
// not a silent stop.
func TestJSONLinesLineTooLong(t *testing.T) {
	var out bytes.Buffer
	err := JSONLines(strings.NewReader("1\n"+strings.Repeat("9", 100)+"\n2\n"), 16, json.NewEncoder(&out), io.Discard, double)
	if err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("JSONLines with a 100-byte line and a 16-byte limit = %v, want a token too long error", err)
	}
	if out.String() != "{\"n\":2}\n" {
		t.Errorf("JSONLines wrote %q before the long line, want the first line's result", out.String())
	}
}

// TestLinesWriteError checks that an error marked WriteError, also when
// wrapped, ends Lines with the write's own error, while other errors only
// fail their line.
func TestLinesWriteError(t *testing.T) {
	var errOut bytes.Buffer
	calls := 0
	err := Lines(strings.NewReader("bad\n1\n2\n"), 1<<10, &errOut, func(line []byte) error {
		calls++
		if string(line) == "bad" {
			return errors.New("not a number")
		}
		return fmt.Errorf("article %s: %w", line, WriteError(errors.New("disk full")))
	})
	if err == nil || err.Error() != "disk full" || calls != 2 {
		t.Errorf("Lines = %v after %d lines, want disk full after 2", err, calls)
	}
	if errOut.String() != "line 1: not a number\n" {
		t.Errorf("Lines reported %q, want the failed first line only", errOut.String())
	}
	if WriteError(nil) != nil {
		t.Error("WriteError(nil) != nil")
	}
}
