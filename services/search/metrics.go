package main

import "github.com/prometheus/client_golang/prometheus"

// newStoreSize reports how many articles the in-memory store holds.
func newStoreSize(n func() int) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "newswire_search_articles",
		Help: "Articles held by the search service's in-memory (file) store.",
	}, func() float64 { return float64(n()) })
}
