package sourcehealth

import (
	"slices"
	"time"
)

// Fetch is the fetcher's part of a source's record.
type Fetch struct {
	Kind string `json:"kind,omitempty"`
	URL  string `json:"url,omitempty"`
	// FirstSeen is when a fetcher first watched the source: a source that
	// never gave a new item is silent since then.
	FirstSeen   time.Time `json:"first_seen"`
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastStatus is the HTTP status of the last poll (0: none, as for a
	// network error or a local directory); LastError its error, if any.
	LastStatus          int       `json:"last_status,omitempty"`
	LastError           string    `json:"last_error,omitempty"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	LastNewItem         time.Time `json:"last_new_item,omitzero"`
	// Gaps are the last MaxGaps times between polls that gave new items,
	// in seconds, oldest first.
	Gaps []int64 `json:"gaps,omitempty"`
	// Days counts new items per UTC day, the last 8 days, oldest first.
	Days     []DayCount `json:"days,omitempty"`
	Polls    int64      `json:"polls"`
	Failures int64      `json:"failures"`
	NewItems int64      `json:"new_items"`
	// QuietMin and FailingPolls are the fetcher's thresholds
	// (FETCHER_SOURCE_QUIET_MIN, FETCHER_SOURCE_FAILING_POLLS), kept with
	// the record so that readers judge the source as the fetcher's
	// metrics and alerts do. Zero: the defaults.
	QuietMin     time.Duration `json:"quiet_min,omitempty"`
	FailingPolls int           `json:"failing_polls,omitempty"`
}

// DayCount is a number of new items on one UTC day (YYYY-MM-DD).
type DayCount struct {
	Day   string `json:"day"`
	Items int64  `json:"items"`
}

// MaxGaps is how many gaps between new items a record keeps: enough for a
// robust median, few enough that a change of rhythm shows within a day or
// two for an hourly source.
const MaxGaps = 15

// NewFetch starts the record of a source first watched at now.
func NewFetch(kind, url string, now time.Time) *Fetch {
	return &Fetch{Kind: kind, URL: url, FirstSeen: now.UTC()}
}

// Poll records one poll at now: err is nil on success (a 304 included),
// status the HTTP status when one came back.
func (f *Fetch) Poll(now time.Time, status int, err error) {
	now = now.UTC()
	f.Polls++
	f.LastAttempt = now
	f.LastStatus = status
	if err != nil {
		f.Failures++
		f.ConsecutiveFailures++
		f.LastError = err.Error()
		return
	}
	f.ConsecutiveFailures = 0
	f.LastError = ""
	f.LastSuccess = now
}

// NewItem records a new item (an article published for the first time) at
// now. Items of one poll count once towards the gaps: the gap is measured
// from the last poll that gave new items, not between items of a batch.
func (f *Fetch) NewItem(now time.Time) {
	now = now.UTC()
	f.NewItems++
	if !f.LastNewItem.IsZero() && f.LastNewItem.Before(f.LastAttempt) {
		f.Gaps = append(f.Gaps, int64(now.Sub(f.LastNewItem).Round(time.Second)/time.Second))
		if len(f.Gaps) > MaxGaps {
			f.Gaps = slices.Delete(f.Gaps, 0, len(f.Gaps)-MaxGaps)
		}
	}
	f.LastNewItem = now
	day := dayKey(now)
	if n := len(f.Days); n > 0 && f.Days[n-1].Day == day {
		f.Days[n-1].Items++
		return
	}
	f.Days = trimDays(append(f.Days, DayCount{Day: day, Items: 1}))
}

// UsualGap is the median gap between polls that gave new items, or 0
// while fewer than two are known.
func (f *Fetch) UsualGap() time.Duration {
	if len(f.Gaps) < 2 {
		return 0
	}
	g := slices.Clone(f.Gaps)
	slices.Sort(g)
	m := g[len(g)/2]
	if len(g)%2 == 0 {
		m = (g[len(g)/2-1] + g[len(g)/2]) / 2
	}
	return time.Duration(m) * time.Second
}

// SilentSince is the source's last new item, or when it was first watched
// if it never gave one.
func (f *Fetch) SilentSince() time.Time {
	if f.LastNewItem.IsZero() {
		return f.FirstSeen
	}
	return f.LastNewItem
}

// ItemsPerDay is the mean of new items per day over the last seven full
// days and today, counting only days since the source was first watched.
func (f *Fetch) ItemsPerDay(now time.Time) float64 {
	from := now.UTC().AddDate(0, 0, -7)
	if f.FirstSeen.After(from) {
		from = f.FirstSeen
	}
	days := now.Sub(from).Hours() / 24
	if days < 1 {
		days = 1
	}
	var n int64
	first := dayKey(from)
	for _, d := range f.Days {
		if d.Day >= first {
			n += d.Items
		}
	}
	return float64(n) / days
}
