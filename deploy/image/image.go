// Package image reads the service images `make images` writes (an OCI layout) so
// tests can inspect them: entrypoint, user, environment and files, without a
// container runtime.
package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// Image is one image of the layout.
type Image struct {
	// Name is the base name of the entrypoint: ko's /ko-app/<name>.
	Name       string
	Digest     string
	Platform   string // os/arch
	Entrypoint []string
	User       string
	Env        []string
	img        v1.Image
}

// Load returns every image in the OCI layout at dir, following nested indexes
// (ko writes one index per multi-platform image).
func Load(dir string) ([]Image, error) {
	p, err := layout.FromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("open OCI layout %s: %w", dir, err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		return nil, fmt.Errorf("read index of %s: %w", dir, err)
	}
	var out []Image
	if err := walk(idx, &out); err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	return out, nil
}

func walk(idx v1.ImageIndex, out *[]Image) error {
	m, err := idx.IndexManifest()
	if err != nil {
		return err
	}
	for _, d := range m.Manifests {
		switch {
		case d.MediaType.IsIndex():
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				return fmt.Errorf("index %s: %w", d.Digest, err)
			}
			if err := walk(child, out); err != nil {
				return err
			}
		case d.MediaType.IsImage():
			img, err := idx.Image(d.Digest)
			if err != nil {
				return fmt.Errorf("image %s: %w", d.Digest, err)
			}
			cf, err := img.ConfigFile()
			if err != nil {
				return fmt.Errorf("config of %s: %w", d.Digest, err)
			}
			im := Image{
				Digest:     d.Digest.String(),
				Platform:   cf.OS + "/" + cf.Architecture,
				Entrypoint: cf.Config.Entrypoint,
				User:       cf.Config.User,
				Env:        cf.Config.Env,
				img:        img,
			}
			if len(im.Entrypoint) > 0 {
				im.Name = path.Base(im.Entrypoint[0])
			}
			*out = append(*out, im)
		}
	}
	return nil
}

// ErrNotFound reports a path that is not a regular file in the image.
var ErrNotFound = errors.New("file not in image")

// File returns the content and mode of the regular file at abs (such as
// "/etc/passwd") in the image's flattened filesystem, following no links.
func (im Image) File(abs string) ([]byte, int64, error) {
	rc := mutate.Extract(im.img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	want := strings.TrimPrefix(path.Clean(abs), "/")
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, 0, fmt.Errorf("%s in %s: %w", abs, im.Name, ErrNotFound)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("read layers of %s: %w", im.Name, err)
		}
		if strings.TrimPrefix(path.Clean(h.Name), "/") != want || h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, 0, fmt.Errorf("read %s from %s: %w", abs, im.Name, err)
		}
		return b, h.Mode, nil
	}
}
