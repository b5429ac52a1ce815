package source

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"golang.org/x/sync/errgroup"
)

// DefaultJitter spreads polls by ±10% so sources that share an interval do
// not hit the network (or one publisher) in lock step.
const DefaultJitter = 0.1

// DefaultMaxBackoff caps the delay after repeated failures.
const DefaultMaxBackoff = 2 * time.Hour

// Pacing decides when a source is polled next.
type Pacing struct {
	// Interval is the delay after a successful poll.
	Interval time.Duration
	// Jitter is the fraction of the delay drawn at random either way.
	Jitter float64
	// MaxBackoff caps the delay after failures. The delay doubles with
	// every consecutive failure, starting from Interval.
	MaxBackoff time.Duration
}

// PacingFor is the pacing of src with the default jitter and backoff cap.
func PacingFor(src Source) Pacing {
	return Pacing{Interval: src.withDefaults().Interval, Jitter: DefaultJitter, MaxBackoff: DefaultMaxBackoff}
}

// Delay is the wait before the next poll after failures consecutive failed
// polls (0 after a success); rnd is a uniform draw in [0, 1).
func (p Pacing) Delay(failures int, rnd float64) time.Duration {
	d := p.Interval
	if d <= 0 {
		d = DefaultInterval
	}
	limit := max(p.MaxBackoff, d)
	for i := 0; i < failures && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	j := min(max(p.Jitter, 0), 1)
	return time.Duration(float64(d) * (1 + j*(2*rnd-1)))
}

// Poll calls poll at once and then again after each paced delay, until ctx
// is done; it then returns nil. A poll's error only lengthens the next
// delay: the poll function reports its own failures.
func Poll(ctx context.Context, p Pacing, poll func(context.Context) error) error {
	failures := 0
	for {
		if err := poll(ctx); err != nil {
			failures++
		} else {
			failures = 0
		}
		t := time.NewTimer(p.Delay(failures, rand.Float64()))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// Runner runs one source until ctx is done. It returns an error only when
// the source cannot run at all, which stops every source.
type Runner func(ctx context.Context, src Source) error

// RunAll runs every source with the runner for its kind, under one
// errgroup: it returns when all runners have returned, with the first
// error. A kind without a runner is an error before anything starts.
func RunAll(ctx context.Context, srcs []Source, runners map[string]Runner) error {
	for _, s := range srcs {
		if runners[s.Kind] == nil {
			return fmt.Errorf("run source %q: no runner for kind %q", s.Name, s.Kind)
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, s := range srcs {
		run := runners[s.Kind]
		g.Go(func() error {
			if err := run(ctx, s); err != nil {
				return fmt.Errorf("run source %q: %w", s.Name, err)
			}
			return nil
		})
	}
	return g.Wait()
}
