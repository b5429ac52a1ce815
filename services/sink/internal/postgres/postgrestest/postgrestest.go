// Package postgrestest runs a throwaway PostgreSQL server for tests, as
// httptest runs an HTTP server: initdb into a temporary directory, postgres
// on a free loopback port, removed when the test ends. It uses the server
// binaries of the Debian postgresql package (/usr/lib/postgresql/*/bin).
package postgrestest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newswire/newswire/pkg/freeport"
)

// Missing is the message tests fail (under CI) or skip with when the
// PostgreSQL server binaries are not installed.
const Missing = "postgresql not installed: run make test (it installs it)"

// Options tune the server. The zero value is the fast, unsafe setting
// tests want.
type Options struct {
	// Fsync keeps fsync and synchronous_commit on, as in production, for
	// honest benchmark figures. Off by default: tests do not need
	// durability across a machine crash.
	Fsync bool
}

// Server is a running (or stopped) throwaway PostgreSQL server. Its
// methods are safe for concurrent use.
type Server struct {
	tb   testing.TB
	bin  string
	dir  string
	port int
	opts Options
	cred *syscall.Credential

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts a server with the default Options and returns a DSN for
// its "postgres" database (superuser "postgres", no password). The server
// is stopped and its files removed in t.Cleanup.
func Start(t testing.TB) (dsn string, srv *Server) {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith is Start with options.
func StartWith(t testing.TB, opts Options) (dsn string, srv *Server) {
	t.Helper()
	bin, err := binDir()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(Missing)
		}
		t.Skip(Missing)
	}
	dir, err := os.MkdirTemp("", "postgrestest-")
	if err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	srv = &Server{tb: t, bin: bin, dir: dir, opts: opts}
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: run the server as the postgres
		// system user that the Debian package creates.
		cred, err := postgresUser()
		if err != nil {
			t.Fatalf("postgrestest: %v", err)
		}
		srv.cred = cred
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			t.Fatalf("postgrestest: %v", err)
		}
	}
	if err := srv.initdb(); err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	if srv.port, err = freePort(); err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	t.Cleanup(srv.Stop)
	srv.Start()
	return srv.DSN("postgres"), srv
}

// DSN returns the connection string of database name on the server.
func (s *Server) DSN(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, name)
}

// Port returns the loopback port the server listens on; it stays the same
// across Stop and Start.
func (s *Server) Port() int { return s.port }

// Start starts a stopped server on the same port and data, and waits until
// it accepts connections. It does nothing if the server is running.
func (s *Server) Start() {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	args := []string{
		"-D", filepath.Join(s.dir, "data"),
		"-p", strconv.Itoa(s.port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=" + s.dir,
		"-c", "max_connections=50",
	}
	if !s.opts.Fsync {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	logf, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		s.tb.Fatalf("postgrestest: %v", err)
	}
	defer logf.Close()
	cmd := s.command(filepath.Join(s.bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("postgrestest: start postgres: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done
	if err := s.waitReady(done); err != nil {
		s.tb.Fatalf("postgrestest: %v\n%s", err, s.logTail())
	}
}

// Stop shuts the server down (fast shutdown: open connections are closed)
// and waits for it to exit. The data stays, so Start can bring it back.
// It does nothing if the server is stopped.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd, s.done = nil, nil
}

// CPUTime returns the processor time (user and system) the server has
// used since it started: the postmaster, its live children (backends,
// background workers), and the children that have exited. Benchmarks subtract two readings to report the server's share
// of the work, which the client's own CPU time does not show. It reads
// /proc at the kernel's 10 ms tick, so it suits runs of a second or more.
func (s *Server) CPUTime() (time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return 0, errors.New("postgrestest: CPUTime of a stopped server")
	}
	leader := s.cmd.Process.Pid
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, fmt.Errorf("postgrestest: read /proc: %w", err)
	}
	var ticks int64
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue // exited meanwhile
		}
		// The fields after the command name, which is in parentheses
		// and may hold spaces: state, ppid ... utime, stime, cutime,
		// cstime are fields 3, 4 and 14 to 17 of proc(5). The children
		// start sessions of their own, so ppid, not pgrp, finds them.
		_, rest, ok := strings.Cut(string(b), ") ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 15 || (pid != leader && f[1] != strconv.Itoa(leader)) {
			continue
		}
		n := 2 // utime, stime
		if pid == leader {
			n = 4 // and the children it has reaped
		}
		for _, v := range f[11 : 11+n] {
			t, _ := strconv.ParseInt(v, 10, 64)
			ticks += t
		}
	}
	// proc(5) counts in clock ticks of USER_HZ, which is 100 on Linux.
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}

func (s *Server) initdb() error {
	cmd := s.command(filepath.Join(s.bin, "initdb"),
		"-D", filepath.Join(s.dir, "data"),
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	return nil
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Setpgid: true}
	return cmd
}

func (s *Server) waitReady(exited <-chan struct{}) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgconn.Connect(ctx, s.DSN("postgres"))
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-exited:
			return errors.New("postgres exited during start-up")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after 60s: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// binDir returns the newest installed server's bin directory.
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	if len(found) == 0 {
		return "", errors.New(Missing)
	}
	slices.SortFunc(found, func(a, b string) int { return version(a) - version(b) })
	return filepath.Dir(found[len(found)-1]), nil
}

func version(bin string) int {
	v, _ := strconv.Atoi(strings.Split(bin, "/")[4])
	return v
}

func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the postgres system user: %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse uid %q: %w", u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse gid %q: %w", u.Gid, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func freePort() (int, error) {
	port, err := freeport.Get()
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	return port, nil
}
