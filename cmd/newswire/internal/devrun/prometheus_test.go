package devrun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/cmd/newswire/internal/top"
	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

// The monitoring sources, relative to the workspace root.
const (
	rulesFile     = "deploy/monitoring/newswire.rules.yml"
	rulesTestFile = "deploy/monitoring/newswire.rules.test.yml"
	dashboardFile = "deploy/monitoring/newswire-dashboard.json"
	k8sMonitoring = "deploy/k8s/components/monitoring"
)

// conditionalMetrics are names the dashboard and the alerts use that a
// short end-to-end run does not export, with the reason. Expressions using
// them must parse but may return no data.
var conditionalMetrics = map[string]string{
	"up":                                       "made by Prometheus for every target, not exported by the services",
	"newswire_publish_errors_total":            "a labelled counter: appears with the first publish the server does not acknowledge",
	"newswire_fetcher_refused_total":           "a labelled counter: appears with the first document the fetcher refuses",
	"newswire_fetcher_requests_total":          "a labelled counter: appears with the first HTTP fetch (feed, sitemap and page sources; a local run has only the inbox)",
	"newswire_fetcher_replay_input_done_bytes": "replay progress: only while `fetcher replay` runs",
	"newswire_fetcher_replay_input_bytes":      "replay progress: only while `fetcher replay` runs",
	"newswire_fetcher_replay_records_total":    "replay progress: only while `fetcher replay` runs",
}

// needTool returns the path of a Debian prometheus package binary, or
// skips the test (fails it when CI=true) when it is missing.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		msg := fmt.Sprintf("%s not found: `make deps-monitoring` (part of `make deps`) installs Debian's prometheus package, which ships it", name)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}

func rootPath(t *testing.T, rel string) string {
	t.Helper()
	root, err := workspaceRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, rel)
}

// TestPromtoolRules checks the alert rules and runs their unit tests.
func TestPromtoolRules(t *testing.T) {
	promtool := needTool(t, "promtool")
	for _, args := range [][]string{
		{"check", "rules", rootPath(t, rulesFile)},
		{"test", "rules", rootPath(t, rulesTestFile)},
	} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		if err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestMonitoringCopiesMatchSources keeps the kustomize component's copies
// equal to deploy/monitoring (`make monitoring-gen` rewrites them).
func TestMonitoringCopiesMatchSources(t *testing.T) {
	read := func(rel string) string {
		b, err := os.ReadFile(rootPath(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if read(dashboardFile) != read(k8sMonitoring+"/newswire-dashboard.json") {
		t.Errorf("%s/newswire-dashboard.json differs from %s: run make monitoring-gen", k8sMonitoring, dashboardFile)
	}
	var want strings.Builder
	for _, line := range strings.SplitAfter(read(rulesFile), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "\n" || line == "":
			want.WriteString(line)
		default:
			want.WriteString("  " + line)
		}
	}
	rule := read(k8sMonitoring + "/prometheusrule.yaml")
	_, spec, ok := strings.Cut(rule, "\nspec:\n")
	if !ok || spec != want.String() {
		t.Errorf("%s/prometheusrule.yaml spec differs from %s: run make monitoring-gen", k8sMonitoring, rulesFile)
	}
}

// dashboardExprs returns every query of the dashboard, panel title first.
func dashboardExprs(t *testing.T) [][2]string {
	t.Helper()
	data, err := os.ReadFile(rootPath(t, dashboardFile))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		SchemaVersion int `json:"schemaVersion"`
		Panels        []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Query any    `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("decode %s: %v", dashboardFile, err)
	}
	var out [][2]string
	for _, p := range d.Panels {
		for _, tg := range p.Targets {
			out = append(out, [2]string{p.Title, tg.Expr})
		}
	}
	// The variables' label_values(<selector>, label) queries: the
	// selector is PromQL.
	lv := regexp.MustCompile(`^label_values\((.*), *\w+\)$`)
	for _, v := range d.Templating.List {
		if q, ok := v.Query.(map[string]any); ok {
			if m := lv.FindStringSubmatch(fmt.Sprint(q["query"])); m != nil {
				out = append(out, [2]string{"variable " + v.Name, m[1]})
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("dashboard has %d queries; the decoder found too few", len(out))
	}
	return out
}

var metricName = regexp.MustCompile(`\b(?:newswire|go|process)_[a-zA-Z0-9_]+\b|\bup\b`)

// recordedName matches the names of recording rules (level:metric:operations),
// which no service exports: Prometheus makes them from the rules file.
var recordedName = regexp.MustCompile(`[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]+`)

// metricNames returns the exported metric names an expression uses.
func metricNames(expr string) []string {
	return metricName.FindAllString(recordedName.ReplaceAllString(expr, ""), -1)
}

// exported returns the sample names in a text exposition.
func exported(body string) map[string]bool {
	names := map[string]bool{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.IndexAny(line, "{ "); i > 0 {
			names[line[:i]] = true
		}
	}
	return names
}

// TestMonitoringEndToEnd runs the pipeline, feeds it articles and a
// malformed message, and checks `newswire top` and, with a real Prometheus
// scraping the four services every second, every query of the dashboard
// and the alerts.
func TestMonitoringEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the pipeline and Prometheus")
	}
	p := startPipeline(t)
	ctx := context.Background()

	var prom string
	if _, err := exec.LookPath("prometheus"); err == nil || os.Getenv("CI") == "true" {
		prom = startPrometheus(t, p)
	}

	var targets []top.Target
	for _, s := range Services {
		targets = append(targets, top.Target{Service: s, URL: p.MetricsURL(s)})
	}
	w, err := top.New(top.Config{
		Targets: targets, NATS: bustest.Config(p.NATSURL()),
		Interval: time.Second, Window: 10 * time.Second, Timeout: 2 * time.Second,
	}, bustest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })

	// Two rounds of articles, so counters exist before they grow and
	// rates are not zero.
	dropSample(t, p, "central-bank-rates.json")
	waitForArticles(t, p.OutputPath(), 1, 90*time.Second)
	time.Sleep(3 * time.Second)
	before := w.Snapshot(ctx)
	conn := bustest.Connect(t, bustest.Config(p.NATSURL()))
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(`{"schema":`), ID: "monitoring-garbage"}); err != nil {
		t.Fatal(err)
	}
	dropSample(t, p, "dailymail-2020-01-07-khamenei.txt")
	dropSample(t, p, "harbour-bridge-closure.html")
	waitForArticles(t, p.OutputPath(), 3, 90*time.Second)

	t.Run("top", func(t *testing.T) {
		after := w.Snapshot(ctx)
		v := top.Compute(before, after)
		var table, line bytes.Buffer
		if err := top.Render(&table, v); err != nil {
			t.Fatal(err)
		}
		if err := top.RenderLine(&line, v); err != nil {
			t.Fatal(err)
		}
		t.Logf("newswire top:\n%s%s", table.String(), line.String())
		for _, r := range v.Rows {
			if r.Down != nil {
				t.Errorf("%s down: %v", r.Stage, r.Down)
			}
			if !r.HasRate || r.Rate <= 0 {
				t.Errorf("%s rate = %v (known %v), want > 0 after two articles flowed", r.Stage, r.Rate, r.HasRate)
			}
			if r.Stage != "fetcher" && !r.HasLag {
				t.Errorf("%s has no lag from JetStream", r.Stage)
			}
			if !strings.Contains(table.String(), "\n"+r.Stage+" ") || !strings.Contains(line.String(), "| "+r.Stage+" ") {
				t.Errorf("rendered view lacks stage %s", r.Stage)
			}
		}
		if v.StreamsErr != nil || len(v.Streams) == 0 {
			t.Errorf("JetStream view: %v streams, error %v", len(v.Streams), v.StreamsErr)
		}
		if i := slices.IndexFunc(v.Rows, func(r top.Row) bool { return r.Stage == "normalizer" }); v.Rows[i].DeadLetters < 1 {
			t.Errorf("normalizer dead letters = %v, want >= 1", v.Rows[i].DeadLetters)
		}
	})

	t.Run("prometheus", func(t *testing.T) {
		if prom == "" {
			needTool(t, "prometheus")
		}
		checkQueries(t, p, prom)
	})
}

func dropSample(t *testing.T, p *Pipeline, name string) {
	t.Helper()
	data, err := os.ReadFile(rootPath(t, filepath.Join("samples", name)))
	if err != nil {
		t.Fatal(err)
	}
	dropFile(t, p.InboxDir(), name, data)
}

// startPrometheus runs Debian's prometheus with the alert rules, scraping
// the four services every second with the labels a ServiceMonitor gives
// (job = the service's name, namespace), and returns its address.
func startPrometheus(t *testing.T, p *Pipeline) string {
	t.Helper()
	bin := needTool(t, "prometheus")
	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - %q\nscrape_configs:\n", rootPath(t, rulesFile))
	for _, s := range Services {
		u, err := url.Parse(p.MetricsURL(s))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&cfg, "  - job_name: %s\n    static_configs:\n      - targets: [%q]\n        labels: {namespace: newswire-e2e}\n", s, u.Host)
	}
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	var logs bytes.Buffer
	cmd := exec.Command(bin,
		"--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr,
		"--log.level=warn")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("prometheus output:\n%s", logs.String())
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("prometheus exited: %v\n%s", err, logs.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready after 30s\n%s", logs.String())
		}
	}
}

type promResponse struct {
	Status    string          `json:"status"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Data      json.RawMessage `json:"data"`
}

func promGet(t *testing.T, u string) promResponse {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	var r promResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("GET %s: decode: %v", u, err)
	}
	return r
}

// query evaluates expr now; Prometheus parses it first, so a syntax error
// comes back as errorType bad_data. It returns the number of series.
func query(t *testing.T, base, expr string) (int, error) {
	r := promGet(t, base+"/api/v1/query?query="+url.QueryEscape(expr))
	if r.Status != "success" {
		return 0, fmt.Errorf("%s: %s", r.ErrorType, r.Error)
	}
	var data struct {
		Result []json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		return 0, err
	}
	return len(data.Result), nil
}

// grafanaVars stands in for what Grafana substitutes.
var grafanaVars = strings.NewReplacer(
	"$__rate_interval", "30s",
	"$namespace", "newswire-e2e",
	"$service", ".*",
)

func usesConditional(expr string) bool {
	for _, n := range metricNames(expr) {
		if _, ok := conditionalMetrics[strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "_bucket"), "_sum"), "_count")]; ok {
			return true
		}
	}
	return false
}

func checkQueries(t *testing.T, p *Pipeline, base string) {
	// Every metric name used is one the services export, or a documented
	// conditional one.
	names := map[string]bool{}
	for _, s := range Services {
		for n := range exported(httpGet(t, p.MetricsURL(s))) {
			names[n] = true
		}
	}
	exprs := dashboardExprs(t)
	rules := alertRules(t, base)
	for _, r := range rules {
		exprs = append(exprs, [2]string{"alert " + r.Name, r.Query})
	}
	for _, e := range exprs {
		for _, n := range metricNames(e[1]) {
			if !names[n] && conditionalMetrics[n] == "" {
				t.Errorf("%s uses %s, which no service exports (and is not listed in conditionalMetrics)", e[0], n)
			}
		}
	}

	// Every dashboard query parses and, unless it rests on a conditional
	// metric, returns data once the articles have been scraped (scrapes
	// every second; rates need two samples).
	var empty [][2]string
	deadline := time.Now().Add(30 * time.Second)
	for _, e := range dashboardExprs(t) {
		expr := grafanaVars.Replace(e[1])
		for {
			n, err := query(t, base, expr)
			if err != nil {
				t.Errorf("%s: query %q: %v", e[0], expr, err)
				break
			}
			if n > 0 {
				break
			}
			if usesConditional(expr) {
				empty = append(empty, e)
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%s: query %q returned no data", e[0], expr)
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	for _, e := range empty {
		t.Logf("no data, as allowed (conditional metric): %s: %s", e[0], e[1])
	}

	// Every alert parses (Prometheus loaded the file), evaluates without
	// error, and its query also runs on its own.
	for _, r := range rules {
		if r.Health != "ok" {
			t.Errorf("alert %s: health %q, last error %q", r.Name, r.Health, r.LastError)
		}
		if _, err := query(t, base, r.Query); err != nil {
			t.Errorf("alert %s: query %q: %v", r.Name, r.Query, err)
		}
	}
}

type rule struct {
	Name      string `json:"name"`
	Query     string `json:"query"`
	Health    string `json:"health"`
	LastError string `json:"lastError"`
	Type      string `json:"type"`
}

// alertRules returns the alerting rules Prometheus loaded, once each has
// been evaluated.
func alertRules(t *testing.T, base string) []rule {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := promGet(t, base+"/api/v1/rules?type=alert")
		if r.Status != "success" {
			t.Fatalf("rules: %s %s", r.ErrorType, r.Error)
		}
		var data struct {
			Groups []struct {
				Rules []rule `json:"rules"`
			} `json:"groups"`
		}
		if err := json.Unmarshal(r.Data, &data); err != nil {
			t.Fatal(err)
		}
		var rules []rule
		evaluated := true
		for _, g := range data.Groups {
			for _, r := range g.Rules {
				rules = append(rules, r)
				evaluated = evaluated && r.Health != "unknown"
			}
		}
		if len(rules) < 6 {
			t.Fatalf("Prometheus loaded %d alerts from %s, want at least 6", len(rules), rulesFile)
		}
		if evaluated || time.Now().After(deadline) {
			return rules
		}
		time.Sleep(500 * time.Millisecond)
	}
}
