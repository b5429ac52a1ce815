package timestamp

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", s, err)
	}
	return v
}

func TestParse(t *testing.T) {
	// A Wednesday afternoon in winter, and a Thursday in summer.
	winter := Options{Now: time.Date(2021, 2, 3, 15, 0, 0, 0, time.UTC)}
	summer := Options{Now: time.Date(2021, 8, 12, 15, 0, 0, 0, time.UTC)}
	dayFirst := winter
	dayFirst.DayFirst = true
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	summerDayFirst := summer
	summerDayFirst.DayFirst = true
	inSydney := winter
	inSydney.Location = sydney
	tests := []struct {
		name string
		in   string
		opts Options
		want string
	}{
		{"byline gmt", "09:30 GMT, 2 February 2021", winter, "2021-02-02T09:30:00Z"},
		{"rfc1123z", "Tue, 02 Feb 2021 09:30:00 +0000", winter, "2021-02-02T09:30:00Z"},
		{"rfc1123 named zone", "Tue, 02 Feb 2021 04:30:00 EST", winter, "2021-02-02T09:30:00Z"},
		{"rfc3339", "2021-02-02T04:30:00-05:00", winter, "2021-02-02T09:30:00Z"},
		{"rfc3339 nano", "2021-02-02T09:30:00.125Z", winter, "2021-02-02T09:30:00.125Z"},
		{"iso basic offset", "2021-02-02T10:30:00+0100", winter, "2021-02-02T09:30:00Z"},
		{"iso no seconds", "2021-02-02T09:30Z", winter, "2021-02-02T09:30:00Z"},
		{"iso space", "2021-02-02 09:30:00", winter, "2021-02-02T09:30:00Z"},
		{"iso date", "2021-02-02", winter, "2021-02-02T00:00:00Z"},
		{"compact", "20210202", winter, "2021-02-02T00:00:00Z"},
		{"et winter is est", "February 2nd, 2021 at 4:30 a.m. ET", winter, "2021-02-02T09:30:00Z"},
		{"et summer is edt", "August 10th, 2021 at 4:30 a.m. ET", summer, "2021-08-10T08:30:00Z"},
		{"pt summer", "Aug. 10, 2021, 1:30 p.m. PT", summer, "2021-08-10T20:30:00Z"},
		{"ct winter", "Feb. 2, 2021, 3:30 AM CT", winter, "2021-02-02T09:30:00Z"},
		{"updated byline", "5:45 AM ET, Tue February 2, 2021", winter, "2021-02-02T10:45:00Z"},
		{"bst", "10 August 2021 10:30 BST", summer, "2021-08-10T09:30:00Z"},
		{"cest", "10.08.2021 11:30 CEST", summerDayFirst, "2021-08-10T09:30:00Z"},
		{"ist half hour", "10 Aug 2021 15:00 IST", summer, "2021-08-10T09:30:00Z"},
		{"aest", "10 Aug 2021 19:30 AEST", summer, "2021-08-10T09:30:00Z"},
		{"jst", "2021/08/10 18:30 JST", summer, "2021-08-10T09:30:00Z"},
		{"gmt plus", "Tue Aug 10 2021 11:30:00 GMT+0200 (Central European Summer Time)", summer, "2021-08-10T09:30:00Z"},
		{"zone in parentheses", "08/10/21 02:30 (PDT)", summer, "2021-08-10T09:30:00Z"},
		{"default location", "2 February 2021 20:30", inSydney, "2021-02-02T09:30:00Z"},
		{"month first", "03/04/2020", winter, "2020-03-04T00:00:00Z"},
		{"day first", "03/04/2020", dayFirst, "2020-04-03T00:00:00Z"},
		{"day first forced", "25/12/2020", winter, "2020-12-25T00:00:00Z"},
		{"month first forced", "12/25/2020", dayFirst, "2020-12-25T00:00:00Z"},
		{"two digit year", "Dec 25, '20", winter, "2020-12-25T00:00:00Z"},
		{"two digit year last century", "1/2/75", winter, "1975-01-02T00:00:00Z"},
		{"hours ago", "3 hours ago", winter, "2021-02-03T12:00:00Z"},
		{"short hours ago", "3h ago", winter, "2021-02-03T12:00:00Z"},
		{"words ago", "an hour ago", winter, "2021-02-03T14:00:00Z"},
		{"yesterday", "yesterday", winter, "2021-02-02T15:00:00Z"},
		{"yesterday at", "yesterday at 9:15 pm", winter, "2021-02-02T21:15:00Z"},
		{"last monday", "last Monday", winter, "2021-02-01T00:00:00Z"},
		{"last wednesday is a week ago", "last Wednesday", winter, "2021-01-27T00:00:00Z"},
		{"weekday with time", "Monday 8:00 GMT", winter, "2021-02-01T08:00:00Z"},
		{"time only earlier today", "9:15", winter, "2021-02-03T09:15:00Z"},
		{"no year past", "December 24", winter, "2020-12-24T00:00:00Z"},
		{"no year this year", "January 24", winter, "2021-01-24T00:00:00Z"},
		{"month and year", "March 2019", winter, "2019-03-01T00:00:00Z"},
		{"year only", "2019", winter, "2019-01-01T00:00:00Z"},
		{"noon", "2 Feb 2021 at noon", winter, "2021-02-02T12:00:00Z"},
		{"within a day of now", "4 February 2021 10:00", winter, "2021-02-04T10:00:00Z"},
		{"month end clamp", "1 month ago", Options{Now: time.Date(2021, 3, 31, 0, 0, 0, 0, time.UTC)}, "2021-02-28T00:00:00Z"},
		{"leap day", "29 Feb 2020", winter, "2020-02-29T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in, tt.opts)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if want := mustTime(t, tt.want); !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("Parse(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	now := Options{Now: time.Date(2021, 2, 3, 15, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		in   string
		opts Options
		want error // nil: any error
	}{
		{"future", "10 March 2021", now, ErrFuture},
		{"future relative", "in 3 days", now, ErrFuture},
		{"relative without now", "2 hours ago", Options{}, ErrNoReference},
		{"no year without now", "March 3", Options{}, ErrNoReference},
		{"empty", "", now, ErrNoDate},
		{"words", "the president said", now, nil},
		{"bad day", "31 February 2020", now, nil},
		{"bad month", "2020-13-01", now, nil},
		{"two months", "March April 2020", now, nil},
		{"unknown zone", "10:45 XYZT, 7 January 2020", now, nil},
		{"too long", string(make([]byte, 300)), now, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in, tt.opts)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, got)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestFutureErrorTime(t *testing.T) {
	now := time.Date(2021, 2, 3, 15, 0, 0, 0, time.UTC)
	_, err := Parse("10 March 2021 12:00 GMT", Options{Now: now})
	var fe *FutureError
	if !errors.As(err, &fe) {
		t.Fatalf("Parse error = %v, want *FutureError", err)
	}
	if want := time.Date(2021, 3, 10, 12, 0, 0, 0, time.UTC); !fe.Time.Equal(want) {
		t.Errorf("FutureError.Time = %v, want %v", fe.Time, want)
	}
}

func TestFind(t *testing.T) {
	opts := Options{Now: time.Date(2021, 2, 3, 15, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		text string
		want []Match
	}{
		{
			name: "published and updated",
			text: "PUBLISHED: 09:30 GMT, 2 February 2021 | UPDATED: 11:05 GMT, 2 February 2021",
			want: []Match{
				{Start: 11, End: 37, Time: time.Date(2021, 2, 2, 9, 30, 0, 0, time.UTC), Zoned: true},
				{Start: 49, End: 75, Time: time.Date(2021, 2, 2, 11, 5, 0, 0, time.UTC), Zoned: true},
			},
		},
		{
			name: "posted by",
			text: "Posted on February 1, 2021 by admin",
			want: []Match{{Start: 10, End: 26, Time: time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)}},
		},
		{
			name: "updated et",
			text: "Updated 5:45 AM ET, Tue February 2, 2021",
			want: []Match{{Start: 8, End: 40, Time: time.Date(2021, 2, 2, 10, 45, 0, 0, time.UTC), Zoned: true, Offset: -5 * 3600}},
		},
		{
			name: "relative",
			text: "Last updated 2 hours ago.",
			want: []Match{{Start: 13, End: 24, Time: time.Date(2021, 2, 3, 13, 0, 0, 0, time.UTC)}},
		},
		{
			name: "numbers in prose are not dates",
			text: "The president said 52 targets were chosen in 1979, and may strike at 10 sites.",
		},
		{
			name: "meridiem with dots at the end",
			text: "Filed Feb. 1, 2021 at 1:45 p.m. by wire",
			want: []Match{{Start: 6, End: 30, Time: time.Date(2021, 2, 1, 13, 45, 0, 0, time.UTC)}},
		},
		{
			name: "a future date is not shortened to a past one",
			text: "Published: 9 March 2021",
		},
		{
			name: "lower-case month words are not dates",
			text: "they march 3 miles",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"10:45 GMT, 7 January 2020", "Tue, 07 Jan 2020 10:45:00 +0000", "2020-01-07T05:45:00.123-05:00",
		"January 7th, 2020 at 5:45 a.m. ET", "2 hours ago", "last Monday", "03/04/2020", "(PDT)", "+-+",
		"in 1 decade +2 years", "day after tomorrow", "'70", "19h30", "99999999999 years ago",
	} {
		f.Add(s)
	}
	now := time.Date(2020, 1, 7, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s, Options{Now: now})
		if err == nil && got.Location() != time.UTC {
			t.Errorf("Parse(%q) = %v, not in UTC", s, got)
		}
		if err == nil && got.After(now.Add(24*time.Hour)) {
			t.Errorf("Parse(%q) = %v, more than a day after %v", s, got, now)
		}
		for _, m := range Find(s, Options{Now: now}) {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End {
				t.Errorf("Find(%q) match [%d,%d) out of range", s, m.Start, m.End)
			}
		}
	})
}

func TestLeads(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"10:45 GMT, 7 January 2020", true},
		{"  January 7, 2020", true},
		{"Tuesday 7 January", true},
		{"2 hours ago", true},
		{"’20", true},
		{"The minister said", false},
		{"january 7", false}, // lower-case month names are not found in running text
		{"", false},
		{"- 7 January", false}, // callers trim their separators first
	}
	for _, tt := range tests {
		if got := Leads(tt.in); got != tt.want {
			t.Errorf("Leads(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzLeads checks the promise byline relies on: when Find reports a date
// starting at the first token, Leads is true.
func FuzzLeads(f *testing.F) {
	for _, s := range []string{"10:45 GMT, 7 January 2020", "Updated 5:45 AM ET, Tue January 7, 2020", "yesterday at 3pm", "last Monday", "’20 was a year", "x 2 hours ago"} {
		f.Add(s)
	}
	now := time.Date(2024, 5, 3, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 512 {
			return
		}
		toks, _ := tokenize(s, nil, maxFind)
		ms := Find(s, Options{Now: now})
		if len(toks) > 0 && len(ms) > 0 && ms[0].Start == toks[0].start && !Leads(s) {
			t.Errorf("Find(%q) starts a date at the first token, but Leads = false", s)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	opts := Options{Now: time.Date(2020, 1, 7, 12, 0, 0, 0, time.UTC)}
	for _, s := range []string{"Tue, 07 Jan 2020 10:45:00 +0000", "Updated 5:45 AM ET, Tue January 7, 2020", "2 hours ago"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(s, opts); err != nil && s[0] != 'U' {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFind(b *testing.B) {
	opts := Options{Now: time.Date(2020, 1, 7, 12, 0, 0, 0, time.UTC)}
	text := "PUBLISHED: 10:45 GMT, 7 January 2020 | UPDATED: 10:47 GMT, 7 January 2020. " +
		"The president said America had lined up attacks on 52 targets in 1979 and may strike at 10 sites."
	b.ReportAllocs()
	for b.Loop() {
		Find(text, opts)
	}
}
