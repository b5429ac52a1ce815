package archive

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/newswire/newswire/pkg/article"
)

// open opens one file with the reader its name (or, failing that, its
// content) calls for.
func (s *Source) open(path string, after *Position) (fileReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fr, err := s.openFile(path, f, after)
	if err != nil {
		f.Close()
		return nil, err
	}
	return fr, nil
}

func (s *Source) openFile(path string, f *os.File, after *Position) (fileReader, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	modTime := info.ModTime().UTC()
	br := bufio.NewReader(f)
	gz := false
	var r io.Reader = br
	if m, _ := br.Peek(2); bytes.Equal(m, []byte{0x1f, 0x8b}) {
		gz = true
	}
	format := formatOf(path)
	if format == "" {
		format, err = sniffFormat(br, gz)
		if err != nil {
			return nil, err
		}
	}
	switch format {
	case "warc":
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return s.openWARC(path, f, after)
	case "jsonl":
		if gz {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("gzip: %w", err)
			}
			r = zr
		}
		return s.openJSONL(path, f, r, gz, modTime, after)
	}
	if after != nil {
		f.Close()
		return &oneDoc{done: true, path: path}, nil // one document, already published
	}
	b, err := io.ReadAll(io.LimitReader(r, max(s.opts.MaxBodySize, int64(s.opts.MaxLineSize))+1))
	if err != nil {
		return nil, err
	}
	f.Close()
	return &oneDoc{s: s, path: path, format: format, body: b, modTime: modTime}, nil
}

// sniffFormat recognises a WARC or JSONL file by its first bytes.
func sniffFormat(br *bufio.Reader, gz bool) (string, error) {
	head, _ := br.Peek(512)
	if gz {
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return "", fmt.Errorf("gzip: %w", err)
		}
		head, _ = io.ReadAll(io.LimitReader(zr, 64))
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("WARC/")), bytes.HasPrefix(head, []byte("filedesc://")):
		return "warc", nil
	case bytes.HasPrefix(head, []byte("{")):
		return "jsonl", nil
	}
	return "", fmt.Errorf("unknown archive format (want WARC or JSONL)")
}

// oneDoc is a single .html, .txt or .json file: one record.
type oneDoc struct {
	s       *Source
	path    string
	format  string
	body    []byte
	modTime time.Time
	done    bool
}

func (o *oneDoc) Close() error { return nil }

func (o *oneDoc) next() (*article.Raw, Position, error) {
	pos := Position{File: o.path, Index: 1, Seekable: true}
	for !o.done {
		o.done = true
		var (
			raw *article.Raw
			why Skip
			err error
		)
		switch o.format {
		case "json":
			if len(o.body) > o.s.opts.MaxLineSize {
				err = fmt.Errorf("file longer than %d bytes", o.s.opts.MaxLineSize)
				break
			}
			raw, why, err = o.s.decodeDoc(o.body, article.KindInbox, o.modTime)
		default:
			raw, why, err = o.plain()
		}
		if err != nil {
			return nil, pos, &Error{Pos: pos, Err: err}
		}
		if why != "" {
			o.s.skip(why)
			continue
		}
		return raw, pos, nil
	}
	return nil, pos, io.EOF
}

func (o *oneDoc) plain() (*article.Raw, Skip, error) {
	if int64(len(o.body)) > o.s.opts.MaxBodySize {
		return nil, "", fmt.Errorf("body exceeds %d bytes", o.s.opts.MaxBodySize)
	}
	if len(bytes.TrimSpace(o.body)) == 0 {
		return nil, SkipEmpty, nil
	}
	ct := "text/plain; charset=utf-8"
	if o.format == "html" {
		ct = "text/html"
	}
	raw := o.s.newRaw(article.KindInbox, "", ct, o.body)
	raw.FetchedAt = o.modTime
	return raw, "", nil
}
