package httpfetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/newswire/newswire/pkg/netguard"
)

// Refusals and failures the lead counts by reason. They are wrapped, so
// test with errors.Is and errors.As.
var (
	// ErrSSRF means the address (or a redirect's address) is one the
	// fetcher must not reach: loopback, private, link-local and the like,
	// or a scheme other than http and https.
	// It is netguard's, the one guard the fetcher and the notifier share.
	ErrSSRF = netguard.ErrSSRF
	// ErrRobots means the site's robots.txt disallows the path.
	ErrRobots = errors.New("disallowed by robots.txt")
	// ErrTooLarge means the body, after decompression, exceeds the limit.
	ErrTooLarge = errors.New("body too large")
	// ErrTooManyRedirects means the redirect chain exceeded the limit.
	ErrTooManyRedirects = errors.New("too many redirects")
)

// StatusError is a response whose status is neither 2xx nor 304.
type StatusError struct {
	URL        string
	StatusCode int
	// RetryAfter is the server's Retry-After delay, 0 when absent.
	RetryAfter time.Duration
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("get %s: status %d", e.URL, e.StatusCode)
}

// Temporary reports whether a later retry may succeed (429 and 5xx).
func (e *StatusError) Temporary() bool {
	return e.StatusCode == 429 || e.StatusCode >= 500
}

// Reasons returned by Reason: a small fixed set, fit for a metrics label.
const (
	ReasonOK           = "ok"
	ReasonNotModified  = "not_modified"
	ReasonSSRF         = "ssrf"
	ReasonRobots       = "robots"
	ReasonTooLarge     = "too_large"
	ReasonRedirects    = "redirects"
	ReasonStatus4xx    = "status_4xx"
	ReasonStatus5xx    = "status_5xx"
	ReasonTimeout      = "timeout"
	ReasonCanceled     = "canceled"
	ReasonNetwork      = "network"
	ReasonOtherFailure = "error"
)

// Reason classifies the error a Get returned (nil is ReasonOK).
func Reason(err error) string {
	var se *StatusError
	var ne net.Error
	switch {
	case err == nil:
		return ReasonOK
	case errors.Is(err, ErrSSRF):
		return ReasonSSRF
	case errors.Is(err, ErrRobots):
		return ReasonRobots
	case errors.Is(err, ErrTooLarge):
		return ReasonTooLarge
	case errors.Is(err, ErrTooManyRedirects):
		return ReasonRedirects
	case errors.As(err, &se):
		if se.StatusCode >= 500 {
			return ReasonStatus5xx
		}
		return ReasonStatus4xx
	case errors.Is(err, context.Canceled):
		return ReasonCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return ReasonTimeout
	case errors.As(err, &ne):
		if ne.Timeout() {
			return ReasonTimeout
		}
		return ReasonNetwork
	}
	return ReasonOtherFailure
}
