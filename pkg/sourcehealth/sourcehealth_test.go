package sourcehealth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func TestKeyRoundTrip(t *testing.T) {
	for _, name := range []string{"inbox", "www.bbc.co.uk", "bbc world", "a..b.", "Ünïcode/feed=1", "-_", "x=2E"} {
		key := Key(FetchPart, name)
		if strings.ContainsAny(key[len(FetchPart)+1:], ". /") {
			t.Errorf("Key(%q) = %q: the name part holds a separator", name, key)
		}
		part, got, err := ParseKey(key)
		if err != nil || part != FetchPart || got != name {
			t.Errorf("ParseKey(%q) = %q, %q, %v, want %q, %q", key, part, got, err, FetchPart, name)
		}
	}
	for _, bad := range []string{"fetch", "fetch.", ".x", "fetch.a=2", "fetch.a=ZZ"} {
		if _, _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) succeeded, want an error", bad)
		}
	}
}

func TestFetchGapsAndRates(t *testing.T) {
	f := NewFetch("rss", "https://example.com/feed", t0)
	// Polls every 10 minutes; each gives three items, counted as one gap.
	for i := range 5 {
		now := t0.Add(time.Duration(i) * 10 * time.Minute)
		f.Poll(now, 200, nil)
		for j := range 3 {
			f.NewItem(now.Add(time.Duration(j) * time.Second))
		}
	}
	// One slow gap does not move the median.
	f.Poll(t0.Add(3*time.Hour), 200, nil)
	f.NewItem(t0.Add(3 * time.Hour))
	if got, want := f.Gaps, []int64{598, 598, 598, 598, 8398}; !cmp.Equal(got, want) {
		t.Errorf("Gaps = %v, want %v", got, want)
	}
	if got, want := f.UsualGap(), 598*time.Second; got != want {
		t.Errorf("UsualGap() = %v, want %v", got, want)
	}
	if got := f.NewItems; got != 16 {
		t.Errorf("NewItems = %d, want 16", got)
	}
	if got := f.ItemsPerDay(t0.Add(4 * time.Hour)); got != 16 {
		t.Errorf("ItemsPerDay = %v, want 16 (one day at least)", got)
	}
	for range 2 * MaxGaps {
		f.Poll(f.LastNewItem.Add(time.Hour), 200, nil)
		f.NewItem(f.LastNewItem.Add(time.Hour))
	}
	if len(f.Gaps) != MaxGaps || f.UsualGap() != time.Hour {
		t.Errorf("after many hourly items: %d gaps, usual %v, want %d, 1h", len(f.Gaps), f.UsualGap(), MaxGaps)
	}
	if len(f.Days) > keepDays {
		t.Errorf("%d days kept, want at most %d", len(f.Days), keepDays)
	}
}

func TestFetchFailures(t *testing.T) {
	f := NewFetch("rss", "", t0)
	f.Poll(t0, 500, errors.New("status 500"))
	f.Poll(t0.Add(time.Minute), 0, errors.New("dial: connection refused"))
	if f.ConsecutiveFailures != 2 || f.LastStatus != 0 || f.LastError != "dial: connection refused" || !f.LastSuccess.IsZero() {
		t.Errorf("after two failures: %+v", f)
	}
	f.Poll(t0.Add(2*time.Minute), 304, nil)
	if f.ConsecutiveFailures != 0 || f.LastError != "" || !f.LastSuccess.Equal(t0.Add(2*time.Minute)) || f.Failures != 2 || f.Polls != 3 {
		t.Errorf("after a success: %+v", f)
	}
}

func TestAssess(t *testing.T) {
	th := DefaultThresholds()
	healthy := func() *Fetch {
		f := NewFetch("rss", "", t0.Add(-48*time.Hour))
		for i := range 10 {
			at := t0.Add(-time.Duration(10-i) * time.Hour)
			f.Poll(at, 200, nil)
			f.NewItem(at)
		}
		return f
	}
	articles := func(today, before Counts) *Articles {
		a := &Articles{}
		a.Apply(Delta{Live: before}, t0.AddDate(0, 0, -3))
		a.Apply(Delta{Live: today}, t0)
		return a
	}
	for _, tc := range []struct {
		name   string
		rec    Record
		now    time.Time
		want   Status
		reason string
	}{
		{"healthy", Record{Fetch: healthy()}, t0, Healthy, ""},
		{"not polled", Record{Fetch: NewFetch("rss", "", t0)}, t0, Unknown, "not polled yet"},
		{"quiet by usual gap", Record{Fetch: healthy()}, t0.Add(7 * time.Hour), Quiet, "usually every 1h0m0s; quiet after 6h0m0s"},
		{"hourly source, 5h silent", Record{Fetch: healthy()}, t0.Add(4 * time.Hour), Healthy, ""},
		{"slow source quiet only after 4 gaps", Record{Fetch: func() *Fetch {
			f := NewFetch("rss", "", t0.Add(-10*24*time.Hour))
			for i := range 4 {
				at := t0.Add(-time.Duration(4-i) * 24 * time.Hour)
				f.Poll(at, 200, nil)
				f.NewItem(at)
			}
			f.Poll(t0.Add(70*time.Hour), 304, nil)
			return f
		}()}, t0.Add(72 * time.Hour), Healthy, ""},
		{"never a new item", Record{Fetch: func() *Fetch {
			f := NewFetch("rss", "", t0)
			f.Poll(t0, 200, nil)
			return f
		}()}, t0.Add(6*time.Hour + time.Minute), Quiet, "no new item since it was first watched 6h1m0s ago"},
		{"failing", Record{Fetch: func() *Fetch {
			f := healthy()
			for i := range 3 {
				f.Poll(t0.Add(time.Duration(i)*time.Minute), 503, errors.New("status 503 Service Unavailable"))
			}
			return f
		}()}, t0.Add(time.Hour), Failing, "3 polls failed in a row (last: HTTP 503)"},
		{"the record's own thresholds", Record{Fetch: func() *Fetch {
			f := healthy()
			f.FailingPolls, f.QuietMin = 1, 2*time.Hour
			f.Poll(t0, 0, errors.New("timeout"))
			return f
		}()}, t0, Failing, "1 polls failed in a row (last: timeout)"},
		{"the record's quiet minimum", Record{Fetch: func() *Fetch {
			f := healthy()
			f.QuietMin = 2 * time.Hour
			return f
		}()}, t0.Add(5 * time.Hour), Quiet, "quiet after 4h0m0s"},
		{"two failures are not failing", Record{Fetch: func() *Fetch {
			f := healthy()
			f.Poll(t0, 0, errors.New("timeout"))
			f.Poll(t0, 0, errors.New("timeout"))
			return f
		}()}, t0, Healthy, ""},
		{"degraded text", Record{Fetch: healthy(), Articles: articles(Counts{Normalized: 2, NoText: 8}, Counts{Normalized: 50, NoText: 1})}, t0, Degraded, "80% of today's articles (UTC) without text (2% over the week before)"},
		{"degraded date", Record{Articles: articles(Counts{Normalized: 10, NoDate: 9}, Counts{Normalized: 50})}, t0, Degraded, "without a published date"},
		{"always dateless is not a jump", Record{Articles: articles(Counts{Normalized: 10, NoDate: 10}, Counts{Normalized: 50, NoDate: 50})}, t0, Healthy, ""},
		{"too few to say", Record{Articles: articles(Counts{Normalized: 1, NoText: 3}, Counts{Normalized: 50})}, t0, Healthy, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Assess(tc.rec, tc.now, th)
			if a.Status != tc.want {
				t.Errorf("Assess() = %v %q, want %v", a.Status, a.Reasons, tc.want)
			}
			if !strings.Contains(strings.Join(a.Reasons, "; "), tc.reason) {
				t.Errorf("Assess() reasons %q, want one containing %q", a.Reasons, tc.reason)
			}
		})
	}
}

func TestQuietAfter(t *testing.T) {
	th := DefaultThresholds()
	for _, tc := range []struct{ gap, want time.Duration }{
		{0, 6 * time.Hour},
		{time.Hour, 6 * time.Hour},
		{2 * time.Hour, 8 * time.Hour},
		{24 * time.Hour, 96 * time.Hour},
	} {
		if got := th.QuietAfter(tc.gap); got != tc.want {
			t.Errorf("QuietAfter(%v) = %v, want %v", tc.gap, got, tc.want)
		}
	}
}

func TestArticlesDays(t *testing.T) {
	var a Articles
	for i := range 12 {
		a.Apply(Delta{Live: Counts{Normalized: 1, Stored: 1}}, t0.AddDate(0, 0, i-11))
	}
	a.Apply(Delta{Replayed: Counts{Stored: 5}}, t0)
	a.Apply(Delta{Live: Counts{Normalized: 1}}, t0.AddDate(0, 0, -30)) // late report of an old day
	if len(a.Days) != keepDays || a.Days[len(a.Days)-1].Day != "2026-12-03" {
		t.Errorf("Days = %+v, want the last %d ending 2026-12-03", a.Days, keepDays)
	}
	if a.Total.Normalized != 13 || a.Total.Stored != 12 || a.Replayed.Stored != 5 {
		t.Errorf("Total = %+v, Replayed = %+v", a.Total, a.Replayed)
	}
	if got := a.Window(t0, 7).Normalized; got != 7 {
		t.Errorf("Window(7) normalized = %d, want 7", got)
	}
}

func TestThresholdsValidate(t *testing.T) {
	if err := DefaultThresholds().Validate(); err != nil {
		t.Errorf("DefaultThresholds().Validate() = %v", err)
	}
	bad := DefaultThresholds()
	bad.FailingPolls = 0
	if bad.Validate() == nil {
		t.Errorf("FailingPolls 0 validated")
	}
}
