package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	gzip "github.com/klauspost/compress/gzip"
)

// Response is the HTTP response held in a response or revisit record.
type Response struct {
	// Proto is the protocol from the status line, such as "HTTP/1.1".
	Proto string
	// StatusCode is the three-digit status code.
	StatusCode int
	// Status is the code with its reason phrase, such as "200 OK".
	Status string
	// Header holds the response header fields, keys canonicalised.
	Header http.Header
	// Body yields the entity body with chunked transfer-encoding and
	// gzip/deflate content-encoding removed, at most Config.MaxBodySize
	// bytes (more yields ErrBodyTooLarge). A revisit record's Body is
	// empty: its payload lives in the record it refers to. Errors while
	// reading are *FormatError values naming the record's offset.
	Body io.Reader
}

// HTTP parses the record block as an HTTP response. It reads from
// rec.Body, so call it at most once and instead of reading Body; the
// Response is valid until the next call to Reader.Next. It returns
// ErrNotHTTP for records other than response and revisit records with an
// application/http block, and ErrContentEncoding (with the Response) for an
// encoding it cannot decode.
func (rec *Record) HTTP() (*Response, error) {
	if rec.Type != TypeResponse && rec.Type != TypeRevisit {
		return nil, fmt.Errorf("parse http in %s record at offset %d: %w", rec.Type, rec.Offset, ErrNotHTTP)
	}
	if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(rec.ContentType)), "application/http") {
		return nil, fmt.Errorf("parse http in %q block at offset %d: %w", rec.ContentType, rec.Offset, ErrNotHTTP)
	}
	if rec.http {
		return nil, fmt.Errorf("parse http at offset %d: HTTP called twice", rec.Offset)
	}
	rec.http = true
	rd := rec.rd
	if rd.http == nil {
		rd.http = bufio.NewReaderSize(rec.Body, 16<<10)
	} else {
		rd.http.Reset(rec.Body)
	}
	br := rd.http
	bad := func(err error) error {
		var fe *FormatError
		if errors.As(err, &fe) {
			return err
		}
		return &FormatError{Offset: rec.Offset, Err: fmt.Errorf("http response: %w", err)}
	}
	size := 0
	line, err := httpLine(br, &size, rd.cfg.MaxHeaderSize)
	for err == nil && line == "" { // tolerate blank lines before the status line
		line, err = httpLine(br, &size, rd.cfg.MaxHeaderSize)
	}
	if err != nil {
		return nil, bad(fmt.Errorf("status line: %w", err))
	}
	resp := &Response{Header: make(http.Header)}
	proto, status, _ := strings.Cut(line, " ")
	status = strings.TrimSpace(status)
	code, _, _ := strings.Cut(status, " ")
	resp.Proto, resp.Status = proto, status
	resp.StatusCode, err = strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || len(code) != 3 {
		return nil, bad(fmt.Errorf("malformed status line %q", clip(line)))
	}
	var last string
	for {
		l, err := httpLine(br, &size, rd.cfg.MaxHeaderSize)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break // headers only, as in revisit records
		}
		if err != nil {
			return nil, bad(fmt.Errorf("header: %w", err))
		}
		if l == "" {
			break
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			vs := resp.Header[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(l)
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			continue // tolerate junk lines: crawlers record what servers send
		}
		last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name))
		resp.Header[last] = append(resp.Header[last], strings.TrimSpace(value))
	}
	if rec.Type == TypeRevisit {
		resp.Body = bytes.NewReader(nil)
		return resp, nil
	}
	var body io.Reader = br
	if hasToken(resp.Header.Values("Transfer-Encoding"), "chunked") && looksChunked(br) {
		body = &chunked{br: br}
	}
	encs := tokens(resp.Header.Values("Content-Encoding"))
	for i := len(encs) - 1; i >= 0; i-- {
		enc := encs[i]
		switch enc {
		case "", "identity", "none":
		case "gzip", "x-gzip":
			b := bufio.NewReader(body)
			body = b
			if m, _ := b.Peek(2); !bytes.Equal(m, gzMagic[:2]) {
				continue // already decoded by the crawler
			}
			if rd.zr == nil {
				rd.zr = new(gzip.Reader)
			}
			if err := rd.zr.Reset(b); err != nil {
				return nil, bad(fmt.Errorf("gzip content: %w", err))
			}
			rd.zr.Multistream(false) // ignore bytes after the member
			body = rd.zr
		case "deflate":
			b := bufio.NewReader(body)
			m, _ := b.Peek(2)
			if len(m) == 2 && m[0]&0x0f == 8 && (uint16(m[0])<<8|uint16(m[1]))%31 == 0 {
				zr, err := zlib.NewReader(b)
				if err != nil {
					return nil, bad(fmt.Errorf("deflate content: %w", err))
				}
				body = zr
			} else {
				body = flate.NewReader(b)
			}
		default:
			resp.Body = bytes.NewReader(nil)
			return resp, fmt.Errorf("parse http at offset %d: %w %q", rec.Offset, ErrContentEncoding, enc)
		}
	}
	resp.Body = &capped{r: body, n: rd.cfg.MaxBodySize, limit: rd.cfg.MaxBodySize, off: rec.Offset}
	return resp, nil
}

func httpLine(br *bufio.Reader, size *int, max int) (string, error) {
	b, err := br.ReadSlice('\n')
	*size += len(b)
	if *size > max || err == bufio.ErrBufferFull {
		return "", fmt.Errorf("header exceeds %d bytes", max)
	}
	if err != nil {
		if err == io.EOF && len(b) > 0 {
			return string(bytes.TrimRight(b, "\r\n")), nil
		}
		return "", err
	}
	return string(bytes.TrimRight(b, "\r\n")), nil
}

func tokens(values []string) []string {
	var out []string
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

func hasToken(values []string, tok string) bool {
	for _, t := range tokens(values) {
		if t == tok {
			return true
		}
	}
	return false
}

// looksChunked reports whether the body starts with a chunk-size line:
// crawlers often keep the Transfer-Encoding header of a body they stored
// de-chunked.
func looksChunked(br *bufio.Reader) bool {
	b, _ := br.Peek(32)
	i := bytes.IndexByte(b, '\n')
	if i <= 0 {
		return false
	}
	size, _, _ := bytes.Cut(bytes.TrimRight(b[:i], "\r"), []byte(";"))
	size = bytes.TrimSpace(size)
	_, err := strconv.ParseUint(string(size), 16, 63)
	return len(size) > 0 && err == nil
}

// chunked decodes chunked transfer-encoding. It accepts a body that ends
// at a chunk boundary without the final zero-size chunk.
type chunked struct {
	br     *bufio.Reader
	remain int64
	begun  bool
	done   bool
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	if c.remain == 0 {
		if c.begun {
			// The CRLF after the chunk data.
			if l, err := c.br.ReadSlice('\n'); err != nil || len(bytes.TrimRight(l, "\r\n")) > 0 {
				if err == io.EOF && len(l) == 0 {
					c.done = true
					return 0, io.EOF
				}
				return 0, fmt.Errorf("chunk not followed by CRLF")
			}
		}
		c.begun = true
		l, err := c.br.ReadSlice('\n')
		if err == io.EOF && len(bytes.TrimSpace(l)) == 0 {
			c.done = true
			return 0, io.EOF
		}
		if err != nil && err != io.EOF {
			return 0, fmt.Errorf("chunk size line: %w", err)
		}
		s, _, _ := bytes.Cut(bytes.TrimSpace(l), []byte(";"))
		n, perr := strconv.ParseInt(string(bytes.TrimSpace(s)), 16, 64)
		if perr != nil || n < 0 {
			return 0, fmt.Errorf("bad chunk size %q", clip(string(l)))
		}
		if n == 0 {
			c.done = true
			return 0, io.EOF
		}
		c.remain = n
	}
	if int64(len(p)) > c.remain {
		p = p[:c.remain]
	}
	n, err := c.br.Read(p)
	c.remain -= int64(n)
	if err == io.EOF {
		if c.remain > 0 {
			err = io.ErrUnexpectedEOF
		} else {
			err = nil
		}
	}
	return n, err
}

// capped limits a decoded body and wraps its errors with the record offset.
type capped struct {
	r        io.Reader
	n, limit int64
	off      int64
	err      error
}

func (c *capped) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.n <= 0 {
		var one [1]byte
		k, err := io.ReadFull(c.r, one[:])
		switch {
		case k > 0:
			c.err = &FormatError{Offset: c.off, Err: fmt.Errorf("http body: %w (%d bytes)", ErrBodyTooLarge, c.limit)}
		case err == io.EOF:
			c.err = io.EOF
		default:
			c.err = c.wrap(err)
		}
		return 0, c.err
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	n, err := c.r.Read(p)
	c.n -= int64(n)
	if err != nil && err != io.EOF {
		c.err = c.wrap(err)
		err = c.err
	}
	return n, err
}

func (c *capped) wrap(err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	return &FormatError{Offset: c.off, Err: fmt.Errorf("http body: %w", err)}
}
