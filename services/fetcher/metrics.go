package main

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newswire/newswire/pkg/telemetry"
	"github.com/newswire/newswire/services/fetcher/internal/httpfetch"
	"github.com/newswire/newswire/services/fetcher/internal/replay"
	"github.com/newswire/newswire/services/fetcher/internal/source"
)

// metrics are the fetcher's own Prometheus metrics. Every label is
// bounded: kind is a source kind (article.Kinds), reason an httpfetch,
// archive or replay reason, outcome a feed or replay outcome. No URL and
// no source name is ever a label.
type metrics struct {
	requests   *prometheus.CounterVec
	bytes      *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	refusals   *prometheus.CounterVec
	polls      *prometheus.CounterVec
	items      *prometheus.CounterVec
	discovered *prometheus.CounterVec
	archive    *prometheus.CounterVec

	replayRecords    *prometheus.CounterVec
	replayBytes      prometheus.Counter
	replayInputDone  prometheus.Gauge
	replayInputTotal prometheus.Gauge
	replayRate       prometheus.Gauge
	// Remote replays (cc-news, URLs): files, and the HTTP side.
	replayFiles, replayFilesDone prometheus.Gauge
	replayDownloaded             prometheus.Counter
	replayRetries                prometheus.Counter
	lastDownloaded, lastRetries  int64 // Progress is called from one goroutine
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_requests_total",
			Help: "HTTP fetches by source kind and result: ok, not_modified, status_4xx, status_5xx, robots, ssrf, too_large, redirects, timeout, network, canceled, error.",
		}, []string{"kind", "reason"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_response_bytes_total",
			Help: "Body bytes fetched over HTTP (after decompression), by source kind.",
		}, []string{"kind"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newswire_fetcher_request_duration_seconds",
			Help:    "Time one HTTP fetch took, waits for the host's rate limit and robots.txt included, by source kind.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 13),
		}, []string{"kind"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_refusals_total",
			Help: "Fetches refused before reaching the network: robots (robots.txt disallows) or ssrf (address refused by the SSRF guard).",
		}, []string{"reason"}),
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_polls_total",
			Help: "Polls of feeds, sitemaps and pages by source kind and outcome: ok, not_modified, error.",
		}, []string{"kind", "outcome"}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_items_total",
			Help: "Items found in feeds and sitemaps (and page polls) by source kind and outcome: published, seen (skipped as already published), retry, gave_up, skipped.",
		}, []string{"kind", "outcome"}),
		discovered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_items_discovered_total",
			Help: "Items found in feeds and sitemaps and offered for publishing, whatever became of them, by source kind.",
		}, []string{"kind"}),
		archive: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_archive_skipped_total",
			Help: "Archive records (inbox and replay) not published, by reason: record-type, revisit, not-http, status, content-type, robots, scheme, empty, content-encoding, file-type, before-since, after-until, host, language, already-stored, or failed.",
		}, []string{"reason"}),
		replayRecords: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newswire_fetcher_replay_records_total",
			Help: "Records handled by fetcher replay, by outcome (published, skipped, failed) and reason.",
		}, []string{"outcome", "reason"}),
		replayBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_fetcher_replay_published_bytes_total",
			Help: "Body bytes of the records fetcher replay published.",
		}),
		replayInputDone: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_fetcher_replay_input_done_bytes",
			Help: "Estimated input bytes fetcher replay has read.",
		}),
		replayInputTotal: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_fetcher_replay_input_bytes",
			Help: "Size of fetcher replay's input files.",
		}),
		replayRate: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_fetcher_replay_rate_records_per_second",
			Help: "Records fetcher replay published per second, over the last second or so.",
		}),
		replayFiles: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_fetcher_replay_files",
			Help: "Input files (or directories, or URLs) of fetcher replay.",
		}),
		replayFilesDone: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newswire_fetcher_replay_files_done",
			Help: "Inputs fetcher replay has finished, earlier runs of a resumed replay included.",
		}),
		replayDownloaded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_fetcher_replay_downloaded_bytes_total",
			Help: "Bytes fetcher replay received over HTTP from remote archives (compressed, as stored).",
		}),
		replayRetries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_fetcher_replay_http_retries_total",
			Help: "Requests to remote archives that fetcher replay repeated: after a 5xx, 429, reset or timeout, or to resume a cut stream with a Range request.",
		}),
	}
	if err := telemetry.Register(reg, m.requests, m.bytes, m.latency, m.refusals, m.polls, m.items, m.discovered, m.archive,
		m.replayRecords, m.replayBytes, m.replayInputDone, m.replayInputTotal, m.replayRate,
		m.replayFiles, m.replayFilesDone, m.replayDownloaded, m.replayRetries); err != nil {
		return nil, err
	}
	return m, nil
}

// ObserveFetch implements httpfetch.Observer for requests made without a
// label.
func (m *metrics) ObserveFetch(reason string, took time.Duration, bytes int) {
	m.ObserveFetchLabel("", reason, took, bytes)
}

// ObserveFetchLabel implements httpfetch.LabelObserver; the label is the
// requesting source's article kind.
func (m *metrics) ObserveFetchLabel(kind, reason string, took time.Duration, bytes int) {
	if kind == "" {
		kind = "unknown"
	}
	m.requests.WithLabelValues(kind, reason).Inc()
	m.bytes.WithLabelValues(kind).Add(float64(bytes))
	m.latency.WithLabelValues(kind).Observe(took.Seconds())
	if reason == httpfetch.ReasonRobots || reason == httpfetch.ReasonSSRF {
		m.refusals.WithLabelValues(reason).Inc()
	}
}

// ObservePoll implements handover.Observer, by source kind; the per-source
// series are the sourceTracker's.
func (m *metrics) ObservePoll(src source.Source, outcome string, _ error) {
	m.polls.WithLabelValues(string(src.ArticleKind()), outcome).Inc()
}

// ObserveItem implements handover.Observer.
func (m *metrics) ObserveItem(src source.Source, outcome string) {
	kind := string(src.ArticleKind())
	m.items.WithLabelValues(kind, outcome).Inc()
	m.discovered.WithLabelValues(kind).Inc()
}

// ArchiveSkipped implements inbox.Observer.
func (m *metrics) ArchiveSkipped(reason string, n int) {
	m.archive.WithLabelValues(reason).Add(float64(n))
}

// Record implements replay.Observer.
func (m *metrics) Record(outcome, reason string, bytes int) {
	m.replayRecords.WithLabelValues(outcome, reason).Inc()
	switch outcome {
	case replay.OutcomePublished:
		m.replayBytes.Add(float64(bytes))
	case replay.OutcomeSkipped:
		m.archive.WithLabelValues(reason).Inc()
	}
}

// Progress implements replay.Observer.
func (m *metrics) Progress(p replay.Progress) {
	m.replayInputDone.Set(float64(p.BytesDone))
	m.replayInputTotal.Set(float64(p.BytesTotal))
	m.replayRate.Set(p.Rate)
	m.replayFiles.Set(float64(p.Files))
	m.replayFilesDone.Set(float64(p.FilesDone))
	if d := p.Downloaded - m.lastDownloaded; d > 0 {
		m.replayDownloaded.Add(float64(d))
	}
	if d := p.Retries - m.lastRetries; d > 0 {
		m.replayRetries.Add(float64(d))
	}
	m.lastDownloaded, m.lastRetries = p.Downloaded, p.Retries
}

// The per-source series, collected by sourceTracker (sources.go) from its
// records, under FETCHER_SOURCE_METRICS_CAP.
var (
	descPolls = prometheus.NewDesc("newswire_source_polls_total",
		`Polls of each source (feeds, sitemaps and pages; scans of an inbox) by outcome: ok, not_modified, error. Sources beyond the cap are summed into source="_other".`,
		[]string{"source", "outcome"}, nil)
	descNewItems = prometheus.NewDesc("newswire_source_new_items_total",
		"New items each source gave (articles published for the first time).",
		[]string{"source"}, nil)
	descFailures = prometheus.NewDesc("newswire_source_consecutive_failures",
		`Polls of each source that failed in a row (0 after a success); for "_other", the most of any folded source.`,
		[]string{"source"}, nil)
	descLastAttempt = prometheus.NewDesc("newswire_source_last_attempt_timestamp_seconds",
		"When each source was last polled (Unix time; 0: never).",
		[]string{"source"}, nil)
	descLastSuccess = prometheus.NewDesc("newswire_source_last_success_timestamp_seconds",
		"When a poll of each source last succeeded (Unix time; 0: never).",
		[]string{"source"}, nil)
	descLastNewItem = prometheus.NewDesc("newswire_source_last_new_item_timestamp_seconds",
		`When each source last gave a new item, or was first watched if it never gave one (Unix time); for "_other", that of the folded source closest to being quiet.`,
		[]string{"source"}, nil)
	descQuietAfter = prometheus.NewDesc("newswire_source_quiet_after_seconds",
		`Silence after which each source counts as quiet: max(FETCHER_SOURCE_QUIET_MIN, 4 x its usual gap between new items); alert when time() - newswire_source_last_new_item_timestamp_seconds exceeds it.`,
		[]string{"source"}, nil)
	descFailingPolls = prometheus.NewDesc("newswire_source_failing_polls",
		"Consecutive failed polls that make a source failing (FETCHER_SOURCE_FAILING_POLLS).",
		nil, nil)
)

// newRefusedMetric counts the documents the publisher dead-letters, by
// source kind.
func newRefusedMetric(reg prometheus.Registerer) (*prometheus.CounterVec, error) {
	refused := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "newswire_fetcher_refused_total",
		Help: "Documents the fetcher could not publish and dead-lettered, by source kind.",
	}, []string{"kind"})
	if err := reg.Register(refused); err != nil {
		return nil, err
	}
	return refused, nil
}
