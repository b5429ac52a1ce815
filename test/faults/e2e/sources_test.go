package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newswire/newswire/test/faults/harness"
)

// newsSite serves three feeds: healthy.xml gives a new item on every
// poll, quiet.xml is a valid feed that never has one, broken.xml answers
// 500; and the article pages.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	var polls atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	rss := func(w http.ResponseWriter, items string) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title><link>http://%s/</link>%s</channel></rss>`, "example.test", items)
	}
	var base string
	mux.HandleFunc("/healthy.xml", func(w http.ResponseWriter, r *http.Request) {
		n := polls.Add(1)
		rss(w, fmt.Sprintf(`<item><title>Story %d</title><link>%s/news/%d</link><pubDate>%s</pubDate></item>`, n, base, n, time.Now().UTC().Format(time.RFC1123Z)))
	})
	mux.HandleFunc("/quiet.xml", func(w http.ResponseWriter, r *http.Request) { rss(w, "") })
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream down", http.StatusInternalServerError)
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Story %[1]s</title><meta property="article:published_time" content="%[2]s"></head><body><article><h1>Story %[1]s</h1>
<p>The harbour council met on Tuesday and approved the plan for the new bridge after a long debate about its cost and its design.</p>
<p>Work is expected to start next spring, and the old crossing will stay open until the new one is finished, the council said.</p></article></body></html>`,
			r.URL.Path, time.Now().UTC().Format(time.RFC3339))
	})
	srv := httptest.NewServer(mux)
	base = srv.URL
	t.Cleanup(srv.Close)
	return srv
}

type alert struct {
	Labels map[string]string `json:"labels"`
	State  string            `json:"state"`
}

// firingAlerts returns the alerts Prometheus has firing, as
// "alertname source".
func firingAlerts(t *testing.T, base string) []string {
	t.Helper()
	r := promGet(t, base+"/api/v1/alerts")
	if r.Status != "success" {
		t.Fatalf("alerts: %s %s", r.ErrorType, r.Error)
	}
	var data struct {
		Alerts []alert `json:"alerts"`
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range data.Alerts {
		if a.State == "firing" && strings.HasPrefix(a.Labels["alertname"], "NewswireSource") {
			out = append(out, a.Labels["alertname"]+" "+a.Labels["source"])
		}
	}
	slices.Sort(out)
	return out
}

// TestSourcesEndToEnd runs the pipeline over three feeds, one healthy,
// one failing and one gone quiet, with a real Prometheus loading the
// alert rules: the failing and quiet alerts fire, each for its own source
// and for no other, and `newswire sources` says the same.
func TestSourcesEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the pipeline and Prometheus, and waits for two polls of a failing feed (about a minute and a half)")
	}
	needTool(t, "prometheus", "prometheus")
	site := newsSite(t)
	u, _ := url.Parse(site.URL)
	dir := t.TempDir()
	sourcesFile := filepath.Join(dir, "sources.yaml")
	var yaml strings.Builder
	yaml.WriteString("sources:\n")
	for _, name := range []string{"healthy", "quiet", "broken"} {
		fmt.Fprintf(&yaml, "  - name: %s-feed\n    kind: rss\n    url: %s/%s.xml\n    interval: 30s\n", name, site.URL, name)
	}
	if err := os.WriteFile(sourcesFile, []byte(yaml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(binaries(t), "newswire")
	// A source is quiet after 75 s without a new item (the healthy feed
	// gives one every 30 s), failing after 2 failed polls (the second
	// comes 54-66 s after the first: the backoff doubles the interval), so
	// the broken feed is failing before it could count as quiet, and then
	// alerts as failing only.
	start := time.Now()
	p := startPipeline(t, harness.Config{Env: []string{
		"FETCHER_SOURCES_FILE=" + sourcesFile, "FETCHER_HTTP_ALLOW=" + u.Host,
		"FETCHER_HTTP_HOST_RATE=50", "FETCHER_HTTP_HOST_BURST=10",
		"FETCHER_SOURCE_QUIET_MIN=75s", "FETCHER_SOURCE_FAILING_POLLS=2",
		"FETCHER_SOURCE_FLUSH_INTERVAL=1s", "NORMALIZER_SOURCE_FLUSH_INTERVAL=1s", "SINK_SOURCE_FLUSH_INTERVAL=1s",
	}}, func(p *harness.Pipeline) {
		// No inbox: the feeds are the only sources (the harness gives
		// the fetcher one; the last setting wins).
		f := p.Procs["fetcher"]
		f.Env = append(f.Env, "FETCHER_INBOX_DIR=")
	})
	prom := startPrometheus(t, p)

	want := []string{"NewswireSourceFailing broken-feed", "NewswireSourceQuiet quiet-feed"}
	var got []string
	deadline := time.Now().Add(3 * time.Minute)
	for {
		got = firingAlerts(t, prom)
		if slices.Equal(got, want) {
			break
		}
		for _, a := range got {
			if !slices.Contains(want, a) {
				t.Fatalf("alert %s fired after %s; want only %q", a, time.Since(start).Round(time.Second), want)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("firing source alerts after %s: %q, want %q", time.Since(start).Round(time.Second), got, want)
		}
		time.Sleep(time.Second)
	}
	t.Logf("alerts %q firing after %s", got, time.Since(start).Round(time.Second))

	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(cli, append(args, "-nats", p.NATSURL())...).CombinedOutput()
		if err != nil {
			t.Fatalf("newswire %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	table := run("sources")
	t.Logf("newswire sources:\n%s", table)
	var rows []struct {
		Name    string   `json:"name"`
		Status  string   `json:"status"`
		Reasons []string `json:"reasons"`
		Total   struct {
			Normalized int64 `json:"normalized"`
			Stored     int64 `json:"stored"`
		} `json:"total"`
	}
	if err := json.Unmarshal([]byte(run("sources", "-json")), &rows); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, r := range rows {
		status[r.Name] = r.Status
		switch r.Name {
		case "broken-feed":
			if !strings.Contains(strings.Join(r.Reasons, " "), "HTTP 500") {
				t.Errorf("broken-feed reasons %q, want the HTTP 500", r.Reasons)
			}
		case "healthy-feed":
			if r.Total.Stored < 1 || r.Total.Normalized < 1 {
				t.Errorf("healthy-feed counts %+v, want its articles normalized and stored", r.Total)
			}
		}
	}
	if w := map[string]string{"healthy-feed": "healthy", "quiet-feed": "quiet", "broken-feed": "failing"}; !mapsEqual(status, w) {
		t.Errorf("newswire sources statuses = %v, want %v", status, w)
	}
	if !strings.HasPrefix(strings.Split(table, "\n")[1], "broken-feed ") || !strings.Contains(table, "3 sources: 1 healthy, 1 failing, 1 quiet, 0 degraded") {
		t.Errorf("newswire sources table: worst first and a summary line wanted:\n%s", table)
	}
	if show := run("sources", "show", "broken-feed"); !strings.Contains(show, "500") || !strings.Contains(show, "failing") {
		t.Errorf("newswire sources show broken-feed:\n%s", show)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
