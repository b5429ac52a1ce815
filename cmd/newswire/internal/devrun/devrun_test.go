package devrun

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/pkg/bus/bustest"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// buildServices builds the four service binaries once per test run. They
// are built without the race detector even when the tests run with it: the
// services' packages are raced in their own tests, and race-instrumented
// HTML extraction is too slow for end-to-end runs of real pages.
func buildServices(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := workspaceRoot()
		if err != nil {
			buildErr = err
			return
		}
		binDir, buildErr = os.MkdirTemp("", "newswire-bin-")
		if buildErr != nil {
			return
		}
		for _, s := range Services {
			cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, s), "./services/"+s)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", s, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func workspaceRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.work not found above the test's directory")
		}
		dir = parent
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startPipeline runs the four services as processes beside an in-process
// NATS server, stopped when the test ends.
func startPipeline(t *testing.T) *Pipeline {
	t.Helper()
	return startPipelineWith(t)
}

// startPipelineWith is startPipeline with more environment for every
// service (later entries win).
func startPipelineWith(t *testing.T, env ...string) *Pipeline {
	t.Helper()
	bin := buildServices(t)
	ports := map[string]int{}
	for _, s := range Services {
		ports[s] = freePort(t)
	}
	var out io.Writer = io.Discard
	if testing.Verbose() {
		out = os.Stderr
	}
	p, err := Start(context.Background(), Config{
		BinDir: bin, DataDir: t.TempDir(), NATSHost: "127.0.0.1", NATSPort: -1,
		MetricsPorts: ports, Output: out,
		Env: append([]string{"FETCHER_INBOX_INTERVAL=100ms", "FETCHER_INBOX_SETTLE=0s", "SINK_BATCH_LINGER=50ms"}, env...),
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop(30 * time.Second) })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := p.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitForArticles polls the sink's file until it holds n distinct articles.
func waitForArticles(t *testing.T, path string, n int, within time.Duration) map[string]*article.Article {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got := readArticles(t, path)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("sink file %s holds %d articles after %s, want %d", path, len(got), within, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func readArticles(t *testing.T, path string) map[string]*article.Article {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]*article.Article{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		a, err := article.DecodeArticle(sc.Bytes())
		if err != nil {
			t.Fatalf("sink line is not an article: %v", err)
		}
		out[a.ID] = a
	}
	return out
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(data), "\n")
}

func dropFile(t testing.TB, dir, name string, data []byte) {
	t.Helper()
	tmp := filepath.Join(dir, name+".part")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

func seedArticle(t *testing.T) []byte {
	t.Helper()
	root, err := workspaceRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "samples", "dailymail-2020-01-07-khamenei.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSeedArticleEndToEnd feeds the seed article through the four services
// and checks the sink's record.
func TestSeedArticleEndToEnd(t *testing.T) {
	p := startPipeline(t)
	dropFile(t, p.InboxDir(), "seed.txt", seedArticle(t))
	arts := waitForArticles(t, p.OutputPath(), 1, 90*time.Second)
	if len(arts) != 1 {
		t.Fatalf("sink holds %d articles, want 1", len(arts))
	}
	var a *article.Article
	for _, a = range arts {
	}

	if got, want := a.Title, "Ayatollah Khamenei calls for direct attack on American interests and head of Iran's Revolutionary Guard vows to 'set ablaze' US allies in revenge for Qassem Soleimani's death"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if a.PublishedAt == nil || !a.PublishedAt.Equal(time.Date(2020, 1, 7, 10, 45, 0, 0, time.UTC)) {
		t.Errorf("published_at = %v, want 2020-01-07T10:45:00Z", a.PublishedAt)
	}
	if a.UpdatedAt == nil || !a.UpdatedAt.Equal(time.Date(2020, 1, 7, 10, 47, 0, 0, time.UTC)) {
		t.Errorf("updated_at = %v, want 2020-01-07T10:47:00Z", a.UpdatedAt)
	}
	for _, sentence := range []string{
		"Ayatollah Ali Khamenei has called for a direct attack on US interests",
		"The vote also saw lawmakers approve funding for the Quds Force with an additional £170million.",
	} {
		if n := strings.Count(a.Text, sentence); n != 1 {
			t.Errorf("text holds %q %d times, want once", sentence, n)
		}
	}
	if strings.Contains(a.Text, "PUBLISHED:") {
		t.Errorf("text still holds the byline")
	}
	if len(a.Highlights) != 3 {
		t.Errorf("highlights = %q, want 3", a.Highlights)
	}
	if a.Language != "en" {
		t.Errorf("language = %q, want en", a.Language)
	}
	if a.ContentHash != article.ContentHash(a.Text) || a.ID == "" {
		t.Errorf("content_hash %q / id %q do not match the text", a.ContentHash, a.ID)
	}
	if a.Tags == nil {
		t.Fatal("article has no tags")
	}
	var gbp bool
	for _, m := range a.Tags.Money {
		if m.Text == "£170million" && m.Currency == "GBP" && m.Amount != nil && *m.Amount == 170000000 {
			gbp = true
		}
		if a.Text[m.Start:m.End] != m.Text {
			t.Errorf("money %q: offsets [%d,%d) give %q", m.Text, m.Start, m.End, a.Text[m.Start:m.End])
		}
	}
	if !gbp {
		t.Errorf("money = %+v, want £170million as GBP 170000000", a.Tags.Money)
	}
	want := map[string]float64{"targets": 52, "sets of plans": 13}
	for _, f := range a.Tags.Figures {
		if v, ok := want[f.Unit]; ok && f.Value != nil && *f.Value == v {
			delete(want, f.Unit)
		}
	}
	if len(want) > 0 {
		t.Errorf("figures = %+v, missing %v", a.Tags.Figures, want)
	}

	// Every service serves its metrics.
	for _, s := range Services {
		body := httpGet(t, p.MetricsURL(s))
		if !strings.Contains(body, "newswire_build_info") {
			t.Errorf("%s /metrics lacks newswire_build_info", s)
		}
	}
	if body := httpGet(t, p.MetricsURL("sink")); !strings.Contains(body, "newswire_fetch_to_sink_seconds_count 1") {
		t.Errorf("sink /metrics lacks one fetch-to-sink observation")
	}

	// The same article dropped again (another name, same bytes) adds no line.
	dropFile(t, p.InboxDir(), "seed-again.txt", seedArticle(t))
	time.Sleep(3 * time.Second)
	if n := countLines(t, p.OutputPath()); n != 1 {
		t.Errorf("sink file has %d lines after a repeat, want 1", n)
	}
	if err := p.Stop(30 * time.Second); err != nil {
		t.Errorf("services did not stop cleanly: %v", err)
	}
}

// TestMalformedMessageIsDeadLettered publishes garbage on a raw subject and
// expects it on the normalizer's dead-letter subject with a reason, while a
// good article behind it still reaches the sink.
func TestMalformedMessageIsDeadLettered(t *testing.T) {
	p := startPipeline(t)
	conn := bustest.Connect(t, bustest.Config(p.NATSURL()))
	ctx := context.Background()
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(`{"schema":"newswire.raw/v1","body":`), ID: "garbage"}); err != nil {
		t.Fatal(err)
	}
	if err := conn.Publish(ctx, bus.Message{Subject: bus.SubjectRaw(article.KindInbox), Data: []byte(`{"schema":"newswire.raw/v0"}`), ID: "old-schema"}); err != nil {
		t.Fatal(err)
	}
	dropFile(t, p.InboxDir(), "seed.txt", seedArticle(t))
	waitForArticles(t, p.OutputPath(), 1, 90*time.Second)

	reasons := deadLetterReasons(t, p.NATSURL(), 2)
	for _, want := range []string{"decode raw article", "unsupported schema"} {
		found := false
		for _, r := range reasons {
			if strings.Contains(r, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("dead-letter reasons %q: none mentions %q", reasons, want)
		}
	}
}

func deadLetterReasons(t *testing.T, url string, want int) []string {
	t.Helper()
	conn := bustest.Connect(t, bustest.Config(url))
	deadline := time.Now().Add(30 * time.Second)
	for {
		dls, err := conn.ListDeadLetters(context.Background(), "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) >= want || time.Now().After(deadline) {
			var reasons []string
			for _, d := range dls {
				if d.Stage != bus.StageNormalizer {
					t.Errorf("dead letter from stage %q, want normalizer", d.Stage)
				}
				reasons = append(reasons, d.Reason)
			}
			if len(reasons) < want {
				t.Fatalf("%d dead letters after 30s, want %d", len(reasons), want)
			}
			return reasons
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// TestReadmeListsEveryVariable keeps README.md's configuration section true:
// every variable a service reads appears there.
func TestReadmeListsEveryVariable(t *testing.T) {
	bin := buildServices(t)
	root, err := workspaceRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Services {
		out, err := exec.Command(filepath.Join(bin, s), "--help-markdown").Output()
		if err != nil {
			t.Fatalf("%s --help-markdown: %v", s, err)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if !strings.HasPrefix(line, "| `") {
				continue
			}
			key := strings.Trim(strings.Fields(line)[1], "`")
			if !strings.Contains(string(readme), "`"+key+"`") {
				t.Errorf("README.md does not document %s (run scripts/config-docs)", key)
			}
		}
	}
}
