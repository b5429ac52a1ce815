package sourcehealth

import (
	"slices"
	"time"
)

// Counts are what became of a source's articles downstream. The
// normalizer counts Normalized, NoText, NoDate and DeadLettered; the sink
// counts Stored and DeadLettered. NoDate is a part of Normalized; NoText
// is apart from it (such a page is dead-lettered, and not counted again in
// DeadLettered).
type Counts struct {
	Normalized   int64 `json:"normalized,omitempty"`
	NoText       int64 `json:"no_text,omitempty"`
	NoDate       int64 `json:"no_date,omitempty"`
	DeadLettered int64 `json:"dead_lettered,omitempty"`
	Stored       int64 `json:"stored,omitempty"`
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Normalized += o.Normalized
	c.NoText += o.NoText
	c.NoDate += o.NoDate
	c.DeadLettered += o.DeadLettered
	c.Stored += o.Stored
}

// IsZero reports whether nothing was counted.
func (c Counts) IsZero() bool { return c == Counts{} }

// Processed is how many documents the normalizer decided on.
func (c Counts) Processed() int64 { return c.Normalized + c.NoText + c.DeadLettered }

// NoTextShare is the share of processed documents without article text.
func (c Counts) NoTextShare() float64 { return share(c.NoText, c.Processed()) }

// NoDateShare is the share of normalized articles without a published
// date.
func (c Counts) NoDateShare() float64 { return share(c.NoDate, c.Normalized) }

func share(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Articles is the downstream part of a source's record: live articles
// only; replayed ones are counted apart, in Replayed.
type Articles struct {
	// Total counts every live article since the record began.
	Total Counts `json:"total"`
	// Days counts per UTC day, the last 8 days, oldest first.
	Days []DayCounts `json:"days,omitempty"`
	// Replayed counts articles re-published from archives.
	Replayed Counts    `json:"replayed"`
	Updated  time.Time `json:"updated"`
}

// DayCounts are one UTC day's Counts.
type DayCounts struct {
	Day string `json:"day"`
	Counts
}

// Delta is what one stage observed of a source since its last report.
type Delta struct {
	Live, Replayed Counts
}

// IsZero reports whether d holds nothing.
func (d Delta) IsZero() bool { return d.Live.IsZero() && d.Replayed.IsZero() }

// Apply adds d, observed up to now, to a.
func (a *Articles) Apply(d Delta, now time.Time) {
	a.Total.Add(d.Live)
	a.Replayed.Add(d.Replayed)
	a.Updated = now.UTC()
	if d.Live.IsZero() {
		return
	}
	day := dayKey(now)
	i := slices.IndexFunc(a.Days, func(x DayCounts) bool { return x.Day == day })
	if i < 0 {
		a.Days = append(a.Days, DayCounts{Day: day})
		slices.SortFunc(a.Days, func(x, y DayCounts) int {
			switch {
			case x.Day < y.Day:
				return -1
			case x.Day > y.Day:
				return 1
			}
			return 0
		})
		a.Days = trimDays(a.Days)
		i = slices.IndexFunc(a.Days, func(x DayCounts) bool { return x.Day == day })
		if i < 0 {
			// Older than every day kept: only the total has it.
			return
		}
	}
	a.Days[i].Add(d.Live)
}

// Window sums the days days that end with the day of end.
func (a *Articles) Window(end time.Time, days int) Counts {
	last := dayKey(end)
	first := dayKey(end.AddDate(0, 0, 1-days))
	var c Counts
	for _, d := range a.Days {
		if d.Day >= first && d.Day <= last {
			c.Add(d.Counts)
		}
	}
	return c
}
