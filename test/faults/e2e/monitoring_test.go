package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
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

// TestPromtoolRules checks the alert rules and runs their unit tests; it
// is the one place promtool runs (`make promtool` runs this test alone).
func TestPromtoolRules(t *testing.T) {
	promtool := needTool(t, "promtool", "prometheus")
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

// service is the service an instance of the harness runs (sink_file and
// sink_pg run the sink, normalizer2 the normalizer).
func service(instance string) string {
	s, _, _ := strings.Cut(instance, "_")
	return strings.TrimRight(s, "0123456789")
}

// TestMonitoringEndToEnd runs the pipeline, feeds it articles and a
// malformed message, and checks `newswire top` (the CLI, one line per
// refresh) and, with a real Prometheus scraping the services every second,
// every query of the dashboard and the alerts.
func TestMonitoringEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the pipeline and Prometheus")
	}
	p := startPipeline(t, harness.Config{})
	ctx := context.Background()

	var prom string
	if _, err := exec.LookPath("prometheus"); err == nil || os.Getenv("CI") == "true" {
		prom = startPrometheus(t, p)
	}

	// Two rounds of articles, so counters exist before they grow and
	// rates are not zero; `newswire top` watches from between the two.
	dropSample(t, p, "central-bank-rates.json")
	waitForArticles(t, p.SinkFile(), 1, 90*time.Second)
	time.Sleep(3 * time.Second)
	top := startTop(t, p)
	conn := connect(t, p)
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(`{"schema":`), ID: "monitoring-garbage"}); err != nil {
		t.Fatal(err)
	}
	dropSample(t, p, "dailymail-2020-01-07-khamenei.txt")
	dropSample(t, p, "harbour-bridge-closure.html")
	waitForArticles(t, p.SinkFile(), 3, 90*time.Second)

	t.Run("top", func(t *testing.T) {
		checkTop(t, p, top)
	})

	t.Run("prometheus", func(t *testing.T) {
		if prom == "" {
			needTool(t, "prometheus", "prometheus")
		}
		checkQueries(t, p, prom)
	})
}

// startTop runs `newswire top -plain` against the pipeline, one line per
// second with rates over everything since its first, and waits for that
// first line.
func startTop(t *testing.T, p *harness.Pipeline) *harness.Proc {
	t.Helper()
	var targets []string
	for _, s := range p.Order {
		targets = append(targets, service(s)+"="+p.MetricsURL(s))
	}
	top := &harness.Proc{
		Name: "newswire top", Path: filepath.Join(binaries(t), "newswire"),
		Args: []string{"top", "-plain", "-interval", "1s", "-window", "10m", "-timeout", "2s",
			"-metrics", strings.Join(targets, ","), "-nats", p.NATSURL()},
		Log: filepath.Join(t.TempDir(), "top.log"),
	}
	if err := top.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(top.Kill)
	// Its first line is its first snapshot, the base of its rates: what
	// flows after it counts.
	deadline := time.Now().Add(time.Minute)
	for {
		if data, _ := os.ReadFile(top.Log); strings.Contains(string(data), "\n") {
			return top
		}
		if !top.Running() || time.Now().After(deadline) {
			data, _ := os.ReadFile(top.Log)
			t.Fatalf("newswire top printed no line (running %v):\n%s", top.Running(), data)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// topStage matches a stage's part of a `newswire top` line.
var topStage = regexp.MustCompile(`\| (\w+) (down|rate=(\S+)(?: lag=(\d+))? errors=\S+ dead=(\d+))`)

// checkTop waits for a line of `newswire top` in which every stage is up,
// has a rate above zero and (but the fetcher) a lag from JetStream, and the
// normalizer counts the malformed message as a dead letter.
func checkTop(t *testing.T, p *harness.Pipeline, top *harness.Proc) {
	var line string
	var problems []string
	deadline := time.Now().Add(time.Minute)
	for {
		data, err := os.ReadFile(top.Log)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		line, problems = lines[len(lines)-1], nil
		stages := map[string]bool{}
		for _, m := range topStage.FindAllStringSubmatch(line, -1) {
			stage := m[1]
			stages[stage] = true
			if m[2] == "down" {
				problems = append(problems, stage+" down")
				continue
			}
			if r, err := strconv.ParseFloat(m[3], 64); err != nil || r <= 0 {
				problems = append(problems, fmt.Sprintf("%s rate %s, want > 0 after two articles flowed", stage, m[3]))
			}
			if stage != "fetcher" && m[4] == "" {
				problems = append(problems, stage+" has no lag from JetStream")
			}
			if dead, _ := strconv.Atoi(m[5]); stage == "normalizer" && dead < 1 {
				problems = append(problems, fmt.Sprintf("normalizer dead letters %d, want >= 1", dead))
			}
		}
		for _, s := range p.Order {
			if !stages[service(s)] {
				problems = append(problems, "no stage "+service(s))
			}
		}
		if strings.Contains(line, "| jetstream:") {
			problems = append(problems, "JetStream view failed")
		}
		if len(problems) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	t.Logf("newswire top: %s", line)
	for _, pr := range problems {
		t.Error(pr)
	}
}

// startPrometheus runs Debian's prometheus with the alert rules, scraping
// the services every second with the labels a ServiceMonitor gives (job =
// the service's name, namespace), and returns its address.
func startPrometheus(t *testing.T, p *harness.Pipeline) string {
	t.Helper()
	bin := needTool(t, "prometheus", "prometheus")
	targets := map[string]string{}
	for _, s := range p.Order {
		u, err := url.Parse(p.MetricsURL(s))
		if err != nil {
			t.Fatal(err)
		}
		targets[service(s)] = u.Host
	}
	prom, err := harness.NewPrometheus(bin, t.TempDir(), rootPath(t, rulesFile), "newswire-e2e", targets)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		prom.Kill()
		if t.Failed() {
			if logs, err := os.ReadFile(prom.Log); err == nil {
				t.Logf("prometheus output:\n%s", logs)
			}
		}
	})
	if err := prom.StartWait(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	return prom.URL
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

func checkQueries(t *testing.T, p *harness.Pipeline, base string) {
	// Every metric name used is one the services export, or a documented
	// conditional one.
	names := map[string]bool{}
	for _, s := range p.Order {
		for n := range exported(harness.Get(t, p.MetricsURL(s))) {
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
