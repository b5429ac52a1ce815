package jsonl

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Options bound the current file. Zero values disable a limit.
type Options struct {
	// MaxBytes rotates the file before a batch would take it past this
	// size.
	MaxBytes int64
	// MaxAge rotates the file once it is this old: counted from its first
	// line, or from start-up for a file carried over from an earlier run.
	MaxAge time.Duration
	// Gzip compresses rotated files (name.jsonl.gz), in the background.
	Gzip bool
}

// Rotated files sit beside the current one: for articles.jsonl,
// articles-20240102T030405.000000000Z.jsonl, or .jsonl.gz once compressed.
// The UTC timestamp makes name order time order.
const stampLayout = "20060102T150405.000000000Z"

func (s *Store) rotatedName(now time.Time) string {
	ext := filepath.Ext(s.path)
	return strings.TrimSuffix(s.path, ext) + "-" + now.UTC().Format(stampLayout) + ext
}

// rotatedFiles lists the rotated files of path, oldest first. A file both
// plain and compressed (a crash mid-compression) is listed once, plain.
func rotatedFiles(path string) ([]string, error) {
	ext := filepath.Ext(path)
	pattern := strings.TrimSuffix(path, ext) + "-*" + ext
	plain, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	gz, err := filepath.Glob(pattern + ".gz")
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, p := range plain {
		have[p] = true
	}
	files := plain
	for _, g := range gz {
		if !have[strings.TrimSuffix(g, ".gz")] {
			files = append(files, g)
		}
	}
	sort.Strings(files)
	return files, nil
}

// needsRotation reports whether the current file must be rotated before
// adding n bytes.
func (s *Store) needsRotation(n int64, now time.Time) bool {
	if s.size == 0 {
		return false
	}
	return (s.opts.MaxBytes > 0 && s.size+n > s.opts.MaxBytes) ||
		(s.opts.MaxAge > 0 && now.Sub(s.started) >= s.opts.MaxAge)
}

// rotate closes the current file, renames it with a timestamp and starts a
// new one. The index is kept: rotated lines still count as stored.
func (s *Store) rotate(now time.Time) error {
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sync %s before rotating: %w", s.path, err)
	}
	if err := s.f.Close(); err != nil {
		return fmt.Errorf("close %s before rotating: %w", s.path, err)
	}
	rotated := s.rotatedName(now)
	if err := os.Rename(s.path, rotated); err != nil {
		return fmt.Errorf("rotate %s: %w", s.path, err)
	}
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("open %s after rotating: %w", s.path, err)
	}
	if err := syncDir(filepath.Dir(s.path)); err != nil {
		f.Close()
		return err
	}
	s.f, s.size, s.started = f, 0, now
	s.log.Info("rotated", "to", rotated)
	if s.opts.Gzip {
		s.compressInBackground(rotated)
	}
	return nil
}

func (s *Store) compressInBackground(path string) {
	s.bg.Go(func() {
		if err := compress(path); err != nil {
			s.log.Error("compress rotated file; it stays uncompressed", "file", path, "err", err)
		}
	})
}

// compress writes path.gz durably, then removes path.
func compress(path string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := path + ".gz.tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(out)
	_, err = io.Copy(zw, bufio.NewReaderSize(in, 1<<20))
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path+".gz")
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	return os.Remove(path)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// openRotated opens a rotated file for reading, decompressing .gz.
func openRotated(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}
