// Package harness runs newswire as it runs in production, for the fault and
// load tests: the four services as separate processes built from the
// workspace, a NATS server process that can be killed and restarted on its
// store, and a PostgreSQL server that can be stopped and started.
package harness

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Root returns the workspace root: the first directory above dir holding
// go.work.
func Root(dir string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.work not found above %s", dir)
		}
		dir = parent
	}
}

// Services are the pipeline's service binaries.
var Services = []string{"fetcher", "normalizer", "tagger", "story", "sink"}

// Build builds the services and natsd into bin. race adds -race.
func Build(root, bin string, race bool) error {
	args := []string{"build"}
	if race {
		args = append(args, "-race")
	}
	for _, s := range Services {
		cmd := exec.Command("go", append(args, "-o", filepath.Join(bin, s), "./services/"+s)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", s, err, out)
		}
	}
	// The operator's CLI provisions the streams (newswire streams apply).
	cli := exec.Command("go", append(args, "-o", filepath.Join(bin, "newswire"), "./cmd/newswire")...)
	cli.Dir = root
	cli.Env = append(os.Environ(), "GOWORK="+filepath.Join(root, "go.work"))
	if out, err := cli.CombinedOutput(); err != nil {
		return fmt.Errorf("go build newswire: %w\n%s", err, out)
	}
	// natsd lives in this module, which go.work may not list yet.
	cmd := exec.Command("go", append(args, "-o", filepath.Join(bin, "natsd"), "./cmd/natsd")...)
	cmd.Dir = filepath.Join(root, "test", "faults")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build natsd: %w\n%s", err, out)
	}
	return nil
}

// FreePort returns a loopback TCP port nobody listens on now, for a
// process started next to listen on. It is drawn at random from below the
// kernel's ephemeral range (ip_local_port_range), where neither the
// outgoing connections of every process on the machine nor another test's
// listen on port 0 can take it in the moment between this check and the
// process's own listen: a port from the ephemeral range was taken so once
// (CI: "sink_file exited before it was ready", the fault tests and the e2e
// tests run side by side). A port is handed out once per test process.
func FreePort() (int, error) {
	low := ephemeralLow()
	portsMu.Lock()
	defer portsMu.Unlock()
	if low-freePortMin >= 1000 {
		for range 200 {
			port := freePortMin + rand.IntN(low-freePortMin)
			if portsGiven[port] {
				continue
			}
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
			if err != nil {
				continue
			}
			ln.Close()
			portsGiven[port] = true
			return port, nil
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	portsGiven[port] = true
	return port, nil
}

// freePortMin is the lowest port FreePort hands out: above the well-known
// and most registered services' ports.
const freePortMin = 20000

var (
	portsMu    sync.Mutex
	portsGiven = map[int]bool{}
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
