package harness

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Prometheus is Debian's prometheus, scraping targets every second and
// evaluating a rules file, for the monitoring tests.
type Prometheus struct {
	*Proc
	// URL is its HTTP API's base, http://127.0.0.1:port.
	URL string
}

// NewPrometheus prepares a server in dir (not started) that loads rules
// and scrapes each target (job name: host:port) with the labels a
// ServiceMonitor gives (job, and namespace).
func NewPrometheus(bin, dir, rules, namespace string, targets map[string]string) (*Prometheus, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - %q\nscrape_configs:\n", rules)
	for job, hostPort := range targets {
		fmt.Fprintf(&cfg, "  - job_name: %s\n    static_configs:\n      - targets: [%q]\n        labels: {namespace: %s}\n", job, hostPort, namespace)
	}
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg.String()), 0o644); err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	return &Prometheus{URL: "http://" + addr, Proc: &Proc{
		Name: "prometheus", Path: bin, Log: filepath.Join(dir, "prometheus.log"),
		Args: []string{
			"--config.file=" + filepath.Join(dir, "prometheus.yml"),
			"--storage.tsdb.path=" + filepath.Join(dir, "data"),
			"--web.listen-address=" + addr,
			"--log.level=warn",
		},
	}}, nil
}

// StartWait starts the server and waits until it is ready.
func (p *Prometheus) StartWait(within time.Duration) error {
	if err := p.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(within)
	for {
		resp, err := http.Get(p.URL + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if !p.Running() {
			return fmt.Errorf("prometheus exited (log %s)", p.Log)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("prometheus not ready after %s (log %s)", within, p.Log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
