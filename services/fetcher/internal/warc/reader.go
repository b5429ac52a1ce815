// Package warc reads WARC 1.0 and 1.1 files (ISO 28500) as a stream of
// records: plain, gzipped one member per record, or gzipped whole. It
// parses the HTTP responses that response records hold and decodes their
// chunked transfer-encoding and gzip/deflate content-encoding, within a
// size limit. Damaged input yields a *FormatError naming the offset, after
// which the reader resumes at the next record it can find. ARC files are
// not supported (ErrARC).
package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	gzip "github.com/klauspost/compress/gzip"
)

// Defaults for Config.
const (
	DefaultMaxBodySize   = 32 << 20
	DefaultMaxHeaderSize = 256 << 10
)

const bufSize = 64 << 10

// Config tunes a Reader. The zero value takes the defaults.
type Config struct {
	// MaxBodySize caps the decoded size of an HTTP entity body read through
	// Record.HTTP; more yields ErrBodyTooLarge. 0 means DefaultMaxBodySize.
	MaxBodySize int64
	// MaxHeaderSize caps a record header and an HTTP header, in bytes.
	// 0 means DefaultMaxHeaderSize.
	MaxHeaderSize int
	// Offset is the file offset at which the reader's input begins, for a
	// reader started at a checkpoint; it is added to every offset reported.
	Offset int64
}

// Reader reads WARC records from a stream. It is not safe for concurrent
// use.
type Reader struct {
	cfg    Config
	cnt    *counter
	src    *bufio.Reader // file bytes
	gz     *gzStream     // nil for plain WARC
	stream *bufio.Reader // decompressed WARC bytes
	http   *bufio.Reader // reused by Record.HTTP
	zr     *gzip.Reader  // reused by Record.HTTP

	started bool
	index   int
	cur     *Record
	resync  bool
	err     error // sticky
}

// NewReader returns a Reader over r with the default Config. Gzip input is
// recognised by its magic bytes.
func NewReader(r io.Reader) *Reader {
	rd, _ := NewReaderConfig(r, Config{})
	return rd
}

// NewReaderConfig returns a Reader over r configured by cfg.
func NewReaderConfig(r io.Reader, cfg Config) (*Reader, error) {
	if cfg.MaxBodySize < 0 || cfg.MaxHeaderSize < 0 || cfg.Offset < 0 {
		return nil, fmt.Errorf("new warc reader: negative limit or offset in %+v", cfg)
	}
	if cfg.MaxBodySize == 0 {
		cfg.MaxBodySize = DefaultMaxBodySize
	}
	if cfg.MaxHeaderSize == 0 {
		cfg.MaxHeaderSize = DefaultMaxHeaderSize
	}
	cnt := &counter{r: r}
	return &Reader{cfg: cfg, cnt: cnt, src: bufio.NewReaderSize(cnt, bufSize)}, nil
}

func (r *Reader) start() {
	r.started = true
	if b, _ := r.src.Peek(2); bytes.Equal(b, gzMagic[:2]) {
		r.gz = &gzStream{src: r.src, cnt: r.cnt, base: r.cfg.Offset}
		r.stream = bufio.NewReaderSize(r.gz, bufSize)
		return
	}
	r.stream = r.src
}

// consumed is the stream offset of the next unread byte.
func (r *Reader) consumed() int64 {
	if r.gz != nil {
		return r.gz.produced - int64(r.stream.Buffered())
	}
	return r.cfg.Offset + r.cnt.n - int64(r.stream.Buffered())
}

// locate turns the stream offset of a record into Record.Offset and
// Seekable. from is where the line breaks before the record began: a gzip
// member starting among them also starts the record.
func (r *Reader) locate(from, streamOff int64) (int64, bool) {
	if r.gz == nil {
		return streamOff, true
	}
	if off, ok := r.gz.at(from, streamOff); ok {
		return off, true
	}
	return streamOff, false
}

func (r *Reader) bodyError(rec *Record, err error) error {
	r.resync = true
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	return &FormatError{Offset: rec.Offset, Err: fmt.Errorf("record block: %w", err)}
}

// Next returns the next record, or io.EOF at the end of the input. A
// *FormatError reports a damaged record or stray bytes; calling Next again
// resumes at the next record. Any other error ends the stream.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		r.start()
	}
	if prev := r.cur; prev != nil {
		r.cur = nil
		err := prev.body.drain()
		if err != nil && !prev.body.seen {
			prev.body.seen = true
			return nil, err
		}
		if err == nil {
			prev.body.err = errClosed
		}
	}
	if r.resync {
		r.resync = false
		if err := r.scan(); err != nil {
			return nil, r.fail(err)
		}
	}
	// Records end with two CRLFs; tolerate more or fewer.
	skipFrom := r.consumed()
	for {
		c, err := r.stream.ReadByte()
		if err != nil {
			return nil, r.fail(err)
		}
		if c != '\r' && c != '\n' {
			r.stream.UnreadByte()
			break
		}
	}
	streamOff := r.consumed()
	off, seekable := r.locate(skipFrom, streamOff)
	line, err := r.line()
	if err != nil {
		return nil, r.headerError(off, err)
	}
	if !strings.HasPrefix(line, "WARC/1.") {
		if r.index == 0 && strings.HasPrefix(line, "filedesc://") {
			r.err = ErrARC
			return nil, r.err
		}
		r.resync = true
		if len(line) > 40 {
			line = line[:40]
		}
		return nil, &FormatError{Offset: off, Err: fmt.Errorf("expected a WARC/1.x version line, found %q", line)}
	}
	rec := &Record{Version: line, Offset: off, StreamOffset: streamOff, Seekable: seekable, rd: r}
	size := len(line)
	for {
		l, err := r.line()
		if err != nil {
			return nil, r.headerError(off, err)
		}
		if l == "" {
			break
		}
		size += len(l)
		if size > r.cfg.MaxHeaderSize {
			r.resync = true
			return nil, &FormatError{Offset: off, Err: fmt.Errorf("record header exceeds %d bytes", r.cfg.MaxHeaderSize)}
		}
		if (l[0] == ' ' || l[0] == '\t') && len(rec.Header) > 0 {
			f := &rec.Header[len(rec.Header)-1]
			f.Value += " " + strings.TrimSpace(l)
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			r.resync = true
			return nil, &FormatError{Offset: off, Err: fmt.Errorf("malformed header line %q", clip(l))}
		}
		rec.Header = append(rec.Header, Field{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	cl := rec.Header.Get("Content-Length")
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		r.resync = true
		return nil, &FormatError{Offset: off, Err: fmt.Errorf("bad Content-Length %q", clip(cl))}
	}
	rec.ContentLength = n
	rec.Type = rec.Header.Get("WARC-Type")
	rec.TargetURI = cleanURI(rec.Header.Get("WARC-Target-URI"))
	rec.Date = parseDate(rec.Header.Get("WARC-Date"))
	rec.RecordID = rec.Header.Get("WARC-Record-ID")
	rec.ContentType = rec.Header.Get("Content-Type")
	rec.Profile = rec.Header.Get("WARC-Profile")
	rec.RefersToTargetURI = cleanURI(rec.Header.Get("WARC-Refers-To-Target-URI"))
	if d := rec.Header.Get("WARC-Refers-To-Date"); d != "" {
		rec.RefersToDate = parseDate(d)
	}
	rec.body = &body{r: r, rec: rec, remain: n}
	rec.Body = rec.body
	r.cur = rec
	r.index++
	return rec, nil
}

var errClosed = errors.New("record body read after Next")

// fail maps an error met between records: io.EOF ends the stream, a
// *FormatError is reported and skipped, anything else is sticky.
func (r *Reader) fail(err error) error {
	var fe *FormatError
	switch {
	case err == io.EOF:
		return io.EOF
	case errors.As(err, &fe):
		r.resync = true
		return err
	default:
		r.err = err
		return err
	}
}

func (r *Reader) headerError(off int64, err error) error {
	var fe *FormatError
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return &FormatError{Offset: off, Err: fmt.Errorf("record header: %w", io.ErrUnexpectedEOF)}
	case errors.As(err, &fe):
		r.resync = true
		return err
	case errors.Is(err, bufio.ErrBufferFull):
		r.resync = true
		return &FormatError{Offset: off, Err: fmt.Errorf("record header line longer than %d bytes", bufSize)}
	default:
		r.err = err
		return err
	}
}

// line reads one header line without its line ending.
func (r *Reader) line() (string, error) {
	b, err := r.stream.ReadSlice('\n')
	if err != nil {
		if err == io.EOF && len(b) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return "", err
	}
	b = bytes.TrimRight(b, "\r\n")
	return string(b), nil
}

// scan skips to the next line that starts with "WARC/1.".
func (r *Reader) scan() error {
	for {
		b, err := r.stream.Peek(7)
		if string(b) == "WARC/1." {
			return nil
		}
		if err != nil && len(b) < 7 {
			var fe *FormatError
			if errors.As(err, &fe) {
				continue // the gzip layer has resynchronised
			}
			if err == io.EOF {
				r.stream.Discard(len(b))
			}
			return err
		}
		if _, err := r.stream.ReadSlice('\n'); err != nil && err != bufio.ErrBufferFull {
			var fe *FormatError
			if errors.As(err, &fe) {
				continue
			}
			return err
		}
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}
