package top

import (
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/newswire/newswire/pkg/bus"
)

// Stages are the pipeline's stages in order, the rows of the view.
var Stages = []string{"fetcher", "normalizer", "tagger", "sink"}

// Snapshot is what every service's /metrics (and the JetStream API) said at
// one moment. Counters are summed over replicas and label values; lag
// gauges take the largest value, since replicas of a stage report the same
// consumer.
type Snapshot struct {
	Time time.Time
	// Down holds the scrape error of each service that did not answer.
	Down map[string]error
	// Stages holds the counters of each stage seen.
	Stages map[string]*Stage
	// FetchToSink is the sink's fetch-to-sink latency histogram (live
	// articles only).
	FetchToSink Histogram
	// ReplayToSink is the sink's replay lag histogram: replayed articles,
	// from their arrival on the broker.
	ReplayToSink Histogram
	// Written counts articles the sink stored.
	Written float64
	// Replay is the progress of a running `fetcher replay`.
	Replay Replay
	// Streams is the JetStream view; nil when it was not read.
	Streams []bus.StreamState
	// StreamsErr says why Streams is nil when NATS was asked.
	StreamsErr error
}

// Stage is one stage's counters and gauges.
type Stage struct {
	Received      float64
	OK            float64
	Retried       float64
	DeadLettered  float64
	Published     float64
	PublishErrors float64
	// WriteErrors counts the sink's failed batch writes.
	WriteErrors float64
	// Refused counts documents the fetcher dead-lettered.
	Refused float64
	// Pending and AckPending are the consumer's lag and unacknowledged
	// deliveries; HasLag is false when no one reported them.
	Pending, AckPending float64
	HasLag              bool
	// Duration is the processing time histogram.
	Duration Histogram
}

// Replay is a replay's progress, from the fetcher's
// newswire_fetcher_replay_* metrics. Seen is false when no replay runs.
type Replay struct {
	Seen            bool
	Records         float64
	ReadBytes, Size float64
}

// Histogram holds cumulative bucket counts by upper bound (+Inf included).
type Histogram map[float64]float64

// NewSnapshot returns an empty snapshot taken at t.
func NewSnapshot(t time.Time) *Snapshot {
	return &Snapshot{Time: t, Down: map[string]error{}, Stages: map[string]*Stage{}, FetchToSink: Histogram{}, ReplayToSink: Histogram{}}
}

// Parse reads one Prometheus text exposition (what /metrics serves) into
// its metric families.
func Parse(r io.Reader) (map[string]*dto.MetricFamily, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("parse metrics: %w", err)
	}
	return fams, nil
}

func (s *Snapshot) stage(name string) *Stage {
	st, ok := s.Stages[name]
	if !ok {
		st = &Stage{Duration: Histogram{}}
		s.Stages[name] = st
	}
	return st
}

// Add folds one service's metric families into s.
func (s *Snapshot) Add(fams map[string]*dto.MetricFamily) {
	for name, mf := range fams {
		for _, m := range mf.GetMetric() {
			stage := label(m, "stage")
			switch name {
			case "newswire_messages_received_total":
				s.stage(stage).Received += value(m)
			case "newswire_messages_processed_total":
				st := s.stage(stage)
				switch label(m, "outcome") {
				case bus.OutcomeOK:
					st.OK += value(m)
				case bus.OutcomeRetried:
					st.Retried += value(m)
				case bus.OutcomeDeadLettered:
					st.DeadLettered += value(m)
				}
			case "newswire_messages_published_total":
				s.stage(stage).Published += value(m)
			case "newswire_publish_errors_total":
				s.stage(stage).PublishErrors += value(m)
			case "newswire_consumer_pending_messages":
				st := s.stage(stage)
				st.Pending, st.HasLag = math.Max(st.Pending, value(m)), true
			case "newswire_consumer_ack_pending_messages":
				st := s.stage(stage)
				st.AckPending, st.HasLag = math.Max(st.AckPending, value(m)), true
			case "newswire_processing_duration_seconds":
				s.stage(stage).Duration.add(m.GetHistogram())
			case "newswire_fetch_to_sink_seconds":
				s.FetchToSink.add(m.GetHistogram())
			case "newswire_replay_to_sink_seconds":
				s.ReplayToSink.add(m.GetHistogram())
			case "newswire_sink_articles_written_total":
				s.Written += value(m)
			case "newswire_sink_write_errors_total":
				s.stage("sink").WriteErrors += value(m)
			case "newswire_fetcher_replay_records_total":
				s.Replay.Records += value(m)
				s.Replay.Seen = true
			case "newswire_fetcher_replay_input_done_bytes":
				s.Replay.ReadBytes += value(m)
				s.Replay.Seen = true
			case "newswire_fetcher_replay_input_bytes":
				s.Replay.Size += value(m)
				s.Replay.Seen = true
			case "newswire_fetcher_refused_total":
				s.stage("fetcher").Refused += value(m)
			}
		}
	}
}

// SetStreams records the JetStream view: it replaces the lag gauges from
// /metrics, which the services refresh only every few seconds.
func (s *Snapshot) SetStreams(streams []bus.StreamState) {
	s.Streams = streams
	feeds := map[string]string{bus.StreamRaw: "normalizer", bus.StreamNormalized: "tagger", bus.StreamTagged: "sink"}
	seen := map[string]bool{}
	for _, st := range streams {
		stage, ok := feeds[st.Name]
		if !ok {
			continue
		}
		for _, c := range st.Consumers {
			sg := s.stage(stage)
			if !seen[stage] {
				sg.Pending, sg.AckPending, seen[stage] = 0, 0, true
			}
			sg.Pending = math.Max(sg.Pending, float64(c.Pending))
			sg.AckPending = math.Max(sg.AckPending, float64(c.AckPending))
			sg.HasLag = true
		}
	}
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Untyped != nil:
		return m.Untyped.GetValue()
	}
	return 0
}

func (h Histogram) add(d *dto.Histogram) {
	if d == nil {
		return
	}
	for _, b := range d.GetBucket() {
		if math.IsInf(b.GetUpperBound(), 1) {
			continue // the sample count below
		}
		n := b.GetCumulativeCountFloat()
		if n == 0 {
			n = float64(b.GetCumulativeCount())
		}
		h[b.GetUpperBound()] += n
	}
	n := d.GetSampleCountFloat()
	if n == 0 {
		n = float64(d.GetSampleCount())
	}
	h[math.Inf(1)] += n
}

// Sub returns the observations h holds beyond prev. A bucket that shrank
// (the process restarted) counts from zero.
func (h Histogram) Sub(prev Histogram) Histogram {
	out := Histogram{}
	for le, n := range h {
		d := n - prev[le]
		if d < 0 {
			d = n
		}
		out[le] = d
	}
	return out
}

// Count is the number of observations.
func (h Histogram) Count() float64 { return h[math.Inf(1)] }

// Quantile estimates the q-quantile as Prometheus's histogram_quantile
// does: linear interpolation inside the bucket that holds it, the bucket's
// lower bound for the +Inf bucket. ok is false without observations.
func (h Histogram) Quantile(q float64) (v float64, ok bool) {
	total := h.Count()
	if total == 0 || q < 0 || q > 1 {
		return 0, false
	}
	bounds := make([]float64, 0, len(h))
	for le := range h {
		bounds = append(bounds, le)
	}
	sort.Float64s(bounds)
	rank := q * total
	lower, below := 0.0, 0.0
	for _, le := range bounds {
		n := h[le]
		if n >= rank && n > below {
			if math.IsInf(le, 1) {
				return lower, true
			}
			return lower + (le-lower)*(rank-below)/(n-below), true
		}
		lower, below = le, n
	}
	return lower, true
}
