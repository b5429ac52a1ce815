// Package reprocess re-runs the downstream stages over what the broker
// already stored, without fetching anything again: it reads a stream
// (ARTICLES_RAW, or ARTICLES_NORMALIZED to re-tag only) from a start time
// and republishes each message to its subject, for example after a tagger
// upgrade. The sink stores by article id, so reprocessed articles replace
// their earlier versions.
package reprocess

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newswire/newswire/pkg/bus"
)

// Where a reprocess starts.
const (
	FromRaw        = "raw"        // normalizer, tagger and sink run again
	FromNormalized = "normalized" // tagger and sink run again
)

// Config says what to reprocess.
type Config struct {
	// From is FromRaw or FromNormalized.
	From string
	// Since is the earliest storage time republished; Until, when set,
	// the first one not republished.
	Since, Until time.Time
	// MaxInFlight bounds publishes awaiting acknowledgement; 0 means 512.
	MaxInFlight int
}

// Summary is what a reprocess did.
type Summary struct {
	// Run identifies the run: the same Config gives the same Run, so the
	// message ids of a rerun after a crash repeat those of the first try.
	Run string
	// Read counts messages read; Republished those stored again; Own
	// those skipped as copies an earlier try of this same run published.
	Read, Republished, Own int
	Elapsed                time.Duration
}

// RunID names a reprocess run after its configuration.
func RunID(cfg Config) string {
	key := cfg.From + "|" + cfg.Since.UTC().Format(time.RFC3339Nano) + "|"
	if !cfg.Until.IsZero() {
		key += cfg.Until.UTC().Format(time.RFC3339Nano)
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:6])
}

// errUntil stops reading at Until.
var errUntil = errors.New("until reached")

// Run republishes every message stored in the chosen stream from
// cfg.Since (up to cfg.Until, and up to the last message stored when it
// began) to the message's own subject. Each copy's Nats-Msg-Id is
// "reprocess:<run>:<sequence>": different from the original's, so the
// duplicate window does not drop it, and the same in a rerun of the same
// command, so a rerun after a crash does not store a second copy within
// the window (bus.ReprocessMessage). Copies carry bus.HeaderReprocess; messages that are copies
// from an earlier try of the same run are not republished again.
func Run(ctx context.Context, conn *bus.Conn, cfg Config, log *slog.Logger) (*Summary, error) {
	begin := time.Now()
	var stream string
	switch cfg.From {
	case FromRaw:
		stream = bus.StreamRaw
	case FromNormalized:
		stream = bus.StreamNormalized
	default:
		return nil, fmt.Errorf("reprocess: from %q: want %s or %s", cfg.From, FromRaw, FromNormalized)
	}
	if cfg.Since.IsZero() {
		return nil, errors.New("reprocess: since is required")
	}
	if !cfg.Until.IsZero() && !cfg.Until.After(cfg.Since) {
		return nil, errors.New("reprocess: until is not after since")
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 512
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sum := &Summary{Run: RunID(cfg)}
	var inflight []bus.Pending
	wait := func() error {
		for _, p := range inflight {
			if err := p.Wait(ctx); err != nil {
				return err
			}
			sum.Republished++
		}
		inflight = inflight[:0]
		return nil
	}
	_, err := conn.ReadSince(ctx, stream, cfg.Since, func(m bus.Stored) error {
		if !cfg.Until.IsZero() && !m.Time.Before(cfg.Until) {
			return errUntil
		}
		sum.Read++
		if first(m.Header, bus.HeaderReprocess) == sum.Run {
			sum.Own++
			return nil
		}
		p, err := conn.PublishAsync(bus.ReprocessMessage(m, sum.Run))
		if err != nil {
			return err
		}
		inflight = append(inflight, p)
		if len(inflight) >= cfg.MaxInFlight {
			return wait()
		}
		return nil
	})
	if err != nil && !errors.Is(err, errUntil) {
		_ = wait()
		sum.Elapsed = time.Since(begin)
		return sum, fmt.Errorf("reprocess %s: %w", stream, err)
	}
	if err := wait(); err != nil {
		sum.Elapsed = time.Since(begin)
		return sum, fmt.Errorf("reprocess %s: %w", stream, err)
	}
	sum.Elapsed = time.Since(begin)
	log.Info("reprocess done", "stream", stream, "run", sum.Run, "read", sum.Read, "republished", sum.Republished, "own_copies_skipped", sum.Own)
	return sum, nil
}

func first(h map[string][]string, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}
