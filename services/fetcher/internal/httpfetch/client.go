// Package httpfetch is the fetcher's HTTP client for the open web: it
// refuses internal addresses (SSRF guard, checked at dial time on every
// hop), honours robots.txt, paces requests per host, caps bodies after
// decompression and supports conditional GET. It knows nothing of NATS or
// Prometheus: events go to an Observer.
package httpfetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/newswire/newswire/pkg/netguard"
)

// Observer receives one call per Get, with Reason(err), the time the Get
// took and the body size. It must be safe for concurrent use.
type Observer interface {
	ObserveFetch(reason string, took time.Duration, bytes int)
}

// Clock tells time and waits; tests substitute a fake one so rate limits
// can be checked without wall-clock timing.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// maxHosts bounds the per-host state kept; idle hosts are dropped first.
const maxHosts = 10000

// Client fetches URLs politely and safely. It is safe for concurrent use.
type Client struct {
	cfg   Config
	agent string // robots.txt product token, from the User-Agent
	http  *http.Client
	obs   Observer
	clock Clock

	mu     sync.Mutex
	hosts  map[string]*hostState
	robots map[string]*robotsEntry
}

// hostState paces one host.
type hostState struct {
	lim      *rate.Limiter
	sem      chan struct{}
	lastUsed time.Time
}

// robotsEntry caches one host's robots.txt; mu is held while fetching so
// concurrent requests to a new host fetch it once.
type robotsEntry struct {
	mu      sync.Mutex
	robots  *Robots
	expires time.Time
}

// Option changes how New builds a Client.
type Option func(*Client)

// WithObserver sends fetch events to o.
func WithObserver(o Observer) Option { return func(c *Client) { c.obs = o } }

// WithClock replaces the wall clock used for pacing (tests).
func WithClock(k Clock) Option { return func(c *Client) { c.clock = k } }

// New builds a Client from cfg.
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("httpfetch config: %w", err)
	}
	g, err := netguard.New(cfg.Allow)
	if err != nil {
		return nil, fmt.Errorf("httpfetch config: %w", err)
	}
	c := &Client{
		cfg:    cfg,
		agent:  productToken(cfg.UserAgent),
		clock:  realClock{},
		hosts:  map[string]*hostState{},
		robots: map[string]*robotsEntry{},
	}
	for _, o := range opts {
		o(c)
	}
	base := &http.Transport{
		// No proxy: a proxy would dial on our behalf, past the guard.
		Proxy:                  nil,
		DialContext:            g.DialContext(net.Dialer{Timeout: cfg.DialTimeout, KeepAlive: 30 * time.Second}),
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    cfg.HostConcurrency,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	c.http = &http.Client{
		// No client-wide Timeout: it would count time queued behind the
		// host's rate limit. Each hop gets cfg.Timeout in RoundTrip.
		Transport: &transport{c: c, base: base},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("redirect to %s after %d redirects: %w", req.URL.Redacted(), len(via)-1, ErrTooManyRedirects)
			}
			return nil
		},
	}
	return c, nil
}

// productToken is the User-Agent's first product name, lower case:
// "newswire" for "newswire/1.2 (+https://...)". robots.txt groups name it.
func productToken(ua string) string {
	tok, _, _ := strings.Cut(ua, "/")
	return strings.ToLower(strings.TrimSpace(tok))
}

// Request is one GET.
type Request struct {
	URL string
	// Header holds extra request headers (a source's configured ones).
	Header map[string]string
	// ETag and LastModified are the validators of the last response for
	// this URL; when set the request is conditional and 304 yields a
	// Response with NotModified.
	ETag         string
	LastModified string
}

// Response is a fetched body.
type Response struct {
	// URL is the final URL, after redirects.
	URL         string
	StatusCode  int
	Header      http.Header
	ContentType string
	Body        []byte
	// NotModified is set on 304: Body is empty and nothing is new.
	NotModified bool
	// ETag and LastModified are the validators to send next time.
	ETag         string
	LastModified string
	FetchedAt    time.Time
}

// Get fetches req.URL. A status other than 2xx and 304 is a *StatusError.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	resp, err := c.get(ctx, req)
	if c.obs != nil {
		reason, n := Reason(err), 0
		if resp != nil {
			n = len(resp.Body)
			if resp.NotModified {
				reason = ReasonNotModified
			}
		}
		if lo, ok := c.obs.(LabelObserver); ok {
			lo.ObserveFetchLabel(Label(ctx), reason, time.Since(start), n)
		} else {
			c.obs.ObserveFetch(reason, time.Since(start), n)
		}
	}
	return resp, err
}

func (c *Client) get(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("get %q: %w", req.URL, err)
	}
	if err := checkURL(u); err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", u.Redacted(), err)
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	if hr.Header.Get("Accept") == "" {
		hr.Header.Set("Accept", "*/*")
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		StatusCode:   resp.StatusCode,
		Header:       resp.Header,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FetchedAt:    c.clock.Now().UTC(),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, &StatusError{URL: out.URL, StatusCode: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), c.clock.Now())}
	}
	out.Body, err = readLimited(resp.Body, resp.ContentLength, c.cfg.MaxBodyBytes)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", out.URL, err)
	}
	return out, nil
}

// readLimited reads at most limit bytes. The transport has already undone
// gzip Content-Encoding, so the limit holds after decompression: a small
// gzip bomb is cut off at limit+1 bytes, not inflated into memory.
func readLimited(r io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength > limit {
		return nil, fmt.Errorf("content length %d over %d: %w", contentLength, limit, ErrTooLarge)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("body over %d bytes: %w", limit, ErrTooLarge)
	}
	return b, nil
}

// checkURL refuses schemes other than http and https and URLs without a
// host (netguard.CheckURL).
func checkURL(u *url.URL) error {
	if err := netguard.CheckURL(u); err != nil {
		return fmt.Errorf("get %w", err)
	}
	return nil
}

func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// transport applies the checks and pacing to every request, including
// each redirect hop and robots.txt fetches.
type transport struct {
	c    *Client
	base http.RoundTripper
}

// skipRobotsKey marks the request that fetches robots.txt itself.
type skipRobotsKey struct{}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := t.c
	if err := checkURL(req.URL); err != nil {
		return nil, err
	}
	ctx := req.Context()
	if c.cfg.Robots && ctx.Value(skipRobotsKey{}) == nil {
		r, err := c.robotsFor(ctx, req.URL)
		if err != nil {
			return nil, err
		}
		if !r.Allowed(req.URL.RequestURI()) {
			return nil, fmt.Errorf("get %s: %w", req.URL.Redacted(), ErrRobots)
		}
	}
	release, err := c.acquire(ctx, req.URL.Host)
	if err != nil {
		return nil, err
	}
	// The timeout starts once the request may go: it covers connecting,
	// headers and reading the body (cancelled when the body is closed).
	hopCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	resp, err := t.base.RoundTrip(req.WithContext(hopCtx))
	if err != nil {
		cancel()
		release()
		return nil, err
	}
	resp.Body = &releaseBody{ReadCloser: resp.Body, release: func() { cancel(); release() }}
	return resp, nil
}

// releaseBody frees the host's concurrency slot when the body is closed.
type releaseBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releaseBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}

// acquire takes a concurrency slot for host, then waits for its rate
// limiter. The returned func gives the slot back.
func (c *Client) acquire(ctx context.Context, host string) (func(), error) {
	h := c.host(host)
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-h.sem }
	now := c.clock.Now()
	r := h.lim.ReserveN(now, 1)
	if err := c.clock.Sleep(ctx, r.DelayFrom(now)); err != nil {
		r.CancelAt(c.clock.Now())
		release()
		return nil, err
	}
	return release, nil
}

func (c *Client) host(host string) *hostState {
	host = strings.ToLower(host)
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	h := c.hosts[host]
	if h == nil {
		if len(c.hosts) >= maxHosts {
			for k, old := range c.hosts {
				if now.Sub(old.lastUsed) > time.Hour && len(old.sem) == 0 {
					delete(c.hosts, k)
				}
			}
		}
		h = &hostState{
			lim: rate.NewLimiter(rate.Limit(c.cfg.HostRate), c.cfg.HostBurst),
			sem: make(chan struct{}, c.cfg.HostConcurrency),
		}
		c.hosts[host] = h
	}
	h.lastUsed = now
	return h
}

// SlowDown lowers host's rate to one request per d when d is slower than
// the configured rate, as a robots.txt Crawl-delay asks.
func (c *Client) SlowDown(host string, d time.Duration) {
	if d <= 0 {
		return
	}
	h := c.host(host)
	if lim := rate.Every(d); lim < h.lim.Limit() {
		h.lim.SetLimitAt(c.clock.Now(), lim)
	}
}

// robotsFor returns the cached robots.txt rules for u's host, fetching
// them when missing or expired.
func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*Robots, error) {
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	c.mu.Lock()
	e := c.robots[key]
	if e == nil {
		if len(c.robots) >= maxHosts {
			now := c.clock.Now()
			for k, old := range c.robots {
				if now.After(old.expires) && old.mu.TryLock() {
					delete(c.robots, k)
					old.mu.Unlock()
				}
			}
		}
		e = &robotsEntry{}
		c.robots[key] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.robots != nil && c.clock.Now().Before(e.expires) {
		return e.robots, nil
	}
	r, ttl, err := c.fetchRobots(ctx, key)
	if err != nil {
		return nil, err
	}
	e.robots, e.expires = r, c.clock.Now().Add(ttl)
	c.SlowDown(u.Host, r.CrawlDelay)
	return r, nil
}

// fetchRobots fetches and parses base/robots.txt. Per RFC 9309: 4xx means
// no rules; 5xx or an unreachable server means disallow everything for
// now (retried sooner than a good file). Refusals by the guard or a
// cancelled ctx are returned as errors instead.
func (c *Client) fetchRobots(ctx context.Context, base string) (*Robots, time.Duration, error) {
	retry := min(c.cfg.RobotsTTL, 10*time.Minute)
	hr, err := http.NewRequestWithContext(context.WithValue(ctx, skipRobotsKey{}, true), http.MethodGet, base+"/robots.txt", nil)
	if err != nil {
		return nil, 0, fmt.Errorf("get robots.txt: %w", err)
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	resp, err := c.http.Do(hr)
	if err != nil {
		if errors.Is(err, ErrSSRF) || ctx.Err() != nil {
			return nil, 0, fmt.Errorf("get %s/robots.txt: %w", base, err)
		}
		return &Robots{disallowAll: true}, retry, nil
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
		if err != nil {
			return &Robots{disallowAll: true}, retry, nil
		}
		return ParseRobots(b, c.agent), c.cfg.RobotsTTL, nil
	case resp.StatusCode >= 400 && resp.StatusCode <= 499 && resp.StatusCode != http.StatusTooManyRequests:
		return &Robots{}, c.cfg.RobotsTTL, nil
	default:
		return &Robots{disallowAll: true}, retry, nil
	}
}
