package sourcewatch

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/newswire/newswire/pkg/bus/bustest"
	"github.com/newswire/newswire/pkg/sourcehealth"
)

func TestLabelsCap(t *testing.T) {
	reg := prometheus.NewRegistry()
	l, err := NewLabels(reg, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range 5000 {
		got = append(got, l.Label(fmt.Sprintf("feed-%d", i%10)))
	}
	for i, want := range []string{"feed-0", "feed-1", "feed-2", Other, Other, Other, Other, Other, Other, Other, "feed-0"} {
		if got[i] != want {
			t.Errorf("Label(feed-%d) = %q, want %q", i%10, got[i], want)
		}
	}
	if n := testutil.ToFloat64(l.folded); n != 7 {
		t.Errorf("newswire_source_folded_total = %v, want 7 (each folded source once)", n)
	}
	if l.Label(Other) != Other || testutil.ToFloat64(l.folded) != 8 {
		t.Errorf("a source named %q must not take an own series", Other)
	}
}

// TestReporter observes articles of many sources under a small cap and
// checks the Prometheus series and the records in a real JetStream bucket,
// written by two reporters at once as two replicas would.
func TestReporter(t *testing.T) {
	srv := bustest.Start(t)
	ctx := context.Background()
	kv, err := Open(ctx, bustest.Connect(t, srv.Config))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{MetricsCap: 2, FlushInterval: time.Hour}
	reg := prometheus.NewRegistry()
	a, err := NewReporter(kv, cfg, reg, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewReporter(kv, cfg, prometheus.NewRegistry(), bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		name := fmt.Sprintf("source %d", i%5)
		a.Observe(name, false, sourcehealth.Counts{Normalized: 1, NoDate: int64(i % 2)})
		b.Observe(name, i%10 == 0, sourcehealth.Counts{Stored: 1})
	}
	a.Observe("", false, sourcehealth.Counts{Normalized: 1}) // no source: not counted
	done := make(chan struct{})
	go func() { b.Flush(ctx); close(done) }()
	a.Flush(ctx)
	<-done

	if got := testutil.CollectAndCount(a.articles); got != 2*2+2 {
		t.Errorf("reporter a exports %d series, want 6 (2 sources and _other, 2 outcomes)", got)
	}
	if got := testutil.ToFloat64(a.articles.WithLabelValues(Other, OutcomeNormalized, OriginLive)); got != 30 {
		t.Errorf("_other normalized = %v, want 30", got)
	}
	recs, err := Load(ctx, kv)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 {
		t.Fatalf("Load() = %d records, want 5", len(recs))
	}
	for _, r := range recs {
		if r.Articles == nil || r.Fetch != nil {
			t.Fatalf("record %q: %+v", r.Name, r)
		}
		tot, rep := r.Articles.Total, r.Articles.Replayed
		if tot.Normalized != 10 || tot.Stored+rep.Stored != 10 || tot.NoDate != 5 && tot.NoDate != 0 {
			t.Errorf("record %q: total %+v, replayed %+v", r.Name, tot, rep)
		}
		if r.Name == "source 0" && rep.Stored != 5 {
			t.Errorf("source 0 replayed stored = %d, want 5", rep.Stored)
		}
	}
	f := sourcehealth.NewFetch("rss", "https://example.com/", time.Now())
	if err := StoreFetch(ctx, kv, "source 0", f); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFetch(ctx, kv, "source 0")
	if err != nil || got == nil || got.URL != f.URL {
		t.Fatalf("LoadFetch = %+v, %v", got, err)
	}
	if missing, err := LoadFetch(ctx, kv, "nobody"); missing != nil || err != nil {
		t.Errorf("LoadFetch(nobody) = %v, %v, want nil, nil", missing, err)
	}
	recs, _ = Load(ctx, kv)
	if recs[0].Fetch == nil || !strings.HasPrefix(recs[0].Name, "source 0") {
		t.Errorf("Load after StoreFetch: %+v", recs[0])
	}
}
