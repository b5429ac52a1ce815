package freeport

import (
	"net"
	"strconv"
	"testing"
)

// TestGet: the ports handed out are distinct, below the ephemeral range,
// and free to listen on.
func TestGet(t *testing.T) {
	low := ephemeralLow()
	seen := map[int]bool{}
	for range 50 {
		port, err := Get()
		if err != nil {
			t.Fatal(err)
		}
		if seen[port] {
			t.Fatalf("port %d handed out twice", port)
		}
		seen[port] = true
		if low-Min >= 1000 && (port < Min || port >= low) {
			t.Errorf("port %d outside [%d, %d)", port, Min, low)
		}
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			t.Fatalf("listen on the port handed out: %v", err)
		}
		ln.Close()
	}
}
