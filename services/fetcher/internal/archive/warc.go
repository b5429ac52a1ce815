package archive

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/warc"
)

// warcFile reads the records of one WARC file.
type warcFile struct {
	s       *Source
	path    string
	f       *os.File
	rd      *warc.Reader
	index   int64
	skipTo  int64     // records up to this index were published before
	modTime time.Time // FetchedAt when a record has no WARC-Date
}

func (s *Source) openWARC(path string, f *os.File, after *Position) (fileReader, error) {
	w := &warcFile{s: s, path: path, f: f}
	if info, err := f.Stat(); err == nil {
		w.modTime = info.ModTime().UTC()
	}
	cfg := warc.Config{MaxBodySize: s.opts.MaxBodySize}
	if after != nil {
		w.skipTo = after.Index
		if after.Seekable {
			if _, err := f.Seek(after.Offset, io.SeekStart); err != nil {
				return nil, fmt.Errorf("resume at offset %d: %w", after.Offset, err)
			}
			cfg.Offset = after.Offset
			w.index = after.Index - 1 // the first record read is the checkpoint's
		}
	}
	rd, err := warc.NewReaderConfig(f, cfg)
	if err != nil {
		return nil, err
	}
	w.rd = rd
	return w, nil
}

func (w *warcFile) Close() error { return w.f.Close() }

func (w *warcFile) next() (*article.Raw, Position, error) {
	for {
		rec, err := w.rd.Next()
		if err == io.EOF {
			return nil, Position{File: w.path}, io.EOF
		}
		var fe *warc.FormatError
		if errors.As(err, &fe) {
			pos := Position{File: w.path, Offset: fe.Offset}
			return nil, pos, &Error{Pos: pos, Err: err}
		}
		if err != nil {
			return nil, Position{File: w.path}, err
		}
		w.index++
		pos := Position{File: w.path, Offset: rec.Offset, Index: w.index, Seekable: rec.Seekable}
		if w.index <= w.skipTo {
			continue
		}
		raw, why, err := w.convert(rec)
		if err != nil {
			return nil, pos, &Error{Pos: pos, Err: err}
		}
		if why != "" {
			w.s.skip(why)
			continue
		}
		return raw, pos, nil
	}
}

// convert turns a record into a raw article, or says why it is skipped.
func (w *warcFile) convert(rec *warc.Record) (*article.Raw, Skip, error) {
	var (
		ct   string
		body io.Reader
	)
	switch rec.Type {
	case warc.TypeResponse:
		resp, err := rec.HTTP()
		switch {
		case errors.Is(err, warc.ErrNotHTTP):
			return nil, SkipNotHTTP, nil
		case errors.Is(err, warc.ErrContentEncoding):
			return nil, SkipContentEncoding, nil
		case err != nil:
			return nil, "", err
		}
		if resp.StatusCode != 200 {
			return nil, SkipStatus, nil
		}
		ct, body = resp.Header.Get("Content-Type"), resp.Body
	case warc.TypeResource, warc.TypeConversion:
		ct, body = rec.ContentType, rec.Body
	case warc.TypeRevisit:
		return nil, SkipRevisit, nil
	default:
		return nil, SkipRecordType, nil
	}
	if !webURL(rec.TargetURI) {
		return nil, SkipScheme, nil
	}
	if robots(rec.TargetURI) {
		return nil, SkipRobots, nil
	}
	if ct != "" && !textual(ct) {
		return nil, SkipContentType, nil
	}
	b, err := readBody(body, w.s.opts.MaxBodySize)
	if err != nil {
		return nil, "", err
	}
	if len(b) == 0 {
		return nil, SkipEmpty, nil
	}
	if ct = sniff(ct, b); !textual(ct) {
		return nil, SkipContentType, nil
	}
	raw := w.s.newRaw(article.KindWARC, rec.TargetURI, ct, b)
	raw.FetchedAt = rec.Date
	if raw.FetchedAt.IsZero() {
		raw.FetchedAt = w.modTime
	}
	return raw, "", nil
}
