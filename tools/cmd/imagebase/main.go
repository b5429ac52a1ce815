// Command imagebase builds newswire's static base image without pulling anything
// and, optionally, serves it to ko from a loopback registry while ko runs.
//
// ko (v0.18) reads base images only from a registry or a Docker daemon, never from an
// OCI layout on disk, so a build that must work offline needs a registry of its own:
//
//	imagebase -out .cache/deploy/base -- ko build --push=false ...
//
// writes the base as an OCI layout (and a docker-loadable tarball), starts an
// in-memory registry on 127.0.0.1, pushes the base there, and runs the command with
// KO_DEFAULTBASEIMAGE set to the base's digest in that registry.
//
// The base holds only what a static Go binary needs: Debian's CA bundle, /etc/passwd
// and /etc/group with the nonroot user 65532, /tmp and a home directory. Its config
// runs as 65532. Every timestamp is zero, so the same inputs give the same digest.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	fs := flag.NewFlagSet("imagebase", flag.ExitOnError)
	var cfg config
	fs.StringVar(&cfg.out, "out", ".cache/deploy/base", "directory for the base's OCI layout (out/oci) and docker tarball (out/base.tar)")
	fs.StringVar(&cfg.caFile, "ca", "/etc/ssl/certs/ca-certificates.crt", "CA bundle copied into the image (Debian's ca-certificates)")
	fs.StringVar(&cfg.tag, "tag", "ko.local/newswire/static-base:latest", "tag written into the docker tarball")
	fs.Parse(os.Args[1:])
	cfg.command = fs.Args()

	if err := run(ctx, cfg, log); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			os.Exit(exit.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "imagebase:", err)
		os.Exit(1)
	}
}
