// Package jsonl stores articles in a JSON Lines file, one line per article
// version, idempotently: an article whose version (package version: all but
// its URL, source, fetch time and replay flag) is the one last stored for
// its id is not written again, so re-deliveries add nothing, whatever route
// they came by. A changed version of
// an article (re-tagged, updated) is appended and supersedes the earlier
// line: readers take the last line for each id, reading the rotated files in
// name order and then the current file. Rotation (by size and age) renames
// the current file with a UTC timestamp and may gzip it; what was stored
// before a rotation still counts as stored.
package jsonl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/sink/internal/version"
)

// Store is a JSONL file of articles. It is safe for concurrent use: batches
// are encoded concurrently, and appended and synced one at a time.
type Store struct {
	// seed keys the version digests, which live only in memory: Open
	// computes them afresh from the file.
	seed maphash.Seed
	// encoders holds *encoder values for reuse.
	encoders sync.Pool

	mu      sync.Mutex
	f       *os.File
	path    string
	size    int64
	started time.Time // when the current file got its first line, or start-up
	opts    Options
	index   map[string]entry // article id -> its stored version
	log     *slog.Logger
	now     func() time.Time
	bg      sync.WaitGroup // compressions of rotated files
}

// Open opens or creates the file at path. It reads the lines already there
// and in the rotated files beside it to know which articles are stored,
// cuts off a torn last line left by a crash mid-write (it was never
// acknowledged, so it will be redelivered), and finishes compressing
// rotated files a crash left plain.
func Open(path string, opts Options, log *slog.Logger) (*Store, error) {
	if opts.MaxBytes < 0 || opts.MaxAge < 0 {
		return nil, fmt.Errorf("jsonl: max bytes %d and max age %s: want >= 0", opts.MaxBytes, opts.MaxAge)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create directory for %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{
		seed: maphash.MakeSeed(), f: f, path: path, opts: opts, now: time.Now, started: time.Now(),
		index: make(map[string]entry), log: log.With("component", "jsonl", "path", path),
	}
	if err := s.loadRotated(); err != nil {
		f.Close()
		return nil, err
	}
	if err := s.load(); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// loadRotated indexes the rotated files, oldest first, and compresses
// those left plain.
func (s *Store) loadRotated() error {
	files, err := rotatedFiles(s.path)
	if err != nil {
		return err
	}
	for _, name := range files {
		r, err := openRotated(name)
		if err != nil {
			return err
		}
		err = s.index1(bufio.NewReaderSize(r, 1<<20), name)
		r.Close()
		if err != nil {
			return err
		}
		if s.opts.Gzip && !strings.HasSuffix(name, ".gz") {
			os.Remove(name + ".gz.tmp")
			s.compressInBackground(name)
		}
	}
	return nil
}

// index1 adds the articles of a rotated file's lines to the index.
func (s *Store) index1(r *bufio.Reader, name string) error {
	var off int64
	var buf []byte
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s at offset %d: %w", name, off, err)
		}
		if a, ok := decode(line); ok {
			s.index[a.ID] = entry{s.digest(a, &buf), version.OrderOf(a)}
		}
		off += int64(len(line))
	}
}

// load indexes the file and truncates it after the last complete line.
func (s *Store) load() error {
	r := bufio.NewReaderSize(s.f, 1<<20)
	var good int64
	var buf []byte
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
		if a, ok := decode(line); !ok {
			// A complete line that is not an article can only come from
			// outside newswire: keep it, but say so.
			s.log.Warn("line is not an article; left in place", "offset", good)
		} else {
			s.index[a.ID] = entry{s.digest(a, &buf), version.OrderOf(a)}
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
// article of the batch is durable. It returns how many articles it wrote
// lines for (two versions of one article in a batch count once).
func (s *Store) Write(_ context.Context, batch []*article.Article) (int, error) {
	lines, encs, err := s.encode(batch)
	defer func() {
		for _, e := range encs {
			s.encoders.Put(e)
		}
	}()
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pending := make(map[string]entry, len(batch))
	// out holds the lines to append; lines encoded next to each other
	// stay one slice, so a batch without repeats is a few writes.
	var out [][]byte
	for i, l := range lines {
		id := batch[i].ID
		prev, seen := pending[id]
		if !seen {
			prev, seen = s.index[id]
		}
		if seen && (prev.digest == l.digest || !l.order.Supersedes(prev.order)) {
			continue // this version is already stored (or about to be), or an older one
		}
		pending[id] = entry{l.digest, l.order}
		if n := len(out); n > 0 && contiguous(out[n-1], l.text) {
			out[n-1] = out[n-1][:len(out[n-1])+len(l.text)]
		} else {
			out = append(out, l.text)
		}
	}
	if len(pending) == 0 {
		return 0, nil
	}
	var size int64
	for _, b := range out {
		size += int64(len(b))
	}
	if now := s.now(); s.needsRotation(size, now) {
		if err := s.rotate(now); err != nil {
			return 0, err
		}
	}
	if s.size == 0 {
		s.started = s.now()
	}
	var written int64
	for _, b := range out {
		n, err := s.f.Write(b)
		written += int64(n)
		if err != nil {
			// Cut off whatever part was written, so the file ends on a line.
			_ = s.f.Truncate(s.size)
			_, _ = s.f.Seek(s.size, io.SeekStart)
			return 0, fmt.Errorf("append to %s: %w", s.path, err)
		}
	}
	if err := s.f.Sync(); err != nil {
		return 0, fmt.Errorf("sync %s: %w", s.path, err)
	}
	s.size += written
	for id, d := range pending {
		s.index[id] = d
	}
	return len(pending), nil
}

// line is one encoded article: its JSON and newline, the digest of its
// version and the version's order.
type line struct {
	text   []byte
	digest uint64
	order  version.Order
}

// entry is what the index keeps of an article's stored version.
type entry struct {
	digest uint64
	order  version.Order
}

// encoder encodes articles into one growing buffer.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
	ver []byte // version encodings, reused
}

// minShare is the fewest articles worth encoding on a goroutine of their own.
const minShare = 32

// encode encodes batch as lines, on several processors when it is big:
// encoding is most of the processor time a write takes. The lines point
// into the encoders returned, which the caller puts back in the pool when
// it is done with the lines.
func (s *Store) encode(batch []*article.Article) ([]line, []*encoder, error) {
	lines := make([]line, len(batch))
	parts := max(1, min(runtime.GOMAXPROCS(0), len(batch)/minShare))
	encs := make([]*encoder, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		e, _ := s.encoders.Get().(*encoder)
		if e == nil {
			e = &encoder{}
			e.enc = json.NewEncoder(&e.buf)
		}
		e.buf.Reset()
		encs[p] = e
		lo, hi := p*len(batch)/parts, (p+1)*len(batch)/parts
		work := func() { errs[p] = s.encodeRange(e, batch[lo:hi], lines[lo:hi]) }
		if p == parts-1 {
			work() // on this goroutine
		} else {
			wg.Go(work)
		}
	}
	wg.Wait()
	return lines, encs, errors.Join(errs...)
}

// encodeRange encodes arts into e, one line each, and fills lines.
func (s *Store) encodeRange(e *encoder, arts []*article.Article, lines []line) error {
	ends := make([]int, len(arts))
	digests := make([]uint64, len(arts))
	orders := make([]version.Order, len(arts))
	for i, a := range arts {
		digests[i] = s.digest(a, &e.ver)
		orders[i] = version.OrderOf(a)
		// Encode writes what json.Marshal returns, and a newline.
		if err := e.enc.Encode(a); err != nil {
			return fmt.Errorf("encode article %s: %w", a.ID, err)
		}
		ends[i] = e.buf.Len()
	}
	// The buffer may have moved while it grew: slice it once it is done.
	b, start := e.buf.Bytes(), 0
	for i, end := range ends {
		lines[i] = line{text: b[start:end], digest: digests[i], order: orders[i]}
		start = end
	}
	return nil
}

// contiguous reports whether b starts where a ends in memory: two lines
// encoded one after the other into the same buffer.
func contiguous(a, b []byte) bool {
	return len(a) > 0 && len(b) > 0 && cap(a) > len(a) && &a[:len(a)+1][len(a)] == &b[0]
}

// Len is the number of distinct articles stored.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.index)
}

// Close closes the file, after any compression of a rotated file finished.
func (s *Store) Close() error {
	s.bg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.f.Close()
}

// digest identifies a's version; it is only ever compared with digests
// made by the same process. buf is reused for the version's encoding.
func (s *Store) digest(a *article.Article, buf *[]byte) uint64 {
	*buf = version.Append((*buf)[:0], a)
	return maphash.Bytes(s.seed, *buf)
}

// decode reads a stored line as an article; ok is false for a line that
// is not one.
func decode(line []byte) (a *article.Article, ok bool) {
	a = new(article.Article)
	if err := json.Unmarshal(line, a); err != nil || a.ID == "" {
		return nil, false
	}
	return a, true
}
