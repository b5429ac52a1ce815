package service

import (
	"os"
	"runtime/debug"
)

// GCDefaults sets the garbage collector's target, percent as GOGC would, and
// its soft memory limit in bytes, as GOMEMLIMIT would, each unless that
// variable is set in the environment, which then decides (under Kubernetes
// the manifests set GOMEMLIMIT from the container's memory limit). It is for
// a service that allocates much per message and keeps little between
// messages: with the default GOGC=100 and a small live heap the collector
// runs every few megabytes and is a tenth of the service's CPU; a higher
// target with a limit trades some of the memory under the limit for that
// CPU.
func GCDefaults(percent int, limit int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
