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

// TestJSONLLongLines: a line over MaxLineSize is an *Error, never dropped
// as if blank; a long run of white space is a blank line.
func TestJSONLLongLines(t *testing.T) {
	long := `{"url":"https://example.com/a","text":"` + strings.Repeat("x", 5000) + `"}`
	for _, tc := range []struct {
		name, dump string
		errors     int
	}{
		{"long line, no newline", long, 1},
		{"long line, then a blank one", long + "\n" + strings.Repeat(" ", 5000) + "\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "long.jsonl")
			if err := os.WriteFile(path, []byte(tc.dump), 0o644); err != nil {
				t.Fatal(err)
			}
			src, err := Open(path, Options{MaxLineSize: 4 << 10})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			for {
				_, _, err := src.Next()
				if err == io.EOF {
					break
				}
				var ae *Error
				if err != nil && (!errors.As(err, &ae) || !strings.Contains(err.Error(), "longer than")) {
					t.Fatalf("Next() = %v, want a 'longer than' *Error", err)
				}
			}
			if st := src.Stats(); st.Errors != tc.errors || st.Published != 0 {
				t.Errorf("stats %+v, want %d errors and nothing published", st, tc.errors)
			}
		})
	}
}
