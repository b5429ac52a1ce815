// Package freeport hands out loopback TCP ports for processes that tests
// and development runs start: one home for that choice, which four copies
// made by listening on port 0 and closing it.
package freeport

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Get returns a loopback TCP port nobody listens on now, for a process
// started next to listen on. It is drawn at random from below the kernel's
// ephemeral range (ip_local_port_range), where neither the outgoing
// connections of every process on the machine nor another test's listen on
// port 0 can take it in the moment between this check and the process's
// own listen: a port from the ephemeral range was taken so in CI ("sink_file
// exited before it was ready"; a search test's requests answered by another
// test's server). A port is handed out once per process. When the range
// below the ephemeral one is too small, it falls back to port 0.
func Get() (int, error) {
	low := ephemeralLow()
	mu.Lock()
	defer mu.Unlock()
	if low-Min >= 1000 {
		for range 200 {
			port := Min + rand.IntN(low-Min)
			if given[port] {
				continue
			}
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
			if err != nil {
				continue
			}
			ln.Close()
			given[port] = true
			return port, nil
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	given[port] = true
	return port, nil
}

// Min is the lowest port Get hands out: above the well-known and most
// registered services' ports.
const Min = 20000

var (
	mu    sync.Mutex
	given = map[int]bool{}
)

// ephemeralLow returns the first port of the kernel's ephemeral range
// (32768 when it cannot be read).
func ephemeralLow() int {
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(data))
	if len(f) != 2 {
		return 32768
	}
	low, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return low
}
