package main

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// NonRoot is the user and group the base runs as (distroless's "nonroot").
const nonRoot = 65532

// platforms the base index covers; it holds no binaries, so one layer serves all.
var platforms = []v1.Platform{
	{OS: "linux", Architecture: "amd64"},
	{OS: "linux", Architecture: "arm64"},
}

type config struct {
	out     string
	caFile  string
	tag     string
	command []string
}

func run(ctx context.Context, cfg config, log *slog.Logger) error {
	ca, err := os.ReadFile(cfg.caFile)
	if err != nil {
		return fmt.Errorf("read CA bundle (install Debian's ca-certificates): %w", err)
	}
	idx, amd64, err := build(ca)
	if err != nil {
		return err
	}
	if err := write(cfg, idx, amd64); err != nil {
		return err
	}
	d, _ := idx.Digest()
	log.Info("base image written", "layout", filepath.Join(cfg.out, "oci"), "digest", d.String())
	if len(cfg.command) == 0 {
		return nil
	}
	return serve(ctx, idx, cfg.command, log)
}

// build assembles the base: one layer, one config per platform, in an index.
func build(ca []byte) (v1.ImageIndex, v1.Image, error) {
	layer, err := baseLayer(ca)
	if err != nil {
		return nil, nil, err
	}
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	var first v1.Image
	for _, p := range platforms {
		img, err := mutate.AppendLayers(mutate.MediaType(empty.Image, types.OCIManifestSchema1), layer)
		if err != nil {
			return nil, nil, fmt.Errorf("append base layer: %w", err)
		}
		img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
		cf, err := img.ConfigFile()
		if err != nil {
			return nil, nil, fmt.Errorf("read base config: %w", err)
		}
		cf = cf.DeepCopy()
		cf.OS, cf.Architecture = p.OS, p.Architecture
		cf.Config.User = fmt.Sprint(nonRoot)
		cf.Config.WorkingDir = "/home/nonroot"
		cf.Config.Env = []string{
			"PATH=/usr/local/bin:/usr/bin:/bin",
			"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
		}
		img, err = mutate.ConfigFile(img, cf)
		if err != nil {
			return nil, nil, fmt.Errorf("set base config: %w", err)
		}
		if first == nil {
			first = img
		}
		p := p
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &p}})
	}
	return idx, first, nil
}

func baseLayer(ca []byte) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := func(name string, mode int64, uid int) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, Uid: uid, Gid: uid, ModTime: time.Unix(0, 0)})
	}
	file := func(name string, mode int64, body []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(body)), ModTime: time.Unix(0, 0)}); err != nil {
			return err
		}
		_, err := tw.Write(body)
		return err
	}
	steps := []func() error{
		func() error { return dir("etc", 0o755, 0) },
		func() error { return dir("etc/ssl", 0o755, 0) },
		func() error { return dir("etc/ssl/certs", 0o755, 0) },
		func() error { return file("etc/ssl/certs/ca-certificates.crt", 0o644, ca) },
		func() error {
			return file("etc/passwd", 0o644, []byte(fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%d:%d:nonroot:/home/nonroot:/sbin/nologin\n", nonRoot, nonRoot)))
		},
		func() error {
			return file("etc/group", 0o644, []byte(fmt.Sprintf("root:x:0:\nnonroot:x:%d:\n", nonRoot)))
		},
		func() error { return file("etc/nsswitch.conf", 0o644, []byte("hosts: files dns\n")) },
		func() error { return dir("home", 0o755, 0) },
		func() error { return dir("home/nonroot", 0o700, nonRoot) },
		func() error { return dir("tmp", 0o1777, 0) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return nil, fmt.Errorf("write base layer: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("close base layer: %w", err)
	}
	body := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(body)), nil
	}, tarball.WithMediaType(types.OCILayer))
}

func write(cfg config, idx v1.ImageIndex, img v1.Image) error {
	dir := filepath.Join(cfg.out, "oci")
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clear %s: %w", dir, err)
	}
	if _, err := layout.Write(dir, idx); err != nil {
		return fmt.Errorf("write OCI layout %s: %w", dir, err)
	}
	tag, err := name.NewTag(cfg.tag)
	if err != nil {
		return fmt.Errorf("parse tag %q: %w", cfg.tag, err)
	}
	if err := tarball.WriteToFile(filepath.Join(cfg.out, "base.tar"), tag, img); err != nil {
		return fmt.Errorf("write docker tarball: %w", err)
	}
	return nil
}

// serve pushes idx to an in-memory registry on a free loopback port and runs command
// with KO_DEFAULTBASEIMAGE pointing at it; the registry stops when the command ends.
func serve(ctx context.Context, idx v1.ImageIndex, command []string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen for the loopback registry: %w", err)
	}
	srv := &http.Server{Handler: registry.New(registry.Logger(discard())), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	defer func() {
		srv.Close()
		<-done
	}()

	ref, err := name.ParseReference(ln.Addr().String() + "/newswire/static-base:latest")
	if err != nil {
		return fmt.Errorf("parse registry reference: %w", err)
	}
	if err := remote.WriteIndex(ref, idx, remote.WithContext(ctx)); err != nil {
		return fmt.Errorf("push base to loopback registry: %w", err)
	}
	d, _ := idx.Digest()
	base := ref.Context().Digest(d.String()).String()
	log.Info("serving base image", "ref", base)

	cmd := exec.CommandContext(ctx, command[0], command[1:]...)
	cmd.Stdout, cmd.Stderr, cmd.Stdin = os.Stdout, os.Stderr, os.Stdin
	cmd.Env = append(os.Environ(), "KO_DEFAULTBASEIMAGE="+base)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("run %s: %w", command[0], err)
	}
	return nil
}

// discard silences the registry's request log; ko reports what it pulls.
func discard() *stdlog.Logger { return stdlog.New(io.Discard, "", 0) }
