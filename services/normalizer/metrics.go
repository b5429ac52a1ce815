package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/telemetry"
	"github.com/newswire/newswire/services/normalizer/internal/normalize"
)

// metrics are the normalizer's own, besides the bus's and the per-source
// ones: what it repaired and how it decided.
type metrics struct {
	invalidBytes prometheus.Counter
	mojibake     prometheus.Counter
	duplicates   prometheus.Counter
	formats      *prometheus.CounterVec
	charsets     *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		invalidBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_normalizer_invalid_bytes_total",
			Help: "Bytes that could not be decoded in their charset and became U+FFFD.",
		}),
		mojibake: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_normalizer_mojibake_fixed_total",
			Help: "Pieces of text (title, paragraphs) whose mojibake was repaired.",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_normalizer_duplicate_paragraphs_removed_total",
			Help: "Repeated paragraphs removed from article bodies.",
		}),
		formats: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_normalizer_documents_total",
			Help: "Documents normalized, by format (html, text, json).",
		}, []string{"format"}),
		charsets: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_normalizer_charset_decisions_total",
			Help: "How each document's charset was decided (bom, header, meta, utf8, detector).",
		}, []string{"method"}),
	}
	if err := telemetry.Register(reg, m.invalidBytes, m.mojibake, m.duplicates, m.formats, m.charsets); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *metrics) observe(st normalize.Stats) {
	m.invalidBytes.Add(float64(st.InvalidBytes))
	m.mojibake.Add(float64(st.MojibakeFixed))
	m.duplicates.Add(float64(st.DuplicateParagraphs))
	m.formats.WithLabelValues(st.Format).Inc()
	if st.CharsetMethod != "" {
		m.charsets.WithLabelValues(st.CharsetMethod).Inc()
	}
}
