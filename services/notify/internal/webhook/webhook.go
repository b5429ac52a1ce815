// Package webhook posts alerts to the URLs saved searches name: a JSON
// body signed with HMAC-SHA256 (alert.Sign), through the SSRF guard the
// fetcher uses (pkg/netguard), no redirects followed. It knows nothing of
// NATS: the notifier's outbox consumer retries and dead-letters by the
// errors it returns.
package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/newswire/newswire/pkg/alert"
	"github.com/newswire/newswire/pkg/netguard"
)

// Config holds the client's settings (NOTIFY_WEBHOOK_...).
type Config struct {
	Timeout   time.Duration
	UserAgent string
	// Allow lists exceptions to the SSRF guard: CIDRs or host:port.
	Allow []string
}

// Client delivers alerts. It is safe for concurrent use.
type Client struct {
	http *http.Client
	ua   string
}

// New builds a Client.
func New(cfg Config) (*Client, error) {
	if cfg.Timeout <= 0 {
		return nil, fmt.Errorf("webhook timeout %s: want > 0", cfg.Timeout)
	}
	g, err := netguard.New(cfg.Allow)
	if err != nil {
		return nil, fmt.Errorf("webhook allow list: %w", err)
	}
	tr := &http.Transport{
		// No proxy: a proxy would dial on our behalf, past the guard.
		Proxy:                 nil,
		DialContext:           g.DialContext(net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
	}
	return &Client{
		http: &http.Client{
			Transport: tr,
			Timeout:   cfg.Timeout,
			// A redirect is not followed: the receiver answers where it
			// was asked, and a POST body is not re-sent elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		ua: cfg.UserAgent,
	}, nil
}

// StatusError is an answer other than 2xx.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("status %d", e.Code)
	}
	return fmt.Sprintf("status %d: %s", e.Code, e.Body)
}

// Permanent reports whether retrying err cannot help: the guard refused
// the address, the URL is unusable, or the receiver answered a 3xx or a
// 4xx other than 408 (timeout) and 429 (too many requests).
func Permanent(err error) bool {
	var se *StatusError
	switch {
	case errors.Is(err, netguard.ErrSSRF), errors.Is(err, errBadURL):
		return true
	case errors.As(err, &se):
		return se.Code < 500 && se.Code != http.StatusRequestTimeout && se.Code != http.StatusTooManyRequests
	}
	return false
}

var errBadURL = errors.New("bad webhook url")

// Send posts body to rawURL, signed with secret at now, with the alert's
// id and name in headers. It returns nil on a 2xx answer.
func (c *Client) Send(ctx context.Context, rawURL, secret, id, name string, body []byte, now time.Time) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("%w: %v", errBadURL, err)
	}
	if err := netguard.CheckURL(u); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %v", errBadURL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set(alert.HeaderSignature, alert.Sign(secret, now, body))
	req.Header.Set(alert.HeaderID, id)
	req.Header.Set(alert.HeaderName, name)
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("post %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	// A little of the answer says why it failed; the rest is drained so
	// the connection is reused.
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := &StatusError{Code: resp.StatusCode}
		if resp.StatusCode >= 400 {
			se.Body = string(bytes.ToValidUTF8(bytes.TrimSpace(snippet), nil))
		}
		return fmt.Errorf("post %s: %w", u.Redacted(), se)
	}
	return nil
}
