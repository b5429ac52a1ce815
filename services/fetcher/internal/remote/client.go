// Package remote reads archives over HTTP(S) as streams, never as whole
// downloads: ranged GETs, retries with exponential backoff on 5xx, 429
// and connection resets, a bandwidth limit shared by every stream of a
// Client, and a polite User-Agent. Source reads the WARC records of one
// remote file and, when the connection is cut, continues with a Range
// request from the last whole gzip member it read.
package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Config tunes a Client. The zero value takes the defaults.
type Config struct {
	// UserAgent is sent with every request: product/version (+contact).
	UserAgent string
	// Retries is how many times one request is retried after a 5xx, a
	// 429, a reset or a timeout; 0 means DefaultRetries, < 0 none.
	Retries int
	// MinBackoff and MaxBackoff bound the wait between attempts; it
	// doubles from MinBackoff (0: 1s) up to MaxBackoff (0: 1m), jittered,
	// and a Retry-After from the server is honoured up to MaxBackoff.
	MinBackoff, MaxBackoff time.Duration
	// BytesPerSecond caps the download rate of the whole Client; 0 does
	// not.
	BytesPerSecond int64
	// Timeout bounds the wait for response headers and any pause between
	// two reads of a body (a stalled connection); 0 means 1m.
	Timeout time.Duration
	// Transport is the HTTP transport; nil means a clone of
	// http.DefaultTransport without transparent decompression.
	Transport http.RoundTripper
}

// Defaults for Config.
const (
	DefaultUserAgent = "newswire/dev (+https://github.com/newswire/newswire)"
	DefaultRetries   = 8
)

// Stats counts what a Client did.
type Stats struct {
	// Requests counts HTTP requests sent, Retries those that repeated a
	// failed one, Resumes the Range requests that continued a cut stream.
	Requests, Retries, Resumes int64
	// Bytes counts body bytes received.
	Bytes int64
}

// Client gets remote archive files. It is safe for concurrent use.
type Client struct {
	cfg Config
	hc  *http.Client
	lim *rate.Limiter
	log *slog.Logger

	requests, retries, resumes, bytes atomic.Int64
}

// New returns a Client; log may be nil.
func New(cfg Config, log *slog.Logger) (*Client, error) {
	switch {
	case cfg.UserAgent == "":
		cfg.UserAgent = DefaultUserAgent
	case !strings.Contains(cfg.UserAgent, "/"):
		return nil, fmt.Errorf("remote: user agent %q: want product/version (+contact URL)", cfg.UserAgent)
	}
	if cfg.MinBackoff < 0 || cfg.MaxBackoff < 0 || cfg.BytesPerSecond < 0 || cfg.Timeout < 0 {
		return nil, errors.New("remote: negative limit")
	}
	if cfg.Retries == 0 {
		cfg.Retries = DefaultRetries
	}
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff = time.Second
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = time.Minute
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = cfg.MinBackoff
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = time.Minute
	}
	if cfg.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DisableCompression = true // WARC.gz bytes as stored: offsets are file offsets
		t.ResponseHeaderTimeout = cfg.Timeout
		cfg.Transport = t
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Client{cfg: cfg, hc: &http.Client{Transport: cfg.Transport}, log: log}
	if cfg.BytesPerSecond > 0 {
		// A burst of a tenth of a second, so the rate holds over any
		// second; Body.Read asks for no more than the burst at once.
		c.lim = rate.NewLimiter(rate.Limit(cfg.BytesPerSecond), int(min(max(cfg.BytesPerSecond/10, 512), readChunk)))
	}
	return c, nil
}

// Stats returns the counts so far.
func (c *Client) Stats() Stats {
	return Stats{Requests: c.requests.Load(), Retries: c.retries.Load(), Resumes: c.resumes.Load(), Bytes: c.bytes.Load()}
}

// StatusError is an HTTP status the Client does not retry (or gave up
// retrying).
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// ErrChanged reports a file that changed between two requests of one
// stream (its ETag or Last-Modified differs): the stream cannot continue.
var ErrChanged = errors.New("remote file changed while it was read")

// Body is a response body being read. Read errors other than io.EOF mean
// the connection was cut; Cut reports them even when a reader above
// swallowed them.
type Body struct {
	c        *Client
	rc       io.ReadCloser
	cancel   context.CancelFunc
	idle     *time.Timer
	url      string
	offset   int64 // file offset of the first byte
	read     int64
	size     int64 // whole file size; -1 unknown
	validate string
	modTime  time.Time
	cut      error
	eof      bool
}

// Size is the size of the whole file, or -1 when the server did not say.
func (b *Body) Size() int64 { return b.size }

// Offset is the file offset of the next byte Read returns.
func (b *Body) Offset() int64 { return b.offset + b.read }

// ModTime is the file's Last-Modified time, or zero.
func (b *Body) ModTime() time.Time { return b.modTime }

// Cut returns the error that ended the body early, or nil.
func (b *Body) Cut() error { return b.cut }

// Complete reports whether the body was read to its end.
func (b *Body) Complete() bool { return b.eof && b.cut == nil }

// readChunk is the most one Read asks of the connection, so that the
// bandwidth limiter meters it smoothly.
const readChunk = 64 << 10

func (b *Body) Read(p []byte) (int, error) {
	if b.cut != nil {
		return 0, b.cut
	}
	if b.eof {
		return 0, io.EOF
	}
	limit := readChunk
	if b.c.lim != nil {
		limit = b.c.lim.Burst()
	}
	if len(p) > limit {
		p = p[:limit]
	}
	n, err := b.rc.Read(p)
	b.idle.Reset(b.c.cfg.Timeout)
	b.read += int64(n)
	b.c.bytes.Add(int64(n))
	if n > 0 && b.c.lim != nil {
		if werr := b.c.lim.WaitN(context.Background(), n); werr != nil {
			b.c.log.Debug("bandwidth wait", "err", werr)
		}
	}
	switch {
	case err == io.EOF:
		if b.size >= 0 && b.offset+b.read < b.size {
			b.cut = fmt.Errorf("GET %s: connection closed at byte %d of %d: %w", b.url, b.offset+b.read, b.size, io.ErrUnexpectedEOF)
			return n, b.cut
		}
		b.eof = true
	case err != nil:
		b.cut = fmt.Errorf("GET %s at byte %d: %w", b.url, b.offset+b.read, err)
		return n, b.cut
	}
	return n, err
}

// Close releases the connection.
func (b *Body) Close() error {
	b.idle.Stop()
	b.cancel()
	return b.rc.Close()
}

// Get opens url from byte offset on, retrying as Config says. validate,
// when not empty, is the ETag or Last-Modified of the stream being
// continued: a file that no longer matches it yields ErrChanged. An
// offset at or past the end yields an empty Body.
func (c *Client) Get(ctx context.Context, url string, offset int64, validate string) (*Body, error) {
	backoff := c.cfg.MinBackoff
	for attempt := 0; ; attempt++ {
		b, wait, err := c.try(ctx, url, offset, validate)
		if err == nil {
			return b, nil
		}
		if wait < 0 || attempt >= c.cfg.Retries || ctx.Err() != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		if wait == 0 {
			wait = backoff + rand.N(backoff/2+1)
			backoff = min(2*backoff, c.cfg.MaxBackoff)
		}
		wait = min(wait, c.cfg.MaxBackoff)
		c.retries.Add(1)
		c.log.Warn("archive request failed; retrying", "url", url, "attempt", attempt+1, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// try makes one request. wait < 0 means do not retry; > 0 is the server's
// Retry-After.
func (c *Client) try(ctx context.Context, url string, offset int64, validate string) (*Body, time.Duration, error) {
	rctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, url, nil)
	if err != nil {
		cancel()
		return nil, -1, fmt.Errorf("remote: %w", err)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept-Encoding", "identity")
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
		if validate != "" {
			req.Header.Set("If-Range", validate)
		}
	}
	c.requests.Add(1)
	resp, err := c.hc.Do(req)
	if err != nil {
		cancel()
		if ctx.Err() != nil {
			return nil, -1, ctx.Err()
		}
		return nil, 0, fmt.Errorf("GET %s: %w", url, err)
	}
	fail := func(wait time.Duration, err error) (*Body, time.Duration, error) {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		cancel()
		return nil, wait, err
	}
	b := &Body{c: c, rc: resp.Body, cancel: cancel, url: url, offset: offset, size: -1}
	b.validate = resp.Header.Get("ETag")
	if strings.HasPrefix(b.validate, "W/") {
		b.validate = "" // a weak ETag may not validate a range
	}
	if lm, err := http.ParseTime(resp.Header.Get("Last-Modified")); err == nil {
		b.modTime = lm.UTC()
		if b.validate == "" {
			b.validate = resp.Header.Get("Last-Modified")
		}
	}
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		b.offset = 0
		if resp.ContentLength >= 0 {
			b.size = resp.ContentLength
		}
		if offset > 0 {
			if validate != "" && b.validate != "" && b.validate != validate {
				return fail(-1, fmt.Errorf("GET %s: %w", url, ErrChanged))
			}
			// No range support: skip to the offset.
			if _, err := io.CopyN(io.Discard, resp.Body, offset); err != nil {
				return fail(0, fmt.Errorf("GET %s: skip to byte %d: %w", url, offset, err))
			}
			b.offset = offset
		}
	case code == http.StatusPartialContent:
		start, size, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			return fail(-1, fmt.Errorf("GET %s: Content-Range %q does not start at %d", url, resp.Header.Get("Content-Range"), offset))
		}
		b.size = size
	case code == http.StatusRequestedRangeNotSatisfiable && offset > 0:
		_, size, _ := contentRange(resp.Header.Get("Content-Range"))
		resp.Body.Close()
		b.rc, b.size, b.eof = io.NopCloser(strings.NewReader("")), size, true
	case code == http.StatusTooManyRequests || code >= 500:
		return fail(retryAfter(resp.Header.Get("Retry-After")), &StatusError{URL: url, Status: code})
	default:
		return fail(-1, &StatusError{URL: url, Status: code})
	}
	b.idle = time.AfterFunc(c.cfg.Timeout, cancel)
	if offset > 0 {
		c.resumes.Add(1)
	}
	return b, 0, nil
}

// contentRange parses "bytes START-END/SIZE" (SIZE may be *), or
// "bytes */SIZE".
func contentRange(v string) (start, size int64, ok bool) {
	v, found := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !found {
		return 0, -1, false
	}
	rng, total, _ := strings.Cut(v, "/")
	size = -1
	if n, err := strconv.ParseInt(total, 10, 64); err == nil && n >= 0 {
		size = n
	}
	if rng == "*" {
		return 0, size, true
	}
	from, _, _ := strings.Cut(rng, "-")
	start, err := strconv.ParseInt(from, 10, 64)
	return start, size, err == nil && start >= 0
}

// retryAfter reads a Retry-After value: seconds or an HTTP date; 0 when
// absent or unreadable.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// IsTemporary reports whether err is worth another attempt later: a
// network failure, a timeout or a retryable status.
func IsTemporary(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status == http.StatusTooManyRequests || se.Status >= 500
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF)
}

// ReadAll gets a small file (a listing) whole, at most limit bytes.
func (c *Client) ReadAll(ctx context.Context, url string, limit int64) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		b, err := c.Get(ctx, url, 0, "")
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(b, limit+1))
		b.Close()
		switch {
		case err == nil && int64(len(data)) > limit:
			return nil, fmt.Errorf("GET %s: larger than %d bytes", url, limit)
		case err == nil:
			return data, nil
		case attempt >= max(c.cfg.Retries, 0) || ctx.Err() != nil:
			return nil, err
		}
		c.retries.Add(1)
		c.log.Warn("listing read cut; retrying", "url", url, "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(c.cfg.MinBackoff):
		}
	}
}
