package api

import (
	"strconv"
	"time"

	"github.com/newswire/newswire/pkg/telemetry"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the API's metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	tooSlow  *prometheus.CounterVec
}

// NewMetrics registers the API's metrics on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_search_requests_total",
			Help: "JSON requests to the search API, by endpoint and HTTP status code.",
		}, []string{"endpoint", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newswire_search_request_duration_seconds",
			Help:    "Time to answer a JSON request to the search API, by endpoint.",
			Buckets: []float64{.005, .01, .025, .05, .1, .15, .25, .5, 1, 2.5, 5},
		}, []string{"endpoint"}),
		tooSlow: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_search_too_slow_total",
			Help: "JSON requests stopped by SEARCH_TIMEOUT or the database's statement timeout (answered 503: narrow the query), by endpoint.",
		}, []string{"endpoint"}),
	}
	if err := telemetry.Register(reg, m.requests, m.duration, m.tooSlow); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Metrics) observe(endpoint string, code int, slow bool, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(endpoint, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(endpoint).Observe(d.Seconds())
	if slow {
		m.tooSlow.WithLabelValues(endpoint).Inc()
	}
}
