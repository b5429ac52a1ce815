package httpfetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testConfig allows loopback, where httptest servers listen.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Allow = []string{"127.0.0.0/8", "::1/128"}
	cfg.HostRate = 1000
	cfg.HostBurst = 100
	cfg.Timeout = 5 * time.Second
	return cfg
}

func newClient(t *testing.T, cfg Config, opts ...Option) *Client {
	t.Helper()
	c, err := New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// fakeClock advances only when something sleeps on it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d > 0 {
		f.now = f.now.Add(d)
	}
	return ctx.Err()
}

// TestGuardRefusesAddressClasses dials literal addresses of each class
// with the guard on: the dial is refused before connect, so no network is
// needed.
func TestGuardRefusesAddressClasses(t *testing.T) {
	c := newClient(t, DefaultConfig())
	for _, host := range []string{
		"127.0.0.1", "[::1]", "10.0.0.1", "172.16.0.1", "192.168.0.1", "[fd00::1]",
		"169.254.169.254", "[fe80::1]", "224.0.0.1", "0.0.0.0", "100.64.0.1",
		"[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]",
	} {
		t.Run(host, func(t *testing.T) {
			u := "http://" + host + ":80/latest/meta-data/"
			_, err := c.Get(context.Background(), Request{URL: u})
			if !errors.Is(err, ErrSSRF) {
				t.Errorf("Get(%q) error = %v, want ErrSSRF", u, err)
			}
			if r := Reason(err); r != ReasonSSRF {
				t.Errorf("Reason(Get(%q)) = %q, want %q", u, r, ReasonSSRF)
			}
		})
	}
}

func TestSchemeRefused(t *testing.T) {
	c := newClient(t, testConfig())
	for _, u := range []string{"file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://example.com/x", "/relative"} {
		if _, err := c.Get(context.Background(), Request{URL: u}); !errors.Is(err, ErrSSRF) {
			t.Errorf("Get(%q) error = %v, want ErrSSRF", u, err)
		}
	}
}

func TestLoopbackRefusedWithoutAllowList(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	defer srv.Close()
	c := newClient(t, DefaultConfig())
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/feed"})
	if !errors.Is(err, ErrSSRF) {
		t.Errorf("Get(%q) error = %v, want ErrSSRF", srv.URL, err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestRedirectIntoRefusedAddress(t *testing.T) {
	var innerHits atomic.Int32
	inner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		innerHits.Add(1)
		fmt.Fprint(w, "secret")
	}))
	defer inner.Close()
	targets := map[string]string{
		"/to-inner":    inner.URL + "/admin",
		"/to-metadata": "http://169.254.169.254/latest/meta-data/",
		"/to-file":     "file:///etc/passwd",
	}
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to, ok := targets[r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		http.NotFound(w, r)
	}))
	defer outer.Close()
	cfg := DefaultConfig()
	// Only the outer server's host:port is allowed, not loopback at large.
	cfg.Allow = []string{strings.TrimPrefix(outer.URL, "http://")}
	cfg.HostRate, cfg.HostBurst = 1000, 100
	c := newClient(t, cfg)
	for path := range targets {
		t.Run(path, func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: outer.URL + path})
			if !errors.Is(err, ErrSSRF) && !strings.Contains(fmt.Sprint(err), "unsupported protocol") {
				t.Errorf("Get(%q) error = %v, want ErrSSRF", outer.URL+path, err)
			}
		})
	}
	if n := innerHits.Load(); n != 0 {
		t.Errorf("refused server saw %d requests, want 0", n)
	}
}

func TestRobots(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n\nUser-agent: newswire\nDisallow: /private/\nAllow: /private/ok\n")
			return
		}
		fmt.Fprint(w, "page")
	}))
	defer srv.Close()
	c := newClient(t, testConfig())
	tests := []struct {
		path    string
		refused bool
	}{
		{"/news/1", false},
		{"/private/x", true},
		{"/private/ok", false},
		{"/news/2", false},
	}
	for _, tt := range tests {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + tt.path})
		if got := errors.Is(err, ErrRobots); got != tt.refused {
			t.Errorf("Get(%q) error = %v, want refused %v", tt.path, err, tt.refused)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["/private/x"] != 0 {
		t.Errorf("disallowed path fetched %d times, want 0", seen["/private/x"])
	}
	if seen["/robots.txt"] != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", seen["/robots.txt"])
	}
}

func TestRobotsUnavailable(t *testing.T) {
	tests := []struct {
		status  int
		refused bool
	}{
		{http.StatusNotFound, false},
		{http.StatusForbidden, false},
		{http.StatusTooManyRequests, true},
		{http.StatusInternalServerError, true},
		{http.StatusServiceUnavailable, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					w.WriteHeader(tt.status)
					return
				}
				fmt.Fprint(w, "page")
			}))
			defer srv.Close()
			c := newClient(t, testConfig())
			_, err := c.Get(context.Background(), Request{URL: srv.URL + "/a"})
			if got := errors.Is(err, ErrRobots); got != tt.refused {
				t.Errorf("robots.txt status %d: Get error = %v, want refused %v", tt.status, err, tt.refused)
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Mon, 02 Jan 2006 15:04:05 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	c := newClient(t, testConfig())
	first, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	want := &Response{URL: srv.URL, StatusCode: 200, ContentType: "application/rss+xml", Body: []byte("<rss/>"), ETag: etag, LastModified: lastMod}
	opt := cmp.FilterPath(func(p cmp.Path) bool {
		s := p.String()
		return s == "Header" || s == "FetchedAt"
	}, cmp.Ignore())
	if diff := cmp.Diff(want, first, opt); diff != "" {
		t.Errorf("first Get mismatch (-want +got):\n%s", diff)
	}
	second, err := c.Get(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || len(second.Body) != 0 || second.ETag != etag {
		t.Errorf("second Get = %+v, want NotModified with ETag %s", second, etag)
	}
}

func TestMaxBody(t *testing.T) {
	const limit = 64 << 10
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 8<<20)) // 8 MiB of zeros, about 8 KiB gzipped
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		case "/big":
			w.Header().Set("Content-Length", fmt.Sprint(limit+1))
			w.Write(make([]byte, limit+1))
		case "/chunked":
			for range 3 {
				w.Write(make([]byte, limit/2))
				w.(http.Flusher).Flush()
			}
		case "/fits":
			w.Write(make([]byte, limit))
		}
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.MaxBodyBytes = limit
	cfg.Robots = false
	c := newClient(t, cfg)
	for _, tt := range []struct {
		path   string
		tooBig bool
	}{{"/bomb", true}, {"/big", true}, {"/chunked", true}, {"/fits", false}} {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + tt.path})
		if got := errors.Is(err, ErrTooLarge); got != tt.tooBig {
			t.Errorf("Get(%q) error = %v, want too large %v", tt.path, err, tt.tooBig)
		}
	}
}

// TestHostRateLimit counts requests per host in each second of a fake
// clock: no wall-clock timing is asserted.
func TestHostRateLimit(t *testing.T) {
	clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	var at []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, clock.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.HostRate = 2
	cfg.HostBurst = 1
	cfg.Robots = false
	c := newClient(t, cfg, WithClock(clock))
	start := clock.Now()
	const n = 20
	for i := range n {
		if _, err := c.Get(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
			t.Fatal(err)
		}
	}
	perSecond := map[int]int{}
	for _, t := range at {
		perSecond[int(t.Sub(start)/time.Second)]++
	}
	for sec, count := range perSecond {
		if count > 2 {
			t.Errorf("second %d saw %d requests, want at most 2", sec, count)
		}
	}
	if got, want := clock.Now().Sub(start), (n-1)*500*time.Millisecond; got != want {
		t.Errorf("%d requests took %v of fake time, want %v", n, got, want)
	}
}

func TestHostConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		inFlight.Add(-1)
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.HostConcurrency = 2
	cfg.Robots = false
	c := newClient(t, cfg)
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("peak requests in flight = %d, want 1..2", p)
	}
}

func TestStatusAndRedirects(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		switch r.URL.Path {
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/gone":
			w.WriteHeader(http.StatusGone)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, "/final", http.StatusMovedPermanently)
		case "/final":
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.Robots = false
	cfg.UserAgent = "newswire/1.0 (+https://example.org/bot)"
	c := newClient(t, cfg)
	ctx := context.Background()

	_, err := c.Get(ctx, Request{URL: srv.URL + "/busy"})
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 503 || se.RetryAfter != 2*time.Minute || !se.Temporary() {
		t.Errorf("Get(/busy) error = %#v, want StatusError 503 retry 2m", err)
	}
	if r := Reason(err); r != ReasonStatus5xx {
		t.Errorf("Reason = %q, want %q", r, ReasonStatus5xx)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/gone"})
	if r := Reason(err); r != ReasonStatus4xx {
		t.Errorf("Reason(Get(/gone)) = %q, want %q", r, ReasonStatus4xx)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/loop"})
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("Get(/loop) error = %v, want ErrTooManyRedirects", err)
	}
	resp, err := c.Get(ctx, Request{URL: srv.URL + "/hop"})
	if err != nil || resp.URL != srv.URL+"/final" {
		t.Errorf("Get(/hop) = %v, %v; want final URL %s", resp, err, srv.URL+"/final")
	}
	if got := ua.Load(); got != cfg.UserAgent {
		t.Errorf("User-Agent = %q, want %q", got, cfg.UserAgent)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"user agent", func(c *Config) { c.UserAgent = "" }},
		{"timeout", func(c *Config) { c.Timeout = 0 }},
		{"body", func(c *Config) { c.MaxBodyBytes = 0 }},
		{"rate", func(c *Config) { c.HostRate = 0 }},
		{"concurrency", func(c *Config) { c.HostConcurrency = 0 }},
		{"allow cidr", func(c *Config) { c.Allow = []string{"10.0.0.0/33"} }},
		{"allow entry", func(c *Config) { c.Allow = []string{"nonsense"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil {
				t.Errorf("New(%+v) = nil error, want one", cfg)
			}
		})
	}
}

type recordObserver struct {
	mu      sync.Mutex
	reasons []string
}

func (r *recordObserver) ObserveFetch(reason string, _ time.Duration, _ int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reasons = append(r.reasons, reason)
}

func TestObserverAndSlowBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			w.Write([]byte("start"))
			w.(http.Flusher).Flush()
			<-r.Context().Done() // never finishes the body
		case "/same":
			if r.Header.Get("If-None-Match") == `"x"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"x"`)
		}
	}))
	defer srv.Close()
	obs := &recordObserver{}
	cfg := testConfig()
	cfg.Robots = false
	cfg.Timeout = 200 * time.Millisecond
	c := newClient(t, cfg, WithObserver(obs))
	ctx := context.Background()
	c.Get(ctx, Request{URL: srv.URL + "/same"})
	c.Get(ctx, Request{URL: srv.URL + "/same", ETag: `"x"`})
	if _, err := c.Get(ctx, Request{URL: srv.URL + "/slow"}); err == nil {
		t.Errorf("Get(/slow) = nil error, want a timeout")
	}
	c.Get(ctx, Request{URL: "http://10.0.0.1/"})
	want := []string{ReasonOK, ReasonNotModified, ReasonTimeout, ReasonSSRF}
	if diff := cmp.Diff(want, obs.reasons); diff != "" {
		t.Errorf("observed reasons (-want +got):\n%s", diff)
	}
}
