package top

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newswire/newswire/pkg/bus"
)

// Row is one stage's line in the view.
type Row struct {
	Stage string
	// Down is the scrape error when the stage's service did not answer.
	Down error
	// Rate is messages finished per second over the window: processed ok,
	// or published for the fetcher, which consumes nothing. HasRate is
	// false on the first refresh.
	Rate    float64
	HasRate bool
	// Lag and AckPending come from JetStream, or from the service's
	// gauges when NATS was not read.
	Lag, AckPending float64
	HasLag          bool
	// Errors counts retries, failed publishes and failed sink writes;
	// DeadLetters counts dead-lettered (for the fetcher: refused)
	// messages. Both are totals since the services started.
	Errors, DeadLetters float64
	// P99 is the 99th percentile processing time over the window (since
	// start on the first refresh).
	P99    time.Duration
	HasP99 bool
}

// View is one refresh of `newswire top`.
type View struct {
	Time time.Time
	// Window is the time the rates are taken over.
	Window time.Duration
	Rows   []Row
	// Written is articles stored by the sink per second.
	Written    float64
	HasWritten bool
	// FetchToSinkP99 is the 99th percentile fetch-to-sink latency over
	// the window (since start on the first refresh).
	FetchToSinkP99    time.Duration
	HasFetchToSinkP99 bool
	// ReplayLagP99 is the 99th percentile replay lag (a replayed
	// article's arrival on the broker to its write) over the window.
	ReplayLagP99    time.Duration
	HasReplayLagP99 bool
	// Replay is the progress of a running replay; ReplayRate its records
	// per second.
	Replay     Replay
	ReplayRate float64
	// Streams is the JetStream view; StreamsErr says why it is missing.
	Streams    []bus.StreamState
	StreamsErr error
}

// Compute turns two snapshots into a view: rates and percentiles over the
// time between them. prev may be nil (the first refresh): then there are
// no rates and percentiles are since the services started.
func Compute(prev, cur *Snapshot) View {
	v := View{Time: cur.Time, Streams: cur.Streams, StreamsErr: cur.StreamsErr, Replay: cur.Replay}
	var dt float64
	if prev != nil {
		v.Window = cur.Time.Sub(prev.Time)
		dt = v.Window.Seconds()
	}
	for _, name := range Stages {
		r := Row{Stage: name, Down: cur.Down[name]}
		st := cur.Stages[name]
		if st == nil {
			st = &Stage{Duration: Histogram{}}
		}
		var old *Stage
		if prev != nil {
			old = prev.Stages[name]
			if old == nil {
				old = &Stage{Duration: Histogram{}}
			}
		}
		done := func(s *Stage) float64 {
			if name == "fetcher" {
				return s.Published
			}
			return s.OK
		}
		if old != nil && dt > 0 {
			r.Rate, r.HasRate = increase(done(old), done(st))/dt, true
		}
		r.Lag, r.AckPending, r.HasLag = st.Pending, st.AckPending, st.HasLag
		r.Errors = st.Retried + st.PublishErrors + st.WriteErrors
		r.DeadLetters = st.DeadLettered + st.Refused
		h := st.Duration
		if old != nil {
			h = h.Sub(old.Duration)
		}
		if q, ok := h.Quantile(0.99); ok {
			r.P99, r.HasP99 = seconds(q), true
		}
		v.Rows = append(v.Rows, r)
	}
	h, rh := cur.FetchToSink, cur.ReplayToSink
	if prev != nil {
		h, rh = h.Sub(prev.FetchToSink), rh.Sub(prev.ReplayToSink)
		if dt > 0 {
			v.Written, v.HasWritten = increase(prev.Written, cur.Written)/dt, true
			v.ReplayRate = increase(prev.Replay.Records, cur.Replay.Records) / dt
		}
	}
	if q, ok := h.Quantile(0.99); ok {
		v.FetchToSinkP99, v.HasFetchToSinkP99 = seconds(q), true
	}
	if q, ok := rh.Quantile(0.99); ok {
		v.ReplayLagP99, v.HasReplayLagP99 = seconds(q), true
	}
	return v
}

// increase is a counter's growth; a counter that went down restarted
// from zero.
func increase(old, cur float64) float64 {
	if cur < old {
		return cur
	}
	return cur - old
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// Render writes v as a table for a terminal: the caller clears the screen.
func Render(w io.Writer, v View) error {
	var b strings.Builder
	window := "first refresh"
	if v.Window > 0 {
		window = "rates over " + v.Window.Round(100*time.Millisecond).String()
	}
	fmt.Fprintf(&b, "newswire top   %s   %s\n\n", v.Time.Format("15:04:05"), window)
	fmt.Fprintf(&b, "%-11s %-5s %9s %8s %9s %8s %8s %9s\n", "STAGE", "UP", "RATE/s", "LAG", "ACK-PEND", "ERRORS", "DEAD", "P99")
	for _, r := range v.Rows {
		up := "up"
		if r.Down != nil {
			up = "DOWN"
		}
		lag, ack := "-", "-"
		if r.HasLag {
			lag, ack = fmt.Sprintf("%.0f", r.Lag), fmt.Sprintf("%.0f", r.AckPending)
		}
		fmt.Fprintf(&b, "%-11s %-5s %9s %8s %9s %8.0f %8.0f %9s\n", r.Stage, up, rate(r.Rate, r.HasRate), lag, ack, r.Errors, r.DeadLetters, dur(r.P99, r.HasP99))
	}
	fmt.Fprintf(&b, "\nsink: %s articles written/s   fetch to sink p99 %s\n", rate(v.Written, v.HasWritten), dur(v.FetchToSinkP99, v.HasFetchToSinkP99))
	fmt.Fprintf(&b, "replay: %s", replay(v))
	if v.HasReplayLagP99 {
		fmt.Fprintf(&b, "   replay lag p99 %s (broker to sink; live latency above)", dur(v.ReplayLagP99, true))
	}
	b.WriteString("\n")
	switch {
	case v.StreamsErr != nil:
		fmt.Fprintf(&b, "jetstream: %v\n", v.StreamsErr)
	case v.Streams != nil:
		fmt.Fprintf(&b, "jetstream:")
		for _, s := range v.Streams {
			fmt.Fprintf(&b, "  %s %d msgs", s.Name, s.Messages)
		}
		b.WriteString("\n")
	}
	for _, r := range v.Rows {
		if r.Down != nil {
			fmt.Fprintf(&b, "%s: %v\n", r.Stage, r.Down)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// RenderLine writes v as one line, for output that is not a terminal.
func RenderLine(w io.Writer, v View) error {
	var b strings.Builder
	b.WriteString(v.Time.Format(time.RFC3339))
	for _, r := range v.Rows {
		fmt.Fprintf(&b, " | %s", r.Stage)
		if r.Down != nil {
			b.WriteString(" down")
			continue
		}
		fmt.Fprintf(&b, " rate=%s", rate(r.Rate, r.HasRate))
		if r.HasLag {
			fmt.Fprintf(&b, " lag=%.0f", r.Lag)
		}
		fmt.Fprintf(&b, " errors=%.0f dead=%.0f", r.Errors, r.DeadLetters)
		if r.HasP99 {
			fmt.Fprintf(&b, " p99=%s", dur(r.P99, true))
		}
	}
	fmt.Fprintf(&b, " | written=%s/s fetch_to_sink_p99=%s", rate(v.Written, v.HasWritten), dur(v.FetchToSinkP99, v.HasFetchToSinkP99))
	if v.Replay.Seen {
		fmt.Fprintf(&b, " | replay: %s", replay(v))
	}
	if v.HasReplayLagP99 {
		fmt.Fprintf(&b, " replay_lag_p99=%s", dur(v.ReplayLagP99, true))
	}
	if v.StreamsErr != nil {
		fmt.Fprintf(&b, " | jetstream: %v", v.StreamsErr)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func replay(v View) string {
	r := v.Replay
	if !r.Seen {
		return "none running"
	}
	out := fmt.Sprintf("%.0f records, %.2f/s", r.Records, v.ReplayRate)
	if r.Size > 0 {
		out = fmt.Sprintf("%.1f%% read, %s", 100*r.ReadBytes/r.Size, out)
	}
	return out
}

func rate(r float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", r)
}

func dur(d time.Duration, ok bool) string {
	if !ok {
		return "-"
	}
	switch {
	case d >= 10*time.Second:
		return d.Round(time.Second).String()
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(10 * time.Microsecond).String()
	}
}
