// Package archive turns archive files into raw articles for replay and for
// the inbox: WARC (plain or gzipped), JSONL dumps (plain or gzipped),
// single .html, .txt and .json files, and directories of these, walked in
// lexical order. Every record comes with a Position that can be stored as a
// checkpoint: Open with Options.After resumes just after it.
package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/articleid"
)

// Defaults for Options.
const (
	DefaultMaxBodySize = 32 << 20
	DefaultMaxLineSize = 64 << 20
)

// Options tunes a Source. The zero value is valid.
type Options struct {
	// Name is Source.Name on every record ("replay" when empty), except on
	// JSONL lines that are complete raw documents with a name of their own.
	Name string
	// Locale is Source.Locale on every record that has none.
	Locale string
	// Kind, when set, is Source.Kind on every record (for example
	// article.KindInbox for files dropped in the inbox). Otherwise WARC
	// records are warc, JSONL lines jsonl and single files inbox.
	Kind article.Kind
	// Replay sets Raw.Replay on every record.
	Replay bool
	// After, when set, is the position of the last record already
	// published: reading starts just after it.
	After *Position
	// MaxBodySize caps a decoded body in bytes; 0 means DefaultMaxBodySize.
	MaxBodySize int64
	// MaxLineSize caps a JSONL line or a .json file in bytes; 0 means
	// DefaultMaxLineSize.
	MaxLineSize int
}

// Position locates a record, for checkpoints and error reports.
type Position struct {
	// File is the path of the file holding the record.
	File string `json:"file"`
	// Offset is the record's offset: for WARC, warc.Record.Offset; for
	// JSONL, the offset of the line (in the decompressed stream for .gz).
	Offset int64 `json:"offset"`
	// Index counts records (WARC) or lines (JSONL) in the file from 1.
	Index int64 `json:"index"`
	// Seekable reports whether reading can restart at Offset directly
	// rather than by counting Index records from the start of the file.
	Seekable bool `json:"seekable,omitempty"`
}

func (p Position) String() string {
	return fmt.Sprintf("%s@%d#%d", p.File, p.Offset, p.Index)
}

// Error reports a record or file that could not be read. The Source has
// moved past it: log or count it and call Next again.
type Error struct {
	Pos Position
	Err error
}

func (e *Error) Error() string {
	if e.Pos.Index > 0 {
		return fmt.Sprintf("archive %s: record %d at offset %d: %v", e.Pos.File, e.Pos.Index, e.Pos.Offset, e.Err)
	}
	return fmt.Sprintf("archive %s: %v", e.Pos.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Skip is why a record was not published. The values are bounded, fit for
// a metric label.
type Skip string

// The skip reasons.
const (
	SkipRecordType      Skip = "record-type"      // warcinfo, request, metadata...
	SkipRevisit         Skip = "revisit"          // payload lives in another record
	SkipNotHTTP         Skip = "not-http"         // response record without an HTTP message
	SkipStatus          Skip = "status"           // HTTP status other than 200
	SkipContentType     Skip = "content-type"     // not HTML or plain text
	SkipRobots          Skip = "robots"           // robots.txt
	SkipScheme          Skip = "scheme"           // crawler bookkeeping: metadata:, dns:, whois: target URIs
	SkipEmpty           Skip = "empty"            // no body
	SkipContentEncoding Skip = "content-encoding" // HTTP body in an encoding we cannot decode
	SkipFileType        Skip = "file-type"        // a file in a directory that is not an archive
)

// Stats counts what a Source has read.
type Stats struct {
	Files     int
	Published int
	Errors    int
	Skipped   map[Skip]int
}

// Source reads raw articles from a file or a directory tree. It is not
// safe for concurrent use.
type Source struct {
	opts  Options
	files []string
	next  int
	cur   fileReader
	stats Stats
}

// fileReader reads one file. next returns io.EOF at the end, an *Error for
// a bad record (the file goes on), or another error that ends the file.
type fileReader interface {
	next() (*article.Raw, Position, error)
	Close() error
}

// Open returns a Source over path: an archive file, or a directory whose
// files with known extensions (.warc, .warc.gz, .jsonl, .jsonl.gz, .txt,
// .html, .json) are read in lexical order of their paths. A single file
// with another name is recognised by its content.
func Open(path string, opts Options) (*Source, error) {
	s, err := newSource(path, opts)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	if !info.IsDir() {
		s.files = []string{path}
	} else {
		err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != path {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil // hidden: often a file still being written
			}
			if d.IsDir() {
				return nil
			}
			if formatOf(p) == "" {
				s.stats.Skipped[SkipFileType]++
				return nil
			}
			s.files = append(s.files, p)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("open archive: walk %s: %w", path, err)
		}
	}
	if a := opts.After; a != nil {
		// Drop the files read before the checkpoint's file.
		i := slices.IndexFunc(s.files, func(f string) bool { return !walkLess(f, a.File) })
		if i < 0 {
			i = len(s.files)
		}
		s.files = s.files[i:]
	}
	return s, nil
}

// newSource checks opts and fills in their defaults.
func newSource(path string, opts Options) (*Source, error) {
	if opts.MaxBodySize < 0 || opts.MaxLineSize < 0 {
		return nil, fmt.Errorf("open archive %s: negative size limit", path)
	}
	if opts.Kind != "" && !opts.Kind.Valid() {
		return nil, fmt.Errorf("open archive %s: unknown source kind %q", path, opts.Kind)
	}
	if opts.MaxBodySize == 0 {
		opts.MaxBodySize = DefaultMaxBodySize
	}
	if opts.MaxLineSize == 0 {
		opts.MaxLineSize = DefaultMaxLineSize
	}
	if opts.Name == "" {
		opts.Name = "replay"
	}
	return &Source{opts: opts, stats: Stats{Skipped: make(map[Skip]int)}}, nil
}

// walkLess orders paths as filepath.WalkDir visits them: by component.
func walkLess(a, b string) bool {
	return slices.Compare(strings.Split(filepath.ToSlash(a), "/"), strings.Split(filepath.ToSlash(b), "/")) < 0
}

// formatOf names the reader for a path from its extension, or "".
func formatOf(p string) string {
	name := strings.ToLower(filepath.Base(p))
	switch {
	case strings.HasSuffix(name, ".warc"), strings.HasSuffix(name, ".warc.gz"):
		return "warc"
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".jsonl.gz"):
		return "jsonl"
	case strings.HasSuffix(name, ".json"):
		return "json"
	case strings.HasSuffix(name, ".html"), strings.HasSuffix(name, ".htm"):
		return "html"
	case strings.HasSuffix(name, ".txt"):
		return "txt"
	}
	return ""
}

// Next returns the next raw article and its position, or io.EOF at the
// end. An *Error reports a record or file that was skipped; calling Next
// again goes on with the rest.
func (s *Source) Next() (*article.Raw, Position, error) {
	for {
		if s.cur == nil {
			if s.next >= len(s.files) {
				return nil, Position{}, io.EOF
			}
			path := s.files[s.next]
			s.next++
			var after *Position
			if a := s.opts.After; a != nil && filepath.Clean(a.File) == filepath.Clean(path) {
				after = a
			}
			fr, err := s.open(path, after)
			if err != nil {
				s.stats.Errors++
				return nil, Position{File: path}, &Error{Pos: Position{File: path}, Err: err}
			}
			s.stats.Files++
			s.cur = fr
		}
		raw, pos, err := s.cur.next()
		var ae *Error
		switch {
		case err == nil:
			s.stats.Published++
			return raw, pos, nil
		case errors.As(err, &ae):
			s.stats.Errors++
			return nil, pos, err
		default:
			s.cur.Close()
			s.cur = nil
			if err == io.EOF {
				continue
			}
			s.stats.Errors++
			return nil, pos, &Error{Pos: pos, Err: err}
		}
	}
}

// Stats returns the counts so far.
func (s *Source) Stats() Stats {
	st := s.stats
	st.Skipped = make(map[Skip]int, len(s.stats.Skipped))
	for k, v := range s.stats.Skipped {
		st.Skipped[k] = v
	}
	return st
}

// Close closes the file being read.
func (s *Source) Close() error {
	if s.cur == nil {
		return nil
	}
	err := s.cur.Close()
	s.cur = nil
	return err
}

func (s *Source) skip(why Skip) { s.stats.Skipped[why]++ }

// kind is the Source.Kind for a record of the given default kind.
func (s *Source) kind(def article.Kind) article.Kind {
	if s.opts.Kind != "" {
		return s.opts.Kind
	}
	return def
}

// newRaw fills the fields every record shares.
func (s *Source) newRaw(kind article.Kind, url, contentType string, body []byte) *article.Raw {
	raw := &article.Raw{
		Schema:      article.SchemaRaw,
		Source:      article.Source{Name: s.opts.Name, Kind: s.kind(kind), Locale: s.opts.Locale},
		URL:         url,
		ContentType: contentType,
		Body:        body,
		Replay:      s.opts.Replay,
	}
	raw.ID = articleid.ForRaw(url, body)
	return raw
}
