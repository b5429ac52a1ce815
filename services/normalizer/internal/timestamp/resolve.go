package timestamp

import (
	"fmt"
	"math"
	"time"
)

// resolve turns the fields into an instant.
func (f *fields) resolve(opts *Options) (time.Time, error) {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if f.hasZone {
		switch {
		case f.iana != "":
			l, err := locations[f.iana]()
			if err != nil {
				return time.Time{}, fmt.Errorf("load zone %s: %w", f.iana, err)
			}
			loc = l
		case f.offset == 0:
			loc = time.UTC
		default:
			loc = time.FixedZone("", f.offset)
		}
	}
	if f.hasTime {
		switch {
		case f.ampm != 0 && (f.hour == 0 || f.hour > 12):
			// "19:00 PM": the clock already says which half of the day.
		case f.ampm == 1 && f.hour == 12:
			f.hour = 0
		case f.ampm == 2 && f.hour < 12:
			f.hour += 12
		}
	}
	now, hasNow := opts.Now, !opts.Now.IsZero()
	dated := f.hasYear || f.month != 0 || f.day != 0
	relative := f.ncomp > 0 || f.hasDayWord || f.relNow || (!dated && (f.wday >= 0 || f.hasTime))
	var t time.Time
	switch {
	case (relative || f.wdayRel != 0) && dated:
		// "yesterday, 7 January" or "last Friday of October": a weekday
		// counted within a month is not supported.
		return time.Time{}, fmt.Errorf("parse date: %w", errSyntax)
	case relative:
		if !hasNow {
			return time.Time{}, fmt.Errorf("parse date: %w", ErrNoReference)
		}
		n := now.In(loc)
		y, m, d := n.Date()
		h, mi, s, ns := n.Hour(), n.Minute(), n.Second(), n.Nanosecond()
		if f.hasTime {
			h, mi, s, ns = f.hour, f.min, f.sec, f.ns
		}
		switch {
		case f.hasDayWord:
			t = time.Date(y, m, d+f.dayShift, h, mi, s, ns, loc)
		case f.wday >= 0:
			if !f.hasTime {
				h, mi, s, ns = 0, 0, 0, 0
			}
			back := (int(n.Weekday()) - f.wday + 7) % 7
			switch f.wdayRel {
			case -1:
				if back == 0 {
					back = 7
				}
			case 1:
				back -= 7
			}
			t = time.Date(y, m, d-back, h, mi, s, ns, loc)
			if f.wdayRel == 0 && t.After(now.Add(pastSlack)) {
				t = time.Date(y, m, d-back-7, h, mi, s, ns, loc)
			}
		case f.hasTime && f.ncomp == 0 && !f.relNow:
			t = time.Date(y, m, d, h, mi, s, ns, loc)
			if t.After(now.Add(pastSlack)) {
				t = time.Date(y, m, d-1, h, mi, s, ns, loc)
			}
		default:
			t = time.Date(y, m, d, h, mi, s, ns, loc)
		}
		t = f.applyComps(t)
	default:
		if !dated {
			return time.Time{}, fmt.Errorf("parse date: %w", ErrNoDate)
		}
		if f.day != 0 && f.month == 0 {
			return time.Time{}, fmt.Errorf("parse date: day %d without a month: %w", f.day, errSyntax)
		}
		y, m, d := f.year, f.month, f.day
		if m == 0 {
			m = 1
		}
		if d == 0 {
			d = 1
		}
		switch {
		case !f.hasYear:
			if !hasNow {
				return time.Time{}, fmt.Errorf("parse date: no year: %w", ErrNoReference)
			}
			y = now.In(loc).Year()
			if d > daysIn(time.Month(m), y) || time.Date(y, time.Month(m), d, f.hour, f.min, f.sec, f.ns, loc).After(now.Add(pastSlack)) {
				y--
			}
		case f.yearDigits == 2:
			y = century(y, now)
		}
		if d > daysIn(time.Month(m), y) {
			return time.Time{}, fmt.Errorf("parse date: day %d of %d-%02d: %w", d, y, m, errSyntax)
		}
		t = time.Date(y, time.Month(m), d, f.hour, f.min, f.sec, f.ns, loc)
	}
	if hasNow && t.After(now.Add(futureSlack)) {
		return time.Time{}, &FutureError{Time: t.UTC(), Now: now}
	}
	return t.UTC(), nil
}

// century expands a two-digit year to the year within fifty years of now
// (dateutil's rule); with no reference, 69-99 are 1900s and 00-68 2000s.
func century(yy int, now time.Time) int {
	if now.IsZero() {
		if yy >= 69 {
			return 1900 + yy
		}
		return 2000 + yy
	}
	y := now.Year() - now.Year()%100 + yy
	switch {
	case y >= now.Year()+50:
		y -= 100
	case y < now.Year()-50:
		y += 100
	}
	return y
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// applyComps adds the relative components to t. An unsigned component takes
// the sign of the last signed one before it, else the phrase's direction
// ("ago", "in", "later"), else the past.
func (f *fields) applyComps(t time.Time) time.Time {
	if f.ncomp == 0 {
		return t
	}
	dir := f.dir
	if dir == 0 {
		dir = -1
	}
	var last int8
	var months, days float64
	var dur time.Duration
	for _, c := range f.comps[:f.ncomp] {
		s := c.sign
		switch {
		case s != 0:
			last = s
		case last != 0:
			s = last
		default:
			s = dir
		}
		n := c.n * float64(s)
		switch c.u {
		case uSecond:
			dur += time.Duration(n * float64(time.Second))
		case uMinute:
			dur += time.Duration(n * float64(time.Minute))
		case uHour:
			dur += time.Duration(n * float64(time.Hour))
		case uDay:
			days += n
		case uWeek:
			days += 7 * n
		case uMonth:
			months += n
		case uYear:
			months += 12 * n
		case uDecade:
			months += 120 * n
		}
	}
	// Whole days move the calendar (keeping the wall clock across daylight
	// saving); their fractions are hours.
	wholeDays := math.Trunc(days)
	dur += time.Duration((days - wholeDays) * float64(24*time.Hour))
	t = addMonths(t, int(math.Round(months)))
	return t.AddDate(0, 0, int(wholeDays)).Add(dur)
}

// addMonths moves t by n calendar months, keeping the day of the month
// where it exists and otherwise taking the month's last day.
func addMonths(t time.Time, n int) time.Time {
	if n == 0 {
		return t
	}
	y, m, d := t.Date()
	total := int(m) - 1 + n
	y += total / 12
	mm := total % 12
	if mm < 0 {
		mm += 12
		y--
	}
	month := time.Month(mm + 1)
	if dim := daysIn(month, y); d > dim {
		d = dim
	}
	return time.Date(y, month, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}
