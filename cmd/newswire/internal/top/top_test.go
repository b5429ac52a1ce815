package top

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	dto "github.com/prometheus/client_model/go"

	"github.com/newswire/newswire/pkg/bus"
)

// Expositions as the services serve them (trimmed).
const (
	normalizerText = `# HELP newswire_messages_processed_total Messages the stage finished with.
# TYPE newswire_messages_processed_total counter
newswire_messages_processed_total{outcome="ok",stage="normalizer"} 10
newswire_messages_processed_total{outcome="retried",stage="normalizer"} 2
newswire_messages_processed_total{outcome="dead_lettered",stage="normalizer"} 1
# TYPE newswire_messages_received_total counter
newswire_messages_received_total{stage="normalizer"} 13
# TYPE newswire_messages_published_total counter
newswire_messages_published_total{stage="normalizer"} 10
# TYPE newswire_consumer_pending_messages gauge
newswire_consumer_pending_messages{consumer="normalizer",stage="normalizer"} 4
# TYPE newswire_consumer_ack_pending_messages gauge
newswire_consumer_ack_pending_messages{consumer="normalizer",stage="normalizer"} 1
# TYPE newswire_processing_duration_seconds histogram
newswire_processing_duration_seconds_bucket{stage="normalizer",le="0.001"} 0
newswire_processing_duration_seconds_bucket{stage="normalizer",le="0.01"} 8
newswire_processing_duration_seconds_bucket{stage="normalizer",le="0.1"} 10
newswire_processing_duration_seconds_bucket{stage="normalizer",le="+Inf"} 10
newswire_processing_duration_seconds_sum{stage="normalizer"} 0.2
newswire_processing_duration_seconds_count{stage="normalizer"} 10
# TYPE go_goroutines gauge
go_goroutines 12
`
	sinkText = `# TYPE newswire_messages_processed_total counter
newswire_messages_processed_total{outcome="ok",stage="sink"} 9
# TYPE newswire_sink_articles_written_total counter
newswire_sink_articles_written_total{backend="file"} 8
# TYPE newswire_sink_write_errors_total counter
newswire_sink_write_errors_total{backend="file"} 3
# TYPE newswire_fetch_to_sink_seconds histogram
newswire_fetch_to_sink_seconds_bucket{le="0.5"} 2
newswire_fetch_to_sink_seconds_bucket{le="1"} 8
newswire_fetch_to_sink_seconds_bucket{le="+Inf"} 8
newswire_fetch_to_sink_seconds_sum 5
newswire_fetch_to_sink_seconds_count 8
# TYPE newswire_replay_to_sink_seconds histogram
newswire_replay_to_sink_seconds_bucket{le="1"} 0
newswire_replay_to_sink_seconds_bucket{le="30"} 4
newswire_replay_to_sink_seconds_bucket{le="+Inf"} 4
newswire_replay_to_sink_seconds_sum 60
newswire_replay_to_sink_seconds_count 4
`
	fetcherText = `# TYPE newswire_messages_published_total counter
newswire_messages_published_total{stage="fetcher"} 12
# TYPE newswire_publish_errors_total counter
newswire_publish_errors_total{stage="fetcher"} 1
# TYPE newswire_fetcher_refused_total counter
newswire_fetcher_refused_total{kind="inbox"} 2
`
)

func parse(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	fams, err := Parse(strings.NewReader(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return fams
}

func snapshot(t *testing.T, at time.Time, texts ...string) *Snapshot {
	t.Helper()
	s := NewSnapshot(at)
	for _, text := range texts {
		fams, err := Parse(strings.NewReader(text))
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		s.Add(fams)
	}
	return s
}

func TestSnapshotAdd(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name  string
		texts []string
		want  map[string]*Stage
	}{
		{
			name:  "one service each",
			texts: []string{fetcherText, normalizerText, sinkText},
			want: map[string]*Stage{
				"fetcher": {Published: 12, PublishErrors: 1, Refused: 2, Duration: Histogram{}},
				"normalizer": {Received: 13, OK: 10, Retried: 2, DeadLettered: 1, Published: 10, Pending: 4, AckPending: 1, HasLag: true,
					Duration: Histogram{0.001: 0, 0.01: 8, 0.1: 10, inf: 10}},
				"sink": {OK: 9, WriteErrors: 3, Duration: Histogram{}},
			},
		},
		{
			// Two replicas: counters and histograms add up, the lag of
			// their shared consumer does not.
			name:  "two normalizer replicas",
			texts: []string{normalizerText, normalizerText},
			want: map[string]*Stage{
				"normalizer": {Received: 26, OK: 20, Retried: 4, DeadLettered: 2, Published: 20, Pending: 4, AckPending: 1, HasLag: true,
					Duration: Histogram{0.001: 0, 0.01: 16, 0.1: 20, inf: 20}},
			},
		},
		{name: "no newswire metrics", texts: []string{"# TYPE go_goroutines gauge\ngo_goroutines 3\n"}, want: map[string]*Stage{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snapshot(t, time.Time{}, tt.texts...)
			if diff := cmp.Diff(tt.want, got.Stages); diff != "" {
				t.Errorf("Add() stages mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSnapshotFetchToSink(t *testing.T) {
	s := snapshot(t, time.Time{}, sinkText)
	if s.Written != 8 {
		t.Errorf("Written = %v, want 8", s.Written)
	}
	want := Histogram{0.5: 2, 1: 8, math.Inf(1): 8}
	if diff := cmp.Diff(want, s.FetchToSink); diff != "" {
		t.Errorf("FetchToSink mismatch (-want +got):\n%s", diff)
	}
	// Replayed articles are apart: their lag does not touch the live
	// latency, and the view shows both.
	if diff := cmp.Diff(Histogram{1: 0, 30: 4, math.Inf(1): 4}, s.ReplayToSink); diff != "" {
		t.Errorf("ReplayToSink mismatch (-want +got):\n%s", diff)
	}
	v := Compute(nil, s)
	if !v.HasFetchToSinkP99 || v.FetchToSinkP99 > time.Second || !v.HasReplayLagP99 || v.ReplayLagP99 <= time.Second {
		t.Errorf("view: fetch to sink p99 %v (%v), replay lag p99 %v (%v); want under 1s and over 1s", v.FetchToSinkP99, v.HasFetchToSinkP99, v.ReplayLagP99, v.HasReplayLagP99)
	}
	var b strings.Builder
	if err := Render(&b, v); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "replay lag p99 ") {
		t.Errorf("Render lacks the replay lag:\n%s", b.String())
	}
}

func TestSetStreamsReplacesLagGauges(t *testing.T) {
	s := snapshot(t, time.Time{}, normalizerText)
	s.SetStreams([]bus.StreamState{
		{Name: bus.StreamRaw, Messages: 30, Consumers: []bus.ConsumerState{{Stream: bus.StreamRaw, Name: "normalizer", Pending: 17, AckPending: 3}}},
		{Name: bus.StreamTagged, Messages: 5, Consumers: []bus.ConsumerState{
			{Stream: bus.StreamTagged, Name: "sink", Pending: 2},
			{Stream: bus.StreamTagged, Name: "sink-pg", Pending: 5, AckPending: 1},
		}},
		{Name: bus.StreamDLQ, Messages: 1},
	})
	got := map[string][2]float64{}
	for name, st := range s.Stages {
		if st.HasLag {
			got[name] = [2]float64{st.Pending, st.AckPending}
		}
	}
	want := map[string][2]float64{"normalizer": {17, 3}, "sink": {5, 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lag after SetStreams mismatch (-want +got):\n%s", diff)
	}
}

func TestQuantile(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		h      Histogram
		q      float64
		want   float64
		wantOK bool
	}{
		{Histogram{}, 0.99, 0, false},
		{Histogram{1: 0, 2: 10, inf: 10}, 0.5, 1.5, true},
		{Histogram{1: 10, 2: 10, inf: 10}, 0.99, 0.99, true},
		{Histogram{0.01: 8, 0.1: 10, inf: 10}, 0.99, 0.0955, true},
		{Histogram{1: 5, inf: 10}, 0.99, 1, true}, // in +Inf: the lower bound
	}
	for _, tt := range tests {
		got, ok := tt.h.Quantile(tt.q)
		if ok != tt.wantOK || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%v.Quantile(%v) = %v, %v, want %v, %v", tt.h, tt.q, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestCompute(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	before := snapshot(t, t0, fetcherText, normalizerText, sinkText)
	// Ten seconds later: the normalizer finished 20 more (within 10 ms
	// each), the fetcher published 10 more, the sink wrote 5 more.
	after := snapshot(t, t0.Add(10*time.Second),
		strings.ReplaceAll(fetcherText, "} 12", "} 22"),
		strings.NewReplacer(`outcome="ok",stage="normalizer"} 10`, `outcome="ok",stage="normalizer"} 30`,
			`le="0.01"} 8`, `le="0.01"} 28`, `le="0.1"} 10`, `le="0.1"} 30`, `le="+Inf"} 10`, `le="+Inf"} 30`, `_count{stage="normalizer"} 10`, `_count{stage="normalizer"} 30`).Replace(normalizerText),
		strings.ReplaceAll(sinkText, `{backend="file"} 8`, `{backend="file"} 13`))
	after.Down["tagger"] = errors.New("connection refused")

	tests := []struct {
		name       string
		prev, cur  *Snapshot
		want       []Row
		wantWindow time.Duration
	}{
		{
			name: "first refresh", cur: before,
			want: []Row{
				{Stage: "fetcher", Errors: 1, DeadLetters: 2},
				{Stage: "normalizer", Lag: 4, AckPending: 1, HasLag: true, Errors: 2, DeadLetters: 1, P99: 95500 * time.Microsecond, HasP99: true},
				{Stage: "tagger"},
				{Stage: "sink", Errors: 3},
			},
		},
		{
			name: "ten seconds on", prev: before, cur: after, wantWindow: 10 * time.Second,
			want: []Row{
				{Stage: "fetcher", Rate: 1, HasRate: true, Errors: 1, DeadLetters: 2},
				{Stage: "normalizer", Rate: 2, HasRate: true, Lag: 4, AckPending: 1, HasLag: true, Errors: 2, DeadLetters: 1, P99: 9900 * time.Microsecond, HasP99: true},
				{Stage: "tagger", HasRate: true, Down: after.Down["tagger"]},
				{Stage: "sink", HasRate: true, Errors: 3},
			},
		},
		{
			// A restarted service's counters start again from zero.
			name: "restart", prev: after, cur: snapshot(t, t0.Add(20*time.Second), fetcherText), wantWindow: 10 * time.Second,
			want: []Row{
				{Stage: "fetcher", Rate: 1.2, HasRate: true, Errors: 1, DeadLetters: 2},
				{Stage: "normalizer", HasRate: true},
				{Stage: "tagger", HasRate: true},
				{Stage: "sink", HasRate: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Compute(tt.prev, tt.cur)
			if v.Window != tt.wantWindow {
				t.Errorf("Window = %v, want %v", v.Window, tt.wantWindow)
			}
			opt := cmp.Comparer(func(a, b error) bool { return (a == nil) == (b == nil) })
			approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
			round := cmp.Transformer("round", func(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) })
			if diff := cmp.Diff(tt.want, v.Rows, opt, approx, round); diff != "" {
				t.Errorf("Compute() rows mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRender(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	prev := snapshot(t, t0, fetcherText, normalizerText, sinkText)
	cur := snapshot(t, t0.Add(2*time.Second), fetcherText, strings.ReplaceAll(normalizerText, `outcome="ok",stage="normalizer"} 10`, `outcome="ok",stage="normalizer"} 15`), sinkText)
	cur.Down["tagger"] = errors.New("connection refused")
	cur.SetStreams([]bus.StreamState{{Name: bus.StreamRaw, Messages: 7}})
	cur.Add(parse(t, "# TYPE newswire_fetcher_replay_records_total counter\nnewswire_fetcher_replay_records_total{outcome=\"published\",reason=\"\"} 40\n"+
		"# TYPE newswire_fetcher_replay_input_done_bytes gauge\nnewswire_fetcher_replay_input_done_bytes 250\n"+
		"# TYPE newswire_fetcher_replay_input_bytes gauge\nnewswire_fetcher_replay_input_bytes 1000\n"))
	v := Compute(prev, cur)

	var table, line bytes.Buffer
	if err := Render(&table, v); err != nil {
		t.Fatal(err)
	}
	if err := RenderLine(&line, v); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"STAGE", "fetcher", "normalizer  up         2.50", "tagger      DOWN", "sink", "ARTICLES_RAW 7 msgs", "tagger: connection refused", "rates over 2s", "replay: 25.0% read, 40 records, 20.00/s"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("Render() = \n%s\nwant it to contain %q", table.String(), want)
		}
	}
	if n := strings.Count(line.String(), "\n"); n != 1 {
		t.Errorf("RenderLine() wrote %d lines, want 1: %q", n, line.String())
	}
	for _, want := range []string{"2026-01-02T03:04:07Z", "| normalizer rate=2.50 lag=4 errors=2 dead=1", "| tagger down", "| sink rate=0.00"} {
		if !strings.Contains(line.String(), want) {
			t.Errorf("RenderLine() = %q, want it to contain %q", line.String(), want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Targets: DefaultTargets(), Interval: time.Second, Window: 10 * time.Second, Timeout: time.Second}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr bool
	}{
		{"defaults", func(*Config) {}, false},
		{"no targets", func(c *Config) { c.Targets = nil }, true},
		{"zero interval", func(c *Config) { c.Interval = 0 }, true},
		{"window below interval", func(c *Config) { c.Window = c.Interval / 2 }, true},
		{"zero timeout", func(c *Config) { c.Timeout = 0 }, true},
		{"target without URL", func(c *Config) { c.Targets = []Target{{Service: "sink"}} }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			if _, err := New(c, nil); (err != nil) != tt.wantErr {
				t.Errorf("New(%+v) error = %v, want error %v", c, err, tt.wantErr)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{normalizerText, sinkText, fetcherText, "", "x 1\n", "# TYPE h histogram\nh_bucket{le=\"a\"} 1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fams, err := Parse(strings.NewReader(text))
		if err != nil {
			return
		}
		s := NewSnapshot(time.Time{})
		s.Add(fams)
		s.Add(fams)
		v := Compute(NewSnapshot(time.Time{}), s)
		if err := RenderLine(&bytes.Buffer{}, v); err != nil {
			t.Fatal(err)
		}
		for _, st := range s.Stages {
			if _, ok := st.Duration.Quantile(0.99); ok && st.Duration.Count() <= 0 {
				t.Errorf("Quantile ok on an empty histogram %v", st.Duration)
			}
		}
	})
}
