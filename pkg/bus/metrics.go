package bus

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/telemetry"
)

// Outcomes of processing one delivery, the values of the outcome label.
const (
	OutcomeOK           = "ok"
	OutcomeRetried      = "retried"
	OutcomeDeadLettered = "dead_lettered"
)

// Metrics counts what a service's consumer and publisher do. Labels are
// bounded: stage, outcome and consumer name.
type Metrics struct {
	received      *prometheus.CounterVec
	processed     *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	published     *prometheus.CounterVec
	publishErrors *prometheus.CounterVec
	pending       *prometheus.GaugeVec
	ackPending    *prometheus.GaugeVec
	redelivered   *prometheus.GaugeVec
}

// NewMetrics registers the bus metrics on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_messages_received_total",
			Help: "Messages delivered to the stage's consumer, redeliveries included.",
		}, []string{"stage"}),
		processed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_messages_processed_total",
			Help: "Messages the stage finished with, by outcome: ok, retried (negatively acknowledged for redelivery) or dead_lettered.",
		}, []string{"stage", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newswire_processing_duration_seconds",
			Help:    "Time from delivery to acknowledgement of one message (a whole batch in the sink), output publish included.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"stage"}),
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_messages_published_total",
			Help: "Messages the stage published and the server acknowledged, dead letters excluded.",
		}, []string{"stage"}),
		publishErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_publish_errors_total",
			Help: "Publishes the server did not acknowledge.",
		}, []string{"stage"}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newswire_consumer_pending_messages",
			Help: "Messages in the stream not yet delivered to the consumer (its lag).",
		}, []string{"stage", "consumer"}),
		ackPending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newswire_consumer_ack_pending_messages",
			Help: "Messages delivered to the consumer and not yet acknowledged.",
		}, []string{"stage", "consumer"}),
		redelivered: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "newswire_consumer_redelivered_messages",
			Help: "Messages the consumer has delivered more than once and not yet acknowledged.",
		}, []string{"stage", "consumer"}),
	}
	if err := telemetry.Register(reg, m.received, m.processed, m.duration, m.published, m.publishErrors, m.pending, m.ackPending, m.redelivered); err != nil {
		return nil, err
	}
	return m, nil
}

// stageMetrics are a consumer's series, resolved once: a label lookup per
// message (hashing the values under the vector's lock) is work the
// consume path need not repeat.
type stageMetrics struct {
	received                   prometheus.Counter
	ok, retried, deadLettered  prometheus.Counter
	duration                   prometheus.Observer
	published, publishFailures prometheus.Counter
}

func (m *Metrics) forStage(stage Stage) stageMetrics {
	s := string(stage)
	return stageMetrics{
		received:        m.received.WithLabelValues(s),
		ok:              m.processed.WithLabelValues(s, OutcomeOK),
		retried:         m.processed.WithLabelValues(s, OutcomeRetried),
		deadLettered:    m.processed.WithLabelValues(s, OutcomeDeadLettered),
		duration:        m.duration.WithLabelValues(s),
		published:       m.published.WithLabelValues(s),
		publishFailures: m.publishErrors.WithLabelValues(s),
	}
}

// Published counts n messages the stage published.
func (m *Metrics) Published(stage Stage, n int) {
	m.published.WithLabelValues(string(stage)).Add(float64(n))
}

// PublishFailed counts a publish the server did not acknowledge.
func (m *Metrics) PublishFailed(stage Stage) {
	m.publishErrors.WithLabelValues(string(stage)).Inc()
}
