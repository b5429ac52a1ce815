package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/archive"
	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// Prefilter says why a record is not wanted, from its WARC header alone,
// or "" to read it: its body is then not decoded. The reason is counted
// as a skip.
type Prefilter func(rec *warc.Record) string

// Source reads one remote WARC file (plain, gzipped per record or whole)
// as a stream of raw articles with positions, like archive.Source does a
// local one. A connection cut in the middle is continued with a Range
// request at the gzip member of the first record not yet handled (for a
// whole-file gzip, from the start, skipping the records already handled),
// so no record is returned twice and none is lost. It is not safe for
// concurrent use.
type Source struct {
	c    *Client
	url  string
	pre  Prefilter
	conv *archive.Converter

	body     *Body
	rd       *warc.Reader
	validate string
	size     int64

	index   int64 // records read by the current reader (from its start)
	handled int64 // records up to this index are done: skipped on re-reads
	at      start // where a new reader starts
	stalls  int   // reopens since the last handled record
	stats   archive.Stats
}

// start is where a reader starts: at file offset off, its first record is
// record index+1.
type start struct{ off, index int64 }

// Open starts reading the WARC file at url with the conversion rules of
// opts; opts.After, when it names this url, resumes after that record.
// pre may be nil.
func (c *Client) Open(ctx context.Context, url string, opts archive.Options, pre Prefilter) (*Source, error) {
	conv, err := archive.NewConverter(opts)
	if err != nil {
		return nil, err
	}
	s := &Source{c: c, url: url, pre: pre, conv: conv, size: -1, stats: archive.Stats{Skipped: map[archive.Skip]int{}}}
	if a := opts.After; a != nil && a.File == url {
		s.handled = a.Index
		if a.Seekable {
			s.at = start{off: a.Offset, index: a.Index - 1}
		}
	}
	if err := s.open(ctx); err != nil {
		return nil, err
	}
	s.stats.Files = 1
	return s, nil
}

func (s *Source) open(ctx context.Context) error {
	b, err := s.c.Get(ctx, s.url, s.at.off, s.validate)
	if err != nil {
		return err
	}
	if s.validate == "" {
		s.validate = b.validate
	}
	if b.size >= 0 {
		s.size = b.size
	}
	rd, err := warc.NewReaderConfig(b, warc.Config{MaxBodySize: s.conv.MaxBodySize(), Offset: s.at.off})
	if err != nil {
		b.Close()
		return err
	}
	if s.body != nil {
		s.body.Close()
	}
	s.body, s.rd, s.index = b, rd, s.at.index
	return nil
}

// reopen continues after a cut connection.
func (s *Source) reopen(ctx context.Context, cause error) error {
	s.stalls++
	if s.stalls > max(s.c.cfg.Retries, 0)+1 {
		return fmt.Errorf("%s: no progress after %d resumed connections: %w", s.url, s.stalls-1, cause)
	}
	s.c.log.Warn("archive stream cut; resuming with a range request", "url", s.url, "offset", s.at.off, "err", cause)
	if err := s.open(ctx); err != nil {
		return fmt.Errorf("%s: resume at byte %d after %v: %w", s.url, s.at.off, cause, err)
	}
	return nil
}

// Size is the file's size in bytes, or -1 when the server did not say.
func (s *Source) Size() int64 { return s.size }

// Offset is how far into the file the stream has read.
func (s *Source) Offset() int64 { return s.body.Offset() }

// Stats returns the counts so far.
func (s *Source) Stats() archive.Stats {
	st := s.stats
	st.Skipped = maps.Clone(s.stats.Skipped)
	return st
}

// Close closes the connection.
func (s *Source) Close() error { return s.body.Close() }

// cut reports whether the last error came from a cut connection rather
// than from the file.
func (s *Source) cut(err error) error {
	if c := s.body.Cut(); c != nil {
		return c
	}
	if err == io.EOF && !s.body.Complete() {
		return fmt.Errorf("GET %s: stream ended at byte %d: %w", s.url, s.body.Offset(), io.ErrUnexpectedEOF)
	}
	return nil
}

// Next returns the next raw article and its position, or io.EOF at the
// end of the file. An *archive.Error reports a damaged record that was
// skipped: call Next again. Any other error (the server gave up, ctx
// ended) ends the file.
func (s *Source) Next(ctx context.Context) (*article.Raw, archive.Position, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, archive.Position{File: s.url}, err
		}
		rec, err := s.rd.Next()
		if err != nil {
			if cut := s.cut(err); cut != nil {
				if err := s.reopen(ctx, cut); err != nil {
					return nil, archive.Position{File: s.url}, err
				}
				continue
			}
			var fe *warc.FormatError
			switch {
			case err == io.EOF:
				return nil, archive.Position{File: s.url}, io.EOF
			case errors.As(err, &fe):
				s.stats.Errors++
				pos := archive.Position{File: s.url, Offset: fe.Offset}
				return nil, pos, &archive.Error{Pos: pos, Err: err}
			}
			return nil, archive.Position{File: s.url}, err
		}
		s.index++
		if rec.Seekable {
			s.at = start{off: rec.Offset, index: s.index - 1}
		}
		pos := archive.Position{File: s.url, Offset: rec.Offset, Index: s.index, Seekable: rec.Seekable}
		if s.index <= s.handled {
			continue
		}
		if s.pre != nil {
			if why := s.pre(rec); why != "" {
				s.done()
				s.stats.Skipped[archive.Skip(why)]++
				continue
			}
		}
		fetched := s.body.ModTime()
		if fetched.IsZero() {
			fetched = time.Now().UTC()
		}
		raw, why, err := s.conv.Convert(rec, fetched)
		if err != nil {
			if cut := s.body.Cut(); cut != nil {
				if err := s.reopen(ctx, cut); err != nil {
					return nil, pos, err
				}
				continue
			}
		}
		s.done()
		switch {
		case err != nil:
			s.stats.Errors++
			return nil, pos, &archive.Error{Pos: pos, Err: err}
		case why != "":
			s.stats.Skipped[why]++
			continue
		}
		s.stats.Published++
		return raw, pos, nil
	}
}

// done marks the current record handled.
func (s *Source) done() {
	s.handled, s.stalls = s.index, 0
}
