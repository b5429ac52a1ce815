// Package jsonl stores articles in a JSON Lines file, one line per article
// version, idempotently: a line identical to the one already stored for an
// id is not written again, so redeliveries add nothing. A changed version of
// an article (re-tagged, updated) is appended and supersedes the earlier
// line: readers take the last line for each id.
package jsonl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/newswire/newswire/pkg/article"
)

// Store is a JSONL file of articles. It is safe for concurrent use; writes
// are serialised.
type Store struct {
	mu    sync.Mutex
	f     *os.File
	path  string
	size  int64
	index map[string]uint64 // article id -> digest of its stored line
	log   *slog.Logger
	buf   bytes.Buffer
}

// Open opens or creates the file at path. It reads the lines already there
// to know which articles are stored, and cuts off a torn last line left by
// a crash mid-write (it was never acknowledged, so it will be redelivered).
func Open(path string, log *slog.Logger) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create directory for %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{f: f, path: path, index: make(map[string]uint64), log: log.With("component", "jsonl", "path", path)}
	if err := s.load(); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// load indexes the file and truncates it after the last complete line.
func (s *Store) load() error {
	r := bufio.NewReaderSize(s.f, 1<<20)
	var good int64
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(line) > 0 {
				s.log.Warn("cutting off a torn last line", "offset", good, "bytes", len(line))
			}
			break
		}
		if err != nil {
			return fmt.Errorf("read %s at offset %d: %w", s.path, good, err)
		}
		var head struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(line, &head); err != nil || head.ID == "" {
			// A complete line that is not an article can only come from
			// outside newswire: keep it, but say so.
			s.log.Warn("line is not an article; left in place", "offset", good)
		} else {
			s.index[head.ID] = digest(line[:len(line)-1])
		}
		good += int64(len(line))
	}
	if err := s.f.Truncate(good); err != nil {
		return fmt.Errorf("truncate %s to %d: %w", s.path, good, err)
	}
	if _, err := s.f.Seek(good, io.SeekStart); err != nil {
		return fmt.Errorf("seek %s: %w", s.path, err)
	}
	s.size = good
	return nil
}

// Write appends the articles of batch not already stored in the same
// version, then syncs the file to disk. When Write returns nil, every
// article of the batch is durable. It returns how many lines it wrote.
func (s *Store) Write(_ context.Context, batch []*article.Article) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Reset()
	pending := make(map[string]uint64, len(batch))
	for _, a := range batch {
		line, err := json.Marshal(a)
		if err != nil {
			return 0, fmt.Errorf("encode article %s: %w", a.ID, err)
		}
		d := digest(line)
		prev, seen := pending[a.ID]
		if !seen {
			prev, seen = s.index[a.ID]
		}
		if seen && prev == d {
			continue // this version is already stored (or about to be)
		}
		pending[a.ID] = d
		s.buf.Write(line)
		s.buf.WriteByte('\n')
	}
	if len(pending) == 0 {
		return 0, nil
	}
	n, err := s.f.Write(s.buf.Bytes())
	if err != nil {
		// Cut off whatever part was written, so the file ends on a line.
		_ = s.f.Truncate(s.size)
		_, _ = s.f.Seek(s.size, io.SeekStart)
		return 0, fmt.Errorf("append to %s: %w", s.path, err)
	}
	if err := s.f.Sync(); err != nil {
		return 0, fmt.Errorf("sync %s: %w", s.path, err)
	}
	s.size += int64(n)
	for id, d := range pending {
		s.index[id] = d
	}
	return len(pending), nil
}

// Len is the number of distinct articles stored.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.index)
}

// Close closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.f.Close()
}

func digest(b []byte) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(b)
	return h.Sum64()
}
