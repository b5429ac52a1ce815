package archive

import (
	"fmt"
	"os"
	"path/filepath"
)

// OpenFile is Open for one file the caller has already opened; name is the
// file's name in positions and errors (and decides its format, like a path
// given to Open). The Source takes f over: Close closes it, and so does
// an error. The inbox uses
// it to read through an os.Root, so that no name in the inbox can reach a
// file outside it.
func OpenFile(name string, f *os.File, opts Options) (*Source, error) {
	s, err := newSource(name, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	var after *Position
	if a := opts.After; a != nil && filepath.Clean(a.File) == filepath.Clean(name) {
		after = a
	}
	fr, err := s.openFile(name, f, after)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open archive %s: %w", name, err)
	}
	s.stats.Files++
	s.cur = fr
	return s, nil
}
