package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/score"
	"github.com/newswire/newswire/services/normalizer/internal/timestamp"
)

// datesFile is the date suite inside the corpora directory.
const datesFile = "dates/dates_en.jsonl"

// DatesTarget is the share of the non-Duckling date cases that must be read
// exactly. go-dateparser reads 425 of all 549 (0.774).
const DatesTarget = 0.90

// DateCase is one case of the date suite.
type DateCase struct {
	ID    string `json:"id"`
	Input string `json:"input"`
	// Reference is the reference time ("now"), empty for absolute cases.
	// Without an offset it is UTC; with one, that offset is also the zone
	// of inputs that state none (Duckling resolves in the reference zone).
	Reference string `json:"reference_time"`
	// ExpectedUTC is the expected instant; absent for zone-only cases.
	ExpectedUTC string `json:"expected_utc"`
	// ExpectedOffset is the zone offset the input states, in minutes, for
	// the zone-only cases (kind "tz_offset_only"); null when it states none.
	ExpectedOffset *int   `json:"expected_offset_minutes"`
	Kind           string `json:"kind"`
	Source         string `json:"source"`
}

// suite names the case's upstream suite for the per-suite lines.
func (c DateCase) suite() string {
	switch {
	case strings.HasPrefix(c.Source, "facebook/duckling"):
		return "duckling"
	case strings.Contains(c.Source, "test_freshness_date_parser"):
		return "dateparser relative"
	case strings.Contains(c.Source, "test_timezone_parser"):
		return "dateparser zones"
	case strings.HasPrefix(c.Source, "scrapinghub/dateparser"):
		return "dateparser dates"
	case strings.HasPrefix(c.Source, "araddon/dateparse"):
		return "araddon"
	}
	return "bylines"
}

// LoadDates reads the date suite.
func LoadDates(corporaDir string) ([]DateCase, error) {
	path := filepath.Join(corporaDir, datesFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read date suite: %w", err)
	}
	defer f.Close()
	var cases []DateCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c DateCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("parse %s at line %d: %w", path, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return cases, nil
}

// DateOutcome is how one case went.
type DateOutcome struct {
	Case DateCase
	// Read is true when the parser read the expected instant (or offset),
	// even if the news policy then refused it as being in the future.
	Read bool
	// Future is true when Parse refused the date as being more than a day
	// after the reference.
	Future bool
	Got    string
}

// reference parses a case's reference time and the zone it implies.
func reference(s string) (time.Time, *time.Location, error) {
	if s == "" {
		return time.Time{}, time.UTC, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		_, off := t.Zone()
		if off == 0 {
			return t, time.UTC, nil
		}
		return t, time.FixedZone("", off), nil
	}
	t, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("parse reference time %q: %w", s, err)
	}
	return t, time.UTC, nil
}

// RunDates runs timestamp over every case.
func RunDates(cases []DateCase) ([]DateOutcome, error) {
	out := make([]DateOutcome, 0, len(cases))
	for _, c := range cases {
		now, loc, err := reference(c.Reference)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", c.ID, err)
		}
		opts := timestamp.Options{Now: now, Location: loc}
		o := DateOutcome{Case: c}
		if c.ExpectedUTC == "" {
			// Zone-only case: the offset the text states, if any.
			ms := timestamp.Find(c.Input, opts)
			got := (*int)(nil)
			if len(ms) > 0 && ms[0].Zoned {
				m := ms[0].Offset / 60
				got = &m
			}
			switch {
			case got == nil && c.ExpectedOffset == nil:
				o.Read, o.Got = true, "no zone"
			case got != nil && c.ExpectedOffset != nil && *got == *c.ExpectedOffset:
				o.Read, o.Got = true, fmt.Sprintf("%+d min", *got)
			case got != nil:
				o.Got = fmt.Sprintf("%+d min", *got)
			default:
				o.Got = "no zone"
			}
			out = append(out, o)
			continue
		}
		want, err := time.Parse(time.RFC3339Nano, c.ExpectedUTC)
		if err != nil {
			return nil, fmt.Errorf("case %s: parse expected time: %w", c.ID, err)
		}
		got, err := timestamp.Parse(c.Input, opts)
		var fe *timestamp.FutureError
		switch {
		case errors.As(err, &fe):
			o.Future, o.Read, o.Got = true, fe.Time.Equal(want), "future "+fe.Time.Format(time.RFC3339Nano)
		case err != nil:
			o.Got = "error: " + err.Error()
		default:
			o.Read, o.Got = got.Equal(want), got.Format(time.RFC3339Nano)
		}
		out = append(out, o)
	}
	return out, nil
}

// Dates measures timestamp on the date suite. "exact read" counts a case
// when the parser read the expected instant, including dates it then
// refuses as more than a day after the reference (news policy: a page
// cannot be published after it was fetched); "exact news" counts only
// dates Parse returns. Duckling's cases are reported apart: Duckling
// prefers future dates for underspecified inputs where news prefers the
// past, and the parser is not bent to it.
func Dates(corporaDir string) ([]score.Result, error) {
	cases, err := LoadDates(corporaDir)
	if err != nil {
		return nil, err
	}
	outs, err := RunDates(cases)
	if err != nil {
		return nil, err
	}
	type tally struct{ n, read, news int }
	add := func(t *tally, o DateOutcome) {
		t.n++
		if o.Read {
			t.read++
			if !o.Future {
				t.news++
			}
		}
	}
	var all, news, duck tally
	suites := map[string]*tally{}
	var order []string
	for _, o := range outs {
		add(&all, o)
		s := o.Case.suite()
		if s == "duckling" {
			add(&duck, o)
		} else {
			add(&news, o)
		}
		if suites[s] == nil {
			suites[s] = &tally{}
			order = append(order, s)
		}
		add(suites[s], o)
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	res := []score.Result{
		{Suite: "dates_en without duckling", Metric: "exact read", Value: ratio(news.read, news.n), Cases: news.n, Target: DatesTarget},
		{Suite: "dates_en without duckling", Metric: "exact news", Value: ratio(news.news, news.n), Cases: news.n},
		{Suite: "dates_en all", Metric: "exact read", Value: ratio(all.read, all.n), Cases: all.n},
		{Suite: "dates_en all", Metric: "exact news", Value: ratio(all.news, all.n), Cases: all.n},
		{Suite: "dates_en duckling (prefers future)", Metric: "exact read", Value: ratio(duck.read, duck.n), Cases: duck.n},
	}
	for _, s := range order {
		if s == "duckling" {
			continue
		}
		t := suites[s]
		res = append(res, score.Result{Suite: "dates_en " + s, Metric: "exact read", Value: ratio(t.read, t.n), Cases: t.n})
	}
	return res, nil
}
