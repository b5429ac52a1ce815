// Package harness runs newswire as it runs in production, for the fault and
// load tests: the four services as separate processes built from the
// workspace, a NATS server process that can be killed and restarted on its
// store, and a PostgreSQL server that can be stopped and started.
package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/newswire/newswire/pkg/freeport"
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
// process started next to listen on (freeport.Get: below the kernel's
// ephemeral range, once per process).
func FreePort() (int, error) { return freeport.Get() }
