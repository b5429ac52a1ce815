// Package top is the live terminal view behind `newswire top`: every
// second it reads each service's /metrics (the Prometheus text format) and
// the JetStream API, and shows per stage the rate, lag, errors, dead letters
// and p99 processing time.
package top

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/newswire/newswire/pkg/bus"
)

// Target is one service's /metrics address.
type Target struct {
	Service string
	URL     string
}

// DefaultTargets are the services of a local run (`make run`).
func DefaultTargets() []Target {
	return []Target{
		{"fetcher", "http://127.0.0.1:9101/metrics"},
		{"normalizer", "http://127.0.0.1:9102/metrics"},
		{"tagger", "http://127.0.0.1:9103/metrics"},
		{"sink", "http://127.0.0.1:9104/metrics"},
	}
}

// Config says what to watch and how often.
type Config struct {
	Targets []Target
	// NATS reaches the JetStream API; an empty URL leaves it out and the
	// lag comes from the services' gauges.
	NATS bus.Config
	// Interval is the refresh period.
	Interval time.Duration
	// Window is the time rates and percentiles are taken over.
	Window time.Duration
	// Timeout bounds each scrape and each JetStream request.
	Timeout time.Duration
}

// Validate checks the settings for meaning.
func (c Config) Validate() error {
	switch {
	case len(c.Targets) == 0:
		return errors.New("no metrics targets")
	case c.Interval <= 0:
		return fmt.Errorf("interval %s, want > 0", c.Interval)
	case c.Window < c.Interval:
		return fmt.Errorf("window %s shorter than the interval %s", c.Window, c.Interval)
	case c.Timeout <= 0:
		return fmt.Errorf("timeout %s, want > 0", c.Timeout)
	}
	for _, t := range c.Targets {
		if t.Service == "" || t.URL == "" {
			return fmt.Errorf("target %+v: want a service and a URL", t)
		}
	}
	return nil
}

// Watcher takes snapshots of a running pipeline. It is not safe for
// concurrent use.
type Watcher struct {
	cfg    Config
	client *http.Client
	log    *slog.Logger
	conn   *bus.Conn
}

// New returns a Watcher for cfg. It connects to NATS lazily, on each
// Snapshot until it succeeds.
func New(cfg Config, log *slog.Logger) (*Watcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Watcher{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}, log: log}, nil
}

// Close closes the NATS connection, if one was made.
func (w *Watcher) Close() error {
	if w.conn == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.Timeout)
	defer cancel()
	return w.conn.Close(ctx)
}

// Snapshot scrapes every target at once and reads JetStream.
func (w *Watcher) Snapshot(ctx context.Context) *Snapshot {
	s := NewSnapshot(time.Now())
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, t := range w.cfg.Targets {
		wg.Go(func() {
			fams, err := w.scrape(ctx, t.URL)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				s.Down[t.Service] = err
				return
			}
			s.Add(fams)
		})
	}
	var streams []bus.StreamState
	var streamsErr error
	if w.cfg.NATS.URL != "" {
		wg.Go(func() { streams, streamsErr = w.streams(ctx) })
	}
	wg.Wait()
	if streamsErr != nil {
		s.StreamsErr = streamsErr
	} else if streams != nil {
		s.SetStreams(streams)
	}
	return s
}

func (w *Watcher) scrape(ctx context.Context, url string) (map[string]*dto.MetricFamily, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := w.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get %s: %s", url, resp.Status)
	}
	fams, err := Parse(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	return fams, nil
}

func (w *Watcher) streams(ctx context.Context) ([]bus.StreamState, error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	if w.conn == nil {
		cfg := w.cfg.NATS
		cfg.ConnectWait = 0
		conn, err := bus.Connect(ctx, cfg, "newswire-top", w.log)
		if err != nil {
			return nil, err
		}
		w.conn = conn
	}
	return w.conn.Streams(ctx)
}

// Run refreshes the view every cfg.Interval until ctx ends. On a terminal
// (tty) it redraws the screen; otherwise it writes one line per refresh.
// once stops after the first refresh that has rates.
func Run(ctx context.Context, w *Watcher, out io.Writer, tty, once bool) error {
	var history []*Snapshot
	tick := time.NewTicker(w.cfg.Interval)
	defer tick.Stop()
	for {
		cur := w.Snapshot(ctx)
		if ctx.Err() != nil {
			return nil
		}
		history = append(history, cur)
		// Keep the snapshots inside the window; the oldest is the base.
		for len(history) > 2 && cur.Time.Sub(history[1].Time) >= w.cfg.Window {
			history = history[1:]
		}
		var prev *Snapshot
		if len(history) > 1 {
			prev = history[0]
		}
		v := Compute(prev, cur)
		var err error
		if tty {
			// Home, draw, clear what is left of the last frame.
			if _, err = io.WriteString(out, "\x1b[H\x1b[2J"); err == nil {
				err = Render(out, v)
			}
		} else {
			err = RenderLine(out, v)
		}
		if err != nil {
			return err
		}
		if once && prev != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
