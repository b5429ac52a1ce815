// Package handovertest holds in-memory stand-ins for what the pollers
// need from the service (the seen store, the validators store, the
// publisher) and an HTTP client allowed to fetch from a test server, as
// httptest holds servers. The broker-backed stores are tested in the
// fetcher's own package.
package handovertest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
)

// Seen is an in-memory handover.Seen.
type Seen struct {
	mu   sync.Mutex
	keys map[string]bool
}

// Seen reports whether key was marked.
func (m *Seen) Seen(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.keys[key], nil
}

// Mark records key.
func (m *Seen) Mark(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = map[string]bool{}
	}
	m.keys[key] = true
	return nil
}

// Validators is an in-memory handover.Validators; with Fail set, every
// call fails as a store that is down.
type Validators struct {
	mu     sync.Mutex
	m      map[string][2]string
	stores int
	Fail   bool
}

// Load returns url's validators.
func (v *Validators) Load(_ context.Context, url string) (string, string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.Fail {
		return "", "", errors.New("store down")
	}
	e := v.m[url]
	return e[0], e[1], nil
}

// Store keeps url's validators.
func (v *Validators) Store(_ context.Context, url, etag, lastModified string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.Fail {
		return errors.New("store down")
	}
	if v.m == nil {
		v.m = map[string][2]string{}
	}
	v.m[url] = [2]string{etag, lastModified}
	v.stores++
	return nil
}

// Stores counts the successful Store calls.
func (v *Validators) Stores() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.stores
}

// Sink collects what is published; Publish is a handover.Publish.
type Sink struct {
	mu   sync.Mutex
	raws []article.Raw
}

// Publish keeps r.
func (s *Sink) Publish(_ context.Context, r article.Raw) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.raws = append(s.raws, r)
	return nil
}

// Take returns what was published since the last Take.
func (s *Sink) Take() []article.Raw {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.raws
	s.raws = nil
	return out
}

// Len counts what was published since the last Take.
func (s *Sink) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.raws)
}

// Client returns an HTTP client that may fetch from loopback test servers
// as fast as a test asks.
func Client(t testing.TB) *httpfetch.Client {
	t.Helper()
	cfg := httpfetch.DefaultConfig()
	cfg.Allow = []string{"127.0.0.0/8"}
	cfg.HostRate, cfg.HostBurst = 1000, 100
	c, err := httpfetch.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
