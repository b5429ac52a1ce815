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

func rootPath(t *testing.T, rel string) string {
	t.Helper()
	root, err := workspaceRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, rel)
}

func dropSample(t *testing.T, p *Pipeline, name string) {
	t.Helper()
	data, err := os.ReadFile(rootPath(t, filepath.Join("samples", name)))
	if err != nil {
		t.Fatal(err)
	}
	dropFile(t, p.InboxDir(), name, data)
}
