package sourcewatch

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Labels hands out source label values under a cap: the first cap
// distinct sources get their own, every later one gets Other, and the
// folded counter counts each source folded once. 5,000 sources thus cost
// Prometheus cap+1 series per metric, not 5,000. It is safe for concurrent
// use.
type Labels struct {
	cap    int
	folded prometheus.Counter

	mu    sync.RWMutex
	own   map[string]struct{}
	other map[string]struct{}
}

// NewLabels registers newswire_source_folded_total on reg and returns
// Labels with the given cap.
func NewLabels(reg prometheus.Registerer, cap int) (*Labels, error) {
	l := &Labels{
		cap: cap,
		folded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newswire_source_folded_total",
			Help: `Sources beyond the SOURCE_METRICS_CAP whose per-source series are summed into source="_other" (each counted once).`,
		}),
		own:   map[string]struct{}{},
		other: map[string]struct{}{},
	}
	if err := reg.Register(l.folded); err != nil {
		return nil, err
	}
	return l, nil
}

// Label is name's label value: name itself, or Other beyond the cap.
func (l *Labels) Label(name string) string {
	l.mu.RLock()
	_, own := l.own[name]
	_, other := l.other[name]
	l.mu.RUnlock()
	switch {
	case own:
		return name
	case other:
		return Other
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.own[name]; ok {
		return name
	}
	if _, ok := l.other[name]; ok {
		return Other
	}
	if len(l.own) < l.cap && name != Other {
		l.own[name] = struct{}{}
		return name
	}
	l.other[name] = struct{}{}
	l.folded.Inc()
	return Other
}

// Folded reports whether name's series are summed into Other.
func (l *Labels) Folded(name string) bool { return l.Label(name) == Other }
