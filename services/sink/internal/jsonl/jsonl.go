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
	"context"
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
	// scratch holds what batches are encoded in, for reuse.
	scratchMu sync.Mutex
	scratch   []*scratch

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
	w := s.getScratch()
	defer s.putScratch(w)
	if err := s.encode(w, batch); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The index takes each new version at once, so a later line of the
	// batch with the same id is checked against it; undo puts back what
	// was there if the batch fails. out holds the lines to append: lines
	// encoded next to each other stay one slice, so a batch without
	// repeats is a write per encoder.
	undo, out := w.undo[:0], w.out[:0]
	var ids idSet
	written := 0
	for i := range w.lines {
		l := &w.lines[i]
		id := batch[i].ID
		prev, seen := s.index[id]
		if seen && (prev.digest == l.digest || !l.order.Supersedes(prev.order)) {
			continue // this version is already stored (or about to be), or an older one
		}
		if !ids.has(s.seed, id, undo) {
			written++
		}
		undo = append(undo, change{id: id, prev: prev, seen: seen})
		s.index[id] = entry{l.digest, l.order}
		if n := len(out); n > 0 && contiguous(out[n-1], l.text) {
			out[n-1] = out[n-1][:len(out[n-1])+len(l.text)]
		} else {
			out = append(out, l.text)
		}
	}
	w.undo, w.out = undo, out
	if written == 0 {
		return 0, nil
	}
	if err := s.append(out); err != nil {
		for i := len(undo) - 1; i >= 0; i-- {
			if c := undo[i]; c.seen {
				s.index[c.id] = c.prev
			} else {
				delete(s.index, c.id)
			}
		}
		return 0, err
	}
	return written, nil
}

// append writes out at the end of the file, rotating it first if it is
// due, and syncs the file.
func (s *Store) append(out [][]byte) error {
	var size int64
	for _, b := range out {
		size += int64(len(b))
	}
	if now := s.now(); s.needsRotation(size, now) {
		if err := s.rotate(now); err != nil {
			return err
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
			return fmt.Errorf("append to %s: %w", s.path, err)
		}
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", s.path, err)
	}
	s.size += written
	return nil
}

// change is an index entry as it was before a batch changed it.
type change struct {
	id   string
	prev entry
	seen bool // whether the index held the id
}

// idSet tells whether an id was already changed by the batch, to count
// the articles written rather than the lines: a bit per id hash, and only
// when the bit is set, a look through the changes (an id repeated in a
// batch is rare).
type idSet [16]uint64

func (set *idSet) has(seed maphash.Seed, id string, changes []change) bool {
	h := maphash.String(seed, id) % (64 * uint64(len(set)))
	word, bit := &set[h/64], uint64(1)<<(h%64)
	if *word&bit == 0 {
		*word |= bit
		return false
	}
	for _, c := range changes {
		if c.id == id {
			return true
		}
	}
	return false
}

// line is one encoded article: its JSON and newline, the digest of its
// version and the version's order.
type line struct {
	text   []byte
	end    int // where text ends in its encoder's buffer, while encoding
	digest uint64
	order  version.Order
}

// entry is what the index keeps of an article's stored version.
type entry struct {
	digest uint64
	order  version.Order
}

// scratch is what one Write works in: its lines, an encoder for each
// share of the batch, and the lists it fills under the lock. The Store
// keeps them for reuse, so the buffers, grown to a batch's size, stay
// allocated (and their pages mapped) from batch to batch.
type scratch struct {
	lines []line
	encs  []*encoder
	errs  []error
	undo  []change
	out   [][]byte
}

// encoder encodes articles into one growing buffer.
type encoder struct {
	buf []byte
	ver []byte       // version encodings, reused
	h   maphash.Hash // version digests, reused
}

// keepScratch is how many scratch sets the Store keeps for reuse: one per
// batch written at once, as the sink writes one or two.
const keepScratch = 4

func (s *Store) getScratch() *scratch {
	s.scratchMu.Lock()
	defer s.scratchMu.Unlock()
	if n := len(s.scratch); n > 0 {
		w := s.scratch[n-1]
		s.scratch = s.scratch[:n-1]
		return w
	}
	return new(scratch)
}

func (s *Store) putScratch(w *scratch) {
	clear(w.lines) // drop the references into the encoders' buffers...
	clear(w.undo)  // ...and to the batch's ids
	clear(w.out)
	s.scratchMu.Lock()
	defer s.scratchMu.Unlock()
	if len(s.scratch) < keepScratch {
		s.scratch = append(s.scratch, w)
	}
}

// minShare is the fewest articles worth encoding on a goroutine of their own.
const minShare = 32

// encode encodes batch as lines into w, on several processors when it is
// big: encoding is most of the processor time a write takes. The lines
// point into w's encoders.
func (s *Store) encode(w *scratch, batch []*article.Article) error {
	if cap(w.lines) < len(batch) {
		w.lines = make([]line, len(batch))
	}
	w.lines = w.lines[:len(batch)]
	parts := max(1, min(runtime.GOMAXPROCS(0), len(batch)/minShare))
	for len(w.encs) < parts {
		w.encs = append(w.encs, &encoder{})
	}
	w.errs = append(w.errs[:0], make([]error, parts)...)
	var wg sync.WaitGroup
	for p := range parts {
		e := w.encs[p]
		lo, hi := p*len(batch)/parts, (p+1)*len(batch)/parts
		work := func() { w.errs[p] = s.encodeRange(e, batch[lo:hi], w.lines[lo:hi]) }
		if p == parts-1 {
			work() // on this goroutine
		} else {
			wg.Go(work)
		}
	}
	wg.Wait()
	return errors.Join(w.errs...)
}

// encodeRange encodes arts into e, one line each, and fills lines.
func (s *Store) encodeRange(e *encoder, arts []*article.Article, lines []line) error {
	e.buf = e.buf[:0]
	for i, a := range arts {
		lines[i].digest = s.digestWith(a, &e.ver, &e.h)
		lines[i].order = version.OrderOf(a)
		// What json.Marshal returns (AppendJSON is its fast twin), and a
		// newline.
		b, err := article.AppendJSON(e.buf, a, true)
		if err != nil {
			return err
		}
		e.buf = append(b, '\n')
		lines[i].end = len(e.buf)
	}
	// The buffer may have moved while it grew: slice it once it is done.
	start := 0
	for i := range lines {
		lines[i].text = e.buf[start:lines[i].end]
		start = lines[i].end
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
	var h maphash.Hash
	return s.digestWith(a, buf, &h)
}

// digestWith is digest with a reused hash. It hashes the version's
// encoding without the text, then the text itself, rather than copying the
// text (most of an article) into the encoding first: the encoding is
// self-delimiting, so the two together still tell every version apart.
func (s *Store) digestWith(a *article.Article, buf *[]byte, h *maphash.Hash) uint64 {
	c := *a
	c.Text = ""
	*buf = version.Append((*buf)[:0], &c)
	h.SetSeed(s.seed)
	h.Write(*buf)
	h.WriteString(a.Text)
	return h.Sum64()
}

// decode reads a stored line as an article; ok is false for a line that
// is not one.
func decode(line []byte) (a *article.Article, ok bool) {
	a = new(article.Article)
	if err := article.Unmarshal(line, a); err != nil || a.ID == "" {
		return nil, false
	}
	return a, true
}
