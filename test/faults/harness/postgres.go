package harness

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Postgres is a throwaway PostgreSQL server (Debian's postgresql package)
// in a directory of its own, on a fixed loopback port across restarts.
type Postgres struct {
	*Proc
	Port int
	dir  string
}

// NewPostgres runs initdb in dir and returns the server, not started.
func NewPostgres(dir string, fsync bool) (*Postgres, error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	if len(bins) == 0 {
		return nil, fmt.Errorf("postgresql not installed (apt-get install postgresql)")
	}
	slices.Sort(bins)
	bin := filepath.Dir(bins[len(bins)-1])
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("initdb refuses root and there is no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", filepath.Join(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	args := []string{"-D", filepath.Join(dir, "data"), "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir, "-c", "max_connections=50"}
	if !fsync {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	return &Postgres{Port: port, dir: dir, Proc: &Proc{
		Name: "postgres", Path: filepath.Join(bin, "postgres"), Args: args, Cred: cred,
		Env: []string{"LC_ALL=C"}, Log: filepath.Join(dir, "server.log"),
	}}, nil
}

// DSN is the connection string of the postgres database.
func (p *Postgres) DSN() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.Port)
}

// StartWait starts the server and waits until it accepts connections.
func (p *Postgres) StartWait(within time.Duration) error {
	if err := p.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, p.DSN())
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		if !p.Running() || time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready: %w (log %s)", err, p.Log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop shuts the server down (fast: SIGINT) keeping its data.
func (p *Postgres) Stop() error { return p.Signal(syscall.SIGINT, 30*time.Second) }
