package harness

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestFreePort: the ports handed out are distinct, below the ephemeral
// range, and free to listen on.
func TestFreePort(t *testing.T) {
	low := ephemeralLow()
	seen := map[int]bool{}
	for range 50 {
		port, err := FreePort()
		if err != nil {
			t.Fatal(err)
		}
		if seen[port] {
			t.Fatalf("port %d handed out twice", port)
		}
		seen[port] = true
		if low-freePortMin >= 1000 && (port < freePortMin || port >= low) {
			t.Errorf("port %d outside [%d, %d)", port, freePortMin, low)
		}
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			t.Fatalf("listen on the port handed out: %v", err)
		}
		ln.Close()
	}
}

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
