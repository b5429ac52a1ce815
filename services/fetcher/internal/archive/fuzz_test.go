package archive

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzJSONL checks that no dump makes the JSONL reader panic or stop
// early: every non-blank line yields a record, a skip or an *Error.
func FuzzJSONL(f *testing.F) {
	for _, line := range strings.Split(jsonlDump(), "\n") {
		f.Add(line + "\n" + line)
	}
	f.Add("{\"text\":\"a\"}\r\n\n{}")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, dump string) {
		path := filepath.Join(dir, "fuzz.jsonl")
		if err := os.WriteFile(path, []byte(dump), 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := Open(path, Options{MaxLineSize: 4 << 10})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		n := 0
		for {
			raw, _, err := src.Next()
			if err == io.EOF {
				break
			}
			var ae *Error
			if err != nil && !errors.As(err, &ae) {
				t.Fatalf("Next() = %v, want a record, *Error or io.EOF", err)
			}
			if err == nil && (raw.ID == "" || !raw.Source.Kind.Valid()) {
				t.Fatalf("Next() = raw with id %q kind %q", raw.ID, raw.Source.Kind)
			}
			if n++; n > len(dump)+1 {
				t.Fatalf("%d results from %d bytes", n, len(dump))
			}
		}
		st := src.Stats()
		total := st.Published + st.Errors
		for _, v := range st.Skipped {
			total += v
		}
		if lines := nonBlankLines(dump); total != lines {
			t.Fatalf("%d published + errors + skipped, want %d (one per non-blank line)", total, lines)
		}
	})
}

func nonBlankLines(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}
