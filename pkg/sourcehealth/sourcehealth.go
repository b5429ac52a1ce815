// Package sourcehealth is the per-source record of newswire: when a source
// was last polled and last answered, how often it fails, when it last gave
// a new item and how long it usually goes between new items (written by
// the fetcher), and what became of its articles downstream (written by the
// normalizer and the sink). It decides, in one place, whether a source is
// healthy, failing, quiet or degraded, and why.
//
// The package is pure: it imports neither NATS nor Prometheus. The records
// are JSON documents that sourcewatch keeps in a JetStream key-value bucket.
package sourcehealth

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Status is a source's state, worst first when sorted by Severity.
type Status string

// Statuses.
const (
	// Failing: the last FailingPolls polls or more failed in a row.
	Failing Status = "failing"
	// Quiet: no new item for longer than QuietAfter.
	Quiet Status = "quiet"
	// Degraded: the share of its articles without text or without a
	// published date jumped.
	Degraded Status = "degraded"
	// Healthy: none of the above.
	Healthy Status = "healthy"
	// Unknown: no poll has been recorded yet.
	Unknown Status = "unknown"
)

// Severity orders statuses, worst first (0).
func (s Status) Severity() int {
	switch s {
	case Failing:
		return 0
	case Quiet:
		return 1
	case Degraded:
		return 2
	case Unknown:
		return 3
	default:
		return 4
	}
}

// Defaults of Thresholds.
const (
	DefaultQuietMin     = 6 * time.Hour
	DefaultQuietFactor  = 4
	DefaultFailingPolls = 3
	// DefaultDegradedShare is the share of articles without text (or
	// without a date) over the last day that marks a source degraded when
	// it is also DefaultDegradedJump above the share of the week before.
	DefaultDegradedShare = 0.5
	DefaultDegradedJump  = 0.3
	// DefaultDegradedMin is the fewest articles in a day that can show a
	// degradation: two bad pages out of three say little.
	DefaultDegradedMin = 5
)

// Thresholds decide a source's status.
type Thresholds struct {
	// QuietMin is the shortest silence that makes a source quiet; a source
	// is quiet after max(QuietMin, QuietFactor x its usual gap).
	QuietMin    time.Duration
	QuietFactor float64
	// FailingPolls consecutive failed polls make a source failing.
	FailingPolls int
	// DegradedShare, DegradedJump and DegradedMin: see the defaults.
	DegradedShare float64
	DegradedJump  float64
	DegradedMin   int64
}

// DefaultThresholds are the thresholds of the alert rules.
func DefaultThresholds() Thresholds {
	return Thresholds{
		QuietMin: DefaultQuietMin, QuietFactor: DefaultQuietFactor, FailingPolls: DefaultFailingPolls,
		DegradedShare: DefaultDegradedShare, DegradedJump: DefaultDegradedJump, DegradedMin: DefaultDegradedMin,
	}
}

// Validate checks the thresholds for meaning.
func (t Thresholds) Validate() error {
	switch {
	case t.QuietMin <= 0:
		return fmt.Errorf("quiet minimum %s, want > 0", t.QuietMin)
	case t.QuietFactor <= 0:
		return fmt.Errorf("quiet factor %v, want > 0", t.QuietFactor)
	case t.FailingPolls < 1:
		return fmt.Errorf("failing polls %d, want >= 1", t.FailingPolls)
	case t.DegradedShare <= 0 || t.DegradedShare > 1:
		return fmt.Errorf("degraded share %v, want in (0, 1]", t.DegradedShare)
	case t.DegradedJump < 0 || t.DegradedJump > 1:
		return fmt.Errorf("degraded jump %v, want in [0, 1]", t.DegradedJump)
	case t.DegradedMin < 1:
		return fmt.Errorf("degraded minimum %d, want >= 1", t.DegradedMin)
	}
	return nil
}

// QuietAfter is how long src may go without a new item before it is
// quiet: max(QuietMin, QuietFactor x its usual gap).
func (t Thresholds) QuietAfter(gap time.Duration) time.Duration {
	return max(t.QuietMin, time.Duration(float64(gap)*t.QuietFactor))
}

// Record is everything known about one source: the fetcher's part and the
// downstream part, either of which may be missing (a source replayed from
// an archive has no fetcher part; a source polled but never published has
// no articles part).
type Record struct {
	Name     string    `json:"name"`
	Fetch    *Fetch    `json:"fetch,omitempty"`
	Articles *Articles `json:"articles,omitempty"`
}

// Assessment is a source's status with the reasons for it, worst first.
type Assessment struct {
	Status  Status
	Reasons []string
	// QuietAfter is the silence that makes this source quiet.
	QuietAfter time.Duration
	// Silent is how long since its last new item (or since it was first
	// watched, when it never gave one).
	Silent time.Duration
}

// Assess decides r's status at now, with the thresholds the fetcher kept
// in the record where it kept them, else t's.
func Assess(r Record, now time.Time, t Thresholds) Assessment {
	var a Assessment
	statuses := map[Status]bool{}
	if f := r.Fetch; f != nil {
		if f.QuietMin > 0 {
			t.QuietMin = f.QuietMin
		}
		if f.FailingPolls > 0 {
			t.FailingPolls = f.FailingPolls
		}
		a.QuietAfter = t.QuietAfter(f.UsualGap())
		a.Silent = now.Sub(f.SilentSince())
		if f.ConsecutiveFailures >= t.FailingPolls {
			statuses[Failing] = true
			why := f.LastError
			if f.LastStatus != 0 {
				why = fmt.Sprintf("HTTP %d", f.LastStatus)
				if f.LastError != "" && !strings.Contains(f.LastError, fmt.Sprint(f.LastStatus)) {
					why += ": " + f.LastError
				}
			}
			a.Reasons = append(a.Reasons, fmt.Sprintf("%d polls failed in a row (last: %s)", f.ConsecutiveFailures, why))
		}
		if f.LastAttempt.IsZero() {
			statuses[Unknown] = true
			a.Reasons = append(a.Reasons, "not polled yet")
		} else if a.Silent > a.QuietAfter {
			statuses[Quiet] = true
			if f.LastNewItem.IsZero() {
				a.Reasons = append(a.Reasons, fmt.Sprintf("no new item since it was first watched %s ago (quiet after %s)", Round(a.Silent), Round(a.QuietAfter)))
			} else {
				a.Reasons = append(a.Reasons, fmt.Sprintf("no new item for %s (usually every %s; quiet after %s)", Round(a.Silent), Round(f.UsualGap()), Round(a.QuietAfter)))
			}
		}
	}
	if ar := r.Articles; ar != nil {
		day, week := ar.Window(now, 1), ar.Window(now.AddDate(0, 0, -1), 7)
		if n := day.Processed(); n >= t.DegradedMin {
			for _, q := range []struct {
				what       string
				cur, usual float64
			}{
				{"without text", day.NoTextShare(), week.NoTextShare()},
				{"without a published date", day.NoDateShare(), week.NoDateShare()},
			} {
				if q.cur >= t.DegradedShare && q.cur-q.usual >= t.DegradedJump {
					statuses[Degraded] = true
					a.Reasons = append(a.Reasons, fmt.Sprintf("%.0f%% of today's articles (UTC) %s (%.0f%% over the week before)", 100*q.cur, q.what, 100*q.usual))
				}
			}
		}
	}
	a.Status = Healthy
	for _, s := range []Status{Failing, Quiet, Degraded, Unknown} {
		if statuses[s] {
			a.Status = s
			break
		}
	}
	return a
}

// Round shortens d for people: seconds under ten minutes, then minutes.
func Round(d time.Duration) time.Duration {
	if d < 10*time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(time.Minute)
}

// dayKey is the UTC day t falls in, as a sortable string.
func dayKey(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// Days kept in a record's daily counts: a week and today.
const keepDays = 8

// trimDays keeps the last keepDays day keys of a day-sorted slice.
func trimDays[T any](days []T) []T {
	if len(days) > keepDays {
		days = slices.Delete(days, 0, len(days)-keepDays)
	}
	return days
}
