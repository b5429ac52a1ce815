package sources

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// fixtures: a healthy hourly feed, a failing one, a quiet one, a degraded
// one and a replay-only source.
func fixtures() []sourcehealth.Record {
	hourly := func(kind string) *sourcehealth.Fetch {
		f := sourcehealth.NewFetch(kind, "https://example.com/"+kind, now.Add(-72*time.Hour))
		for i := range 10 {
			at := now.Add(-time.Duration(10-i) * time.Hour)
			f.Poll(at, 200, nil)
			f.NewItem(at)
		}
		return f
	}
	failing := hourly("rss")
	for range 4 {
		failing.Poll(now, 503, errors.New("status 503"))
	}
	quiet := hourly("sitemap")
	quiet.LastNewItem = now.Add(-9 * time.Hour)
	quiet.Poll(now, 304, nil)
	degraded := &sourcehealth.Articles{}
	degraded.Apply(sourcehealth.Delta{Live: sourcehealth.Counts{Normalized: 40, Stored: 40}}, now.AddDate(0, 0, -2))
	degraded.Apply(sourcehealth.Delta{Live: sourcehealth.Counts{Normalized: 10, NoDate: 9, Stored: 10}}, now)
	replayed := &sourcehealth.Articles{}
	replayed.Apply(sourcehealth.Delta{Replayed: sourcehealth.Counts{Normalized: 71, Stored: 71}}, now)
	return []sourcehealth.Record{
		{Name: "bbc", Fetch: hourly("rss")},
		{Name: "broken", Fetch: failing},
		{Name: "silent", Fetch: quiet},
		{Name: "dateless", Fetch: hourly("feed"), Articles: degraded},
		{Name: "cc-news", Articles: replayed},
	}
}

func rows(t *testing.T) []Row {
	t.Helper()
	var out []Row
	for _, r := range fixtures() {
		out = append(out, NewRow(r, now, sourcehealth.DefaultThresholds()))
	}
	return out
}

func names(rs []Row) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name+":"+string(r.Status))
	}
	return out
}

func TestSortAndFilter(t *testing.T) {
	for _, tc := range []struct {
		key    string
		status []string
		want   []string
	}{
		{"status", nil, []string{"broken:failing", "silent:quiet", "dateless:degraded", "bbc:healthy", "cc-news:healthy"}},
		{"name", nil, []string{"bbc:healthy", "broken:failing", "cc-news:healthy", "dateless:degraded", "silent:quiet"}},
		{"failures", []string{"failing", "quiet"}, []string{"broken:failing", "silent:quiet"}},
		{"no-date", []string{"degraded"}, []string{"dateless:degraded"}},
		{"last-new", []string{"quiet", "healthy"}, []string{"silent:quiet", "bbc:healthy", "cc-news:healthy"}},
	} {
		rs := rows(t)
		if err := Sort(rs, tc.key); err != nil {
			t.Fatal(err)
		}
		rs, err := Filter(rs, tc.status)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, names(rs)); diff != "" {
			t.Errorf("Sort(%q) Filter(%q) (-want +got):\n%s", tc.key, tc.status, diff)
		}
	}
	if err := Sort(rows(t), "url"); err == nil {
		t.Errorf("Sort(url) succeeded, want an error naming the keys")
	}
	if _, err := Filter(rows(t), []string{"sick"}); err == nil {
		t.Errorf("Filter(sick) succeeded, want an error")
	}
}

func TestRender(t *testing.T) {
	rs := rows(t)
	if err := Sort(rs, "status"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Render(&b, rs, now); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Logf("\n%s", out)
	for _, want := range []string{
		"SOURCE", "REASON",
		"4 polls failed in a row (last: HTTP 503)",
		"no new item for 9h0m0s (usually every 1h0m0s; quiet after 6h0m0s)",
		"90% of today's articles (UTC) without a published date",
		"5 sources: 2 healthy, 1 failing, 1 quiet, 1 degraded\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Render output lacks %q", want)
		}
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 7 || !strings.HasPrefix(lines[1], "broken ") {
		t.Errorf("Render wrote %d lines, the first source %q; want 7, broken first", len(lines), lines[1])
	}
	b.Reset()
	r, _ := Find(rs, "broken")
	if err := Show(&b, r, now); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"status", "failing", "last HTTP status", " 503\n", "4 (failing from 3)", "url", "https://example.com/rss"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Show output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestLoad reads records from a real JetStream bucket, and reports a
// missing bucket as ErrNoRecords.
func TestLoad(t *testing.T) {
	srv := bustest.Start(t)
	conn := bustest.Connect(t, srv.Config)
	ctx := context.Background()
	if _, err := Load(ctx, conn, now, sourcehealth.DefaultThresholds()); !errors.Is(err, ErrNoRecords) {
		t.Fatalf("Load without a bucket = %v, want ErrNoRecords", err)
	}
	kv, err := sourcewatch.Open(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range fixtures() {
		if r.Fetch != nil {
			if err := sourcewatch.StoreFetch(ctx, kv, r.Name, r.Fetch); err != nil {
				t.Fatal(err)
			}
		}
		if r.Articles != nil {
			// Day by day, as the stages report them.
			for _, d := range r.Articles.Days {
				day, err := time.Parse(time.DateOnly, d.Day)
				if err != nil {
					t.Fatal(err)
				}
				if err := sourcewatch.AddArticles(ctx, kv, r.Name, sourcehealth.Delta{Live: d.Counts}, day.Add(12*time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			if err := sourcewatch.AddArticles(ctx, kv, r.Name, sourcehealth.Delta{Replayed: r.Articles.Replayed}, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	rs, err := Load(ctx, conn, now, sourcehealth.DefaultThresholds())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"bbc:healthy", "broken:failing", "cc-news:healthy", "dateless:degraded", "silent:quiet"}
	if diff := cmp.Diff(want, names(rs)); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	var b bytes.Buffer
	if err := RenderJSON(&b, rs[:1]); err != nil || !strings.Contains(b.String(), `"status": "healthy"`) {
		t.Errorf("RenderJSON = %s, %v", b.String(), err)
	}
}
