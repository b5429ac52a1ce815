package remote

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/newswire/newswire/services/fetcher/internal/remote/remotetest"
)

func newClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff, cfg.MaxBackoff = 5*time.Millisecond, 20*time.Millisecond
	}
	c, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGetRetriesAndRange(t *testing.T) {
	srv := remotetest.NewServer(t)
	data := bytes.Repeat([]byte("0123456789"), 10_000)
	srv.Put("/f", data, nil)
	srv.Fail("/f", http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusBadGateway)
	c := newClient(t, Config{})
	b, err := c.Get(context.Background(), srv.URL("/f"), 12_345, "")
	if err != nil {
		t.Fatalf("Get = %v", err)
	}
	got, err := io.ReadAll(b)
	b.Close()
	if err != nil || !bytes.Equal(got, data[12_345:]) || b.Size() != int64(len(data)) || !b.Complete() {
		t.Errorf("body: %d bytes, size %d, complete %v, err %v; want the %d bytes from 12345 of %d", len(got), b.Size(), b.Complete(), err, len(data)-12_345, len(data))
	}
	if st := c.Stats(); st.Retries != 3 || st.Requests != 4 {
		t.Errorf("Stats = %+v, want 3 retries in 4 requests", st)
	}
}

func TestGetGivesUp(t *testing.T) {
	srv := remotetest.NewServer(t)
	srv.Put("/f", []byte("x"), nil)
	srv.Fail("/f", 500, 500, 500, 500)
	c := newClient(t, Config{Retries: 2})
	_, err := c.Get(context.Background(), srv.URL("/f"), 0, "")
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 500 || !IsTemporary(err) {
		t.Errorf("Get from a failing server = %v, want a temporary 500", err)
	}
	_, err = c.Get(context.Background(), srv.URL("/missing"), 0, "")
	if !errors.As(err, &se) || se.Status != 404 || IsTemporary(err) {
		t.Errorf("Get of a missing file = %v, want a permanent 404", err)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("server saw %d requests, want 3 for the 500s and 1 for the 404", n)
	}
}

func TestGetChanged(t *testing.T) {
	srv := remotetest.NewServer(t)
	srv.Put("/f", []byte("version one, long enough"), nil)
	c := newClient(t, Config{})
	b, err := c.Get(context.Background(), srv.URL("/f"), 0, "")
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	srv.Put("/f", []byte("version two, long enough"), nil)
	// If-Range no longer matches: the server sends the whole new file,
	// which must not be spliced onto the old one.
	_, err = c.Get(context.Background(), srv.URL("/f"), 5, b.validate)
	if !errors.Is(err, ErrChanged) {
		t.Errorf("Get of a changed file from byte 5 = %v, want ErrChanged", err)
	}
}

func TestCutIsReported(t *testing.T) {
	srv := remotetest.NewServer(t)
	data := bytes.Repeat([]byte("x"), 100_000)
	srv.Put("/f", data, nil)
	srv.CutAfter("/f", 40_000)
	c := newClient(t, Config{})
	b, err := c.Get(context.Background(), srv.URL("/f"), 0, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, err := io.Copy(io.Discard, b)
	if err == nil || b.Cut() == nil || b.Complete() || n != 40_000 || b.Offset() != 40_000 {
		t.Errorf("read %d bytes, err %v, cut %v, offset %d; want 40000 and a cut", n, err, b.Cut(), b.Offset())
	}
}

// TestBandwidthLimit reads 600 KB at 300 KB/s: it cannot take less than
// (600 KB - one burst) / 300 KB/s. Only the lower bound is asserted.
func TestBandwidthLimit(t *testing.T) {
	srv := remotetest.NewServer(t)
	srv.Put("/f", bytes.Repeat([]byte("y"), 600_000), nil)
	c := newClient(t, Config{BytesPerSecond: 300_000})
	start := time.Now()
	b, err := c.Get(context.Background(), srv.URL("/f"), 0, "")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, b)
	b.Close()
	if took := time.Since(start); err != nil || n != 600_000 || took < 1800*time.Millisecond {
		t.Errorf("read %d bytes in %s (err %v); want 600000 in at least 1.8s", n, took, err)
	}
}

func TestStalledServerTimesOut(t *testing.T) {
	srv := remotetest.NewServer(t)
	srv.Put("/f", bytes.Repeat([]byte("z"), 200_000), nil)
	srv.Slow(time.Second)
	c := newClient(t, Config{Timeout: 200 * time.Millisecond})
	b, err := c.Get(context.Background(), srv.URL("/f"), 0, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_, err = io.Copy(io.Discard, b)
	if err == nil || b.Cut() == nil {
		t.Errorf("reading from a stalled server: err %v, cut %v; want the stall reported as a cut", err, b.Cut())
	}
}
