package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/sourcehealth"
	"github.com/newswire/newswire/pkg/sourcewatch"
	"github.com/newswire/newswire/services/fetcher/internal/handover"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// TestSourceRecords runs the service over a good feed, a feed that answers
// 500 and an inbox WARC, and checks each source's record in the
// newswire_sources bucket, before and after a restart.
func TestSourceRecords(t *testing.T) {
	s, conn := setup(t)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		http.Error(w, "upstream down", http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	t.Setenv("FETCHER_FEEDS", s.URL+"/feed.xml "+broken.URL+"/feed.xml")
	t.Setenv("FETCHER_HTTP_ALLOW", "127.0.0.1/32")
	t.Setenv("FETCHER_SOURCE_FLUSH_INTERVAL", "100ms")
	good, bad := strings.TrimPrefix(s.URL, "http://"), strings.TrimPrefix(broken.URL, "http://")

	ctx := context.Background()
	load := func() map[string]sourcehealth.Record {
		kv, err := conn.OpenKeyValue(ctx, sourcewatch.Bucket)
		if err != nil {
			return nil
		}
		recs, err := sourcewatch.Load(ctx, kv)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]sourcehealth.Record{}
		for _, r := range recs {
			out[r.Name] = r
		}
		return out
	}
	stop := startService(t)
	waitFor(t, "records of three sources, polled", 20*time.Second, func() bool {
		recs := load()
		return len(recs) == 3 && recs[good].Fetch.NewItems == 2 && recs["inbox"].Fetch.NewItems == 3 && recs[bad].Fetch.Polls >= 1
	})
	stop()
	recs := load()
	g, b, in := recs[good].Fetch, recs[bad].Fetch, recs["inbox"].Fetch
	if g.LastStatus != 200 || g.ConsecutiveFailures != 0 || g.LastSuccess.IsZero() || g.LastNewItem.IsZero() || g.Kind != "feed" || g.URL != s.URL+"/feed.xml" {
		t.Errorf("good feed's record: %+v", g)
	}
	if b.LastStatus != 500 || b.ConsecutiveFailures < 1 || !b.LastSuccess.IsZero() || !b.LastNewItem.IsZero() || !strings.Contains(b.LastError, "500") {
		t.Errorf("broken feed's record: %+v", b)
	}
	if in.Kind != "inbox" || in.LastAttempt.IsZero() || in.LastError != "" {
		t.Errorf("inbox record: %+v", in)
	}

	// A restart keeps the record: the broken feed's failures add up, the
	// good feed's first-seen time and items stay.
	stop = startService(t)
	waitFor(t, "the broken feed polled again", 20*time.Second, func() bool {
		r := load()[bad].Fetch
		return r != nil && r.Polls >= b.Polls+1
	})
	stop()
	after := load()
	if r := after[bad].Fetch; r.ConsecutiveFailures < b.ConsecutiveFailures+1 {
		t.Errorf("after a restart the broken feed has %d failures in a row, want more than %d", r.ConsecutiveFailures, b.ConsecutiveFailures)
	}
	if r := after[good].Fetch; !r.FirstSeen.Equal(g.FirstSeen) || r.NewItems != 2 {
		t.Errorf("after a restart the good feed's record is %+v, want first seen %v and 2 items", r, g.FirstSeen)
	}
}

// TestSourceTrackerSeries checks the per-source series under a cap of
// one: the first configured source has its own, the other two are folded
// into "_other" (the worst of them for gauges) and counted.
func TestSourceTrackerSeries(t *testing.T) {
	srv := bustest.Start(t)
	ctx := context.Background()
	kv, err := sourcewatch.Open(ctx, bustest.Connect(t, srv.Config))
	if err != nil {
		t.Fatal(err)
	}
	srcs := []source.Source{
		{Name: "a", Kind: "rss", URL: "https://a.example/feed"},
		{Name: "b", Kind: "rss", URL: "https://b.example/feed"},
		{Name: "c", Kind: "sitemap", URL: "https://c.example/sitemap.xml"},
	}
	cfg := &Config{SourceQuietMin: time.Hour, SourceFailingPolls: 3, Source: sourcewatch.Config{MetricsCap: 1, FlushInterval: time.Hour}}
	reg := prometheus.NewRegistry()
	tr, err := newSourceTracker(ctx, kv, srcs, cfg, reg, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	tr.now = func() time.Time { return now }
	tr.ObservePoll(srcs[0], handover.PollOK, nil)
	tr.ObserveItem(srcs[0], string(handover.Published))
	tr.ObserveItem(srcs[0], string(handover.AlreadySeen))
	for range 2 {
		tr.ObservePoll(srcs[1], handover.PollError, &httpfetch.StatusError{URL: srcs[1].URL, StatusCode: 503})
	}
	tr.ObservePoll(srcs[2], handover.PollError, errors.New("dial tcp: timeout"))
	now = now.Add(10 * time.Minute)

	want := `
# HELP newswire_source_consecutive_failures Polls of each source that failed in a row (0 after a success); for "_other", the most of any folded source.
# TYPE newswire_source_consecutive_failures gauge
newswire_source_consecutive_failures{source="_other"} 2
newswire_source_consecutive_failures{source="a"} 0
# HELP newswire_source_folded_total Sources beyond the SOURCE_METRICS_CAP whose per-source series are summed into source="_other" (each counted once).
# TYPE newswire_source_folded_total counter
newswire_source_folded_total 2
# HELP newswire_source_new_items_total New items each source gave (articles published for the first time).
# TYPE newswire_source_new_items_total counter
newswire_source_new_items_total{source="_other"} 0
newswire_source_new_items_total{source="a"} 1
# HELP newswire_source_failing_polls Consecutive failed polls that make a source failing (FETCHER_SOURCE_FAILING_POLLS).
# TYPE newswire_source_failing_polls gauge
newswire_source_failing_polls 3
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "newswire_source_consecutive_failures", "newswire_source_folded_total", "newswire_source_new_items_total", "newswire_source_failing_polls"); err != nil {
		t.Error(err)
	}
	if got := testutil.ToFloat64(mustCollect(t, reg, "newswire_source_polls_total", `source="_other"`, `outcome="error"`)); got != 3 {
		t.Errorf(`polls_total{source="_other",outcome="error"} = %v, want 3`, got)
	}
	if got := testutil.ToFloat64(mustCollect(t, reg, "newswire_source_quiet_after_seconds", `source="a"`)); got != 3600 {
		t.Errorf(`quiet_after_seconds{source="a"} = %v, want 3600`, got)
	}

	tr.flush(ctx)
	recs, err := sourcewatch.Load(ctx, kv)
	if err != nil || len(recs) != 3 {
		t.Fatalf("Load = %d records, %v", len(recs), err)
	}
	if r := recs[1].Fetch; recs[1].Name != "b" || r.LastStatus != 503 || r.ConsecutiveFailures != 2 {
		t.Errorf("record of b: %+v", r)
	}
}

// mustCollect returns the one gathered sample of name whose labels
// include every label="value" of want, as a gauge for testutil.ToFloat64.
func mustCollect(t *testing.T, reg *prometheus.Registry, name string, want ...string) prometheus.Collector {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.Metric {
			have := map[string]bool{}
			for _, l := range m.Label {
				have[l.GetName()+`="`+l.GetValue()+`"`] = true
			}
			for _, w := range want {
				if !have[w] {
					continue metric
				}
			}
			v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
			return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "x", Help: "x"}, func() float64 { return v })
		}
	}
	t.Fatalf("no sample %s%v", name, want)
	return nil
}
