// Package e2e holds newswire's whole-system tests that are not fault runs:
// the pipeline's services as processes (built from the workspace) beside a
// NATS server process, run by the harness the fault tests use, fed the
// bundled samples, a WARC archive or live feeds, and checked at the sink,
// on the bus, in /metrics, with a real Prometheus and through the
// newswire CLI. `make test` runs them; the fault tier (the package above)
// runs under `make test-faults`.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newswire/newswire/pkg/article"
	"github.com/newswire/newswire/pkg/bus"
	"github.com/newswire/newswire/test/faults/harness"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// TestMain removes the binaries the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// root is the workspace root.
func root(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	r, err := harness.Root(wd)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func rootPath(t testing.TB, rel string) string { return filepath.Join(root(t), rel) }

// binaries builds, once per test binary, what the harness builds (the
// services, natsd and the newswire CLI), without the race detector: the
// services' packages are raced in their own tests, and race-instrumented
// HTML extraction is too slow for whole-system runs.
func binaries(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		r := root(t)
		if binDir, buildErr = os.MkdirTemp("", "newswire-e2e-bin-"); buildErr != nil {
			return
		}
		buildErr = harness.Build(r, binDir, false)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

// sink is the file sink's instance name in the harness.
const sink = "sink_file"

// startPipeline runs the pipeline as cfg says, with the file sink, and
// stops it when the test ends; edit, when given, changes the processes
// before they start (a service's own environment, say).
func startPipeline(t testing.TB, cfg harness.Config, edit ...func(*harness.Pipeline)) *harness.Pipeline {
	t.Helper()
	cfg.Bin, cfg.Dir, cfg.FileSink = binaries(t), t.TempDir(), true
	cfg.Env = append([]string{"SINK_BATCH_LINGER=50ms", "FETCHER_INBOX_INTERVAL=100ms"}, cfg.Env...)
	p, err := harness.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edit {
		e(p)
	}
	t.Cleanup(func() {
		_ = p.Stop()
		if t.Failed() {
			t.Logf("logs of the failed run: %s", filepath.Join(cfg.Dir, "logs"))
		}
	})
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// connect opens a connection to the pipeline's NATS server, closed when
// the test ends.
func connect(t testing.TB, p *harness.Pipeline) *bus.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := p.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
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

// dropFile puts a file into dir at once (written beside it, then renamed).
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

// dropSample drops a file of samples/ into the pipeline's inbox.
func dropSample(t *testing.T, p *harness.Pipeline, name string) {
	t.Helper()
	data, err := os.ReadFile(rootPath(t, filepath.Join("samples", name)))
	if err != nil {
		t.Fatal(err)
	}
	dropFile(t, p.Inbox(), name, data)
}

// needTool returns the path of a program a Debian package the tests need
// installs, or skips the test (fails it when CI=true) when it is missing.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		msg := fmt.Sprintf("%s not found: `make deps` (part of `make test`) installs Debian's %s package, which ships it", name, pkg)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}
