package devrun

// This is the runner's own test: it starts the pipeline and the search
// page as `newswire run` (make run) does. The whole-system tests (end to
// end, monitoring, replay, stories, the story stage's benchmark) are in
// test/faults/e2e, on the harness the fault tests use.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/freeport"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// buildServices builds the services' binaries and search's once per test
// run, without the race detector even when the tests run with it: the
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
		for _, s := range append(slices.Clone(Services), "search") {
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
	port, err := freeport.Get()
	if err != nil {
		t.Fatal(err)
	}
	return port
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

// TestSearchOverRun: `newswire run` with search, as make run starts it,
// finds the sample seed article by word and by entity once the sink has
// written it, and serves the page.
func TestSearchOverRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole pipeline")
	}
	bin := buildServices(t)
	root, err := workspaceRoot()
	if err != nil {
		t.Fatal(err)
	}
	ports := map[string]int{"search": freePort(t)}
	for _, s := range Services {
		ports[s] = freePort(t)
	}
	searchAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	// The pipeline's last lines go into a failure's message: CI prints a
	// failed test's messages, not its verbose output.
	tail := &lastLines{n: 40}
	var out io.Writer = tail
	if testing.Verbose() {
		out = io.MultiWriter(os.Stderr, tail)
	}
	p, err := Start(context.Background(), Config{
		BinDir: bin, DataDir: t.TempDir(), SamplesDir: filepath.Join(root, "samples"),
		NATSHost: "127.0.0.1", NATSPort: -1, MetricsPorts: ports, Output: out, SearchAddr: searchAddr,
		Env: []string{"FETCHER_INBOX_INTERVAL=100ms", "FETCHER_INBOX_SETTLE=0s", "SINK_BATCH_LINGER=50ms", "SEARCH_FILE_REFRESH=200ms"},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop(30 * time.Second) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := p.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := p.SearchURL(), "http://"+searchAddr+"/"; got != want {
		t.Errorf("SearchURL() = %s, want %s", got, want)
	}
	for _, q := range []string{"khamenei+soleimani", `entity:"Ali+Khamenei"`} {
		var res struct {
			Hits []struct {
				Title string `json:"title"`
			} `json:"hits"`
		}
		for {
			resp, err := http.Get(p.SearchURL() + "api/articles?q=" + q)
			if err == nil {
				err = json.NewDecoder(resp.Body).Decode(&res)
				resp.Body.Close()
			}
			if err == nil && len(res.Hits) > 0 {
				break
			}
			select {
			case <-ctx.Done():
				t.Fatalf("search %s: nothing found before the deadline (%v); the pipeline's last lines:\n%s", q, err, tail)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	if body := httpGet(t, p.SearchURL()); len(body) < 100 {
		t.Errorf("GET %s: %q", p.SearchURL(), body)
	}
}

// lastLines keeps the last n lines written to it.
type lastLines struct {
	mu    sync.Mutex
	n     int
	lines []string
	part  string
}

func (l *lastLines) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	text := l.part + string(b)
	parts := strings.Split(text, "\n")
	l.part = parts[len(parts)-1]
	l.lines = append(l.lines, parts[:len(parts)-1]...)
	if over := len(l.lines) - l.n; over > 0 {
		l.lines = slices.Delete(l.lines, 0, over)
	}
	return len(b), nil
}

func (l *lastLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(append(slices.Clone(l.lines), l.part), "\n")
}

func TestLastLines(t *testing.T) {
	l := &lastLines{n: 2}
	fmt.Fprint(l, "a\nb\nc")
	fmt.Fprint(l, "d\ne\n")
	if got := l.String(); got != "cd\ne\n" {
		t.Errorf("lastLines = %q, want the last two lines and the open one", got)
	}
}
