package harness

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLogTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	if err := os.WriteFile(path, []byte("a\nb\nc\nd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := LogTail(path, 2); got != "c\nd" {
		t.Errorf("LogTail(2) = %q, want %q", got, "c\nd")
	}
	if got := LogTail(path, 10); got != "a\nb\nc\nd" {
		t.Errorf("LogTail(10) = %q", got)
	}
	if got := LogTail(filepath.Join(t.TempDir(), "none"), 2); got == "" {
		t.Errorf("LogTail of a missing file says nothing")
	}
}
