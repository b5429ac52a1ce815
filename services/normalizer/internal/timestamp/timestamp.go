// Package timestamp reads the dates and times that news pages print:
// RFC 1123 and RFC 3339 stamps, bylines such as "10:45 GMT, 7 January 2020"
// or "Updated 5:45 AM ET, Tue January 7, 2020", numeric dates in either
// locale order, and relative phrases such as "2 hours ago" or "last Monday".
//
// Parsing is deterministic: relative phrases and dates without a year are
// resolved against Options.Now (the time the page was fetched), preferring
// the past, and a result more than a day after Now is rejected with a
// *FutureError. Zone abbreviations are read as written (EST is always
// UTC-5); the generic names ET, PT, CT and MT follow daylight saving for the
// date, using the IANA database embedded in the binary.
package timestamp

import (
	"errors"
	"fmt"
	"time"
)

// Options says how to read a timestamp.
type Options struct {
	// Now is the reference for relative dates and dates without a year:
	// the time the page was fetched. When zero, relative dates are errors
	// and no date is rejected for being in the future.
	Now time.Time
	// DayFirst reads ambiguous numeric dates such as 03/04/2020 as day,
	// month (the order of most locales outside the United States).
	DayFirst bool
	// Location is the zone of times that state none; UTC if nil.
	Location *time.Location
}

// Match is a date found in longer text.
type Match struct {
	// Start and End are UTF-8 byte offsets into the text, End exclusive.
	Start, End int
	// Time is the instant, in UTC.
	Time time.Time
	// Zoned reports whether the text stated a zone or an offset; Offset is
	// that offset in seconds east of UTC at Time.
	Zoned  bool
	Offset int
}

// Errors returned by Parse, wrapped with the position of the problem.
var (
	// ErrNoDate means the input holds no date or time.
	ErrNoDate = errors.New("no date")
	// ErrNoReference means the input is relative ("2 hours ago") or lacks
	// a year, and Options.Now is zero.
	ErrNoReference = errors.New("relative date without a reference time")
	// ErrFuture is wrapped by *FutureError.
	ErrFuture = errors.New("date in the future")
)

// FutureError reports a timestamp more than a day after Options.Now. Time
// holds what was read, so callers can tell a typo from a scheduled event.
type FutureError struct {
	Time, Now time.Time
}

func (e *FutureError) Error() string {
	return fmt.Sprintf("date %s is after reference %s", e.Time.Format(time.RFC3339), e.Now.UTC().Format(time.RFC3339))
}

// Unwrap returns ErrFuture.
func (e *FutureError) Unwrap() error { return ErrFuture }

const (
	// maxParse bounds the input of Parse: no real date is longer.
	maxParse = 256
	// maxTokens bounds the tokens of one date.
	maxTokens = 48
	// maxFind bounds the text Find reads, so its time stays bounded.
	maxFind = 1 << 16
	// maxRun bounds the tokens of one candidate span in Find.
	maxRun = 32
	// futureSlack is how far after Now a date may be: time zones and clock
	// skew put honest timestamps up to a day ahead of the fetch time.
	futureSlack = 24 * time.Hour
	// pastSlack is how far after Now a date with a missing year or day may
	// be before an earlier year or day is chosen: a time read in the wrong
	// zone may be ahead of Now by up to half a day.
	pastSlack = 12 * time.Hour
)

// Parse reads s, which must be a date or time and nothing else, and returns
// it in UTC.
func Parse(s string, opts Options) (time.Time, error) {
	if len(s) > maxParse {
		return time.Time{}, fmt.Errorf("parse date: %d bytes is too long", len(s))
	}
	var buf [maxTokens]token
	toks, ok := tokenize(s, buf[:0], maxTokens)
	if !ok {
		return time.Time{}, fmt.Errorf("parse date: more than %d tokens", maxTokens)
	}
	t, _, err := parseTokens(s, toks, &opts)
	return t, err
}

// parseTokens reads toks (the tokens of s) as one date.
func parseTokens(s string, toks []token, opts *Options) (time.Time, *fields, error) {
	p := parser{s: s, t: toks, dayFirst: opts.DayFirst}
	if err := p.run(); err != nil {
		return time.Time{}, nil, err
	}
	t, err := p.f.resolve(opts)
	return t, &p.f, err
}

// Find returns the dates in text, in order. It reports only spans that are
// unmistakably dates (a month name, a numeric date, a time with a zone or
// meridiem, a relative phrase with a direction); in running text it needs
// month and weekday names capitalised and zone abbreviations in capitals.
// Dates rejected by Parse, such as those in the future, are left out. Only
// the first 64 KiB of text are read.
func Find(text string, opts Options) []Match {
	if len(text) > maxFind {
		text = text[:maxFind]
	}
	toks, _ := tokenize(text, make([]token, 0, len(text)/4+1), maxFind)
	var out []Match
	for i := 0; i < len(toks); {
		if !findable(toks, i) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && j-i < maxRun && findable(toks, j) {
			j++
		}
		out = findRun(text, toks[i:j], &opts, out)
		i = j
	}
	return out
}

// Leads reports whether a date Find reports could start at the very
// beginning of s (after white space): s's first token is one that can open
// a date in running text (a number, a capitalised month or weekday, a
// relative word). It reads one token, so a caller that needs a date at the
// start of a line can skip Find on most lines that have none. Leads(s)
// false means no match of Find(s) starts at s's first token.
func Leads(s string) bool {
	var buf [1]token
	toks, _ := tokenize(s, buf[:0], 1)
	return len(toks) == 1 && findable(toks, 0) && edge(toks[0], true)
}

// findable reports whether token i may be part of a date in running text.
func findable(toks []token, i int) bool {
	t := toks[i]
	switch t.kind {
	case tNum:
		return t.val >= 0
	case tPunct:
		switch t.c {
		case ',', ':', '/', '-', '.', '+', '\'', '(', ')', '|', '@':
			return true
		}
		return false
	}
	switch t.w.c {
	case cNone:
		return false
	case cMonth, cWeekday:
		return t.upper
	case cZone:
		return t.allUpper
	case cZ, cT, cH, cOrdSuffix:
		return !t.space && i > 0 && toks[i-1].kind == tNum
	case cM:
		return i > 0 && toks[i-1].kind == tPunct
	}
	return true
}

// findRun reports the longest dates in toks, left to right.
func findRun(text string, toks []token, opts *Options, out []Match) []Match {
	for s := 0; s < len(toks); {
		if !edge(toks[s], true) {
			s++
			continue
		}
		found := false
		for e := len(toks); e > s; e-- {
			if !edge(toks[e-1], false) {
				continue
			}
			t, f, err := parseTokens(text, toks[s:e], opts)
			if errors.Is(err, ErrFuture) {
				// A date, but refused: do not report a shorter part of it
				// ("9 March" of "9 March 2031").
				s, found = e, true
				break
			}
			if err != nil || !f.strong {
				continue
			}
			m := Match{Start: toks[s].start, End: toks[e-1].end, Time: t, Zoned: f.hasZone}
			if f.hasZone {
				m.Offset = f.offset
				if f.iana != "" {
					if loc, err := locations[f.iana](); err == nil {
						_, m.Offset = t.In(loc).Zone()
					}
				}
			}
			out = append(out, m)
			s, found = e, true
			break
		}
		if !found {
			s++
		}
	}
	return out
}

// edge reports whether t may start (or end) a date.
func edge(t token, start bool) bool {
	switch t.kind {
	case tNum:
		return true
	case tPunct:
		return (start && t.c == '\'') || (!start && t.c == ')')
	}
	switch t.w.c {
	case cFiller, cIn, cFrom, cBefore, cAfter, cT:
		return false
	case cM, cOrdSuffix:
		return !start
	case cAM, cPM, cZone, cAgo, cLater, cNow, cZ, cH:
		return !start || t.w.c == cNow
	}
	return true
}
